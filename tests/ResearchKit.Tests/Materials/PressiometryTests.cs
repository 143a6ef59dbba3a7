using ResearchKit.Materials;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Materials;

public class PressiometryTests
{
    [Fact]
    public void MixingRules_Limits_AreTheUnimodalValues()
    {
        Assert.Equal(0.33, Pressiometry.MassWeightedMpa(1, 0.33, 0.19), 15);
        Assert.Equal(0.19, Pressiometry.MassWeightedMpa(0, 0.33, 0.19), 15);
        Assert.Equal(0.33, Pressiometry.VolumeChangeWeightedMpa(1, 0.33, 0.19, -6.5, -4.8), 15);
        Assert.Equal(0.19, Pressiometry.VolumeChangeWeightedMpa(0, 0.33, 0.19, -6.5, -4.8), 15);
        // Equal volume changes reduce the volume-change rule to the mass rule.
        Assert.Equal(Pressiometry.MassWeightedMpa(0.7, 0.33, 0.19), Pressiometry.VolumeChangeWeightedMpa(0.7, 0.33, 0.19, -5, -5), 15);
    }

    [Fact]
    public void MassWeightedRule_ReproducesPaperBlends_Within3Percent()
    {
        // Fig 4f / Table S8: 0.303, 0.294, 0.279 MPa for CAM8:2, 7:3, 6:4 from CAM10:0 = 0.33 and CAM0:10 = 0.19 MPa.
        var rows = PaperStudies.Pressiometry();
        foreach (var r in rows.Where(r => r.NcwaMassFraction is > 0 and < 1))
        {
            Assert.InRange(Math.Abs(r.MassWeightedDeviationPercent), 0, 3.0);
            Assert.InRange(Math.Abs(r.VolumeChangeWeightedDeviationPercent), 0, 3.0);
        }
        Assert.Equal(0.7 * 0.33 + 0.3 * 0.19, rows.Single(r => r.Sample == "CAM7:3").MassWeightedMpa, 12);
    }
}
