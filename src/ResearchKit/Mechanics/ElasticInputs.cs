using System.Globalization;
using ResearchKit.Materials;
using ResearchKit.Microstructure;

namespace ResearchKit.Mechanics;

/// <summary>Isotropic linear elastic phase.</summary>
/// <param name="YoungModulusGPa">Young's modulus E (GPa), >= 0 (0 = pore).</param>
/// <param name="PoissonRatio">Poisson ratio nu, -1 &lt; nu &lt; 0.5.</param>
public sealed record IsotropicPhase(double YoungModulusGPa, double PoissonRatio)
{
    /// <summary>Shear modulus mu = E / (2 (1 + nu)), GPa.</summary>
    public double ShearModulusGPa => YoungModulusGPa / (2 * (1 + PoissonRatio));
    /// <summary>Lame's first parameter lambda = E nu / ((1 + nu)(1 - 2 nu)), GPa.</summary>
    public double LameLambdaGPa => YoungModulusGPa * PoissonRatio / ((1 + PoissonRatio) * (1 - 2 * PoissonRatio));
    /// <summary>Bulk modulus K = E / (3 (1 - 2 nu)), GPa.</summary>
    public double BulkModulusGPa => YoungModulusGPa / (3 * (1 - 2 * PoissonRatio));

    public static readonly IsotropicPhase Void = new(0, 0);

    /// <summary>Validates E >= 0 and -1 &lt; nu &lt; 0.5, naming the field.</summary>
    public IsotropicPhase Validated(string field)
    {
        InvalidInputException.Require(double.IsFinite(YoungModulusGPa) && YoungModulusGPa >= 0, field, $"Young's modulus must be >= 0 GPa, got {YoungModulusGPa}");
        InvalidInputException.Require(double.IsFinite(PoissonRatio) && PoissonRatio > -1 && PoissonRatio < 0.5, field, $"Poisson ratio must satisfy -1 < nu < 0.5, got {PoissonRatio}");
        return this;
    }
}

/// <summary>Mean-strain / mean-stress control of the periodic cell.</summary>
public enum MechanicsBoundary
{
    /// <summary>All six mean stress components are zero (a free periodic body).</summary>
    ZeroStress,
    /// <summary>All six mean strain components are fixed (to <see cref="ElasticOptions.MeanStrain"/>, default zero).</summary>
    FixedStrain,
    /// <summary>Die (pellet in a rigid sleeve under a free piston): lateral xx, yy, xy mean strains fixed; zz, yz, xz mean stresses zero (z is the pressing axis).</summary>
    Die,
}

/// <summary>Parsing of the mechanics grammars ("LABEL=E_GPa:nu,...", "LABEL=eps,...") and the boundary names.</summary>
public static class MechanicsInputs
{
    /// <summary>Parses "LABEL=E_GPa:nu,..." (LABEL a code 0..255 or a name from <paramref name="names"/>).</summary>
    public static IReadOnlyDictionary<byte, IsotropicPhase> ParseModuli(string text, IReadOnlyDictionary<byte, string>? names = null, string field = "moduli")
    {
        var result = new SortedDictionary<byte, IsotropicPhase>();
        foreach (var item in Items(text, field))
        {
            var (label, value) = Pair(item, names, field);
            var parts = value.Split(':');
            if (parts.Length != 2) throw new InvalidInputException($"label {label}: expected E_GPa:nu, got '{value}'", field: field);
            var phase = new IsotropicPhase(Number(parts[0], field, label), Number(parts[1], field, label)).Validated(field);
            if (!result.TryAdd(label, phase)) throw new InvalidInputException($"label {label} given twice", field: field);
        }
        return result;
    }

    /// <summary>Parses "LABEL=eps,..." where eps is a linear (not volumetric) strain, eps I applied isotropically.</summary>
    public static IReadOnlyDictionary<byte, double> ParseEigenstrains(string text, IReadOnlyDictionary<byte, string>? names = null, string field = "eigenstrain")
    {
        var result = new SortedDictionary<byte, double>();
        foreach (var item in Items(text, field))
        {
            var (label, value) = Pair(item, names, field);
            double e = Number(value, field, label);
            InvalidInputException.Require(Math.Abs(e) < 0.5, field, $"label {label}: linear eigenstrain {e} is outside small strain (|eps| < 0.5)");
            if (!result.TryAdd(label, e)) throw new InvalidInputException($"label {label} given twice", field: field);
        }
        return result;
    }

    /// <summary>
    /// Parses "LABEL=eps,LABEL=eps_a:eps_c,...": a single number is an isotropic linear strain (eps I); a pair is a layered oxide's
    /// a-axis and c-axis linear strains (<see cref="LayeredEigenstrain"/>), oriented per particle.
    /// </summary>
    public static (IReadOnlyDictionary<byte, double> Isotropic, IReadOnlyDictionary<byte, LayeredEigenstrain> Layered) ParseEigenstrainSpec(
        string text, IReadOnlyDictionary<byte, string>? names = null, string field = "eigenstrain")
    {
        var iso = new SortedDictionary<byte, double>();
        var layered = new SortedDictionary<byte, LayeredEigenstrain>();
        foreach (var item in Items(text, field))
        {
            var (label, value) = Pair(item, names, field);
            if (iso.ContainsKey(label) || layered.ContainsKey(label)) throw new InvalidInputException($"label {label} given twice", field: field);
            var parts = value.Split(':');
            if (parts.Length == 1)
            {
                double e = Number(value, field, label);
                InvalidInputException.Require(Math.Abs(e) < 0.5, field, $"label {label}: linear eigenstrain {e} is outside small strain (|eps| < 0.5)");
                iso[label] = e;
            }
            else if (parts.Length == 2) layered[label] = new LayeredEigenstrain(Number(parts[0], field, label), Number(parts[1], field, label)).Validated(field);
            else throw new InvalidInputException($"label {label}: expected eps or eps_a:eps_c, got '{value}'", field: field);
        }
        return (iso, layered);
    }

    /// <summary>"zero-stress", "fixed-strain" or "die".</summary>
    public static MechanicsBoundary ParseBoundary(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "zero-stress" => MechanicsBoundary.ZeroStress,
        "fixed-strain" => MechanicsBoundary.FixedStrain,
        "die" => MechanicsBoundary.Die,
        _ => throw new InvalidInputException($"expected zero-stress, fixed-strain or die, got '{text}'", field: "bc"),
    };

    /// <summary>Linear eigenstrain from a relative volume change dV/V: (1 + dV)^(1/3) - 1.</summary>
    public static double LinearFromVolumetric(double relativeVolumeChange)
    {
        InvalidInputException.Require(relativeVolumeChange > -1, "volume_change", $"expected dV/V > -1, got {relativeVolumeChange}");
        return Math.Cbrt(1 + relativeVolumeChange) - 1;
    }

    /// <summary>
    /// Checks phases against a volume: every label present needs moduli (label 0, pore, defaults to zero stiffness), every eigenstrain
    /// label must be present in the volume or have moduli. Returns the complete phase map.
    /// </summary>
    public static IReadOnlyDictionary<byte, IsotropicPhase> Complete(LabelVolume v, IReadOnlyDictionary<byte, IsotropicPhase> moduli, IReadOnlyDictionary<byte, double> eigenstrains)
    {
        var present = Present(v);
        var map = new SortedDictionary<byte, IsotropicPhase>();
        foreach (var (k, p) in moduli) map[k] = p.Validated("moduli");
        for (int l = 0; l < 256; l++)
        {
            if (!present[l] || map.ContainsKey((byte)l)) continue;
            if (l == PhaseLabels.Pore) { map[(byte)l] = IsotropicPhase.Void; continue; }
            throw new InvalidInputException($"label {l} is present in the volume but has no moduli", field: "moduli");
        }
        foreach (var k in eigenstrains.Keys)
            if (!present[k] && !moduli.ContainsKey(k))
                throw new InvalidInputException($"eigenstrain given for label {k}, which is neither in the volume nor in --moduli", field: "eigenstrain");
        return map;
    }

    internal static bool[] Present(LabelVolume v)
    {
        var present = new bool[256];
        foreach (var b in v.Labels) present[b] = true;
        return present;
    }

    /// <summary>Default cathode phases from the material table: NCWA and NCM take the CAM row, SSE and carbon (in the binder voxels) the SSE row.</summary>
    public static IReadOnlyDictionary<byte, IsotropicPhase> CathodeModuli(MaterialLibrary? materials = null)
    {
        materials ??= MaterialLibrary.Default;
        var cam = new IsotropicPhase(materials.Value("CAM", "young_modulus"), materials.Value("CAM", "poisson_ratio"));
        var sse = new IsotropicPhase(materials.Value("SSE", "young_modulus"), materials.Value("SSE", "poisson_ratio"));
        return new SortedDictionary<byte, IsotropicPhase> { [PhaseLabels.Pore] = IsotropicPhase.Void, [PhaseLabels.Ncwa] = cam, [PhaseLabels.Ncm] = cam, [PhaseLabels.Sse] = sse, [PhaseLabels.Carbon] = sse };
    }

    /// <summary>Linear eigenstrains of charging to 4.3 V from the paper's unit-cell volume changes (Fig 4e rows of the material table).</summary>
    public static IReadOnlyDictionary<byte, double> CathodeEigenstrains(MaterialLibrary? materials = null)
    {
        materials ??= MaterialLibrary.Default;
        return new SortedDictionary<byte, double>
        {
            [PhaseLabels.Ncwa] = LinearFromVolumetric(materials.Value("NCWA", "volume_change_charge_4p3v") / 100),
            [PhaseLabels.Ncm] = LinearFromVolumetric(materials.Value("NCM", "volume_change_charge_4p3v") / 100),
        };
    }

    static IEnumerable<string> Items(string text, string field)
    {
        var items = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new InvalidInputException("no LABEL=VALUE pairs", field: field);
        return items;
    }

    static (byte Label, string Value) Pair(string item, IReadOnlyDictionary<byte, string>? names, string field)
    {
        int eq = item.IndexOf('=');
        if (eq <= 0) throw new InvalidInputException($"expected LABEL=VALUE, got '{item}'", field: field);
        var token = item[..eq].Trim();
        byte label;
        if (byte.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)) label = code;
        else
        {
            var hit = (names ?? PhaseLabels.Names).Where(p => string.Equals(p.Value, token, StringComparison.OrdinalIgnoreCase)).Select(p => (byte?)p.Key).FirstOrDefault();
            label = hit ?? throw new InvalidInputException($"unknown label '{token}'; expected a code 0..255 or a label name", field: field);
        }
        return (label, item[(eq + 1)..].Trim());
    }

    static double Number(string s, string field, byte label) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v : throw new InvalidInputException($"label {label}: expected a number, got '{s}'", field: field);
}

/// <summary>A mechanics run described by the command-line grammars, validated against its volume (the `mechanics` command calls this).</summary>
public static class MechanicsRequest
{
    /// <summary>Default relative tolerance of the command (tight enough that a freely contracting porous body returns below 1e-3 MJ/m3).</summary>
    public const double DefaultTolerance = 1e-6;

    /// <summary>Parses "LABEL=E_GPa:nu,..." and "LABEL=eps,..." (linear eigenstrains), checks them against the volume and solves.</summary>
    /// <param name="moduli">"LABEL=E_GPa:nu,..."; label 0 (pore) defaults to zero stiffness.</param>
    /// <param name="boundary">zero-stress (default), fixed-strain or die.</param>
    /// <param name="tolerance">Relative residual tolerance (default <see cref="DefaultTolerance"/>).</param>
    /// <param name="eigenstrain">"LABEL=eps,..." linear strains (eps I), or "LABEL=eps_a:eps_c" for a layered oxide (a- and c-axis
    /// linear strains, one uniformly random orientation per particle), or null for none.</param>
    /// <param name="orientationSeed">Seed of the per-particle orientations (only used with eps_a:eps_c entries).</param>
    /// <param name="particleIds">Particle id per voxel (1-based, 0 = none; a twin's id map); null = face-connected components of each layered label.</param>
    public static ElasticResult Run(LabelVolume v, IReadOnlyDictionary<byte, string>? names, string? moduli, string? eigenstrain, string? boundary, double? tolerance,
        int maxDegreeOfParallelism = -1, ulong orientationSeed = 1, int[]? particleIds = null)
    {
        if (string.IsNullOrWhiteSpace(moduli)) throw new InvalidInputException("missing --moduli \"LABEL=E_GPa:nu,...\"", field: "moduli");
        var m = MechanicsInputs.ParseModuli(moduli, names);
        var (e, layered) = eigenstrain is null
            ? (new Dictionary<byte, double>(), new Dictionary<byte, LayeredEigenstrain>())
            : MechanicsInputs.ParseEigenstrainSpec(eigenstrain, names);
        var bc = MechanicsInputs.ParseBoundary(boundary);
        double tol = tolerance ?? DefaultTolerance;
        InvalidInputException.Require(tol > 0 && tol < 1, "tolerance", $"expected 0 < tolerance < 1, got {tol}");
        MechanicsInputs.Complete(v, m, e.Keys.Concat(layered.Keys).Distinct().ToDictionary(k => k, _ => 0.0));
        GrainEigenstrainField? grains = null;
        if (layered.Count > 0)
            grains = GrainEigenstrainField.Layered(v, particleIds ?? GrainEigenstrainField.ConnectedParticles(v, layered.Keys.ToArray()), layered, orientationSeed);
        return ElasticSolver.Solve(v, m, e, new ElasticOptions { Boundary = bc, RelativeTolerance = tol, MaxDegreeOfParallelism = maxDegreeOfParallelism, KeepField = false, Grains = grains });
    }
}
