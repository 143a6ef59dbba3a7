using System.Globalization;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.IO;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport;

namespace ResearchKit.Cli.Commands;

/// <summary>Shared parsing for the transport and morphology commands.</summary>
static class VolumeArgs
{
    public static LabelVolume Load(CommandArgs args, out string path)
    {
        path = args.Positional(0, "VOLUME (a .npy, .raw with .json sidecar, or .tif file)");
        double? voxel = args.Double("voxel-um");
        if (voxel is { } h && !(h > 0)) throw new InvalidInputException($"expected a positive voxel size, got {h}", field: "voxel-um");
        return VolumeFiles.Read(path, voxel);
    }

    /// <summary>As <see cref="Load"/>, for dimensionless results: no voxel size is needed (then <paramref name="voxelKnown"/> is false).</summary>
    public static LabelVolume LoadVoxelSizeOptional(CommandArgs args, out string path, out bool voxelKnown)
    {
        path = args.Positional(0, "VOLUME (a .npy, .raw with .json sidecar, or .tif file)");
        double? voxel = args.Double("voxel-um");
        if (voxel is { } h && !(h > 0)) throw new InvalidInputException($"expected a positive voxel size, got {h}", field: "voxel-um");
        return VolumeFiles.ReadVoxelSizeOptional(path, voxel, out voxelKnown);
    }

    public static VolumeAxis Axis(string? s) => s?.ToLowerInvariant() switch
    {
        "x" => VolumeAxis.X,
        "y" => VolumeAxis.Y,
        "z" => VolumeAxis.Z,
        null => throw new UsageException("missing required option --axis x|y|z"),
        _ => throw new InvalidInputException($"expected x, y or z, got '{s}'", field: "axis"),
    };

    /// <summary>A label given as a code (0..255) or a name from the sidecar (or the default cathode names).</summary>
    public static byte Label(string token, IReadOnlyDictionary<byte, string> names, LabelVolume v, string field)
    {
        token = token.Trim();
        if (byte.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            bool known = names.ContainsKey(code) || Array.IndexOf(v.Labels, code) >= 0;
            if (!known) throw new InvalidInputException($"label {code} is neither named in the sidecar nor present in the volume", field: field);
            return code;
        }
        foreach (var (k, n) in names) if (string.Equals(n, token, StringComparison.OrdinalIgnoreCase)) return k;
        throw new InvalidInputException($"unknown label '{token}'; expected a code 0..255 or one of: {string.Join(", ", names.Select(p => $"{p.Key}={p.Value}"))}", field: field);
    }

    public static IReadOnlyDictionary<byte, string> Names(string path)
    {
        var n = RawVolume.LabelNames(path);
        return n.Count > 0 ? n : PhaseLabels.Names;
    }

    public static string PairKey((byte A, byte B) p) => $"{p.A}-{p.B}";
}

/// <summary>`researchkit tortuosity`: effective conductivity and tortuosity factor of a labelled volume.</summary>
public sealed class TortuosityCommand : ICommand
{
    public string Name => "tortuosity";
    public string Summary => "effective conductivity and tortuosity factor of a voxel volume (MG-preconditioned CG)";
    public string Usage => """
        researchkit tortuosity VOLUME --axis x|y|z (--phase LABEL | --conductivity "LABEL=VALUE,...") [--periodic] [--voxel-um H] [--tolerance T] [--json]
          VOLUME           .npy, .raw (+ .json sidecar) or .tif/.tiff (one page per z slice); C order (nz, ny, nx)
          --axis           flux axis: x is the last (fastest) array index, z the first
          --phase LABEL    binary mode: this label conducts (conductivity 1), all others insulate
          --conductivity   multiphase mode: conductivity per label, e.g. "3=1.0,4=0.02" (labels not listed insulate;
                           LABEL is a code or a sidecar name such as sse; values >= 0)
          --periodic       periodic side faces (default: no-flux sides)
          --voxel-um H     voxel size in um (default: from the .json sidecar; optional: tau is dimensionless, and
                           without either the JSON has voxel_um null)
          --tolerance T    relative residual tolerance of the solver (default 1e-6; tau is then accurate to ~1e-8)
          --json           one JSON object with keys tau, relative_conductivity, volume_fraction, through_fraction,
                           percolating, iterations, residual, seconds (then effective_conductivity, tau_effective_porosity,
                           current_mismatch, axis). A non-percolating phase has tau = +infinity, written as the JSON
                           string "Infinity" (JSON has no infinite number), and relative_conductivity = 0.
        tau = sum_l eps_l sigma_l / sigma_eff (TauFactor's convention; eps sigma_phase / sigma_eff in binary mode).
        relative_conductivity = sigma_eff / max_l sigma_l. Dirichlet faces lie half a voxel outside the volume.
        Exit codes: 0 ok, 2 bad input (unknown label, negative conductivity, axis of length 1, sidecar mismatch).
        """;
    public IReadOnlyCollection<string> Switches => ["json", "periodic"];

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json"), periodic = args.Flag("periodic");
        var axis = VolumeArgs.Axis(args.Option("axis"));
        string? phase = args.Option("phase"), cond = args.Option("conductivity");
        double tol = args.Double("tolerance") ?? 1e-6;
        if (!(tol > 0 && tol < 1)) throw new InvalidInputException($"expected 0 < tolerance < 1, got {tol}", field: "tolerance");
        if ((phase is null) == (cond is null)) throw new UsageException("give exactly one of --phase LABEL or --conductivity \"LABEL=VALUE,...\"");
        var v = VolumeArgs.LoadVoxelSizeOptional(args, out var path, out bool voxelKnown);
        var names = VolumeArgs.Names(path);
        var sigma = new Dictionary<byte, double>();
        if (phase is not null) sigma[VolumeArgs.Label(phase, names, v, "phase")] = 1.0;
        else
        {
            foreach (var item in cond!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                int eq = item.IndexOf('=');
                if (eq <= 0) throw new InvalidInputException($"expected LABEL=VALUE, got '{item}'", field: "conductivity");
                byte label = VolumeArgs.Label(item[..eq], names, v, "conductivity");
                var vs = item[(eq + 1)..].Trim();
                if (!double.TryParse(vs, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                    throw new InvalidInputException($"conductivity of label {label}: expected a number, got '{vs}'", field: "conductivity");
                if (value < 0) throw new InvalidInputException($"conductivity of label {label} is negative ({value}); expected >= 0", field: "conductivity");
                if (!sigma.TryAdd(label, value)) throw new InvalidInputException($"label {label} given twice", field: "conductivity");
            }
            if (sigma.Count == 0) throw new InvalidInputException("no LABEL=VALUE pairs", field: "conductivity");
        }
        int len = axis switch { VolumeAxis.X => v.Nx, VolumeAxis.Y => v.Ny, _ => v.Nz };
        if (len < 2) throw new InvalidInputException($"axis {axis.ToString().ToLowerInvariant()} has length {len}; at least 2 voxels are needed", field: "axis");
        context.Progress($"tortuosity: {path} ({v.Nz} x {v.Ny} x {v.Nx}), axis {axis.ToString().ToLowerInvariant()}, {(phase is null ? "multiphase" : "binary")}");
        var r = ConductionSolver.Solve(v, sigma, new ConductionOptions { Axis = axis, PeriodicSides = periodic, RelativeTolerance = tol });
        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["tau"] = double.IsFinite(r.Tau) ? r.Tau : "Infinity",
                ["relative_conductivity"] = r.RelativeConductivity,
                ["volume_fraction"] = r.VolumeFraction,
                ["through_fraction"] = r.ThroughFraction,
                ["percolating"] = r.Percolating,
                ["iterations"] = r.Iterations,
                ["residual"] = r.Residual,
                ["seconds"] = Math.Round(r.Seconds, 3),
                ["effective_conductivity"] = r.EffectiveConductivity,
                ["tau_effective_porosity"] = double.IsFinite(r.TauEffectivePorosity) ? r.TauEffectivePorosity : "Infinity",
                ["current_mismatch"] = r.CurrentMismatch,
                ["axis"] = axis.ToString().ToLowerInvariant(),
                ["voxel_um"] = voxelKnown ? v.VoxelUm : null!,
                ["voxel_um_note"] = voxelKnown ? "from --voxel-um or the sidecar" : "no --voxel-um and no sidecar: tau and the fractions are dimensionless; absolute sizes are null",
            });
        }
        else context.Out.WriteLine(r.ToString());
        return 0;
    }
}

/// <summary>`researchkit morphology`: volume fractions, connectivity, pore size and interface areas.</summary>
public sealed class MorphologyCommand : ICommand
{
    public string Name => "morphology";
    public string Summary => "volume fractions, through-connectivity, pore size (local thickness) and interface areas of a voxel volume";
    public string Usage => """
        researchkit morphology VOLUME [--voxel-um H] [--axis x|y|z] [--pore-label L] [--json]
          VOLUME        .npy, .raw (+ .json sidecar) or .tif/.tiff
          --voxel-um H  voxel size in um (default: from the .json sidecar)
          --axis        axis of the through-connectivity check (default z, the first array index)
          --pore-label  label of the pore phase (default 0)
          --json        one JSON object: volume_fractions {label: fraction}, through_fractions {label: fraction of the whole
                        volume that has the label and is connected to both faces normal to --axis}, mean_pore_size_um (mean local-thickness diameter of the
                        pore label), pore_size_distribution [{lower_um, upper_um, volume_fraction}],
                        interface_area_per_volume {"a-b": 1/um, smaller label first; 2/3 face-count correction}
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var axisOpt = args.Option("axis");
        var axis = axisOpt is null ? VolumeAxis.Z : VolumeArgs.Axis(axisOpt);
        int pore = args.Int("pore-label") ?? 0;
        if (pore is < 0 or > 255) throw new InvalidInputException($"expected a label 0..255, got {pore}", field: "pore-label");
        var v = VolumeArgs.Load(args, out var path);
        context.Progress($"morphology: {path} ({v.Nz} x {v.Ny} x {v.Nx}, {v.VoxelUm} um)");
        var m = Morphology.Analyse(v, axis, (byte)pore);
        var vf = m.VolumeFractions.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => (object)p.Value);
        var tf = m.ThroughFractions.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => (object)p.Value);
        var ia = m.InterfaceAreaPerVolumePerUm.ToDictionary(p => VolumeArgs.PairKey(p.Key), p => (object)p.Value);
        var psd = m.PoreSizeDistribution.Select(b => new Dictionary<string, object> { ["lower_um"] = b.LowerUm, ["upper_um"] = b.UpperUm, ["volume_fraction"] = b.VolumeFraction }).ToList();
        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object?>
            {
                ["volume_fractions"] = vf,
                ["through_fractions"] = tf,
                ["mean_pore_size_um"] = double.IsFinite(m.MeanPoreSizeUm) ? m.MeanPoreSizeUm : null,
                ["pore_size_distribution"] = psd,
                ["interface_area_per_volume"] = ia,
                ["connected_fractions"] = m.ConnectedFractions.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => (object)p.Value),
                ["axis"] = axis.ToString().ToLowerInvariant(),
                ["voxel_um"] = v.VoxelUm,
                ["seconds"] = Math.Round(m.Seconds, 3),
            });
        }
        else
        {
            var o = context.Out;
            foreach (var (k, f) in m.VolumeFractions) o.WriteLine($"label {k}: volume fraction {f:F4}, through-connected {m.ThroughFractions[k]:F4}");
            o.WriteLine($"mean pore size (local thickness diameter): {m.MeanPoreSizeUm:F4} um");
            foreach (var (p, a) in m.InterfaceAreaPerVolumePerUm) o.WriteLine($"interface {VolumeArgs.PairKey(p)}: {a:G5} 1/um");
        }
        return 0;
    }
}
