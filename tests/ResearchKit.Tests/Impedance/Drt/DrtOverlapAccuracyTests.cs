using System.Globalization;
using ResearchKit.Impedance.Drt;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>
/// Issue 11: DRT accuracy on overlapping processes against pyDRTtools. The reference numbers come from
/// PyDrtTools/compare_pydrttools_overlap.py running pyDRTtools 445ecce (numpy 1.24.2, scipy 1.10.1, cvxopt 1.3.0) on exactly these
/// spectra (91 points, 1 MHz..1 mHz; noise 0.5 % of |Z|, mean over the five seeds of <see cref="DrtCase.Seeds"/>). Full output:
/// PyDrtTools/results-overlap.txt (pyDRTtools as shipped) and results-overlap-tight-qp.txt (its QP solved to 1e-12).
/// pyDRTtools "GCV" = its GCV score minimised over a 71-point grid of [1e-7, 1], the better of first- and second-derivative
/// penalty. Its SLSQP optimiser mostly stays at its start value 1e-3 and is not GCV in effect; it is listed in the results files.
/// </summary>
public class DrtOverlapAccuracyTests(ITestOutputHelper output)
{
    internal static DrtCase Get(string name) => name switch
    {
        "2xZARC-1dec" => DrtCase.TwoZarcOneDecade, "2xZARC-0.6dec" => DrtCase.TwoZarcCloser, "4xASSB" => DrtCase.FourProcessAssb,
        "HN-skew" => DrtCase.HavriliakNegamiSkewed, _ => DrtSolverTests.Get(name),
    };

    /// <summary>Mean relative L2 error of gamma: the one clean spectrum, or the five noisy ones.</summary>
    internal static double MeanL2(DrtCase c, double noise, DrtOptions? options = null) =>
        (noise == 0 ? [12129UL] : DrtCase.Seeds).Average(seed => c.GammaL2Error(DrtSolver.Compute(c.Spectrum(noise, seed), options)));

    /// <summary>Before issue 11 (FWHM coefficient 0.5, GCV of the unconstrained problem only) the kit lost on the close pairs.</summary>
    [Theory]
    [InlineData("1xZARC", 0.0, 0.0112)]
    [InlineData("1xZARC", 0.005, 0.1390)]
    [InlineData("2xZARC", 0.0, 0.1170)]
    [InlineData("2xZARC", 0.005, 0.1867)]
    [InlineData("HN", 0.0, 0.0656)]
    [InlineData("HN", 0.005, 0.1200)]
    [InlineData("2xZARC-1dec", 0.005, 0.1914)]
    [InlineData("2xZARC-0.6dec", 0.005, 0.3142)]
    [InlineData("4xASSB", 0.0, 0.0503)]
    [InlineData("4xASSB", 0.005, 0.3563)]
    [InlineData("HN-skew", 0.0, 0.0472)]
    [InlineData("HN-skew", 0.005, 0.1742)]
    public void DrtOverlap_AnalyticCases_AtLeastAsAccurateAsPyDrtToolsGcv(string name, double noise, double pyDrtToolsL2)
    {
        double l2 = MeanL2(Get(name), noise);
        output.WriteLine($"{name} noise {noise}: ResearchKit mean L2 {l2:F4}, pyDRTtools GCV {pyDrtToolsL2:F4}");
        Assert.True(l2 <= pyDrtToolsL2, $"L2 {l2:F4} > pyDRTtools {pyDrtToolsL2:F4}");
    }

    /// <summary>
    /// Noise-free close pairs: pyDRTtools as shipped gets 0.0397 (0.6 decade) and 0.0137 (1 decade) because cvxopt stops its
    /// interior-point solve at its default tolerance (abstol 1e-7), which keeps every coefficient off zero and smooths the
    /// near-unregularised solution (GCV takes the smallest lambda on exact data); solved to 1e-12 the same pyDRTtools problem gives
    /// 0.1070 and 0.0368. The kit's defaults do both on purpose: the central-path barrier (<see cref="DrtOptions.PositivityBarrier"/>)
    /// and, where GCV clearly prefers it, the wider basis (<see cref="DrtOptions.WideShapeCoefficient"/>; the 0.6-decade pair cannot be
    /// represented below 0.054 in the narrow one). Both must beat pyDRTtools as shipped.
    /// </summary>
    [Theory]
    [InlineData("2xZARC-1dec", 0.0368, 0.0137)]
    [InlineData("2xZARC-0.6dec", 0.1070, 0.0397)]
    public void DrtOverlap_CleanClosePairs_BeatPyDrtToolsAsShipped(string name, double pyDrtToolsExactQpL2, double pyDrtToolsShippedL2)
    {
        double l2 = MeanL2(Get(name), 0);
        output.WriteLine($"{name} clean: ResearchKit L2 {l2:F4}, pyDRTtools exact QP {pyDrtToolsExactQpL2:F4}, as shipped {pyDrtToolsShippedL2:F4}");
        Assert.True(l2 <= pyDrtToolsShippedL2, $"L2 {l2:F4} > pyDRTtools as shipped {pyDrtToolsShippedL2:F4}");
        Assert.True(l2 <= pyDrtToolsExactQpL2);
    }

    /// <summary>
    /// The width rule keeps the narrow default on every noisy spectrum of the overlap set (GCV scores within 0.3 %, under the
    /// sqrt(2/N) = 10 % margin) and takes the wide basis on the noise-free 0.6-decade pair.
    /// </summary>
    [Theory]
    [InlineData("2xZARC-0.6dec", 0.0, 0.5)]
    [InlineData("2xZARC-1dec", 0.0, 0.3)]
    [InlineData("2xZARC-0.6dec", 0.005, 0.3)]
    [InlineData("4xASSB", 0.005, 0.3)]
    [InlineData("2xZARC-1dec", 0.005, 0.3)]
    public void DrtWidthRule_OverlapSet_TakesTheWideBasisOnlyWhereGcvClearlyPrefersIt(string name, double noise, double expectedShape)
    {
        var c = Get(name);
        foreach (var seed in noise == 0 ? [12129UL] : DrtCase.Seeds)
            Assert.Equal(expectedShape, DrtSolver.Compute(c.Spectrum(noise, seed)).Options.ShapeCoefficient);
    }

    /// <summary>
    /// The log barrier alone (<see cref="DrtOptions.PositivityBarrier"/>, the central-path point at relative gap 1e-10, with GCV free
    /// to go below 1e-10 where its minimum lies on exact data; narrow basis only) keeps every coefficient positive, as a ZARC
    /// distribution is: on the 1-decade pair it beats pyDRTtools as shipped (0.0137); on the 0.6-decade pair it improves the exact
    /// solution but stays above pyDRTtools' 0.0397 (the wide basis closes that). Noisy spectra are unchanged.
    /// </summary>
    [Theory]
    [InlineData("2xZARC-1dec", 0.0, 0.0137, true)]
    [InlineData("2xZARC-0.6dec", 0.0, 0.0746, false)]
    public void DrtOverlap_PositivityBarrier_ImprovesCleanClosePairs(string name, double noise, double bound, bool beatsExactSolution)
    {
        var barrier = new DrtOptions { WideShapeCoefficient = null };
        var c = Get(name);
        double exact = MeanL2(c, noise, barrier with { PositivityBarrier = 0 }), withBarrier = MeanL2(c, noise, barrier);
        output.WriteLine($"{name} noise {noise}: exact {exact:F4}, with barrier {withBarrier:F4}");
        // bound: pyDRTtools as shipped (1 decade), the issue-11 default before the barrier (0.6 decade).
        Assert.True(withBarrier < bound, $"with barrier {withBarrier:F4} >= {bound:F4}");
        // On the 0.6-decade pair the exact solution at lambda down to 1e-12 is as good (0.061 against 0.064): the narrow basis, not
        // the solver, limits it there.
        if (beatsExactSolution) Assert.True(withBarrier < 0.9 * exact, $"with barrier {withBarrier:F4} vs exact {exact:F4}");
    }

    /// <summary>
    /// Why no estimator with the default basis can reach pyDRTtools' 0.0397 on the noise-free 0.6-decade pair: the best
    /// non-negative least-squares representation of the exact distribution itself in the default Gaussians (FWHM coefficient 0.3,
    /// 3.3 grid spacings wide) has a relative L2 error of 0.054, while FWHM coefficient 0.5 (pyDRTtools' default) represents it
    /// to 0.003. The narrow basis is what wins the noisy 0.6-decade case (0.312 against 0.336 with 0.5 and the barrier), so beating
    /// the clean number needs the other basis, chosen per spectrum (<see cref="DrtOptions.WideShapeCoefficient"/>).
    /// </summary>
    [Theory]
    [InlineData(0.3, 0.045, 0.07)]
    [InlineData(0.5, 0, 0.01)]
    public void DrtBasis_SharpCloserPair_BestRepresentationErrorSetByWidth(double shape, double lo, double hi)
    {
        var c = DrtCase.TwoZarcCloser;
        var r = DrtSolver.Compute(c.Spectrum(0), new DrtOptions { ShapeCoefficient = shape, WideShapeCoefficient = null });
        int m = r.CentreTauS.Length, k = r.TauS.Length;
        var g = new double[k * m];
        var e = r.TauS.Select(c.ExactGamma!).ToArray();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < m; j++) { double t = r.Epsilon * Math.Log(r.TauS[i] / r.CentreTauS[j]); g[i * m + j] = Math.Exp(-t * t); }
        var q = new double[m * m];
        var rhs = new double[m];
        for (int i = 0; i < k; i++)
            for (int a = 0; a < m; a++)
            {
                rhs[a] += g[i * m + a] * e[i];
                for (int b = 0; b < m; b++) q[a * m + b] += g[i * m + a] * g[i * m + b];
            }
        for (int a = 0; a < m; a++) q[a * m + a] *= 1 + 1e-13; // the Gaussian Gram is numerically singular; a relative 1e-13 ridge
        var x = ResearchKit.Impedance.Drt.NonNegativeQuadratic.Solve(q, rhs, out _);
        double num = 0, den = 0;
        for (int i = 0; i < k; i++)
        {
            double f = 0;
            for (int j = 0; j < m; j++) f += g[i * m + j] * x[j];
            num += (f - e[i]) * (f - e[i]);
            den += e[i] * e[i];
        }
        double best = Math.Sqrt(num / den);
        output.WriteLine($"FWHM coefficient {shape}: best non-negative representation L2 {best:F4}");
        Assert.InRange(best, lo, hi);
    }

    /// <summary>The barrier acts only where GCV takes a vanishing lambda: on 0.5 % noise the error is the exact solution's.</summary>
    [Theory]
    [InlineData("2xZARC-0.6dec")]
    [InlineData("4xASSB")]
    public void DrtOverlap_PositivityBarrierOnNoisyData_LeavesErrorUnchanged(string name)
    {
        var c = Get(name);
        double exact = MeanL2(c, 0.005), withBarrier = MeanL2(c, 0.005, new DrtOptions { PositivityBarrier = 1e-10, LambdaMin = 1e-12 });
        output.WriteLine($"{name} noisy: exact {exact:F4}, with barrier {withBarrier:F4}");
        Assert.Equal(exact, withBarrier, 1e-3);
    }

    /// <summary>The issue-11 defaults against the issue-6 ones (FWHM coefficient 0.5, no active-set pass): never worse, better on the overlap set.</summary>
    [Theory]
    [InlineData("2xZARC-0.6dec", 0.005, 0.3497)]
    [InlineData("2xZARC-1dec", 0.005, 0.1791)]
    [InlineData("4xASSB", 0.0, 0.0518)]
    [InlineData("HN", 0.0, 0.0165)]
    public void DrtOverlap_NewDefaults_ImproveOnIssue6Defaults(string name, double noise, double issue6L2)
    {
        var old = new DrtOptions { ShapeCoefficient = 0.5, ActiveSetPasses = 0, PositivityBarrier = 0, LambdaMin = 1e-10, WideShapeCoefficient = null };
        var c = Get(name);
        double before = MeanL2(c, noise, old), after = MeanL2(c, noise);
        output.WriteLine($"{name} noise {noise}: before {before:F4} after {after:F4}");
        Assert.Equal(issue6L2, before, 3e-4);
        Assert.True(after < 0.95 * before, $"after {after:F4} vs before {before:F4}");
    }

    /// <summary>Peak positions and process resistances (gamma integrated between the exact distribution's valleys).</summary>
    [Theory]
    [InlineData("2xZARC-1dec", 0.0, 0.01, 0.03)]
    [InlineData("2xZARC-0.6dec", 0.0, 0.01, 0.03)]
    [InlineData("4xASSB", 0.0, 0.01, 0.03)]
    [InlineData("2xZARC-1dec", 0.005, 0.03, 0.06)]
    [InlineData("4xASSB", 0.005, 0.07, 0.25)]
    public void DrtOverlap_PeaksAndResistances_WithinTolerance(string name, double noise, double areaTolerance, double peakTolDecades)
    {
        var c = Get(name);
        var errors = (noise == 0 ? [12129UL] : DrtCase.Seeds).Select(s => c.PeakAndAreaErrors(DrtSolver.Compute(c.Spectrum(noise, s)))).ToList();
        double area = errors.Average(e => e.MaxAreaError), peak = errors.Average(e => e.MaxPeakDecades);
        output.WriteLine($"{name} noise {noise}: mean max area error {area:P2}, mean max peak shift {peak:F3} decades");
        Assert.InRange(area, 0, areaTolerance);
        Assert.InRange(peak, 0, peakTolDecades);
    }

    /// <summary>Writes the spectra and the kit's gamma for compare_pydrttools_overlap.py (RESEARCHKIT_DRT_DUMP), and checks they read back exactly.</summary>
    [Fact]
    public void DrtOverlapDump_Cases_ReadBackBitForBit()
    {
        var target = Environment.GetEnvironmentVariable("RESEARCHKIT_DRT_DUMP");
        var dir = string.IsNullOrEmpty(target) ? Directory.CreateTempSubdirectory("rk-drt-overlap").FullName : target;
        Directory.CreateDirectory(dir);
        foreach (var name in new[] { "1xZARC", "2xZARC", "HN", "2xZARC-1dec", "2xZARC-0.6dec", "4xASSB", "HN-skew" })
            foreach (var (noise, seed) in DrtCase.Seeds.Select(s => (0.005, s)).Prepend((0.0, 12129UL)))
            {
                var s = Get(name).Spectrum(noise, seed);
                var r = DrtSolver.Compute(s);
                string tag = $"{name}_{(noise > 0 ? "noise" + seed : "clean")}";
                var path = Path.Combine(dir, $"{tag}.csv");
                File.WriteAllLines(path, s.FrequencyHz.Select((f, i) =>
                    string.Create(CultureInfo.InvariantCulture, $"{f:R},{s.ImpedanceOhm[i].Real:R},{s.ImpedanceOhm[i].Imaginary:R}")));
                File.WriteAllLines(Path.Combine(dir, $"{tag}.ours.csv"), r.TauS.Select((t, i) =>
                    string.Create(CultureInfo.InvariantCulture, $"{t:R},{r.GammaOhm[i]:R}")));
                var back = File.ReadAllLines(path).Select(l => l.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray()).ToArray();
                for (int i = 0; i < s.Count; i++)
                {
                    Assert.Equal(s.ImpedanceOhm[i].Real, back[i][1]);
                    Assert.Equal(s.ImpedanceOhm[i].Imaginary, back[i][2]);
                }
            }
        if (string.IsNullOrEmpty(target)) Directory.Delete(dir, true);
    }
}
