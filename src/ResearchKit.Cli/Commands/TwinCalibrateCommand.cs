using System.CommandLine;
using System.Globalization;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin calibrate`: the twin's one calibration (SSE interlayer t on CAM10:0 and CAM0:10 only).</summary>
public sealed class TwinCalibrateCommand : CliCommand
{
    public override string Name => "twin calibrate";
    public override string Summary => "fit the SSE interlayer t on the unimodal cathodes only (seed-mean, golden section); the blends stay predictions";
    public override string? Notes => """
        JSON: {sse_interlayer_um, std_error_um, jackknife_std_error_um, objective_at_minimum, iterations, converged, exit_reason,
        x_tolerance_um, voxel_um, seeds, large_sample, small_sample ({sample, porosity_sem, porosity_mean, porosity_sd, slope_per_um}),
        evaluations (count)}.
        Targets: SEM porosity of CAM10:0 and CAM0:10 (Table S1). Slow: 2 x N dense packings per evaluation. Progress on stderr.
        """;

    readonly Option<int> _seeds = Integer("--seeds", "seeds 1..N per cathode and t", 4);
    readonly Option<double> _voxel = Number("--voxel-um", "voxel edge in um", 0.25);
    readonly Option<double> _lower = Number("--lower-um", "lower end of the initial bracket of t in um", 0.02);
    readonly Option<double> _upper = Number("--upper-um", "upper end of the initial bracket of t in um", 0.14);
    readonly Option<double> _tol = Number("--tol-um", "bracket width in um at which the golden-section search stops", 0.003);
    readonly Option<string?> _out = Text("--out", "every twin built as CSV (sample, sse_interlayer_um, seed, voxel_um, porosity, cam_packing_fraction, thickness_um)");

    sealed record CalibrationJson(double SseInterlayerUm, double StdErrorUm, double JackknifeStdErrorUm, double ObjectiveAtMinimum, int Iterations,
        bool Converged, string ExitReason, double XToleranceUm, double VoxelUm, IReadOnlyList<ulong> Seeds, CalibrationTarget LargeSample, CalibrationTarget SmallSample,
        int Evaluations);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var r = TwinCalibration.Calibrate(args.GetValue(_seeds), args.GetValue(_voxel), args.GetValue(_lower), args.GetValue(_upper),
            args.GetValue(_tol), new Reporter(context.Progress));
        if (args.GetValue(_out) is { } path) TwinCalibration.WriteEvaluationsCsv(r.Evaluations, path);
        return Write(context, args, new CalibrationJson(r.SseInterlayerUm, r.StdErrorUm, r.JackknifeStdErrorUm, r.ObjectiveAtMinimum, r.Iterations,
                r.Converged, r.ExitReason.ToString(), r.XToleranceUm, r.VoxelUm, r.Seeds, r.LargeSample, r.SmallSample, r.Evaluations.Count),
            () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"t = {r.SseInterlayerUm:F4} +- {r.StdErrorUm:F4} um (jackknife {r.JackknifeStdErrorUm:F4}); {r.LargeSample.Sample} {r.LargeSample.PorosityMean:P2} (SEM {r.LargeSample.PorositySem:P1}), {r.SmallSample.Sample} {r.SmallSample.PorosityMean:P2} (SEM {r.SmallSample.PorositySem:P1}); {r.Evaluations.Count} twins, {r.ExitReason}")));
    }

    sealed class Reporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) { lock (this) report(value); }
    }
}
