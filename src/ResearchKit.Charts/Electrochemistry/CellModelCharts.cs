using Plotly.NET;
using ResearchKit.Electrochemistry;
using CsChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Electrochemistry;

/// <summary>Charts of the cell model's validation and resolution study (draws only; no file I/O).</summary>
public static class CellModelCharts
{
    /// <summary>Model and analytic (Newman-Tobias) reaction distributions through the cathode, x = 0 at the current collector.</summary>
    public static GenericChart ReactionDistribution(IReadOnlyList<double> model, IReadOnlyList<double> exact)
    {
        var x = Enumerable.Range(0, model.Count).Select(i => (i + 0.5) / model.Count).ToArray();
        var m = CsChart.Point<double, double, string>(x: x, y: model, Name: "cell model (finite volumes)");
        var e = CsChart.Line<double, double, string>(x: x, y: exact, Name: "Newman-Tobias (analytic)", LineDash: StyleParam.DrawingStyle.Dash);
        return CsChart.Combine([m, e])
            .WithXAxisStyle<double, double, string>(TitleText: "x / L (0 = current collector, 1 = separator)")
            .WithYAxisStyle<double, double, string>(TitleText: "reaction current / mean")
            .WithSize(620, 420);
    }

    /// <summary>Discharge capacity against refinement (each axis relative to its coarsest point: cells, shells, 1 / tolerance), log x.</summary>
    public static GenericChart Convergence(IReadOnlyList<CellConvergencePoint> points)
    {
        var traces = points.GroupBy(p => p.Axis).Select(g =>
        {
            var list = g.ToList();
            double Resolution(CellConvergencePoint p) => p.Axis.StartsWith("x") ? p.Cells : p.Axis.StartsWith("r") ? p.Shells : 1 / p.VoltageToleranceV;
            double coarse = Resolution(list[0]);
            return CsChart.Line<double, double, string>(x: list.Select(p => Resolution(p) / coarse), y: list.Select(p => p.DischargeMAhPerG), Name: g.Key, ShowMarkers: true);
        });
        return CsChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "refinement (relative to the coarsest point of each axis)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "0.5 C discharge capacity (mAh/g CAM)")
            .WithSize(620, 420);
    }
}
