using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Circuit fit of a 3-element model R0-p(R1,C1) on 91 points, no initial guesses (issue 6 target &lt; 20 ms).</summary>
public sealed class CircuitFitBenchmark : IBenchmark
{
    public string Name => "eis-fit-3element";
    public string Description => "CNLS fit of R0-p(R1,C1) to a 91-point spectrum with 0.5 % noise, automatic initial guess (target < 20 ms)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var f = SpectrumSynthesis.LogFrequencies(1e5, 1e-4, 10); // 91 points
        var s = SpectrumSynthesis.FromCircuit("R0-p(R1,C1)", new Dictionary<string, double> { ["R0"] = 10, ["R1"] = 100, ["C1"] = 1e-4 }, f,
            NoiseModel.Proportional(0.005, 1));
        var c = Circuit.Parse("R0-p(R1,C1)");
        CircuitFitResult fit = CircuitFitter.Fit(s, c);
        var t = BenchTiming.Repeat(quick ? 5 : 50, () => fit = CircuitFitter.Fit(s, c));
        return new Dictionary<string, object>
        {
            ["points"] = s.Count,
            ["median_ms"] = Math.Round(t.MedianMs, 3),
            ["min_ms"] = Math.Round(t.MinMs, 3),
            ["iterations"] = fit.Iterations,
            ["r1_ohm"] = Math.Round(fit["R1"], 3),
            ["target_ms"] = 20,
        };
    }
}

/// <summary>Lin-KK with automatic M on a 91-point two-arc spectrum.</summary>
public sealed class LinKKBenchmark : IBenchmark
{
    public string Name => "eis-linkk-91";
    public string Description => "Lin-KK with automatic M (mu criterion, c = 0.85) on a 91-point spectrum";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var f = SpectrumSynthesis.LogFrequencies(1e5, 1e-4, 10);
        var s = SpectrumSynthesis.FromCircuit("R0-p(R1,CPE1)-p(R2,CPE2)", new Dictionary<string, double>
        {
            ["R0"] = 10, ["R1"] = 40, ["CPE1_0"] = 1e-5, ["CPE1_1"] = 0.9, ["R2"] = 100, ["CPE2_0"] = 5e-3, ["CPE2_1"] = 0.8,
        }, f, NoiseModel.Proportional(0.002, 1));
        var r = LinKK.Test(s);
        var t = BenchTiming.Repeat(quick ? 5 : 50, () => r = LinKK.Test(s));
        return new Dictionary<string, object>
        {
            ["points"] = s.Count,
            ["median_ms"] = Math.Round(t.MedianMs, 3),
            ["min_ms"] = Math.Round(t.MinMs, 3),
            ["elements"] = r.Elements,
            ["max_residual"] = Math.Round(r.MaxResidual, 5),
            ["valid"] = r.Valid,
        };
    }
}
