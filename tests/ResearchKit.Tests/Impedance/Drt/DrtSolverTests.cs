using ResearchKit.Impedance.Drt;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>
/// Issue 6 validation: one and two ZARCs, a Havriliak-Negami element and two ideal RCs (Dirac deltas), noise-free and with
/// 0.5 % proportional noise (seed 12129), 91 points 1 MHz..1 mHz. R_inf and R_pol within 2 %, peaks within 0.1 decade,
/// relative L2 error of gamma against the closed form reported (and bounded).
/// </summary>
public class DrtSolverTests(ITestOutputHelper output)
{
    public static TheoryData<string, double> Cases => new()
    {
        { "1xZARC", 0 }, { "1xZARC", 0.005 }, { "2xZARC", 0 }, { "2xZARC", 0.005 },
        { "HN", 0 }, { "HN", 0.005 }, { "2xRC", 0 }, { "2xRC", 0.005 },
    };

    internal static DrtCase Get(string name) => name switch
    {
        "1xZARC" => DrtCase.OneZarc, "2xZARC" => DrtCase.TwoZarc, "HN" => DrtCase.HavriliakNegami, _ => DrtCase.TwoRc,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void DrtSolver_Synthetic_RecoversRInfPolarisationAndPeaks(string name, double noise)
    {
        var c = Get(name);
        var r = DrtSolver.Compute(c.Spectrum(noise));
        var peaks = DrtPeakAnalysis.Find(r);
        double l2 = c.ExactGamma is null ? double.NaN : c.GammaL2Error(r);
        output.WriteLine($"{name} noise {noise}: lambda {r.Lambda:E2} R_inf {r.RInfOhm:F4} R_pol {r.RPolOhm:F4} L {r.InductanceH:E2} L2 {l2:F4} rms {r.RmsRelativeResidual:E2} it {r.Iterations}");
        foreach (var pk in peaks) output.WriteLine($"  peak tau {pk.TauS:E3} gamma {pk.GammaOhm:F3} R {pk.ResistanceOhm:F3} band {pk.Band}");
        Assert.InRange(r.RInfOhm, c.RInfOhm * 0.98, c.RInfOhm * 1.02);
        Assert.InRange(r.RPolOhm, c.RPolOhm * 0.98, c.RPolOhm * 1.02);
        foreach (var expected in c.PeakTauS)
        {
            double nearest = peaks.Min(pk => Math.Abs(Math.Log10(pk.TauS / expected)));
            Assert.True(nearest < 0.1, $"no peak within 0.1 decade of {expected} s (nearest {nearest:F3} decades)");
        }
        if (c.ExactGamma is not null) Assert.True(l2 < (noise == 0 ? 0.05 : 0.25), $"L2 error {l2:F4}");
        // A Dirac delta is not in the span of the smooth basis: its noise-free residual stays at a few 1e-3 (6.8e-3 with the
        // wider Gaussians of issue 11, FWHM coefficient 0.3).
        double rmsLimit = noise > 0 ? 2 * noise : c.ExactGamma is null ? 1e-2 : 1e-4;
        Assert.True(r.RmsRelativeResidual < rmsLimit, $"rms residual {r.RmsRelativeResidual}");
    }

    [Fact]
    public void DrtSolver_RcPeaks_CarryTheirResistances()
    {
        var r = DrtSolver.Compute(DrtCase.TwoRc.Spectrum());
        var peaks = DrtPeakAnalysis.Find(r);
        Assert.Equal(2, peaks.Count);
        Assert.Equal(20, peaks[0].ResistanceOhm, 0.4);
        Assert.Equal(40, peaks[1].ResistanceOhm, 0.8);
    }

    [Fact]
    public void DrtSolver_Peaks_AreAssignedToThePapersBands()
    {
        var bands = DrtBands.FromPaper();
        Assert.Equal(["D1", "D2", "D3", "D4"], bands.Select(b => b.Name));
        Assert.Equal(1e-6, bands[0].TauMinS);
        Assert.Equal(1e2, bands[3].TauMaxS);
        double[] tau0 = [1e-5, 1e-2, 1, 30];
        var spectrum = ResearchKit.Impedance.Drt.DrtAnalytic.Spectrum(DrtCase.Frequencies91, 5,
            f => tau0.Aggregate(System.Numerics.Complex.Zero, (z, t) => z + DrtAnalytic.ZarcImpedanceOhm(f, 20, t, 0.9)));
        var r = DrtSolver.Compute(spectrum);
        var peaks = DrtPeakAnalysis.Find(r);
        Assert.Equal(4, peaks.Count);
        for (int k = 0; k < 4; k++)
        {
            Assert.Equal($"D{k + 1}", peaks[k].Band);
            Assert.True(Math.Abs(Math.Log10(peaks[k].TauS / tau0[k])) < 0.1, $"peak {k}: {peaks[k].TauS}");
        }
        Assert.Equal(80, r.RPolOhm, 80 * 0.02);
        Assert.Null(DrtBands.Assign(1e-8, bands));
    }
}
