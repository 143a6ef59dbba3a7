using ResearchKit.Impedance;
using ResearchKit.Impedance.Drt;
using ResearchKit.Impedance.IO;
using ResearchKit.Paper;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>
/// Fig 3a/3b (FullCellDrtStudy): the band integration recovers known band resistances from a four-process spectrum, and the DRT of
/// each stored cell-model spectrum reproduces that spectrum and the model's own high-frequency resistance.
/// </summary>
public class FullCellDrtStudyTests(ITestOutputHelper output)
{
    static string Data => Path.Combine(TestPaths.RepositoryRoot, "data");

    /// <summary>
    /// Known answer: R_inf + one ZARC per band of the paper (tau 10 us, 3 ms, 0.5 s, 30 s) with 0.5 % noise, 1 MHz..10 mHz; the
    /// exact distribution (four ZARC distributions) integrated over each band is what the DRT's band areas must return.
    /// </summary>
    [Theory]
    [InlineData(2.0, 30.0, 10.0, 8.0)]
    [InlineData(8.0, 60.0, 16.0, 10.0)]
    public void BandAreas_FourZarcSpectrum_RecoverD1AndD2WithinTenPercent(double d1, double d2, double d3, double d4)
    {
        double[] rs = [d1, d2, d3, d4], tau = [1e-5, 3e-3, 0.5, 30], phi = [0.9, 0.75, 0.8, 0.8];
        var f = ResearchKit.Impedance.Synthesis.SpectrumSynthesis.LogFrequencies(1e6, 1e-2, 10);
        var z = f.Select(x => Enumerable.Range(0, 4).Aggregate(new System.Numerics.Complex(15, 0), (acc, k) => acc + DrtAnalytic.ZarcImpedanceOhm(x, rs[k], tau[k], phi[k]))).ToArray();
        z = ResearchKit.Impedance.Synthesis.SpectrumSynthesis.AddNoise(z, ResearchKit.Impedance.Synthesis.NoiseModel.Proportional(0.005, 301));
        var bands = DrtBands.FromPaper();
        var areas = FullCellDrtStudy.BandAreasOhm(DrtSolver.Compute(new ImpedanceSpectrum(f, z, "four ZARC")), bands);
        double Exact(double t) => Enumerable.Range(0, 4).Sum(k => DrtAnalytic.ZarcGammaOhm(t, rs[k], tau[k], phi[k]));
        var exact = bands.Select(b =>
        {
            int n = 400; double h = Math.Log(b.TauMaxS / b.TauMinS) / n, sum = 0;
            for (int i = 0; i < n; i++) sum += Exact(b.TauMinS * Math.Exp((i + 0.5) * h)) * h;
            return sum;
        }).ToArray();
        output.WriteLine($"D1 {areas[0]:F2}/{exact[0]:F2} D2 {areas[1]:F2}/{exact[1]:F2} D3 {areas[2]:F2}/{exact[2]:F2} D4 {areas[3]:F2}/{exact[3]:F2}");
        Assert.Equal(exact[1], areas[1], exact[1] * 0.10);
        // D1 is small beside the broad D2 (phi 0.75): the DRT's resolution leaves up to 0.4 ohm of error there.
        Assert.Equal(exact[0], areas[0], Math.Max(exact[0] * 0.10, 0.4));
    }

    [Fact]
    public void AnalyseModelSpectra_EachStoredSpectrum_IsReproducedByItsDrt()
    {
        var drts = FullCellDrtStudy.AnalyseModelSpectra(Data);
        Assert.Equal(10, drts.Count);
        foreach (var r in drts)
        {
            var sample = Samples.All.First(s => s.Name == r.Sample);
            var path = CellModelFiles.SpectrumPathOf(Data, sample, r.State);
            var p = ImpedanceFiles.ReadProvenance(path)!.Parameters!;
            double rLf = p["r_low_frequency_ohm"], rHf = p["r_high_frequency_ohm"];
            output.WriteLine($"{r.Sample} {r.State}: D1 {r.D1Ohm:F2} D2 {r.D2Ohm:F2} D3 {r.D3Ohm:F2} D4 {r.D4Ohm:F2} Rpol {r.RPolOhm:F2} Rinf {r.Drt.RInfOhm:F2} (file R_hf {rHf:F2}, R_lf {rLf:F2}) rms {r.RmsRelativeResidual:E2}");
            Assert.True(r.RmsRelativeResidual < 0.01, $"{r.Sample} {r.State}: rms {r.RmsRelativeResidual:P2}");
            // The model's Re Z at 1 MHz is R_inf plus the tail of the fastest process; the DRT's R_inf lies just below it.
            Assert.InRange(r.Drt.RInfOhm, 0.9 * rHf, rHf);
        }
    }
}
