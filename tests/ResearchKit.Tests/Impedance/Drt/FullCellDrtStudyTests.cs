using ResearchKit.Impedance.Drt;
using ResearchKit.Impedance.IO;
using ResearchKit.Paper;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>
/// The stand-in full-cell spectra of Fig 3a/3b (FullCellDrtStudy): the stored files under data/synthetic/impedance/full-cell are
/// what the generator writes from the stored twin study (RESEARCHKIT_WRITE_FULL_CELL=1 rewrites them), they read back through the
/// readers, and the DRT returns the band resistances the rule put in.
/// </summary>
public class FullCellDrtStudyTests(ITestOutputHelper output)
{
    static string Root => TestPaths.RepositoryRoot;
    static IReadOnlyList<ResearchKit.Paper.TwinTransportRow> Twin =>
        TwinTransportStudy.ReadCsv(Path.Combine(Root, "data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv"));

    [Fact]
    public void FullCellDrtStudy_StoredFiles_MatchTheGenerator()
    {
        bool write = Environment.GetEnvironmentVariable("RESEARCHKIT_WRITE_FULL_CELL") == "1";
        var dir = write ? Path.Combine(Root, "data", "synthetic") : Directory.CreateTempSubdirectory("rk-full-cell").FullName;
        FullCellDrtStudy.WritePaperFiles(Twin, dir);
        foreach (var s in Samples.All)
            foreach (var after in new[] { false, true })
            {
                var name = FullCellDrtStudy.FileName(s.Name, after);
                var stored = Path.Combine(Root, "data", "synthetic", "impedance", "full-cell", name);
                var fresh = Path.Combine(dir, "impedance", "full-cell", name);
                var a = ImpedanceFiles.Read(stored); var b = ImpedanceFiles.Read(fresh);
                Assert.Equal(b.FrequencyHz, a.FrequencyHz);
                Assert.Equal(b.ImpedanceOhm, a.ImpedanceOhm);
                Assert.NotNull(ImpedanceFiles.ReadProvenance(stored));
            }
        if (!write) Directory.Delete(dir, true);
    }

    [Fact]
    public void FullCellDrtStudy_DrtOfEachFile_RecoversD1AndD2WithinTenPercent()
    {
        var bands = DrtBands.FromPaper();
        var mean = TwinTransportStudy.MeanOverSeeds(Twin);
        foreach (var s in Samples.All)
            foreach (var after in new[] { false, true })
            {
                var spectrum = ImpedanceFiles.Read(Path.Combine(Root, "data", "synthetic", "impedance", "full-cell", FullCellDrtStudy.FileName(s.Name, after)));
                var truth = FullCellDrtStudy.Resistances(mean.First(r => Math.Abs(r.NcwaMassFraction - s.NcwaMassFraction) < 1e-9), after);
                var areas = FullCellDrtStudy.BandAreasOhm(DrtSolver.Compute(spectrum), bands);
                // Known answer: the exact distribution (four ZARCs) integrated over each band.
                var a = FullCellEisAssumptions.Default;
                double[] rs = [truth.D1Ohm, truth.D2Ohm, truth.D3Ohm, truth.D4Ohm];
                double Exact(double t) => Enumerable.Range(0, 4).Sum(k => DrtAnalytic.ZarcGammaOhm(t, rs[k], a.TauS[k], a.Phi[k]));
                var exact = bands.Select(b => { int n = 400; double h = Math.Log(b.TauMaxS / b.TauMinS) / n, sum = 0;
                    for (int i = 0; i < n; i++) sum += Exact(b.TauMinS * Math.Exp((i + 0.5) * h)) * h; return sum; }).ToArray();
                output.WriteLine($"{s.Name} {(after ? "after" : "before")}: D1 {areas[0]:F2}/{exact[0]:F2} D2 {areas[1]:F2}/{exact[1]:F2} D3 {areas[2]:F2}/{exact[2]:F2} D4 {areas[3]:F2}/{exact[3]:F2} (rule D1 {truth.D1Ohm:F2} D2 {truth.D2Ohm:F2})");
                Assert.Equal(exact[1], areas[1], exact[1] * 0.10);
                Assert.Equal(exact[0], areas[0], Math.Max(exact[0] * 0.10, 0.3));
            }
    }
}
