using Plotly.NET;
using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using CChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Cycling;

/// <summary>Figures of the cycling analysis (Fig 2a-c, 2e, 4a): voltage profiles, capacity and efficiency per cycle, dQ/dV.</summary>
public static class CyclingCharts
{
    /// <summary>Voltage vs capacity of the charge and discharge of the chosen cycles (per gram of CAM when a mass is given).</summary>
    public static GenericChart VoltageProfiles(CyclingData data, IEnumerable<int> cycles, double? activeMassMg = null, double voltageOffsetV = 0)
    {
        var traces = new List<GenericChart>();
        foreach (int c in cycles)
        {
            foreach (bool charge in new[] { true, false })
            {
                VoltageProfile p;
                try { p = Differential.Profile(data, c, charge); }
                catch (InvalidInputException) { continue; }
                var q = activeMassMg is { } m ? p.CapacityMAhPerG(m) : p.CapacityMAh;
                traces.Add(CChart.Line<double, double, string>(q, p.VoltageV.Select(v => v + voltageOffsetV), Name: $"cycle {c} {(charge ? "charge" : "discharge")}"));
            }
        }
        return CChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: activeMassMg is null ? "capacity (mAh)" : "specific capacity (mAh/g CAM)")
            .WithYAxisStyle<double, double, string>(TitleText: voltageOffsetV == 0 ? "voltage (V)" : "potential (V vs Li+/Li)");
    }

    /// <summary>One cycle of each of several cells on one chart (Fig 2a-b: the five cathodes), per gram of CAM, named by cell.</summary>
    public static GenericChart CompareProfiles(IEnumerable<(string Name, CyclingData Data, int Cycle, double ActiveMassMg)> cells, double voltageOffsetV = 0)
    {
        var traces = new List<GenericChart>();
        foreach (var (name, data, c, m) in cells)
            foreach (bool charge in new[] { true, false })
            {
                VoltageProfile p;
                try { p = Differential.Profile(data, c, charge); }
                catch (InvalidInputException) { continue; }
                traces.Add(CChart.Line<double, double, string>(p.CapacityMAhPerG(m), p.VoltageV.Select(v => v + voltageOffsetV), Name: $"{name} {(charge ? "charge" : "discharge")}"));
            }
        return CChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "specific capacity (mAh/g CAM)")
            .WithYAxisStyle<double, double, string>(TitleText: voltageOffsetV == 0 ? "voltage (V)" : "potential (V vs Li+/Li)");
    }

    /// <summary>Charge and discharge capacity per cycle (per gram when the summary has a mass).</summary>
    public static GenericChart CapacityPerCycle(CycleSummaryTable summary, bool perGram = false)
    {
        var cyc = summary.Cycles.Select(r => r.Cycle).ToArray();
        var ch = summary.Cycles.Select(r => perGram ? r.ChargeCapacityMAhPerG : r.ChargeCapacityMAh).ToArray();
        var dis = summary.Cycles.Select(r => perGram ? r.DischargeCapacityMAhPerG : r.DischargeCapacityMAh).ToArray();
        return CChart.Combine(
            [
                CChart.Point<int, double, string>(cyc, ch, Name: "charge"),
                CChart.Point<int, double, string>(cyc, dis, Name: "discharge"),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "cycle")
            .WithYAxisStyle<double, double, string>(TitleText: perGram ? "capacity (mAh/g CAM)" : "capacity (mAh)");
    }

    /// <summary>Discharge capacity (mAh/g CAM) or Coulombic efficiency (%) per cycle of several cells on one chart (Fig 2c).</summary>
    public static GenericChart CompareCycling(IEnumerable<(string Name, CycleSummaryTable Summary)> cells, bool efficiency = false)
    {
        var traces = cells.Select(c => CChart.Line<int, double, string>(c.Summary.Cycles.Select(r => r.Cycle).ToArray(),
            c.Summary.Cycles.Select(r => efficiency ? 100 * r.CoulombicEfficiency : r.DischargeCapacityMAhPerG).ToArray(), Name: c.Name)).ToList();
        return CChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "cycle")
            .WithYAxisStyle<double, double, string>(TitleText: efficiency ? "Coulombic efficiency (%)" : "discharge capacity (mAh/g CAM)");
    }

    /// <summary>Coulombic efficiency (%) and retention (%) per cycle.</summary>
    public static GenericChart EfficiencyPerCycle(CycleSummaryTable summary)
    {
        var cyc = summary.Cycles.Select(r => r.Cycle).ToArray();
        return CChart.Combine(
            [
                CChart.Point<int, double, string>(cyc, summary.Cycles.Select(r => 100 * r.CoulombicEfficiency), Name: "Coulombic efficiency"),
                CChart.Point<int, double, string>(cyc, summary.Cycles.Select(r => 100 * r.Retention), Name: $"retention vs cycle {summary.ReferenceCycle}"),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "cycle")
            .WithYAxisStyle<double, double, string>(TitleText: "%");
    }

    /// <summary>dQ/dV vs voltage of the given curves.</summary>
    public static GenericChart DifferentialCapacity(IEnumerable<DifferentialCurve> curves)
    {
        var traces = curves.Select(c => CChart.Line<double, double, string>(c.VoltageV, c.DqDvMAhPerV.Select(x => c.IsCharge ? x : -Math.Abs(x)),
            Name: $"cycle {c.Cycle} {(c.IsCharge ? "charge" : "discharge")}")).ToList();
        return CChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "voltage (V)")
            .WithYAxisStyle<double, double, string>(TitleText: "dQ/dV (mAh/V)");
    }

    /// <summary>Mean discharge capacity per rate block with its spread (Fig 2e).</summary>
    public static GenericChart RateBlocks(RateTestResult result)
    {
        var labels = result.Blocks.Select((b, i) => $"{i + 1}: {b.CRate:0.##} C").ToArray();
        return CChart.Point<string, double, string>(labels, result.Blocks.Select(b => b.MeanDischargeCapacityMAh), Name: "mean discharge capacity")
            .WithXAxisStyle<double, double, string>(TitleText: "rate block")
            .WithYAxisStyle<double, double, string>(TitleText: "discharge capacity (mAh)");
    }
}
