using ResearchKit.Microstructure.Generators;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Paper;

/// <summary>Each test mirrors a notebook cell whose value the notebook's markdown states, so a claim cannot drift from its number.</summary>
public class NotebookClaimTests
{
    [Fact]
    public void Introduction_PorosityReductions_SpanThePapers35To58PercentOverBlendUnimodalPairs()
    {
        var r = PaperStudies.PorosityReductions();
        Assert.Equal(6, r.Count);
        var min = r.MinBy(x => x.ReductionPercent)!;
        var max = r.MaxBy(x => x.ReductionPercent)!;
        Assert.Equal(("CAM6:4", "CAM10:0"), (min.Blend, min.Unimodal));
        Assert.Equal(("CAM7:3", "CAM0:10"), (max.Blend, max.Unimodal));
        Assert.Equal(35, Math.Round(min.ReductionPercent)); // 1 - 10.9/16.8
        Assert.Equal(58, Math.Round(max.ReductionPercent)); // 1 - 7.6/18.0
    }

    [Fact]
    public void Fig5aAndPacking_PsdsAndLoading_AreMarkedAssumed()
    {
        var rows = TwinDefaults.Table().Rows.ToDictionary(r => r.RequiredText("material") + "/" + r.RequiredText("quantity"));
        foreach (var k in new[] { "NCWA/d10", "NCWA/d50", "NCWA/d90", "NCM/d10", "NCM/d50", "NCM/d90", "all/cam_areal_loading" })
            Assert.Equal("assumed", rows[k].RequiredText("status"));
        var spec = TwinSpec.Default();
        Assert.Equal(20, spec.CamArealLoadingMgPerCm2);
        Assert.Equal(12.0, spec.Large.Psd.D50Um);
        Assert.Equal(3.5, spec.Small.Psd.D50Um);
        Assert.Equal(0.3, Math.Round(spec.Small.Psd.D50Um / spec.Large.Psd.D50Um, 1)); // "assumed size ratio 3.5/12 (about 0.3)"
    }
}

public class Fig2fNotebookClaimTests
{
    [Fact]
    public void Fig2fBruggeman_PaperCathodes_RankCam73BestAndBarelySeparateTheUnimodal()
    {
        var rows = PaperStudies.VolumeFractions().ToDictionary(r => r.Sample);
        Assert.Equal("CAM7:3", rows.Values.MinBy(r => r.BruggemanTau)!.Sample);
        double a = rows["CAM10:0"].BruggemanTau, b = rows["CAM0:10"].BruggemanTau;
        Assert.True(Math.Abs(a - b) / a < 0.02, $"Bruggeman tau {a} vs {b}"); // about 1 %
    }
}

public class Fig5NotebookClaimTests
{
    static IReadOnlyList<TwinTransportRow> PerSeed()
        => TwinTransportStudy.ReadCsv(TestPaths.InRepository("data", "synthetic", "twin-transport", TwinTransportStudyTests.StoredStudyFile));

    static TwinTransportRow Row(string sample, ulong seed, double sigma) =>
        new(sample, 0.5, seed, 0.4, 60, 0.1, 0.2, sigma / 9.4e-3, sigma, 3, true, 0.01, 1.5, 1, 0.5, 100, 5, 1);

    [Fact]
    public void CompareIonic_KnownSeeds_GivesDifferenceStandardErrorAndReversals()
    {
        // A: 1.0, 1.2, 1.4 (mean 1.2, s 0.2); B: 1.1, 1.0, 0.9 (mean 1.0, s 0.1): SE = sqrt(0.04/3 + 0.01/3) = 0.1291; 0.2 < 2 SE.
        var rows = new[] { Row("A", 1, 1.0), Row("A", 2, 1.2), Row("A", 3, 1.4), Row("B", 1, 1.1), Row("B", 2, 1.0), Row("B", 3, 0.9) };
        var c = TwinTransportStudy.CompareIonic(rows, "A", "B");
        Assert.Equal(0.2, c.MeanHigherSPerCm - c.MeanLowerSPerCm, 12);
        Assert.Equal(Math.Sqrt(0.05 / 3), c.StdErrorSPerCm, 12);
        Assert.Equal(0.2, c.RelativeDifference, 12);
        Assert.False(c.Resolved);
        Assert.Equal(1, c.SeedsReversed); // seed 1: 1.0 <= 1.1
        var wide = TwinTransportStudy.CompareIonic([.. rows, Row("A", 4, 1.2), Row("B", 4, 1.0)], "A", "B");
        Assert.Equal(4, wide.SeedsCompared);
    }

    [Fact]
    public void Fig5_StoredStudy_ClaimsOfTheWhatToNoticeCell()
    {
        var perSeed = PerSeed();
        var rows = TwinTransportStudy.MeanOverSeeds(perSeed).ToDictionary(r => r.Sample);
        string[] order = ["CAM10:0", "CAM8:2", "CAM7:3", "CAM6:4", "CAM0:10"];
        // Blends denser than both unimodal cathodes.
        double uniMin = Math.Min(rows["CAM10:0"].Porosity, rows["CAM0:10"].Porosity);
        Assert.All(order[1..4], s => Assert.True(rows[s].Porosity < uniMin, s));
        // Contact area and contacts rise with the NCM fraction.
        for (int i = 1; i < order.Length; i++)
        {
            Assert.True(rows[order[i]].CamSseAreaPerVolumePerUm > rows[order[i - 1]].CamSseAreaPerVolumePerUm, order[i]);
            Assert.True(rows[order[i]].CamCamContacts > rows[order[i - 1]].CamCamContacts, order[i]);
        }
        // Kept-visible disagreement: the twins' smallest mean pore size is not CAM7:3's.
        Assert.NotEqual("CAM7:3", rows.Values.MinBy(r => r.MeanPoreSizeUm)!.Sample);
        Assert.Equal(4, TwinTransportStudy.PaperIonicOrder(perSeed).Count);
    }
}
