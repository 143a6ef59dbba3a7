using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;
using ResearchKit.Cycling.Synthetic;

namespace ResearchKit.Tests.Cycling;

public class CyclingSummaryPhysicsTests
{
    static CyclingData Synthetic(GalvanostaticProtocol p) => GalvanostaticGenerator.Generate(p).ToCyclingData(CellMode.Cathode);

    [Fact]
    public void CyclingSummaryPhysics_CycleLifeAtThreshold_MatchesTheFadeModel()
    {
        // Deliverable capacity ∝ 1 − f (k − 1); reference = cycle 3 (first at 0.5 C), so retention_k = (1 − f(k−1)) / (1 − 2f).
        // With f = 0.05 and threshold 0.8: 1 − 0.05 (k − 1) < 0.72 first at k = 7.
        var d = Synthetic(new GalvanostaticProtocol { Cycles = 10, FadePerCycle = 0.05 });
        var s = CycleSummary.Compute(d, new CycleSummaryOptions { RetentionThreshold = 0.8 });
        Assert.Equal(3, s.ReferenceCycle);
        Assert.Equal(7, s.CycleLife);
        Assert.Equal((1 - 0.05 * 6) / (1 - 0.05 * 2), s[7]!.Retention, 12);
    }

    [Fact]
    public void CyclingSummaryPhysics_MeanVoltageHysteresis_IsTwiceTheIrDrop()
    {
        var p = new GalvanostaticProtocol { Cycles = 2, PointsPerHalfCycle = 1000, ResistanceOhm = 50 };
        var d = Synthetic(p);
        var r = CycleSummary.Compute(d)[4]!;
        double iR = p.CyclingCRate * p.NominalCapacityMAh * p.ResistanceOhm / 1000.0; // V
        Assert.Equal(2 * iR, r.MeanChargeVoltageV - r.MeanDischargeVoltageV, 3);
        Assert.True(r.EnergyEfficiency < 1 && r.EnergyEfficiency > 0.9);
        Assert.Equal(1.0, r.CoulombicEfficiency, 12);
    }

    [Fact]
    public void CyclingSummaryPhysics_DecimalCommaExport_ReadsTheSameValues()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rk-comma-{Guid.NewGuid():N}.mpt");
        try
        {
            File.WriteAllText(path, "EC-Lab ASCII FILE\r\nNb header lines : 4\r\n\r\nmode\ttime/s\tEwe/V\t<I>/mA\tdq/mA.h\r\n" +
                                    "1\t0,000000000000000E+000\t3,5000000E+000\t1,0000000E-001\t0,000000000000000E+000\r\n" +
                                    "1\t3,600000000000000E+001\t3,6000000E+000\t1,0000000E-001\t1,000000000000000E-003\r\n");
            var raw = EcLabMptReader.ReadRaw(path);
            Assert.Equal("true", raw.Metadata["decimal_comma"]);
            Assert.Equal([0.0, 36.0], raw.TimeS);
            Assert.Equal([3.5, 3.6], raw.VoltageV);
            Assert.Equal(0.1, raw.CurrentMA![1], 12);
            Assert.Equal(0.001, raw.ChargeIncrementMAh![1], 15);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void CyclingSummaryPhysics_CurrentInAmps_IsConvertedAndUnknownUnitsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rk-units-{Guid.NewGuid():N}.mpt");
        try
        {
            File.WriteAllText(path, "EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\tEwe/V\tI/A\n0\t3.5\t0.001\n10\t3.6\t0.001\n");
            Assert.Equal(1.0, EcLabMptReader.ReadRaw(path).CurrentMA![0], 12);
            File.WriteAllText(path, "EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\tEwe/V\tI/kA\n0\t3.5\t0.001\n");
            var ex = Assert.Throws<InvalidInputException>(() => EcLabMptReader.ReadRaw(path));
            Assert.Contains("unknown unit 'kA'", ex.Message);
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [InlineData("Ewe/V", "I/mA")]
    [InlineData("<Ewe>/V", "<I>/mA")]
    [InlineData("<Ewe/V>", "<I/mA>")]
    [InlineData("Ecell/V", "I/mA")]
    public void CyclingSummaryPhysics_MptColumn_NamesOfDifferentVersionsAreRecognised(string voltage, string current)
    {
        var path = Path.Combine(Path.GetTempPath(), $"rk-names-{Guid.NewGuid():N}.mpt");
        try
        {
            File.WriteAllText(path, $"EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\t{voltage}\t{current}\n0\t3.5\t0.25\n10\t3.6\t0.25\n");
            var raw = EcLabMptReader.ReadRaw(path);
            Assert.Equal(3.6, raw.VoltageV[1]);
            Assert.Equal(0.25, raw.CurrentMA![1]);
            Assert.Equal(voltage, raw.Columns[1].Name); // the instrument's own name is kept
        }
        finally { File.Delete(path); }
    }
}
