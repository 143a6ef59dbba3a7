using ResearchKit.Spectroscopy;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Iterative Shirley background of a 161-channel S 2p region (issue 14 target &lt; 1 ms).</summary>
public sealed class ShirleyBenchmark : IBenchmark
{
    public string Name => "xps-shirley";
    public string Description => "iterative Shirley background, 161 channels (S 2p, 0.1 eV), tolerance 1e-6 of the step (target < 1 ms)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var s = XpsSynthesis.Sulfur("CAM0:10", 0.0, true, new InterphaseShares(), 1);
        var (be, y) = s.AscendingWindow(172, 156);
        var r = XpsBackgrounds.Shirley(be, y);
        var t = BenchTiming.Repeat(quick ? 50 : 2000, () => r = XpsBackgrounds.Shirley(be, y), warmup: 20);
        return new Dictionary<string, object>
        {
            ["points"] = be.Length, ["iterations"] = r.Iterations, ["converged"] = r.Converged,
            ["median_ms"] = Math.Round(t.MedianMs, 4), ["min_ms"] = Math.Round(t.MinMs, 4), ["cpu_ms_per_run"] = Math.Round(t.CpuMsPerRun, 4),
            ["target_ms"] = 1,
        };
    }
}

/// <summary>Fit of five S 2p doublets (15 parameters, widths free) with a Shirley background (issue 14 target &lt; 50 ms).</summary>
public sealed class FiveDoubletFitBenchmark : IBenchmark
{
    public string Name => "xps-fit-5doublets";
    public string Description => "bounded LM fit of five S 2p doublets (GL(30)) on a Shirley background, 321 channels, Poisson noise (target < 50 ms)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        double[] centers = [160.2, 161.6, 163.0, 164.4, 166.8];
        var peaks = centers.Select((c, i) => new SyntheticPeak($"C{i}", "S2p", c, 1.0, 20000 + 5000 * i)).ToArray();
        var s = XpsSynthesis.Spectrum("bench", "S", "2p", 156, 172, 0.05, peaks, PeakShape.Default, 2000, 0.02, 9);
        var model = XpsFitModel.FromDoublets(string.Join(",", centers.Select(c => $"S2p:{c + 0.1:0.0##}")), FitBackground.Shirley) with { Ties = new Dictionary<string, ParameterTie>() };
        XpsFitResult fit = XpsFitter.Fit(s, model);
        var t = BenchTiming.Repeat(quick ? 5 : 50, () => fit = XpsFitter.Fit(s, model), warmup: 2);
        double maxShift = fit.Components.Select((c, i) => Math.Abs(c.CenterEv - centers[i])).Max();
        return new Dictionary<string, object>
        {
            ["points"] = s.Count, ["free_parameters"] = 15, ["iterations"] = fit.Iterations, ["converged"] = fit.Converged,
            ["max_center_error_ev"] = Math.Round(maxShift, 4), ["reduced_chi2"] = Math.Round(fit.ReducedChiSquare, 3),
            ["median_ms"] = Math.Round(t.MedianMs, 3), ["min_ms"] = Math.Round(t.MinMs, 3), ["cpu_ms_per_run"] = Math.Round(t.CpuMsPerRun, 3),
            ["target_ms"] = 50,
        };
    }
}
