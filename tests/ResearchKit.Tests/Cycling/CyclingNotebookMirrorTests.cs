using Deedle;
using ResearchKit.Charts.Cycling;
using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;
using ResearchKit.Cycling.Synthetic;

namespace ResearchKit.Tests.Cycling;

/// <summary>The calls of notebooks/cycling-reading-a-cycler-file.ipynb, compiled and run, with the numbers its markdown states.</summary>
public class CyclingNotebookMirrorTests
{
    [Fact]
    public void CyclingReadingNotebook_CopiedReferenceFiles_RunAndStateTheirNumbers()
    {
        var dir = CyclingReferenceFiles.CopiedDir;
        var maccorPath = Path.Combine(dir, "beep__PreDiag_000229_000229_truncated.034");
        Assert.Equal(MaccorTextReader.FormatName, CyclerFiles.DetectFormat(maccorPath));
        var cell = CyclerFiles.Read(maccorPath, CellMode.Cathode);
        var summary = CycleSummary.Compute(cell);
        // The notebook's markdown: cycle 1 discharge 4762.61 mAh = the instrument's Amp-hr 4.7626133936 Ah to 1e-6 mAh.
        Assert.Equal(4762.61, Math.Round(summary[1]!.DischargeCapacityMAh, 2));
        Assert.True(Math.Abs(summary[1]!.DischargeCapacityMAh - 4762.6133936) < 1e-6);
        Frame<int, string> table = summary.ToFrame().Columns[new[] { "Cycle", "ChargeCapacityMAh", "DischargeCapacityMAh", "CoulombicEfficiency", "MeanDischargeVoltageV" }];
        Assert.Equal(5, table.ColumnCount);
        Assert.NotNull(CyclingCharts.VoltageProfiles(cell, new[] { 1 }));
        Assert.NotNull(CyclingCharts.DifferentialCapacity(new[] { Differential.Compute(cell, 1, charge: true), Differential.Compute(cell, 1, charge: false) }));
        var mprPath = Path.Combine(dir, "navani__00_test_04_MB_C01.mpr");
        Assert.Contains(EcLabMpr.ReadModules(mprPath), m => m.ShortName == "VMP data");
        Assert.Equal(1501, EcLabMpr.Read(mprPath).Count);
        var ndax = CyclerFiles.Read(Path.Combine(dir, "navani__test.ndax"), CellMode.Cathode);
        Assert.True(CycleSummary.Compute(ndax).Cycles.Count >= 1);

        var run = GalvanostaticGenerator.Generate(new GalvanostaticProtocol { Cycles = 3, Seed = 1 });
        var tmp = Path.Combine(Path.GetTempPath(), $"synthetic-cycling-{Guid.NewGuid():N}.mpt");
        try
        {
            run.WriteMpt(tmp);
            run.WriteMpr(tmp + ".mpr");
            var fromMpr = EcLabMpr.Read(tmp + ".mpr", CellMode.Cathode);
            var fromMpt = EcLabMptReader.Read(tmp, CellMode.Cathode);
            Assert.Equal(fromMpt.Count, fromMpr.Count);
            Assert.True(fromMpr.VoltageV.Zip(fromMpt.VoltageV, (a, b) => Math.Abs(a - b)).Max() < 1e-6);
            var back = CycleSummary.Compute(EcLabMptReader.Read(tmp, CellMode.Cathode));
            Assert.All(run.Expected.Zip(back.Cycles), p => Assert.Equal(p.First.DischargeCapacityMAh, p.Second.DischargeCapacityMAh));
            var rate = RateTest.Analyze(back, 2.0);
            Assert.NotNull(CyclingCharts.RateBlocks(rate));
            Assert.NotNull(CyclingCharts.VoltageProfiles(EcLabMptReader.Read(tmp, CellMode.Cathode), new[] { 1 }, 10.0, global::ResearchKit.Cycling.Analysis.Electrochemistry.LtoVsLiV));
        }
        finally { foreach (var f in new[] { tmp, tmp + ".mpr" }) { File.Delete(f); File.Delete(CyclingProvenance.SidecarPath(f)); } }
    }
}
