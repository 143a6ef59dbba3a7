using ResearchKit.Impedance;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Tests.Impedance;

public class LinKKTests
{
    const string TwoArcs = "R0-p(R1,CPE1)-p(R2,CPE2)";
    static readonly Dictionary<string, double> P = new()
    {
        ["R0"] = 10, ["R1"] = 40, ["CPE1_0"] = 1e-5, ["CPE1_1"] = 0.9, ["R2"] = 100, ["CPE2_0"] = 5e-3, ["CPE2_1"] = 0.8,
    };
    static readonly double[] F = SpectrumSynthesis.LogFrequencies(1e5, 1e-2, 13); // 92 points

    [Fact]
    public void LinKK_NoiseFreeValidSpectrum_PassesWithTinyResiduals()
    {
        var r = LinKK.Test(SpectrumSynthesis.FromCircuit(TwoArcs, P, F));
        Assert.True(r.Valid);
        Assert.True(r.MaxResidual < 2e-3, $"max residual {r.MaxResidual}, M = {r.Elements}");
        Assert.True(r.Mu <= 0.85 || r.Elements == 60);
        Assert.InRange(r.Elements, 3, 60);
    }

    [Fact]
    public void LinKK_NoisyValidSpectrum_Passes()
    {
        var r = LinKK.Test(SpectrumSynthesis.FromCircuit(TwoArcs, P, F, NoiseModel.Proportional(0.002, 7)));
        Assert.True(r.Valid, $"max residual {r.MaxResidual}, M = {r.Elements}");
    }

    [Fact]
    public void NoiseAware_CausalSpectrumWith0p5PercentNoise_Passes()
    {
        foreach (ulong seed in new ulong[] { 1, 2, 3, 4, 5 })
        {
            var s = SpectrumSynthesis.FromCircuit(TwoArcs, P, F, NoiseModel.Proportional(0.005, seed));
            var r = LinKK.Test(s, new LinKKOptions { NoiseAware = true });
            Assert.True(r.Valid, $"seed {seed}: max {r.MaxResidual:P2}, noise {r.NoiseEstimate:P2}, rms {r.RmsResidual:P2}, threshold {r.EffectiveThreshold:P2}");
            Assert.InRange(r.NoiseEstimate, 0.002, 0.008); // the estimate finds the 0.5 % it was given
        }
    }

    [Fact]
    public void NoiseAware_FivePercentDrift_Fails()
    {
        var drift = SpectrumSynthesis.WithDrift(TwoArcs, P, F, "R2", 0.05);
        var r = LinKK.Test(drift, new LinKKOptions { NoiseAware = true });
        Assert.False(r.Valid, $"max {r.MaxResidual:P2}, noise {r.NoiseEstimate:P2}, rms {r.RmsResidual:P2}");
    }

    [Fact]
    public void LinKK_Drift_IsFlagged()
    {
        var drift = SpectrumSynthesis.WithDrift(TwoArcs, P, F, "R2", 0.2);
        var r = LinKK.Test(drift);
        Assert.False(r.Valid, $"max residual {r.MaxResidual}");
        Assert.True(r.MaxResidual > 0.01);
        // Residuals are largest at the low-frequency end, where the drift has accumulated.
        int worst = Enumerable.Range(0, r.FrequencyHz.Length).MaxBy(i => Math.Max(Math.Abs(r.ResidualReal[i]), Math.Abs(r.ResidualImag[i])));
        Assert.True(r.FrequencyHz[worst] < 10, $"worst residual at {r.FrequencyHz[worst]} Hz");
    }

    [Fact]
    public void DummyCellMeasurement_SystematicResidual_FailsBothVerdicts()
    {
        // A physical RC test circuit measured with ZPlot.
        var s = ImpedanceFiles.Read(ImpedanceReferenceFiles.Path_("impedance.py/Circuit1_EIS_1.z"));
        var r = LinKK.Test(s);
        // Its max residual (1.11 % at M = 11) is just above the fixed 1 % threshold, and the noise-aware verdict does not rescue
        // it either: the worst residual (mid-band) is about 5 times the noise estimated from the residuals' point-to-point scatter,
        // i.e. systematic, not noise. Both verdicts therefore say "not valid"; the rms stays at the noise level.
        Assert.False(r.Valid);
        var aware = LinKK.Test(s, new LinKKOptions { NoiseAware = true });
        Assert.False(aware.Valid);
        Assert.True(aware.MaxResidual > 4 * aware.NoiseEstimate, $"max {aware.MaxResidual:P2}, noise {aware.NoiseEstimate:P2}");
        double rms = Math.Sqrt(r.ResidualReal.Concat(r.ResidualImag).Average(v => v * v));
        Assert.True(rms < 0.005, $"rms residual {rms:P2}");
    }

    // Battery spectra that pass (max residual 0.58 %, 0.15 %, 0.84 % at M = 22, 21, 6); the Gamry (18.7 %), CHI (8.2 %),
    // BioLogic (7.2 %) and Parstat (58 %) files fail, the latter with obvious high-frequency artefacts (Z' < 0 at 10 kHz).
    [Theory]
    [InlineData("impedance.py/exampleData.csv", true)]
    [InlineData("pyDRTtools/LIB_data.txt", true)]
    [InlineData("impedance.py/exampleDataZPlot.z", true)]
    [InlineData("impedance.py/exampleDataParstat.txt", false)]
    public void LinKK_RealSpectra_GiveExpectedVerdicts(string rel, bool valid)
    {
        var r = LinKK.Test(ImpedanceFiles.Read(ImpedanceReferenceFiles.Path_(rel)));
        Assert.True(r.Valid == valid, $"{rel}: max residual {r.MaxResidual:P2}, M = {r.Elements}, mu = {r.Mu:F3}");
    }
}
