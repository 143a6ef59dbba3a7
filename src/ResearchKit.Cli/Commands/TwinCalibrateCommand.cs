using System.Globalization;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin calibrate`: the twin's one calibration (SSE interlayer t on CAM10:0 and CAM0:10 only).</summary>
public sealed class TwinCalibrateCommand : ICommand
{
    public string Name => "twin calibrate";
    public string Summary => "fit the SSE interlayer t on the unimodal cathodes only (seed-mean, golden section); the blends stay predictions";
    public string Usage => """
        researchkit twin calibrate [--seeds N] [--voxel-um V] [--lower-um A] [--upper-um B] [--tol-um X] [--out FILE.csv] [--json]
          --seeds N     seeds 1..N per cathode and t (default 4)
          --voxel-um V  voxel edge (default 0.25)
          --lower-um A, --upper-um B   initial bracket of t (default 0.02 .. 0.14)
          --tol-um X    bracket width at which the golden-section search stops (default 0.003)
          --out FILE    every twin built (sample, sse_interlayer_um, seed, voxel_um, porosity, cam_packing_fraction, thickness_um)
          --json        one JSON object: sse_interlayer_um, std_error_um, jackknife_std_error_um, objective_at_minimum, iterations,
                        converged, exit_reason, x_tolerance_um, voxel_um, seeds, large_sample, small_sample
                        ({sample, porosity_sem, porosity_mean, porosity_sd, slope_per_um}), evaluations (count)
        Targets: SEM porosity of CAM10:0 and CAM0:10 (Table S1). Slow: 2 x N dense packings per evaluation. Progress on stderr.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var r = TwinCalibration.Calibrate(args.Int("seeds") ?? 4, args.Double("voxel-um") ?? 0.25, args.Double("lower-um") ?? 0.02,
            args.Double("upper-um") ?? 0.14, args.Double("tol-um") ?? 0.003, new Reporter(context.Progress));
        if (args.Option("out") is { } path) TwinCalibration.WriteEvaluationsCsv(r.Evaluations, path);
        if (args.Flag("json")) Json.Write(context.Out, r with { Evaluations = [] } is var s ? new { s.SseInterlayerUm, s.StdErrorUm, s.JackknifeStdErrorUm,
            s.ObjectiveAtMinimum, s.Iterations, s.Converged, s.ExitReason, s.XToleranceUm, s.VoxelUm, s.Seeds, s.LargeSample, s.SmallSample,
            Evaluations = r.Evaluations.Count } : null!);
        else
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"t = {r.SseInterlayerUm:F4} +- {r.StdErrorUm:F4} um (jackknife {r.JackknifeStdErrorUm:F4}); {r.LargeSample.Sample} {r.LargeSample.PorosityMean:P2} (SEM {r.LargeSample.PorositySem:P1}), {r.SmallSample.Sample} {r.SmallSample.PorosityMean:P2} (SEM {r.SmallSample.PorositySem:P1}); {r.Evaluations.Count} twins, {r.ExitReason}"));
        return 0;
    }

    sealed class Reporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) { lock (this) report(value); }
    }
}
