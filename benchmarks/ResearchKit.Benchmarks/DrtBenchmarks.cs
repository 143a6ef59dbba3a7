using System.Diagnostics;
using ResearchKit.Impedance.Drt;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// DRT of a 91-point spectrum (10 points/decade, 1 MHz .. 1 mHz; two ZARCs plus R_inf with 0.5 % proportional noise, seed 12129),
/// Gaussian RBF, combined fit, lambda by GCV: the figure issue 6 asks for (target &lt; 50 ms; pyDRTtools about 0.5 s).
/// </summary>
public sealed class DrtGcvBenchmark : IBenchmark
{
    public string Name => "drt-gcv-91";
    public string Description => "DRT of a 91-point spectrum with lambda by GCV, non-negative (target < 50 ms)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var f = DrtAnalytic.LogFrequenciesHz(1e6, 1e-3, 10);
        var spectrum = DrtAnalytic.Spectrum(f, 10,
            x => DrtAnalytic.ZarcImpedanceOhm(x, 30, 1e-5, 0.85) + DrtAnalytic.ZarcImpedanceOhm(x, 50, 1e-2, 0.8), 0.005, 12129, "bench-2xZARC");
        int warm = quick ? 3 : 10, reps = quick ? 10 : 100;
        DrtResult r = DrtSolver.Compute(spectrum);
        var t = BenchTiming.Repeat(reps, () => r = DrtSolver.Compute(spectrum), warm);
        progress($"lambda {r.Lambda:E3}, R_pol {r.RPolOhm:F3} ohm, {r.CentreTauS.Length} basis functions");
        var fixedLambda = new DrtOptions { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = r.Lambda };
        var tFixed = BenchTiming.Repeat(reps, () => DrtSolver.Compute(spectrum, fixedLambda), warm);
        return new Dictionary<string, object>
        {
            ["points"] = f.Length,
            ["unknowns"] = r.CentreTauS.Length + 2,
            ["repetitions"] = reps,
            ["mean_ms"] = Math.Round(t.MeanMs, 3),
            ["median_ms"] = Math.Round(t.MedianMs, 3),
            ["min_ms"] = Math.Round(t.MinMs, 3),
            ["cpu_ms_per_run"] = Math.Round(t.CpuMsPerRun, 3),
            ["fixed_lambda_mean_ms"] = Math.Round(tFixed.MeanMs, 3),
            ["lambda"] = r.Lambda,
            ["nnls_iterations"] = r.Iterations,
        };
    }
}
