using System.Numerics;
using ResearchKit.Impedance.Drt;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>
/// Issue 11: a spectrum that does not close on the real axis (blocking electrode: R_inf + ZARC + series C) needs a series
/// capacitance in the DRT model. Known answer: R_inf 10 ohm, ZARC 50 ohm / 1 ms / phi 0.8, C 0.05 F, 91 points 1 MHz..1 mHz.
/// </summary>
public class DrtSeriesCapacitanceTests(ITestOutputHelper output)
{
    const double CapacitanceF = 0.05;

    static Complex Blocking(double f) => DrtAnalytic.ZarcImpedanceOhm(f, 50, 1e-3, 0.8) + 1 / new Complex(0, 2 * Math.PI * f * CapacitanceF);

    static double L2(DrtResult r) => DrtCase.OneZarc.GammaL2Error(r);

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.005)]
    public void DrtSeriesCapacitance_RPlusZarcPlusC_RecoversCapacitorAndDistribution(double noise)
    {
        var s = DrtAnalytic.Spectrum(DrtCase.Frequencies91, 10, Blocking, noise, 12129, "R+ZARC+C");
        Assert.True(DrtSolver.HasCapacitiveTail(s.FrequencyHz, s.ImpedanceOhm));
        var auto = DrtSolver.Compute(s);
        var none = DrtSolver.Compute(s, new DrtOptions { SeriesCapacitance = DrtSeriesCapacitance.None });
        output.WriteLine($"noise {noise}: auto C {auto.SeriesCapacitanceF:E4} F, R_inf {auto.RInfOhm:F3}, R_pol {auto.RPolOhm:F3}, L2 {L2(auto):F4}, rms {auto.RmsRelativeResidual:E2}; " +
                         $"without C: R_pol {none.RPolOhm:F1}, L2 {L2(none):F3}, rms {none.RmsRelativeResidual:E2}");
        Assert.NotNull(auto.SeriesCapacitanceF);
        Assert.Equal(CapacitanceF, auto.SeriesCapacitanceF!.Value, CapacitanceF * (noise == 0 ? 1e-3 : 0.01));
        Assert.Equal(10, auto.RInfOhm, 10 * 0.02);
        Assert.Equal(50, auto.RPolOhm, 50 * 0.02);
        Assert.True(L2(auto) < (noise == 0 ? 0.02 : 0.2), $"L2 {L2(auto):F4}");
        Assert.True(auto.RmsRelativeResidual < (noise == 0 ? 1e-4 : 2 * noise));
        // The capacitor is part of the re-synthesised impedance.
        Assert.Equal(s.ImpedanceOhm[^1].Imaginary, auto.ImpedanceAt(s.FrequencyHz[^1]).Imaginary, Math.Abs(s.ImpedanceOhm[^1].Imaginary) * 0.02);
        // Without C the tail is forced into gamma: the distribution and the residual are wrong.
        Assert.Null(none.SeriesCapacitanceF);
        Assert.True(L2(none) > 5 * L2(auto));
        Assert.True(none.RmsRelativeResidual > 3 * auto.RmsRelativeResidual);
    }

    [Theory]
    [InlineData("1xZARC")]
    [InlineData("2xZARC")]
    [InlineData("HN")]
    [InlineData("2xRC")]
    [InlineData("4xASSB")]
    public void DrtSeriesCapacitance_ClosingSpectra_AreNotDetected(string name)
    {
        var c = DrtOverlapAccuracyTests.Get(name);
        foreach (var noise in new[] { 0.0, 0.005 })
        {
            var s = c.Spectrum(noise);
            Assert.False(DrtSolver.HasCapacitiveTail(s.FrequencyHz, s.ImpedanceOhm));
            Assert.Null(DrtSolver.Compute(s).SeriesCapacitanceF);
        }
    }

    [Fact]
    public void DrtSeriesCapacitance_FitOnClosingSpectrum_FindsNoCapacitor()
    {
        var s = DrtCase.OneZarc.Spectrum();
        var r = DrtSolver.Compute(s, new DrtOptions { SeriesCapacitance = DrtSeriesCapacitance.Fit });
        // 1/C >= 0 is fitted: on a closing arc it stays at (or near) zero, i.e. C is infinite or far larger than the data can see.
        Assert.True(r.SeriesCapacitanceF is null || r.SeriesCapacitanceF > 1e3, $"C {r.SeriesCapacitanceF}");
        Assert.Equal(50, r.RPolOhm, 1);
    }
}
