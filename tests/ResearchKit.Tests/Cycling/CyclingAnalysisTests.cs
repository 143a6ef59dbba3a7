using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;
using ResearchKit.Cycling.Synthetic;

namespace ResearchKit.Tests.Cycling;

public class CyclingAnalysisTests
{
    static string P(string n) => CyclingReferenceFiles.Path_(n);

    static string TempFile(string ext) => Path.Combine(Path.GetTempPath(), $"rk-cycling-{Guid.NewGuid():N}{ext}");

    [SkippableFact]
    public void CyclingAnalysis_SyntheticMptRoundTrip_RecoversCapacitiesExactly()
    {
        var run = GalvanostaticGenerator.Generate(new GalvanostaticProtocol { Cycles = 4 });
        var path = TempFile(".mpt");
        try
        {
            run.WriteMpt(path);
            Assert.True(File.Exists(CyclingProvenance.SidecarPath(path)));
            var d = EcLabMptReader.Read(path, CellMode.Cathode);
            var s = CycleSummary.Compute(d);
            Assert.Equal(run.Expected.Count, s.Cycles.Count);
            foreach (var e in run.Expected)
            {
                var r = s[e.Cycle]!;
                Assert.Equal(e.ChargeCapacityMAh, r.ChargeCapacityMAh);       // bit-exact: same increments, same order
                Assert.Equal(e.DischargeCapacityMAh, r.DischargeCapacityMAh);
                Assert.Equal(e.CurrentMA, r.MeanDischargeCurrentMA, 9);
            }
            // Reference = first cycle at the cycling rate (cycle 3 after two formation cycles at 0.1 C).
            Assert.Equal(3, s.ReferenceCycle);
            Assert.Equal(1.0, s[3]!.Retention, 12);
            // Coulombic efficiency of cycle 1 = 1/1.10 (first-charge excess of the protocol).
            Assert.Equal(1 / 1.10, s[1]!.CoulombicEfficiency, 12);
        }
        finally { File.Delete(path); File.Delete(CyclingProvenance.SidecarPath(path)); }
    }

    [SkippableFact]
    public void CyclingAnalysis_SyntheticMprAndCsv_RoundTrip()
    {
        var run = GalvanostaticGenerator.Generate(new GalvanostaticProtocol { Cycles = 2 });
        var mpr = TempFile(".mpr");
        var csv = TempFile(".csv");
        try
        {
            run.WriteMpr(mpr);
            var d = CyclerFiles.Read(mpr, CellMode.Cathode);
            Assert.Equal(EcLabMpr.FormatName, d.Format);
            var s = CycleSummary.Compute(d);
            foreach (var e in run.Expected)
            {
                Assert.Equal(e.ChargeCapacityMAh, s[e.Cycle]!.ChargeCapacityMAh);
                Assert.Equal(e.DischargeCapacityMAh, s[e.Cycle]!.DischargeCapacityMAh);
            }
            CyclingCsvWriter.Write(csv, d);
            var back = CyclerFiles.Read(csv, CellMode.Cathode);
            Assert.Equal(GenericCsvReader.FormatName, back.Format);
            Assert.Equal(d.Count, back.Count);
            Assert.Equal(d.CapacityMAh, back.CapacityMAh);
            Assert.Equal(d.Cycle, back.Cycle);
            Assert.Equal(d.HalfCycle, back.HalfCycle);
        }
        finally { File.Delete(mpr); File.Delete(CyclingProvenance.SidecarPath(mpr)); File.Delete(csv); }
    }

    [SkippableFact]
    public void CyclingAnalysis_Segmentation_AgreesWithEcLabCountersAndQChargeDischarge()
    {
        // pr_182: anode half cell (lithiation first), CC + CV holds, rests. EC-Lab's own half cycle and
        // "Q charge/discharge" are independent of our segmentation, which uses only time, Ewe and dq.
        var d = EcLabMpr.Read(P("yadg__gcpl.pr_182.1.mpr"), CellMode.Anode);
        var ecHalf = d.Column("half cycle")!;
        var ecQ = d.Column("Q charge/discharge/mA.h")!;
        var ecMode = d.Column("mode")!;
        int agreeMode = 0;
        for (int i = 0; i < d.Count; i++)
        {
            if (i > 0) Assert.Equal(ecHalf[i] != ecHalf[i - 1], d.HalfCycle[i] != d.HalfCycle[i - 1]);
            Assert.Equal(ecQ[i], d.CapacityMAh[i], 9);
            int m = d.StepType[i] switch { CyclingStepType.ConstantVoltage => 2, CyclingStepType.Rest or CyclingStepType.Ocv => 3, _ => 1 };
            if (m == (int)ecMode[i]) agreeMode++;
        }
        Assert.True(agreeMode >= 0.99 * d.Count, $"step type agrees with EC-Lab mode on {agreeMode} of {d.Count} records");
        // Cycles: 4 lithiation/delithiation pairs.
        Assert.Equal(4, d.Cycle.Max());
    }

    [SkippableFact]
    public void CyclingAnalysis_CapacityByIntegratingCurrent_AgreesWithInstrumentColumn()
    {
        // issue_228 (cathode, 11 cycles, galvanostatic only): the file stores no measured current, so the set current
        // (control/V/mA in CC mode) integrated over time is compared with EC-Lab's Q charge/discharge at each half-cycle end.
        var d = EcLabMpr.Read(P("yadg__gcpl.issue_228.mpr"), CellMode.Cathode);
        var control = d.Column("control/V/mA")!;
        var mode = d.Column("mode")!;
        var current = Enumerable.Range(0, d.Count).Select(i => mode[i] == 1 ? (double)control[i] : 0.0).ToArray();
        var halvesWithCv = Enumerable.Range(0, d.Count).Where(i => mode[i] == 2).Select(i => d.HalfCycle[i]).ToHashSet();
        var q = d.Column("Q charge/discharge/mA.h")!;
        var integ = new double[d.Count];
        int checkedHalves = 0;
        for (int i = 1; i < d.Count; i++)
        {
            bool newHalf = d.HalfCycle[i] != d.HalfCycle[i - 1];
            // The set current of record i holds over the interval that ends at record i.
            integ[i] = (newHalf ? 0 : integ[i - 1]) + current[i] * (d.TimeS[i] - d.TimeS[i - 1]) / 3600.0;
            bool lastOfHalf = i == d.Count - 1 || d.HalfCycle[i + 1] != d.HalfCycle[i];
            if (lastOfHalf && Math.Abs(q[i]) > 0.5 && !halvesWithCv.Contains(d.HalfCycle[i]))
            {
                Assert.True(Math.Abs(integ[i] - q[i]) < 0.005 * Math.Abs(q[i]), $"half cycle {d.HalfCycle[i]}: ∫I dt = {integ[i]} vs Q = {q[i]}");
                checkedHalves++;
            }
        }
        Assert.True(checkedHalves >= 10, $"only {checkedHalves} half cycles checked");
    }

    [SkippableFact]
    public void CyclingAnalysis_Maccor_ReadWithCheckedValues()
    {
        var d = CyclerFiles.Read(P("beep__PreDiag_000229_000229_truncated.034"), CellMode.Cathode);
        Assert.Equal(MaccorTextReader.FormatName, d.Format);
        Assert.Equal(4061, d.Count);
        var s = CycleSummary.Compute(d);
        // C/7 discharge 4.18 -> 2.70 V of the cycle-0 protocol: Amp-hr at the end of step 6 = 4.7626133936 Ah.
        Assert.Equal(4762.6133936, s[1]!.DischargeCapacityMAh, 6);
        Assert.Equal(2.70000763, d.VoltageV[2697], 8);
        // Integration of Amps over step 6 agrees with the instrument's Amp-hr to 0.01 %.
        double integ = 0;
        for (int i = 1; i < d.Count; i++)
            if (d.Column("Step")![i] == 6 && d.Column("Cyc#")![i] == 0)
                integ += 0.5 * (d.CurrentMA[i] + d.CurrentMA[i - 1]) * (d.TimeS[i] - d.TimeS[i - 1]) / 3600.0;
        Assert.True(Math.Abs(-integ - 4762.6133936) < 1e-4 * 4762.6, $"∫I dt = {integ}");
    }

    [SkippableFact]
    public void CyclingAnalysis_Arbin_ReadWithCheckedValuesAndMetadata()
    {
        var d = CyclerFiles.Read(P("beep__FastCharge_000025_CH8.csv"));
        Assert.Equal(ArbinCsvReader.FormatName, d.Format);
        Assert.Equal(248, d.Count);
        Assert.Equal(10.0024, d.TimeS[0], 10);
        Assert.Equal(3.3011441, d.VoltageV[0], 10);
        Assert.All(d.StepType, t => Assert.Equal(CyclingStepType.Ocv, t)); // the sample is a rest period
        Assert.Equal("2017-05-12_TESTS\\20170512-4_4C-80PER_4_4C.SDU", d.Metadata["schedule_file_name"]);
        Assert.NotNull(d.Column("Temperature"));
    }

    [SkippableFact]
    public void CyclingAnalysis_Ndax_ReadWithCheckedValues()
    {
        var path = P("navani__test.ndax");
        Assert.Equal(NewareNdaxReader.FormatName, CyclerFiles.DetectFormat(path));
        var d = CyclerFiles.Read(path, CellMode.Cathode);
        Assert.Equal(NewareNdaxReader.FormatName, d.Format);
        // 32 full pages of 45 records + 24 in the last page.
        Assert.Equal(1464, d.Count);
        Assert.Equal(3.4666, d.VoltageV[0], 12);
        Assert.Equal("2024-02-01 20:24:23", d.Metadata["StartTime"]);
        // Step 2 is a CCCV charge at 0.12 mA (Step.xml: Curr 0.12), step 3 a CCCV discharge.
        var step = d.Column("Step")!;
        int firstCharge = Enumerable.Range(0, d.Count).First(i => step[i] == 2);
        Assert.Equal(0.1199, d.CurrentMA[firstCharge], 12);
        // The instrument's charge capacity agrees with the integral of its current over the charge step.
        double integ = 0, qEnd = 0;
        for (int i = 1; i < d.Count; i++)
            if (step[i] == 2 && step[i - 1] == 2)
            {
                integ += 0.5 * (d.CurrentMA[i] + d.CurrentMA[i - 1]) * (d.TimeS[i] - d.TimeS[i - 1]) / 3600.0;
                qEnd = d.Column("Charge_Capacity/mAh")![i];
            }
        Assert.True(qEnd > 0.1);
        Assert.True(Math.Abs(integ - qEnd) < 0.005 * qEnd, $"∫I dt = {integ} vs {qEnd}");
        var s = CycleSummary.Compute(d);
        Assert.Equal(qEnd, s[1]!.ChargeCapacityMAh, 9);
        Assert.Contains(CyclingStepType.ConstantVoltage, d.StepType);
    }

    [SkippableFact]
    public void CyclingAnalysis_SummaryFrame_HasOneRowPerCycle()
    {
        var d = EcLabMpr.Read(P("yadg__gcpl.issue_228.mpr"), CellMode.Cathode);
        var s = CycleSummary.Compute(d, new CycleSummaryOptions { ActiveMassMg = 10, ReferenceCycle = 1 });
        var f = s.ToFrame();
        Assert.Equal(s.Cycles.Count, f.RowCount);
        Assert.Contains("DischargeCapacityMAhPerG", f.ColumnKeys);
        Assert.Equal(s[2]!.DischargeCapacityMAh * 100, s[2]!.DischargeCapacityMAhPerG, 9);
        Assert.Equal(1.0, s[1]!.Retention);
    }

    [SkippableFact]
    public void CyclingAnalysis_ArbinCumulativeCapacitiesRestartingPerCycle_GiveTheRightIncrements()
    {
        // Arbin layout with units in the header: 1 h charge at 0.5 A then 1 h discharge at 0.4 A, twice; the capacities
        // restart at each Cycle_Index like the instrument's do.
        var path = Path.Combine(Path.GetTempPath(), $"rk-arbin-{Guid.NewGuid():N}.csv");
        try
        {
            var sb = new System.Text.StringBuilder("Data_Point,Test_Time(s),Step_Index,Cycle_Index,Current(A),Voltage(V),Charge_Capacity(Ah),Discharge_Capacity(Ah)\n");
            int dp = 0;
            double t = 0;
            for (int c = 1; c <= 2; c++)
            {
                double qc = 0, qd = 0;
                for (int k = 0; k <= 60; k++) { if (k > 0) qc += 0.5 / 60; sb.Append($"{dp++},{t},2,{c},{(k == 0 ? 0 : 0.5)},{3.6 + 0.005 * k},{qc:R},{qd:R}\n"); t += 60; }
                for (int k = 1; k <= 60; k++) { qd += 0.4 / 60; sb.Append($"{dp++},{t},3,{c},-0.4,{3.9 - 0.005 * k},{qc:R},{qd:R}\n"); t += 60; }
            }
            File.WriteAllText(path, sb.ToString());
            var d = CyclerFiles.Read(path, CellMode.Cathode);
            Assert.Equal(ArbinCsvReader.FormatName, d.Format);
            Assert.Equal(0.5, d.CurrentMA[5] / 1000, 12);
            var s = CycleSummary.Compute(d);
            Assert.Equal(2, s.Cycles.Count);
            foreach (var r in s.Cycles)
            {
                Assert.Equal(500.0, r.ChargeCapacityMAh, 6);
                Assert.Equal(400.0, r.DischargeCapacityMAh, 6);
                Assert.Equal(0.8, r.CoulombicEfficiency, 6);
            }
        }
        finally { File.Delete(path); }
    }
}
