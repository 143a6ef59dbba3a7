using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;
using ResearchKit.Cycling.Synthetic;

namespace ResearchKit.Tests.Cycling;

public class CyclingDifferentialTests
{
    static CyclingData Synthetic(GalvanostaticProtocol p) => GalvanostaticGenerator.Generate(p).ToCyclingData(CellMode.Cathode);

    [Fact]
    public void CyclingDifferential_DvDq_MatchesTheModelOcvSlope()
    {
        var p = new GalvanostaticProtocol { Cycles = 2, PointsPerHalfCycle = 500 };
        var d = Synthetic(p);
        var curve = Differential.Compute(d, 3, charge: true);
        // V = U(Q/Qnom) + I R at constant current, so dV/dQ = U'(x)/Qnom with U' = 0.35 + 0.05 (1/(x+0.01) + 1/(1.01-x)).
        int mid = curve.CapacityMAh.Length / 2;
        double x = curve.CapacityMAh[mid] / p.NominalCapacityMAh;
        double expected = (0.35 + 0.05 * (1 / (x + 0.01) + 1 / (1.01 - x))) / p.NominalCapacityMAh;
        Assert.Equal(expected, curve.DvDqVPerMAh[mid], 4);
        Assert.Equal(1 / expected, curve.DqDvMAhPerV[mid], 2);
        // Smoothing keeps the voltage itself.
        Assert.True(Math.Abs(curve.VoltageV[mid] - (GalvanostaticGenerator.OpenCircuitVoltage(x) + p.CyclingCRate * p.NominalCapacityMAh * p.ResistanceOhm / 1000)) < 1e-5);
    }

    [Fact]
    public void CyclingDifferential_SavitzkyGolay_IsExactForCubics()
    {
        var y = Enumerable.Range(0, 50).Select(i => 1 + 2.0 * i - 0.1 * i * i + 0.003 * i * i * i).ToArray();
        var (s, dy) = Differential.SavitzkyGolay(y, 11, 3);
        for (int i = 0; i < y.Length; i++)
        {
            Assert.Equal(y[i], s[i], 8);
            Assert.Equal(2.0 - 0.2 * i + 0.009 * i * i, dy[i], 8);
        }
    }

    [Fact]
    public void CyclingDifferential_RateBlocks_GiveProfiles()
    {
        var p = new GalvanostaticProtocol { Cycles = 3 };
        var d = Synthetic(p);
        var s = CycleSummary.Compute(d);
        var r = RateTest.Analyze(s, p.NominalCapacityMAh);
        Assert.Equal(2, r.Blocks.Count);
        Assert.Equal(0.1, r.Blocks[0].CRate, 9);
        Assert.Equal(0.5, r.Blocks[1].CRate, 9);
        Assert.Equal(3, r.Blocks[1].Cycles);
        Assert.Null(r.Recovery);
        var prof = Differential.Profile(d, 1, charge: false);
        Assert.Equal(s[1]!.DischargeCapacityMAh, prof.CapacityMAh[^1], 12);
        // Mean discharge voltage = E/Q lies between the profile's extremes.
        Assert.InRange(s[1]!.MeanDischargeVoltageV, prof.VoltageV.Min(), prof.VoltageV.Max());
    }

    [Fact]
    public void CyclingDifferential_ReferenceConversion_GivesVolumetricEnergy()
    {
        Assert.Equal(4.3, global::ResearchKit.Cycling.Analysis.Electrochemistry.ToLiReference([2.75])[0], 12);
        Assert.Equal(2.75, global::ResearchKit.Cycling.Analysis.Electrochemistry.FromLiReference([4.3])[0], 12);
        Assert.Equal(200 * 3.8 * 0.9 * 3.0, global::ResearchKit.Cycling.Analysis.Electrochemistry.VolumetricEnergyDensityWhPerL(200, 3.8, 0.9, 3.0), 9);
        Assert.Throws<InvalidInputException>(() => global::ResearchKit.Cycling.Analysis.Electrochemistry.VolumetricEnergyDensityWhPerL(200, 3.8, 1.5, 3.0));
    }
}
