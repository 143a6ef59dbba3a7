using Deedle;

namespace ResearchKit.Cycling.Analysis;

/// <summary>Normalisations and choices of the per-cycle summary. All optional: a value that is not given gives NaN columns.</summary>
public sealed record CycleSummaryOptions
{
    /// <summary>Mass of cathode active material (CAM), mg: gives mAh/g and Wh/kg of CAM.</summary>
    public double? ActiveMassMg { get; init; }
    /// <summary>Electrode area, cm²: gives mAh/cm².</summary>
    public double? AreaCm2 { get; init; }
    /// <summary>Electrode (composite) volume, cm³: gives mAh/cm³ and Wh/L.</summary>
    public double? ElectrodeVolumeCm3 { get; init; }
    /// <summary>Reference cycle for retention; null = the first cycle at the cycling rate (see <see cref="CycleSummary"/>).</summary>
    public int? ReferenceCycle { get; init; }
    /// <summary>Retention threshold for the cycle life (fraction, default 0.8).</summary>
    public double RetentionThreshold { get; init; } = 0.8;
}

/// <summary>One row of the per-cycle summary. Capacities in mAh, energies in Wh, voltages in V, currents in mA, efficiencies as fractions.</summary>
public sealed record CycleSummaryRow(
    int Cycle,
    double ChargeCapacityMAh,
    double DischargeCapacityMAh,
    double ChargeEnergyWh,
    double DischargeEnergyWh,
    double MeanChargeVoltageV,
    double MeanDischargeVoltageV,
    double CoulombicEfficiency,
    double EnergyEfficiency,
    double MeanChargeCurrentMA,
    double MeanDischargeCurrentMA,
    double ChargeCapacityMAhPerG,
    double DischargeCapacityMAhPerG,
    double DischargeEnergyWhPerKg,
    double ChargeCapacityMAhPerCm2,
    double DischargeCapacityMAhPerCm2,
    double ChargeCapacityMAhPerCm3,
    double DischargeCapacityMAhPerCm3,
    double DischargeEnergyWhPerL,
    double Retention,
    double StartTimeS,
    double EndTimeS);

/// <summary>The per-cycle table plus the reference cycle and cycle life it was computed with.</summary>
public sealed record CycleSummaryTable(IReadOnlyList<CycleSummaryRow> Cycles, int? ReferenceCycle, int? CycleLife, double RetentionThreshold)
{
    /// <summary>The table as a Deedle frame, one row per cycle (row key = cycle number), one column per field.</summary>
    public Frame<int, string> ToFrame() => Frame.FromRecords(Cycles).IndexRows<int>("Cycle", keepColumn: true);

    public CycleSummaryRow? this[int cycle] => Cycles.FirstOrDefault(c => c.Cycle == cycle);
}

/// <summary>
/// Per-cycle summary of a <see cref="CyclingData"/>: charge and discharge capacity and energy (the charge passed in each
/// direction within the cycle, so CV holds count), mean voltages E/Q, Coulombic efficiency Q_dis/Q_ch and energy
/// efficiency E_dis/E_ch (for a cathode or full cell; for an anode half cell "charge" is lithiation, see <see cref="CellMode"/>),
/// mean currents Q·3600/t over the time spent in each direction, normalisations, retention Q_dis/Q_dis(reference) and the
/// cycle life (the first cycle after the reference whose retention falls below the threshold; null if none does).
/// Reference cycle by default: the first cycle whose mean discharge current is within 10 % of the median discharge
/// current of all complete cycles — i.e. the first cycle at the cycling rate, after formation cycles at a lower rate
/// (the paper's protocol: two cycles at 0.1 C, then 0.5 C).
/// Cycle 0 (records before the first charge) is listed only when current flowed in it.
/// </summary>
public static class CycleSummary
{
    public static CycleSummaryTable Compute(CyclingData d, CycleSummaryOptions? options = null)
    {
        options ??= new CycleSummaryOptions();
        int n = d.Count;
        var rows = new List<CycleSummaryRow>();
        int i = 0;
        while (i < n)
        {
            int c = d.Cycle[i];
            int j = i;
            double tCh = 0, tDis = 0, qc = 0, qd = 0, ec = 0, ed = 0;
            var v = d.VoltageV; var dq = d.ChargeIncrementMAh;
            // Same sums, in the same order, as CyclingData.ChargeCapacityMAh etc. (so the two agree bit for bit),
            // without materialising the per-record arrays.
            while (j < n && d.Cycle[j] == c)
            {
                double q = dq[j] * d.ChargeSign;
                double vm = j == 0 ? v[0] : 0.5 * (v[j] + v[j - 1]);
                double e = Math.Abs(vm * q) / 1000.0;
                if (q > 0) { qc += q; ec += e; } else if (q < 0) { qd -= q; ed += e; }
                if (j > i)
                {
                    double dt = d.TimeS[j] - d.TimeS[j - 1];
                    double qs = d.CurrentMA[j] * d.ChargeSign;
                    if (d.StepType[j] is CyclingStepType.Charge or CyclingStepType.Discharge or CyclingStepType.ConstantVoltage)
                    {
                        if (qs > 0) tCh += dt; else if (qs < 0) tDis += dt;
                    }
                }
                j++;
            }
            int last = j - 1;
            if (c > 0 || qc > 0 || qd > 0)
                rows.Add(MakeRow(c, qc, qd, ec, ed, tCh, tDis, d.TimeS[i], d.TimeS[last], options));
            i = j;
        }

        int? reference = options.ReferenceCycle;
        if (reference is null)
        {
            var complete = rows.Where(r => r.Cycle > 0 && r.DischargeCapacityMAh > 0 && r.ChargeCapacityMAh > 0 && double.IsFinite(r.MeanDischargeCurrentMA)).ToList();
            if (complete.Count > 0)
            {
                var currents = complete.Select(r => r.MeanDischargeCurrentMA).OrderBy(x => x).ToList();
                double median = currents[currents.Count / 2];
                reference = complete.First(r => Math.Abs(r.MeanDischargeCurrentMA - median) <= 0.1 * median).Cycle;
            }
        }
        else if (rows.All(r => r.Cycle != reference))
            throw new InvalidInputException($"reference cycle {reference} is not in the data (cycles {rows.FirstOrDefault()?.Cycle}..{rows.LastOrDefault()?.Cycle})", d.SourceName, field: "reference cycle");

        int? life = null;
        if (reference is { } refc)
        {
            double qref = rows.First(r => r.Cycle == refc).DischargeCapacityMAh;
            for (int k = 0; k < rows.Count; k++)
                rows[k] = rows[k] with { Retention = qref > 0 ? rows[k].DischargeCapacityMAh / qref : double.NaN };
            foreach (var r in rows)
                if (r.Cycle > refc && r.DischargeCapacityMAh > 0 && r.Retention < options.RetentionThreshold) { life = r.Cycle; break; }
        }
        return new CycleSummaryTable(rows, reference, life, options.RetentionThreshold);
    }

    static CycleSummaryRow MakeRow(int c, double qc, double qd, double ec, double ed, double tCh, double tDis, double t0, double t1, CycleSummaryOptions o)
    {
        double Div(double a, double b) => b > 0 ? a / b : double.NaN;
        double g = o.ActiveMassMg is { } m ? m / 1000.0 : double.NaN;
        double kg = o.ActiveMassMg is { } m2 ? m2 / 1e6 : double.NaN;
        double a = o.AreaCm2 ?? double.NaN;
        double vol = o.ElectrodeVolumeCm3 ?? double.NaN;
        return new CycleSummaryRow(
            c, qc, qd, ec, ed,
            Div(ec * 1000.0, qc), Div(ed * 1000.0, qd),
            Div(qd, qc), Div(ed, ec),
            Div(qc * 3600.0, tCh), Div(qd * 3600.0, tDis),
            qc / g, qd / g, ed / kg,
            qc / a, qd / a, qc / vol, qd / vol,
            ed * 1000.0 / vol, // Wh/cm³ ×1000 = Wh/L
            double.NaN, t0, t1);
    }
}
