using ResearchKit.Paper;

namespace ResearchKit.Tests.Paper;

public class PaperDataTests
{
    const string Header = "sample,quantity,value,unit,source,note\n";

    [Fact]
    public void PaperData_Default_HasTheStatedNumbers()
    {
        var p = PaperData.Default;
        Assert.Equal(7.6, p.Value("CAM7:3", "porosity_sem"));
        Assert.Equal(87.8, p.Value("CAM7:3", "capacity_retention_200_cycles"));
        Assert.Equal(0.294, p.Value("CAM7:3", "stress_change"));
        Assert.Equal(-6.5, p.Value("NCWA", "volume_change"));
        Assert.Equal(161.6, p.Value("all", "xps_s2p_ps4"));
        Assert.Equal(6, p.All("rate_test_steps").Count);
        Assert.All(p.Values, v => Assert.False(string.IsNullOrWhiteSpace(v.Source)));
    }

    [Fact]
    public void BySample_IsKeyedByTheFiveCathodes_InPaperOrder()
    {
        var f = PaperData.Default.BySample("porosity_sem", "stress_change");
        Assert.Equal(new[] { "CAM10:0", "CAM8:2", "CAM7:3", "CAM6:4", "CAM0:10" }, f.RowKeys.ToArray());
        Assert.Equal(18.0, f.GetColumn<double>("porosity_sem [%]").Get("CAM0:10"));
    }

    [Theory]
    [InlineData("CAM9:1,porosity_sem,7,%,x,\n", "sample")]
    [InlineData("CAM7:3,porosity_sem,seven,%,x,\n", "value")]
    [InlineData("CAM7:3,porosity_sem,7,,x,\n", "unit")]
    [InlineData("CAM7:3,porosity_sem,7,%,,\n", "source")]
    public void Parse_BadRow_NamesLineAndField(string row, string field)
    {
        var e = Assert.Throws<InvalidInputException>(() => PaperData.Parse(Header + row, "bad.csv"));
        Assert.Equal(field, e.Field);
        Assert.Equal(2, e.Line);
        Assert.Contains("bad.csv", e.Message);
    }

    [Fact]
    public void Parse_MissingColumn_NamesIt()
    {
        var e = Assert.Throws<InvalidInputException>(() => PaperData.Parse("sample,quantity,value,source,note\n", "bad.csv"));
        Assert.Equal("unit", e.Field);
    }

    [Fact]
    public void PaperData_VolumeFractions_BimodalHaveMoreSseThanUnimodal()
    {
        // Lower porosity at equal composition means more of every solid per volume: the SSE fraction follows 1 - porosity.
        var rows = PaperStudies.VolumeFractions().ToDictionary(r => r.Sample);
        Assert.True(rows["CAM7:3"].Fractions.Sse > rows["CAM10:0"].Fractions.Sse);
        Assert.True(rows["CAM7:3"].BruggemanTau < rows["CAM0:10"].BruggemanTau);
        Assert.All(rows.Values, r => Assert.Equal(1.0, r.Fractions.Pore + r.Fractions.Solid, 12));
    }

    [Fact]
    public void EnergyDensity_DensestCathodeStoresMostPerVolume_AtEqualCapacity()
    {
        var rows = PaperStudies.EnergyDensity().ToDictionary(r => r.Sample);
        Assert.True(rows["CAM7:3"].EnergyHighRateWhPerL > rows["CAM10:0"].EnergyHighRateWhPerL);
        Assert.True(rows["CAM7:3"].EnergyHighRateWhPerL > rows["CAM0:10"].EnergyHighRateWhPerL);
        Assert.InRange(rows["CAM7:3"].EnergyHighRateWhPerL, 1500, 2500); // 145 mAh/g x 0.9 x ~3.4 g/cm3 x 3.75 V
    }
}
