using ResearchKit.Paper;
using Xunit;

namespace ResearchKit.Tests.Electrochemistry;

/// <summary>What the Fig 2a-b and Fig 2e notebooks state, asserted on the stored files of data/synthetic/cell (read through CyclerFiles).</summary>
public class CellModelFilesTests
{
    static string Data => Path.Combine(CellModelTests.RepoRoot(), "data");

    [Fact]
    public void FirstCycles_Discharge01C_FallsWithNcmFraction()
    {
        var rows = CellModelFiles.FirstCycles(CellModelFiles.ReadAll(Data, "formation"), CellModelFiles.ReadAll(Data, "rate"));
        Assert.Equal(Samples.All.Select(s => s.Name), rows.Select(r => r.Sample));
        for (int k = 1; k < rows.Count; k++)
        {
            Assert.True(rows[k].Discharge01CMAhPerG < rows[k - 1].Discharge01CMAhPerG, rows[k].Sample);
            Assert.True(rows[k].CoulombicEfficiency01C < rows[k - 1].CoulombicEfficiency01C, rows[k].Sample);
        }
        // README table: CAM10:0 203.3, CAM0:10 190.4 mAh/g.
        Assert.InRange(rows[0].Discharge01CMAhPerG, 202.8, 203.8);
        Assert.InRange(rows[^1].Discharge01CMAhPerG, 189.9, 190.9);
    }

    [Fact]
    public void FirstCycles_Discharge05C_WithinTwoMAhPerG()
    {
        var rows = CellModelFiles.FirstCycles(CellModelFiles.ReadAll(Data, "formation"), CellModelFiles.ReadAll(Data, "rate"));
        var q = rows.Select(r => r.Discharge05CMAhPerG).ToList();
        Assert.True(q.Max() - q.Min() < 2, $"spread {q.Max() - q.Min()}");
        Assert.All(q, v => Assert.InRange(v, 140, 150));
    }

    [Fact]
    public void RateSteps_HighRates_Cam010HighestNotCam73()
    {
        var steps = CellModelFiles.RateSteps(CellModelFiles.ReadAll(Data, "rate"));
        foreach (var name in Samples.All.Select(s => s.Name))
            Assert.Equal(CellModelFiles.RateProtocolCRates, steps.Where(r => r.Sample == name).Select(r => r.CRate));
        foreach (var c in new[] { 2.0, 3.0 })
        {
            var atC = steps.Where(r => r.CRate == c).ToList();
            var best = atC.MaxBy(r => r.DischargeMAhPerG)!;
            Assert.Equal("CAM0:10", best.Sample);
            Assert.NotEqual("CAM7:3", best.Sample);
        }
    }
}
