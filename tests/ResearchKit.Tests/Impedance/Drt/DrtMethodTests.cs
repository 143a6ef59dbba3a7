using System.Numerics;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Drt;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>The pieces of the method: QP optimality, exact penalty integrals, fit variants, re-synthesis and bad input.</summary>
public class DrtMethodTests(ITestOutputHelper output)
{
    [Fact]
    public void DrtMethod_ActiveSetSolution_SatisfiesKkt()
    {
        var rng = new DrtRandom(7);
        int n = 40, rows = 60;
        var a = new double[rows * n];
        var b = new double[rows];
        for (int i = 0; i < a.Length; i++) a[i] = rng.NextNormal();
        for (int i = 0; i < rows; i++) b[i] = rng.NextNormal();
        var q = new double[n * n];
        var c = new double[n];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < n; i++)
            {
                c[i] += a[r * n + i] * b[r];
                for (int j = 0; j < n; j++) q[i * n + j] += a[r * n + i] * a[r * n + j];
            }
        var x = NonNegativeQuadratic.Solve(q, c, out int it);
        int zeros = 0;
        for (int i = 0; i < n; i++)
        {
            double w = c[i];
            for (int j = 0; j < n; j++) w -= q[i * n + j] * x[j];
            Assert.True(x[i] >= 0);
            if (x[i] > 0) Assert.True(Math.Abs(w) < 1e-9, $"x[{i}] > 0 but gradient {w}");
            else { Assert.True(w < 1e-9, $"x[{i}] = 0 but gradient {w} > 0"); zeros++; }
        }
        Assert.InRange(zeros, 1, n - 1); // a genuinely constrained problem
        Assert.True(it < 3 * n);
    }

    [Theory]
    [InlineData(DrtPenalty.FirstDerivative)]
    [InlineData(DrtPenalty.SecondDerivative)]
    public void DrtMethod_GaussianPenalty_MatchesNumericalIntegral(DrtPenalty order)
    {
        double eps = 3.0;
        double[] y = [-1.0, -0.7, -0.4, 0.0, 0.3];
        double[] coef = [1.0, 0.5, 2.0, 0.3, 1.2];
        var pen = DrtSolver.PenaltyMatrix(y, DrtBasis.Gaussian, order, eps);
        double quad = 0;
        double sum = 0, step = 1e-4;
        for (double t = -10; t <= 10; t += step)
        {
            double d = 0;
            for (int m = 0; m < y.Length; m++)
            {
                double u = eps * (t - y[m]), e = Math.Exp(-u * u);
                d += coef[m] * (order == DrtPenalty.FirstDerivative ? -2 * eps * u * e : eps * eps * (4 * u * u - 2) * e);
            }
            sum += d * d * step;
        }
        for (int i = 0; i < y.Length; i++) for (int j = 0; j < y.Length; j++) quad += coef[i] * pen[i * y.Length + j] * coef[j];
        Assert.Equal(sum, quad, sum * 1e-6);
    }

    [Theory]
    [InlineData(DrtFitPart.RealOnly, DrtBasis.Gaussian)]
    [InlineData(DrtFitPart.ImaginaryOnly, DrtBasis.Gaussian)]
    [InlineData(DrtFitPart.Combined, DrtBasis.PiecewiseLinear)]
    public void DrtMethod_Variants_RecoverTheZarc(DrtFitPart part, DrtBasis basis)
    {
        var c = DrtCase.OneZarc;
        var r = DrtSolver.Compute(c.Spectrum(0.005), new DrtOptions { FitPart = part, Basis = basis });
        output.WriteLine($"{part} {basis}: lambda {r.Lambda:E2} R_inf {r.RInfOhm:F4} R_pol {r.RPolOhm:F4} L2 {c.GammaL2Error(r):F4}");
        // Imaginary-only fits see R_inf only afterwards, through the real residual: it inherits the R_pol error (8 % bound;
        // 7 % with the wider Gaussians of issue 11).
        double tol = part == DrtFitPart.ImaginaryOnly ? 0.8 : 0.2;
        Assert.InRange(r.RInfOhm, 10 - tol, 10 + tol);
        Assert.InRange(r.RPolOhm, 49, 51);
        Assert.True(c.GammaL2Error(r) < 0.3);
    }

    [Fact]
    public void DrtMethod_LCurveAndFixedLambda_GiveSensibleDistributions()
    {
        var c = DrtCase.TwoZarc;
        var lc = DrtSolver.Compute(c.Spectrum(0.005), new DrtOptions { LambdaMethod = DrtLambdaMethod.LCurve });
        var fx = DrtSolver.Compute(c.Spectrum(0.005), new DrtOptions { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = 1e-3 });
        output.WriteLine($"L-curve lambda {lc.Lambda:E2} L2 {c.GammaL2Error(lc):F4}; fixed 1e-3 L2 {c.GammaL2Error(fx):F4}");
        Assert.Equal(1e-3, fx.Lambda);
        Assert.Empty(fx.LambdaScan);
        Assert.NotEmpty(lc.LambdaScan);
        foreach (var r in new[] { lc, fx })
        {
            Assert.InRange(r.RPolOhm, 78.4, 81.6);
            Assert.True(c.GammaL2Error(r) < 0.35);
        }
    }

    [Fact]
    public void DrtMethod_LargerLambda_SmoothsAndRaisesTheResidual()
    {
        var s = DrtCase.TwoZarc.Spectrum(0.005);
        var small = DrtSolver.Compute(s, new DrtOptions { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = 1e-5 });
        var large = DrtSolver.Compute(s, new DrtOptions { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = 1 });
        Assert.True(large.RmsRelativeResidual > small.RmsRelativeResidual);
        Assert.True(large.GammaOhm.Max() < small.GammaOhm.Max());
    }

    [Fact]
    public void DrtMethod_Resynthesis_AgreesWithTheFit()
    {
        var c = DrtCase.TwoZarc;
        var r = DrtSolver.Compute(c.Spectrum());
        for (int i = 0; i < r.FrequencyHz.Length; i += 10)
            Assert.True((r.ImpedanceAt(r.FrequencyHz[i]) - r.FittedImpedanceOhm[i]).Magnitude < 1e-9);
        // Between the measured frequencies the DRT model still follows the analytic impedance.
        var f = 3.3e2;
        var exact = c.RInfOhm + c.Element(f);
        Assert.True((r.ImpedanceAt(f) - exact).Magnitude < 1e-3 * exact.Magnitude);
        Assert.Equal(r.RelativeResidualReal.Length, r.FrequencyHz.Length);
    }

    [Fact]
    public void DrtMethod_SeriesInductance_IsRecovered()
    {
        var f = DrtCase.Frequencies91;
        var s = DrtAnalytic.Spectrum(f, 10, x => DrtAnalytic.ZarcImpedanceOhm(x, 50, 1e-3, 0.8) + new Complex(0, 2 * Math.PI * x * 1e-6));
        var r = DrtSolver.Compute(s);
        Assert.Equal(1e-6, r.InductanceH, 2e-8);
        Assert.InRange(r.RPolOhm, 49, 51);
    }

    [Fact]
    public void DrtMethod_NegativeRInf_IsRecoveredWhenAllowed()
    {
        var s = DrtAnalytic.Spectrum(DrtCase.Frequencies91, -2, x => DrtAnalytic.ZarcImpedanceOhm(x, 50, 1e-3, 0.8));
        var free = DrtSolver.Compute(s, new DrtOptions { NonNegativeRInf = false });
        Assert.Equal(-2, free.RInfOhm, 0.04);
        Assert.Equal(50, free.RPolOhm, 0.5);
        var constrained = DrtSolver.Compute(s);
        Assert.InRange(constrained.RInfOhm, 0, 1e-6); // at its bound (the central-path barrier keeps it a hair above zero)
        Assert.True(constrained.RmsRelativeResidual > 10 * free.RmsRelativeResidual);
    }

    [Fact]
    public void DrtMethod_BadSpectra_AreRejectedWithTheirSource()
    {
        // Twelve points each (the minimum is ten), so each spectrum is rejected for its defect, not its length.
        var f = Enumerable.Range(0, 12).Select(i => Math.Pow(10, 3 - 0.5 * i)).ToArray();
        f[3] = f[2];
        var z = f.Select(x => new Complex(10, -1)).ToArray();
        var e = Assert.Throws<InvalidInputException>(() => DrtSolver.Compute(new ImpedanceSpectrum(f, z, "dup.csv")));
        Assert.Contains("dup.csv", e.Message);
        Assert.Contains("duplicate", e.Message);
        f = Enumerable.Range(0, 12).Select(i => Math.Pow(10, 3 - 0.5 * i)).ToArray();
        z = f.Select(x => new Complex(10, -1)).ToArray();
        z[1] = new(double.NaN, -1);
        e = Assert.Throws<InvalidInputException>(() => DrtSolver.Compute(new ImpedanceSpectrum(f, z, "nan.csv")));
        Assert.Contains("point 2", e.Message);
        e = Assert.Throws<InvalidInputException>(() => DrtSolver.Compute(new ImpedanceSpectrum(f[..9], z[..9], "short.csv")));
        Assert.Equal("points", e.Field);
        Assert.Throws<InvalidInputException>(() => DrtSolver.Compute(DrtCase.OneZarc.Spectrum(), new DrtOptions { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = -1 }));
    }

    [Fact]
    public void DrtMethod_RandomStream_IsFixed()
    {
        var a = new DrtRandom(12129);
        var b = new DrtRandom(12129);
        for (int i = 0; i < 10; i++) Assert.Equal(a.NextNormal(), b.NextNormal());
        // SplitMix64 reference value for seed 0 (Vigna's splitmix64.c): 0xE220A8397B1DCDAF.
        Assert.Equal(0xE220A8397B1DCDAFUL, new DrtRandom(0).NextUInt64());
    }
}
