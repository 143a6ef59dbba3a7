using System.CommandLine;
using System.Globalization;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.IO;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport;

namespace ResearchKit.Cli.Commands;

/// <summary>Shared parsing for the transport and morphology commands.</summary>
static class VolumeArgs
{
    public const string VolumeHelp = ".npy, .raw (+ .json sidecar) or .tif/.tiff (one page per z slice); C order (nz, ny, nx)";

    public static LabelVolume Load(string path, double? voxel)
    {
        if (voxel is { } h && !(h > 0)) throw new InvalidInputException($"expected a positive voxel size, got {h}", field: "voxel-um");
        return VolumeFiles.Read(path, voxel);
    }

    /// <summary>As <see cref="Load"/>, for dimensionless results: no voxel size is needed (then <paramref name="voxelKnown"/> is false).</summary>
    public static LabelVolume LoadVoxelSizeOptional(string path, double? voxel, out bool voxelKnown)
    {
        if (voxel is { } h && !(h > 0)) throw new InvalidInputException($"expected a positive voxel size, got {h}", field: "voxel-um");
        return VolumeFiles.ReadVoxelSizeOptional(path, voxel, out voxelKnown);
    }

    public static VolumeAxis Axis(string s) => s.ToLowerInvariant() switch
    {
        "x" => VolumeAxis.X,
        "y" => VolumeAxis.Y,
        "z" => VolumeAxis.Z,
        _ => throw new InvalidInputException($"expected x, y or z, got '{s}'", field: "axis"),
    };

    public static IReadOnlyDictionary<byte, string> Names(string path)
    {
        var n = RawVolume.LabelNames(path);
        return n.Count > 0 ? n : PhaseLabels.Names;
    }

    public static string PairKey((byte A, byte B) p) => $"{p.A}-{p.B}";
}

/// <summary>`researchkit tortuosity`: effective conductivity and tortuosity factor of a labelled volume.</summary>
public sealed class TortuosityCommand : CliCommand
{
    public override string Name => "tortuosity";
    public override string Summary => "effective conductivity and tortuosity factor of a voxel volume (MG-preconditioned CG)";
    public override string? Notes => """
        Give exactly one of --phase or --conductivity.
        JSON keys: tau, relative_conductivity, volume_fraction, through_fraction, percolating, converged, exit_reason,
        iterations, residual, seconds, effective_conductivity, tau_effective_porosity, current_mismatch, axis, voxel_um, voxel_um_note.
        The voxel size is optional (tau is dimensionless): without --voxel-um or a sidecar, voxel_um is null and voxel_um_note says so.
        A non-percolating phase has tau = +infinity, written as the JSON string "Infinity", and relative_conductivity = 0.
        tau = sum_l eps_l sigma_l / sigma_eff (TauFactor's convention; eps sigma_phase / sigma_eff in binary mode).
        relative_conductivity = sigma_eff / max_l sigma_l. Dirichlet faces lie half a voxel outside the volume.
        A solve that stops at the iteration cap has converged = false (exit code 0: the numbers are reported, flagged).
        """;

    readonly Argument<string> _volume = Arg("VOLUME", VolumeArgs.VolumeHelp);
    readonly Option<string> _axis = Required("--axis", "flux axis x|y|z: x is the last (fastest) array index, z the first");
    readonly Option<string?> _phase = Text("--phase", "binary mode: this label (code or sidecar name) conducts with conductivity 1, all others insulate");
    readonly Option<string?> _conductivity = Text("--conductivity", "multiphase mode: \"LABEL=VALUE,...\" conductivity per label, e.g. \"3=1.0,4=0.02\" (labels not listed insulate; values >= 0)");
    readonly Option<bool> _periodic = Flag("--periodic", "periodic side faces (default: no-flux sides)");
    readonly Option<double?> _voxel = Number("--voxel-um", "voxel size in um (default: from the .json sidecar)");
    readonly Option<double> _tolerance = Number("--tolerance", "relative residual tolerance of the solver (tau is then accurate to ~1e-8 at 1e-6)", 1e-6);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var axis = VolumeArgs.Axis(args.GetValue(_axis)!);
        string? phase = args.GetValue(_phase), cond = args.GetValue(_conductivity);
        double tol = args.GetValue(_tolerance);
        if (!(tol > 0 && tol < 1)) throw new InvalidInputException($"expected 0 < tolerance < 1, got {tol}", field: "tolerance");
        if ((phase is null) == (cond is null)) throw new UsageException("give exactly one of --phase LABEL or --conductivity \"LABEL=VALUE,...\"");
        var path = args.GetValue(_volume)!;
        var v = VolumeArgs.LoadVoxelSizeOptional(path, args.GetValue(_voxel), out bool voxelKnown);
        var names = VolumeArgs.Names(path);
        var sigma = phase is not null
            ? new Dictionary<byte, double> { [LabelSelection.Resolve(phase, names, v, "phase")] = 1.0 }
            : LabelSelection.ParseValues(cond!, names, v, "conductivity");
        int len = axis switch { VolumeAxis.X => v.Nx, VolumeAxis.Y => v.Ny, _ => v.Nz };
        if (len < 2) throw new InvalidInputException($"axis {axis.ToString().ToLowerInvariant()} has length {len}; at least 2 voxels are needed", field: "axis");
        context.Progress($"tortuosity: {path} ({v.Nz} x {v.Ny} x {v.Nx}), axis {axis.ToString().ToLowerInvariant()}, {(phase is null ? "multiphase" : "binary")}");
        var r = ConductionSolver.Solve(v, sigma, new ConductionOptions { Axis = axis, PeriodicSides = args.GetValue(_periodic), RelativeTolerance = tol });
        if (!r.Converged) context.Progress($"tortuosity: WARNING not converged ({r.ExitReason}) after {r.Iterations} iterations, residual {r.Residual:E2}");
        return Write(context, args, new TortuosityJson(r.Tau, r.RelativeConductivity, r.VolumeFraction, r.ThroughFraction, r.Percolating,
                r.Converged, ExitReasonText(r.ExitReason), r.Iterations, r.Residual, Math.Round(r.Seconds, 3), r.EffectiveConductivity,
                r.TauEffectivePorosity, r.CurrentMismatch, axis.ToString().ToLowerInvariant(), voxelKnown ? v.VoxelUm : null,
                voxelKnown ? "from --voxel-um or the sidecar" : "no --voxel-um and no sidecar: tau and the fractions are dimensionless; absolute sizes are null"),
            () => context.Out.WriteLine(r.ToString()));
    }

    internal static string ExitReasonText(ConductionExitReason reason) => reason switch
    {
        ConductionExitReason.ToleranceReached => "tolerance_reached",
        ConductionExitReason.MaxIterations => "max_iterations",
        ConductionExitReason.NotPercolating => "not_percolating",
        ConductionExitReason.Breakdown => "breakdown",
        _ => reason.ToString().ToLowerInvariant(),
    };

    sealed record TortuosityJson(double Tau, double RelativeConductivity, double VolumeFraction, double ThroughFraction, bool Percolating,
        bool Converged, string ExitReason, int Iterations, double Residual, double Seconds, double EffectiveConductivity,
        double TauEffectivePorosity, double CurrentMismatch, string Axis, double? VoxelUm, string VoxelUmNote);
}

/// <summary>`researchkit morphology`: volume fractions, connectivity, pore size and interface areas.</summary>
public sealed class MorphologyCommand : CliCommand
{
    public override string Name => "morphology";
    public override string Summary => "volume fractions, through-connectivity, pore size (local thickness) and interface areas of a voxel volume";
    public override string? Notes => """
        JSON keys: volume_fractions {label: fraction}, through_fractions {label: fraction of the whole volume that has the label and
        is connected to both faces normal to --axis}, mean_pore_size_um (mean local-thickness diameter of the pore label; null if none),
        pore_size_distribution [{lower_um, upper_um, volume_fraction}], interface_area_per_volume {"a-b": 1/um, smaller label first;
        2/3 face-count correction}, connected_fractions, axis, voxel_um, seconds.
        """;

    readonly Argument<string> _volume = Arg("VOLUME", VolumeArgs.VolumeHelp);
    readonly Option<double?> _voxel = Number("--voxel-um", "voxel size in um (default: from the .json sidecar)");
    readonly Option<string> _axis = Choice("--axis", "axis of the through-connectivity check (z is the first array index)", "z", "x", "y", "z", "X", "Y", "Z");
    readonly Option<int> _pore = Integer("--pore-label", "label of the pore phase", 0);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var axis = VolumeArgs.Axis(args.GetValue(_axis)!);
        int pore = args.GetValue(_pore);
        if (pore is < 0 or > 255) throw new InvalidInputException($"expected a label 0..255, got {pore}", field: "pore-label");
        var path = args.GetValue(_volume)!;
        var v = VolumeArgs.Load(path, args.GetValue(_voxel));
        context.Progress($"morphology: {path} ({v.Nz} x {v.Ny} x {v.Nx}, {v.VoxelUm} um)");
        var m = Morphology.Analyse(v, axis, (byte)pore);
        static Dictionary<string, double> ByLabel(IReadOnlyDictionary<byte, double> d) => d.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => p.Value);
        var json = new MorphologyJson(
            ByLabel(m.VolumeFractions), ByLabel(m.ThroughFractions),
            double.IsFinite(m.MeanPoreSizeUm) ? m.MeanPoreSizeUm : null,
            m.PoreSizeDistribution.Select(b => new PoreSizeBinJson(b.LowerUm, b.UpperUm, b.VolumeFraction)).ToList(),
            m.InterfaceAreaPerVolumePerUm.ToDictionary(p => VolumeArgs.PairKey(p.Key), p => p.Value),
            ByLabel(m.ConnectedFractions), axis.ToString().ToLowerInvariant(), v.VoxelUm, Math.Round(m.Seconds, 3));
        return Write(context, args, json, () =>
        {
            var o = context.Out;
            foreach (var (k, f) in m.VolumeFractions) o.WriteLine($"label {k}: volume fraction {f:F4}, through-connected {m.ThroughFractions[k]:F4}");
            o.WriteLine($"mean pore size (local thickness diameter): {m.MeanPoreSizeUm:F4} um");
            foreach (var (p, a) in m.InterfaceAreaPerVolumePerUm) o.WriteLine($"interface {VolumeArgs.PairKey(p)}: {a:G5} 1/um");
        });
    }

    sealed record PoreSizeBinJson(double LowerUm, double UpperUm, double VolumeFraction);

    sealed record MorphologyJson(
        Dictionary<string, double> VolumeFractions, Dictionary<string, double> ThroughFractions, double? MeanPoreSizeUm,
        List<PoreSizeBinJson> PoreSizeDistribution, Dictionary<string, double> InterfaceAreaPerVolume,
        Dictionary<string, double> ConnectedFractions, string Axis, double VoxelUm, double Seconds);
}
