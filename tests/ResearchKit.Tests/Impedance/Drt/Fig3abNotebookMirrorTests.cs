using Deedle;
using ResearchKit.Charts.Impedance;
using ResearchKit.Impedance.Drt;
using ResearchKit.Paper;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>The code of notebooks/fig3a-b-drt.ipynb, so that it compiles and what its markdown states stays true.</summary>
public class Fig3abNotebookMirrorTests(ITestOutputHelper output)
{
    [Fact]
    public void Fig3abNotebookMirror_FullCellDrts_HoldWhatTheTextSays()
    {
        var synthetic = Path.Combine(TestPaths.RepositoryRoot, "data", "synthetic");
        var drts = FullCellDrtStudy.AnalyseFiles(synthetic);
        Assert.Equal(10, Frame.FromRecords(drts.Select(r => new { r.Sample, r.State, r.D1Ohm, r.D2Ohm, r.D3Ohm, r.D4Ohm, r.RPolOhm, r.RmsRelativeResidual })).RowCount);
        Assert.NotNull(DrtCharts.Compare(drts.Where(r => r.State == "before").Select(r => (r.Sample, r.Drt)).ToList()));
        Assert.NotNull(DrtCharts.Compare(drts.Where(r => r.State == "after").Select(r => (r.Sample, r.Drt)).ToList()));
        Assert.NotNull(DrtCharts.Residuals(drts.First(r => r.Sample == "CAM7:3" && r.State == "after").Drt));
        foreach (var r in drts) output.WriteLine($"{r.Sample} {r.State}: D1 {r.D1Ohm:F2} D2 {r.D2Ohm:F2} D3 {r.D3Ohm:F2} D4 {r.D4Ohm:F2} Rpol {r.RPolOhm:F2} rms {r.RmsRelativeResidual:E2}");
        var checks = FullCellDrtStudy.CheckStatements(drts);
        foreach (var c in checks) output.WriteLine($"{c.Statement}: {c.Reproduced} ({c.Detail})");
        // "What to notice" claims.
        Assert.True(checks[0].Reproduced);                       // D1 largest for CAM10:0
        Assert.False(checks[1].Reproduced);                      // D1 smallest for CAM0:10 and CAM7:3: not reproduced
        var after = drts.Where(r => r.State == "after").ToList();
        Assert.Equal(["CAM0:10", "CAM6:4"], after.OrderBy(r => r.D1Ohm).Take(2).Select(r => r.Sample).Order().ToArray());
        var twin = TwinTransportStudy.MeanOverSeeds(TwinTransportStudy.ReadCsv(Path.Combine(TestPaths.RepositoryRoot, "data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv")));
        var t73 = twin.First(r => r.Sample == "CAM7:3"); var t64 = twin.First(r => r.Sample == "CAM6:4");
        Assert.Equal("CAM7:3", twin.MinBy(r => r.Porosity)!.Sample);
        Assert.Equal(0.085, t73.Porosity, 0.0005); Assert.Equal(0.090, t64.Porosity, 0.0005);
        Assert.Equal(0.060, t73.NcwaMassFraction * t73.Porosity, 0.0005); Assert.Equal(0.054, t64.NcwaMassFraction * t64.Porosity, 0.0005);
        Assert.False(checks[2].Reproduced);                      // D2 highest for CAM0:10: not reproduced
        Assert.Equal("CAM0:10", twin.MaxBy(r => r.CamSseAreaPerVolumePerUm)!.Sample);
        Assert.True(checks[3].Reproduced);                       // D3 similar and higher after cycling
        Assert.True(after.Max(r => r.D3Ohm) / after.Min(r => r.D3Ohm) < 1.08);
        // Try it: the D2 ranking does not move with the areal film resistance.
        var filmy = FullCellEisAssumptions.Default with { D2ArealAfterOhmCm2 = 400 };
        double D2(string sample, FullCellEisAssumptions a) => FullCellDrtStudy.Resistances(twin.First(r => r.Sample == sample), true, a).D2Ohm;
        Assert.True(D2("CAM0:10", filmy) < D2("CAM10:0", filmy));
        Assert.True(D2("CAM0:10", FullCellEisAssumptions.Default) < D2("CAM10:0", FullCellEisAssumptions.Default));
        // Low-frequency residual (the paper's Fig S6 point): worst |residual| below 0.1 Hz vs above 10 Hz.
        foreach (var r in drts.Where(r => r.State == "after"))
        {
            var d = r.Drt;
            double low = d.FrequencyHz.Select((f, i) => (f, e: Math.Max(Math.Abs(d.RelativeResidualReal[i]), Math.Abs(d.RelativeResidualImaginary[i])))).Where(x => x.f < 0.1).Max(x => x.e);
            output.WriteLine($"{r.Sample}: max residual below 0.1 Hz {low:P2}");
            Assert.True(low < 0.015);
        }
    }
}
