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

/// <summary>Electron-blocking cell spectrum of one cathode (98 points, 5 MHz-1 mHz) plus its conductivity fit (issue 11 target &lt; 0.5 s each).</summary>
public sealed class BlockingSpectrumBenchmark : IBenchmark
{
    public string Name => "eis-blocking-cell";
    public string Description => "electron-blocking cell: synthesise the 98-point spectrum, and fit R0-p(R1,CPE1)-TLEB2 with the separator fixed (target < 0.5 s each)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var a = ConductivityCellAssumptions.Default;
        var cell = a.ElectronBlocking(8.5e-4, 1.86e-2, 0.62);
        var f = a.Frequencies();
        var s = cell.Spectrum(f, NoiseModel.Proportional(a.EisNoise, 202));
        var tSynth = BenchTiming.Repeat(quick ? 3 : 20, () => s = cell.Spectrum(f, NoiseModel.Proportional(a.EisNoise, 202)));
        IonicConductivityResult r = ConductivityCells.IonicConductivity(s, a.ThicknessUm, a.AreaCm2, a.SeparatorOhm);
        var tFit = BenchTiming.Repeat(quick ? 2 : 5, () => r = ConductivityCells.IonicConductivity(s, a.ThicknessUm, a.AreaCm2, a.SeparatorOhm));
        return new Dictionary<string, object>
        {
            ["points"] = s.Count,
            ["spectrum_median_ms"] = Math.Round(tSynth.MedianMs, 3),
            ["fit_median_ms"] = Math.Round(tFit.MedianMs, 2),
            ["fit_cpu_ms"] = Math.Round(tFit.CpuMsPerRun, 2),
            ["sigma_ion_relative_error"] = Math.Round(r.SigmaIonSPerCm / 8.5e-4 - 1, 5),
            ["target_ms"] = 500,
        };
    }
}

/// <summary>Ion-blocking DC polarization record of one cathode (5 steps x 600 s, 3155 samples, Talbot inversion) and its analysis.</summary>
public sealed class DcTransientBenchmark : IBenchmark
{
    public string Name => "dcpol-transient";
    public string Description => "ion-blocking cell: 5 x 600 s chronoamperometry by Talbot inversion (3155 samples) and its I-V analysis (target < 0.5 s each)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var a = ConductivityCellAssumptions.Default;
        var cell = a.IonBlocking(8.5e-4, 1.86e-2, 0.62);
        var rec = cell.Chronoamperometry(a.StepVoltagesV, a.StepDurationS, a.DcNoise, 202);
        var tGen = BenchTiming.Repeat(quick ? 2 : 10, () => rec = cell.Chronoamperometry(a.StepVoltagesV, a.StepDurationS, a.DcNoise, 202));
        ElectronicConductivityResult r = ConductivityCells.ElectronicConductivity(rec, a.ThicknessUm, a.AreaCm2);
        var tAn = BenchTiming.Repeat(quick ? 3 : 20, () => r = ConductivityCells.ElectronicConductivity(rec, a.ThicknessUm, a.AreaCm2));
        return new Dictionary<string, object>
        {
            ["samples"] = rec.Count,
            ["transient_median_ms"] = Math.Round(tGen.MedianMs, 2),
            ["analysis_median_ms"] = Math.Round(tAn.MedianMs, 3),
            ["sigma_e_relative_error"] = Math.Round(r.SigmaESPerCm / 1.86e-2 - 1, 5),
            ["target_ms"] = 500,
        };
    }
}
