using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using ResearchKit.Mechanics;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit mechanics`: strain energy and mean stress of a labelled volume under per-label eigenstrains.</summary>
public sealed class MechanicsCommand : CliCommand
{
    public override string Name => "mechanics";
    public override string Summary => "linear elastic strain energy of a voxel volume with eigenstrains (FFT Lippmann-Schwinger, rotated staggered grid, CG)";
    public override string? Notes => """
        The volume is periodic in x, y and z. Every label present needs moduli, except label 0 (pore), which has zero stiffness unless given.
        Eigenstrains are LINEAR strains, not volume changes. LABEL=eps is isotropic (eps times the identity; a volume change dV/V gives
        eps = (1 + dV/V)^(1/3) - 1). LABEL=eps_a:eps_c is anisotropic (a layered oxide: a-axis and c-axis linear strains, e.g. NCWA on
        charge to 4.3 V, Fig 4d: 1=-0.020:-0.046, NCM 2=-0.020:-0.028): eps* = eps_a I + (eps_c - eps_a) n n^T with the c axis n of one
        uniformly random orientation per particle from --orientation-seed; particles are the face-connected (periodic) components of
        that label, so touching particles share an orientation (twin-mechanics uses the twin's particle list instead).
        --bc die: lateral xx, yy, xy mean strains zero; zz, yz, xz mean stresses zero; z is the pressing axis.
        JSON: strain_energy_density_mj_per_m3 (volume mean), strain_energy_by_label_mj_per_m3
        {label: mean over its voxels}, mean_stress_mpa [xx, yy, zz, yz, xz, xy] (tension positive), iterations,
        residual, converged, seconds (then sse_shell_strain_energy_mj_per_m3, mean_strain, bc)
        Exit codes: 0 ok, 2 bad input (missing moduli for a present label, nu >= 0.5, eigenstrain for an unknown label), 3 not converged.
        """;

    readonly Argument<string> _volume = Arg("VOLUME", VolumeArgs.VolumeHelp);
    readonly Option<string?> _moduli = Text("--moduli", "isotropic moduli per label, e.g. \"1=190:0.25,2=190:0.25,3=22:0.37\" (E in GPa, -1 < nu < 0.5)");
    readonly Option<string?> _eigenstrain = Text("--eigenstrain", "linear eigenstrain per label: isotropic \"1=-0.0222,2=-0.0163\" or anisotropic a:c \"1=-0.020:-0.046,2=-0.020:-0.028\"");
    readonly Option<int> _orientationSeed = Integer("--orientation-seed", "seed of the random crystal orientation per particle (anisotropic eigenstrains)", 1);
    readonly Option<string?> _bc = Text("--bc", "mean-strain control: zero-stress (default; all mean stresses zero), fixed-strain (mean strain zero), die");
    readonly Option<double?> _tolerance = Number("--tolerance", "relative (preconditioned) residual tolerance of CG (default 1e-6)");
    readonly Option<double?> _voxel = Number("--voxel-um", "voxel size in um (default: from the .json sidecar)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        string? bc = args.GetValue(_bc);
        var path = args.GetValue(_volume)!;
        var v = VolumeArgs.Load(path, args.GetValue(_voxel));
        context.Progress($"mechanics: {path} ({v.Nz} x {v.Ny} x {v.Nx})");
        var r = MechanicsRequest.Run(v, VolumeArgs.Names(path), args.GetValue(_moduli), args.GetValue(_eigenstrain), bc, args.GetValue(_tolerance),
            orientationSeed: OrientationSeed(args.GetValue(_orientationSeed)));
        var json = new MechanicsJson(r.StrainEnergyDensityMJPerM3,
            r.StrainEnergyByLabelMJPerM3.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value),
            r.MeanStressMPa, r.Iterations, r.Residual, r.Converged, Math.Round(r.Seconds, 3),
            double.IsFinite(r.ShellStrainEnergyMJPerM3) ? r.ShellStrainEnergyMJPerM3 : null, r.MeanStrain,
            MechanicsInputs.ParseBoundary(bc) switch { MechanicsBoundary.Die => "die", MechanicsBoundary.FixedStrain => "fixed-strain", _ => "zero-stress" });
        Write(context, args, json, () => context.Out.WriteLine(r.ToString()));
        return r.Converged ? 0 : 3;
    }

    static ulong OrientationSeed(int seed) =>
        seed >= 0 ? (ulong)seed : throw new InvalidInputException($"expected a non-negative seed, got {seed}", field: "orientation-seed");

    sealed record MechanicsJson(
        [property: JsonPropertyName("strain_energy_density_mj_per_m3")] double StrainEnergyDensity,
        [property: JsonPropertyName("strain_energy_by_label_mj_per_m3")] Dictionary<string, double> StrainEnergyByLabel,
        [property: JsonPropertyName("mean_stress_mpa")] double[] MeanStressMpa,
        int Iterations, double Residual, bool Converged, double Seconds,
        [property: JsonPropertyName("sse_shell_strain_energy_mj_per_m3")] double? SseShellStrainEnergy,
        double[] MeanStrain, string Bc);
}
