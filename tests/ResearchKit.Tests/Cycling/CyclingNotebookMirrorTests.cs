using Deedle;
using ResearchKit.Charts.Cycling;
using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;
using ResearchKit.Cycling.Synthetic;

namespace ResearchKit.Tests.Cycling;

/// <summary>The calls of notebooks/cycling-reading-a-cycler-file.ipynb, compiled and run (the notebooks cannot run here yet).</summary>
public class CyclingNotebookMirrorTests
{
    [Fact]
    public void NotebookCallsRun()
    {
        var cathodePath = CyclingReferenceFiles.Path_("yadg__gcpl.issue_228.mpr");
        var modules = EcLabMpr.ReadModules(cathodePath).Select(m => $"{m.ShortName}: version {m.Version}, header v{m.HeaderVersion}, {m.Length} bytes").ToList();
        Assert.Equal(3, modules.Count);
        var cell = EcLabMpr.Read(cathodePath, CellMode.Cathode);
        Assert.NotEmpty(cell.InstrumentColumns.Select(c => c.ToString()));
        var summary = CycleSummary.Compute(cell, new CycleSummaryOptions { ActiveMassMg = 10.0 });
        Frame<int, string> table = summary.ToFrame().Columns[new[] { "Cycle", "ChargeCapacityMAh", "DischargeCapacityMAh", "CoulombicEfficiency", "MeanDischargeVoltageV", "Retention" }];
        Assert.Equal(6, table.ColumnCount);
        Assert.NotNull(CyclingCharts.VoltageProfiles(cell, new[] { 1, 2, 4 }));
        Assert.NotNull(CyclingCharts.CapacityPerCycle(summary));
        Assert.NotNull(CyclingCharts.EfficiencyPerCycle(summary));
        Assert.NotNull(CyclingCharts.DifferentialCapacity(new[] { Differential.Compute(cell, 2, charge: true), Differential.Compute(cell, 2, charge: false) }));
        var anodeMpr = EcLabMpr.Read(CyclingReferenceFiles.Path_("yadg__gcpl.pr_182.1.mpr"), CellMode.Anode);
        var anodeMpt = EcLabMptReader.Read(CyclingReferenceFiles.Path_("yadg__gcpl.pr_182.1.mpt"), CellMode.Anode);
        var maxDiff = anodeMpr.VoltageV.Zip(anodeMpt.VoltageV, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDiff < 1e-6);
        var run = GalvanostaticGenerator.Generate(new GalvanostaticProtocol { Cycles = 3, Seed = 1 });
        var tmp = Path.Combine(Path.GetTempPath(), $"synthetic-cycling-{Guid.NewGuid():N}.mpt");
        try
        {
            run.WriteMpt(tmp);
            var back = CycleSummary.Compute(EcLabMptReader.Read(tmp, CellMode.Cathode));
            Assert.All(run.Expected.Zip(back.Cycles), p => Assert.Equal(p.First.DischargeCapacityMAh, p.Second.DischargeCapacityMAh));
            var rate = RateTest.Analyze(back, 2.0);
            Assert.NotNull(CyclingCharts.RateBlocks(rate));
            Assert.NotNull(CyclingCharts.VoltageProfiles(EcLabMptReader.Read(tmp, CellMode.Cathode), new[] { 1 }, 10.0, global::ResearchKit.Cycling.Analysis.Electrochemistry.LtoVsLiV));
        }
        finally { File.Delete(tmp); File.Delete(CyclingProvenance.SidecarPath(tmp)); }
    }
}
