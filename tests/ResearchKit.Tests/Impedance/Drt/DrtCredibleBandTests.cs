using ResearchKit.Impedance.Drt;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>
/// Credible bands of the DRT (DrtCredibleBands): on analytic spectra with known gamma the 99 % band covers the exact distribution
/// at most points, its width scales with the noise, and the noise estimate finds the noise that was added.
/// </summary>
public class DrtCredibleBandTests(ITestOutputHelper output)
{
    /// <summary>Fraction of output points, where the exact gamma exceeds 2 % of its maximum, that lie inside the band.</summary>
    static double Coverage(DrtCase c, DrtCredibleBand band)
    {
        var exact = band.TauS.Select(c.ExactGamma!).ToArray();
        double max = exact.Max();
        var where = Enumerable.Range(0, exact.Length).Where(i => exact[i] > 0.02 * max).ToList();
        return where.Count(i => exact[i] >= band.GammaLowerOhm[i] && exact[i] <= band.GammaUpperOhm[i]) / (double)where.Count;
    }

    [Theory]
    [InlineData("1xZARC")]
    [InlineData("2xZARC")]
    [InlineData("HN")]
    [InlineData("2xZARC-1dec")]
    [InlineData("4xASSB")]
    public void CredibleBand_NoisySpectra_CoverTheExactGammaAtMostPoints(string name)
    {
        var c = DrtOverlapAccuracyTests.Get(name);
        var coverage = DrtCase.Seeds.Select(seed =>
        {
            var band = DrtCredibleBands.Compute(DrtSolver.Compute(c.Spectrum(0.005, seed)), 0.99);
            Assert.All(band.GammaLowerOhm.Zip(band.GammaUpperOhm), b => Assert.True(b.First >= 0 && b.First <= b.Second));
            return Coverage(c, band);
        }).ToList();
        output.WriteLine($"{name}: 99 % band coverage per seed {string.Join(", ", coverage.Select(v => v.ToString("F2")))}, mean {coverage.Average():F3}");
        // Below the nominal 0.99: the band carries the noise, not the Tikhonov bias (see the class remarks).
        Assert.True(coverage.Average() >= 0.8, $"mean coverage {coverage.Average():F3}");
    }

    [Fact]
    public void CredibleBand_NoiseEstimateAndWidth_ScaleWithTheNoise()
    {
        var c = DrtCase.TwoZarc;
        // Fixed lambda: the posterior covariance is sigma^2 (A^T A + lambda P)^-1, so the width is proportional to sigma. (With GCV the
        // lambda falls with the noise and the band keeps about the same width: the prior is weaker in proportion.)
        var fixedLambda = new DrtOptions { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = 1e-4 };
        DrtCredibleBand At(double noise) => DrtCredibleBands.Compute(DrtSolver.Compute(c.Spectrum(noise, 7), fixedLambda), 0.95);
        var low = At(0.001); var high = At(0.005);
        double Width(DrtCredibleBand b) => b.GammaUpperOhm.Zip(b.GammaLowerOhm).Average(w => w.First - w.Second);
        // Modulus weighting: residuals are relative to |Z| times the geometric mean of |Z|, so sigma / mean|Z| is the relative noise.
        double gm = Math.Exp(c.Spectrum(0, 7).ImpedanceOhm.Average(z => Math.Log(z.Magnitude)));
        output.WriteLine($"noise 0.1 %: sigma/gm {low.NoiseStdOhm / gm:P3}, width {Width(low):G3}; 0.5 %: sigma/gm {high.NoiseStdOhm / gm:P3}, width {Width(high):G3}");
        Assert.InRange(high.NoiseStdOhm / gm, 0.0035, 0.0065);
        Assert.InRange(low.NoiseStdOhm / gm, 0.0007, 0.0013);
        Assert.InRange(Width(high) / Width(low), 3, 7);
        // A narrower credibility gives a narrower band (z = 0.674 against 1.960).
        var narrow = DrtCredibleBands.Compute(DrtSolver.Compute(c.Spectrum(0.005, 7), fixedLambda), 0.5);
        Assert.True(Width(narrow) < 0.5 * Width(high));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.5)]
    public void CredibleBand_CredibilityOutsideZeroOne_Throws(double credibility) =>
        Assert.Throws<InvalidInputException>(() => DrtCredibleBands.Compute(DrtSolver.Compute(DrtCase.OneZarc.Spectrum(0.005, 1)), credibility));
}
