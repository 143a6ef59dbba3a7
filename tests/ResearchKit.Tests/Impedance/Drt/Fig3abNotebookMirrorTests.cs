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
        var data = Path.Combine(TestPaths.RepositoryRoot, "data");
        var drts = FullCellDrtStudy.AnalyseModelSpectra(data);
        Assert.Equal(10, Frame.FromRecords(drts.Select(r => new { r.Sample, r.State, r.D1Ohm, r.D2Ohm, r.D3Ohm, r.D4Ohm, r.RPolOhm, r.RmsRelativeResidual })).RowCount);
        Assert.NotNull(DrtCharts.Compare(drts.Where(r => r.State == "before").Select(r => (r.Sample, r.Drt)).ToList()));
        Assert.NotNull(DrtCharts.Compare(drts.Where(r => r.State == "after").Select(r => (r.Sample, r.Drt)).ToList()));
        Assert.NotNull(DrtCharts.Residuals(drts.First(r => r.Sample == "CAM7:3" && r.State == "after").Drt));
        foreach (var r in drts) output.WriteLine($"{r.Sample} {r.State}: D1 {r.D1Ohm:F2} D2 {r.D2Ohm:F2} D3 {r.D3Ohm:F2} D4 {r.D4Ohm:F2} Rpol {r.RPolOhm:F2} rms {r.RmsRelativeResidual:E2}");
        var checks = FullCellDrtStudy.CheckStatements(drts);
        foreach (var c in checks) output.WriteLine($"{c.Statement}: {c.Reproduced} ({c.Detail})");
        var after = drts.Where(r => r.State == "after").ToList();
        var before = drts.Where(r => r.State == "before").ToList();
        // "What to notice" claims.
        Assert.True(checks[0].Reproduced);                       // D1 largest for CAM10:0
        Assert.False(checks[1].Reproduced);                      // D1 smallest for CAM0:10 and CAM7:3: not reproduced
        Assert.Equal(["CAM6:4", "CAM7:3"], after.OrderBy(r => r.D1Ohm).Take(2).Select(r => r.Sample).Order().ToArray());
        Assert.All(after, a => Assert.True(a.D1Ohm > 1.7 * before.First(b => b.Sample == a.Sample).D1Ohm)); // D1 about doubles: CEI growth
        Assert.False(checks[2].Reproduced);                      // D2 highest for CAM0:10: not reproduced, it is the lowest
        Assert.Equal("CAM10:0", after.MaxBy(r => r.D2Ohm)!.Sample);
        Assert.Equal("CAM0:10", after.MinBy(r => r.D2Ohm)!.Sample);
        Assert.False(checks[3].Reproduced);                      // D3 similar, but not higher after cycling (the model's anode does not age)
        Assert.True(after.Max(r => r.D3Ohm) / after.Min(r => r.D3Ohm) < 1.03);
        Assert.All(after, a => Assert.InRange(a.D3Ohm / before.First(b => b.Sample == a.Sample).D3Ohm, 0.98, 1.02));
        // R_pol far above the band sum: most of it sits beyond D4 (the unfinished diffusion tail).
        Assert.All(drts, r => Assert.True(r.RPolOhm > 1.5 * (r.D1Ohm + r.D2Ohm + r.D3Ohm + r.D4Ohm)));
        // Low-frequency residual (the paper's Fig S6 point): worst |residual| below 0.1 Hz vs above 10 Hz.
        static double Worst(DrtResult d, Func<double, bool> inRange) => d.FrequencyHz
            .Select((f, i) => (f, e: Math.Max(Math.Abs(d.RelativeResidualReal[i]), Math.Abs(d.RelativeResidualImaginary[i])))).Where(x => inRange(x.f)).Max(x => x.e);
        foreach (var r in after)
        {
            double low = Worst(r.Drt, f => f < 0.1), high = Worst(r.Drt, f => f > 10);
            output.WriteLine($"{r.Sample}: max residual below 0.1 Hz {low:P2}, above 10 Hz {high:P2}");
            Assert.True(low > 0.025 && high < 0.01);
        }
        // Try it: a series capacitor (the finite particles' intercalation capacitance) takes the tail; residual and R_pol fall,
        // and C falls on cycling (less accessible capacity).
        var withC = FullCellDrtStudy.AnalyseModelSpectra(data, new DrtOptions { SeriesCapacitance = DrtSeriesCapacitance.Fit });
        foreach (var r in withC) output.WriteLine($"C on {r.Sample} {r.State}: D4 {r.D4Ohm:F2} Rpol {r.RPolOhm:F2} rms {r.RmsRelativeResidual:E2} C {r.Drt.SeriesCapacitanceF:G4}");
        for (int i = 0; i < drts.Count; i++)
        {
            Assert.True(withC[i].RmsRelativeResidual < 0.6 * drts[i].RmsRelativeResidual);
            Assert.True(withC[i].RPolOhm < drts[i].RPolOhm);
            Assert.InRange(withC[i].Drt.SeriesCapacitanceF!.Value, 5, 50);
        }
        foreach (var s in Samples.All)
            Assert.True(withC.First(r => r.Sample == s.Name && r.State == "after").Drt.SeriesCapacitanceF < withC.First(r => r.Sample == s.Name && r.State == "before").Drt.SeriesCapacitanceF);
    }
}
