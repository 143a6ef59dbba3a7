using System.Numerics;
using Deedle;
using ResearchKit.Charts.Impedance;
using ResearchKit.Impedance.Drt;
using ResearchKit.Impedance.IO;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>The code of notebooks/impedance-drt-step-by-step.ipynb, so that it compiles and its statements stay true.</summary>
public class DrtNotebookMirrorTests(ITestOutputHelper output)
{
    [Fact]
    public void DrtNotebookMirror_SyntheticSections_HoldWhatTheTextSays()
    {
        var f = DrtAnalytic.LogFrequenciesHz(1e6, 1e-3, 10);
        Func<double, Complex> twoZarc = x => DrtAnalytic.ZarcImpedanceOhm(x, 30, 1e-5, 0.85) + DrtAnalytic.ZarcImpedanceOhm(x, 50, 1e-2, 0.8);
        Func<double, double> exact = t => DrtAnalytic.ZarcGammaOhm(t, 30, 1e-5, 0.85) + DrtAnalytic.ZarcGammaOhm(t, 50, 1e-2, 0.8);
        var spectrum = DrtAnalytic.Spectrum(f, 10, twoZarc, relativeNoise: 0.005, seed: 12129);
        var drt = DrtSolver.Compute(spectrum);
        var peaks = DrtPeakAnalysis.Find(drt);
        Assert.NotNull(DrtCharts.Gamma(drt, "DRT (GCV)", exact, peaks, DrtBands.FromPaper()));
        Assert.NotNull(DrtCharts.LambdaSearch(drt));
        var byLambda = new[] { 1e-6, 1e-3, 1.0 }
            .Select(l => (Name: $"lambda = {l:G1}", Drt: DrtSolver.Compute(spectrum, new DrtOptions { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = l })))
            .Append((Name: "GCV", Drt: drt)).ToList();
        Assert.NotNull(DrtCharts.Compare(byLambda));
        double L2(DrtResult r) => Math.Sqrt(r.TauS.Select((t, i) => Math.Pow(r.GammaOhm[i] - exact(t), 2)).Sum() / r.TauS.Select(t => exact(t) * exact(t)).Sum());
        var frame = Frame.FromRecords(byLambda.Select(x => new { x.Name, lambda = x.Drt.Lambda, l2_error = L2(x.Drt), r_pol_ohm = x.Drt.RPolOhm, rms_residual = x.Drt.RmsRelativeResidual, peaks = DrtPeakAnalysis.Find(x.Drt).Count }));
        Assert.Equal(4, frame.RowCount);
        foreach (var x in byLambda) output.WriteLine($"{x.Name}: L2 {L2(x.Drt):F3} peaks {DrtPeakAnalysis.Find(x.Drt).Count} rms {x.Drt.RmsRelativeResidual:E2} max {x.Drt.GammaOhm.Max():F2}");
        // "too small: wiggles / split peaks; too large: peaks flatten and the residual grows"
        Assert.True(DrtPeakAnalysis.Find(byLambda[0].Drt).Count >= 2);
        Assert.True(byLambda[2].Drt.RmsRelativeResidual > 2 * drt.RmsRelativeResidual);
        Assert.True(byLambda.Take(3).All(x => L2(drt) < L2(x.Drt)));
        Assert.Equal(4, Frame.FromRecords(DrtBands.FromPaper()).RowCount);
        Assert.Equal(peaks.Count, Frame.FromRecords(peaks).RowCount);
        // "a Gaussian captures about 90 % of a ZARC's resistance"; "a small extra peak (under 5 % of the 80 ohm, near 0.1 ms)"
        var slow = peaks.MinBy(p => Math.Abs(Math.Log10(p.TauS / 1e-2)))!;
        Assert.InRange(slow.ResistanceOhm / 50, 0.8, 1.0);
        foreach (var extra in peaks.Where(p => Math.Abs(Math.Log10(p.TauS / 1e-2)) > 0.3 && Math.Abs(Math.Log10(p.TauS / 1e-5)) > 0.3))
        {
            Assert.True(extra.ResistanceOhm < 0.05 * 80, $"extra peak {extra.TauS:E2} s holds {extra.ResistanceOhm:F2} ohm");
            Assert.InRange(Math.Log10(extra.TauS), -4.5, -3.5);
        }

        // Credible band: the noise estimate finds the 0.5 %, the band covers the exact gamma nearly everywhere it is visible,
        // and it is widest on the slow flank of the broad 10 ms process.
        var band = DrtCredibleBands.Compute(drt, 0.99);
        Assert.NotNull(DrtCharts.CredibleBand(band, "DRT (GCV)", exact));
        var inside = band.TauS.Select((t, i) => exact(t) >= band.GammaLowerOhm[i] && exact(t) <= band.GammaUpperOhm[i]).ToArray();
        var visible = band.TauS.Select(t => exact(t) > 0.02 * band.TauS.Max(exact)).ToArray();
        double coverage = inside.Where((_, i) => visible[i]).Count(x => x) / (double)visible.Count(x => x);
        double noise = band.NoiseStdOhm / Math.Exp(spectrum.ImpedanceOhm.Average(z => Math.Log(z.Magnitude)));
        int widest = Enumerable.Range(0, band.TauS.Length).MaxBy(i => band.GammaUpperOhm[i] - band.GammaLowerOhm[i]);
        output.WriteLine($"band: coverage {coverage:F3}, noise {noise:P3}, widest at {band.TauS[widest]:E2} s, effective parameters {band.EffectiveParameters:F1}");
        Assert.InRange(noise, 0.004, 0.006);
        Assert.True(coverage >= 0.9);
        Assert.InRange(Math.Log10(band.TauS[widest] / 1e-2), 0, 0.7); // on the slow side of the 10 ms process

        // Diffusion section.
        Func<double, Complex> withDiffusion = x =>
        {
            var s = Complex.Sqrt(new Complex(0, 2 * Math.PI * x * 30));
            return DrtAnalytic.ZarcImpedanceOhm(x, 50, 1e-2, 0.8) + 40 * Complex.Tanh(s) / s;
        };
        var full = DrtSolver.Compute(DrtAnalytic.Spectrum(DrtAnalytic.LogFrequenciesHz(1e6, 1e-3, 10), 10, withDiffusion, 0.005, 12129));
        var cut = DrtSolver.Compute(DrtAnalytic.Spectrum(DrtAnalytic.LogFrequenciesHz(1e6, 1e-1, 10), 10, withDiffusion, 0.005, 12129));
        int d4Full = DrtPeakAnalysis.Find(full).Count(p => p.Band == "D4"), d4Cut = DrtPeakAnalysis.Find(cut).Count(p => p.Band == "D4");
        output.WriteLine($"diffusion: full R_pol {full.RPolOhm:F2} (D4 peaks {d4Full}), cut R_pol {cut.RPolOhm:F2} (D4 peaks {d4Cut})");
        foreach (var p in DrtPeakAnalysis.Find(full)) output.WriteLine($"  full peak {p.TauS:E2} {p.ResistanceOhm:F2} {p.Band}");
        Assert.InRange(full.RPolOhm, 85, 92);
        Assert.True(cut.RPolOhm < 80);
        Assert.True(d4Full >= 1 && d4Cut == 0);
    }

    [Fact]
    public void DrtNotebookMirror_RealSpectraSection_Runs()
    {
        var lib = ImpedanceFiles.Read(DrtReferenceFiles.Data("pyDRTtools/LIB_data.txt"));
        var libDrt = DrtSolver.Compute(lib);
        Assert.NotNull(DrtCharts.Gamma(libDrt, "LIB_data.txt", peaks: DrtPeakAnalysis.Find(libDrt), bands: DrtBands.FromPaper()));
        Assert.NotNull(DrtCharts.Nyquist(libDrt));
        Assert.NotNull(DrtCharts.Residuals(libDrt));
        Assert.True(libDrt.RmsRelativeResidual < 1e-3);
        var gamry = ImpedanceFiles.Read(DrtReferenceFiles.Data("impedance.py/exampleDataGamry.DTA"));
        var gamryDrt = DrtSolver.Compute(gamry);
        Assert.True(gamryDrt.RmsRelativeResidual > 0.01);
        // "the phase there is only about -21 degrees": no series capacitor is added.
        int lowest = Array.IndexOf(gamry.FrequencyHz, gamry.FrequencyHz.Min());
        Assert.Equal(-21, Math.Atan2(gamry.ImpedanceOhm[lowest].Imaginary, gamry.ImpedanceOhm[lowest].Real) * 180 / Math.PI, 1.0);
        Assert.False(DrtSolver.HasCapacitiveTail(gamry.FrequencyHz, gamry.ImpedanceOhm));
        Assert.Null(gamryDrt.SeriesCapacitanceF);
        output.WriteLine($"LIB rms {libDrt.RmsRelativeResidual:E2}; Gamry rms {gamryDrt.RmsRelativeResidual:E2}");
    }
}
