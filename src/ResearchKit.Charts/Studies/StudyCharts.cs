using Plotly.NET;
using ResearchKit.Studies;
using CsChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Studies;

/// <summary>Charts of what-if study results: any output against any axis (seed means with their spread), and 2D maps.</summary>
public static class StudyCharts
{
    /// <summary>The paper's five NCWA mass fractions, highlighted on ratio sweeps.</summary>
    public static readonly double[] PaperRatios = [1.0, 0.8, 0.7, 0.6, 0.0];

    /// <summary>
    /// One output against one axis: the mean over seeds (line and markers) with one standard deviation as error bars; points at the
    /// paper's five ratios are drawn larger when the axis is ncwa_mass_fraction. Non-finite values (tau of a non-percolating phase) are left out.
    /// </summary>
    public static GenericChart OutputVsAxis(StudyDefinition study, IReadOnlyList<PointResult> results, string axis, string output, string? title = null)
    {
        var stats = StudyResults.OverSeeds(study, results, output).Where(s => double.IsFinite(s.Mean) && s.Inputs.ContainsKey(axis)).OrderBy(s => s.Inputs[axis]).ToList();
        var x = stats.Select(s => s.Inputs[axis]).ToArray();
        var y = stats.Select(s => s.Mean).ToArray();
        var line = CsChart.Line<double, double, string>(x: x, y: y, Name: output + " (mean over seeds)", ShowMarkers: true, MarkerColor: Palette.Color("#1d3557"));
        var charts = new List<GenericChart> { line };
        if (stats.Any(s => s.Seeds > 1))
        {
            charts.Add(CsChart.Line<double, double, string>(x: x, y: stats.Select(s => s.Mean + s.StandardDeviation), Name: "+1 SD over seeds", LineDash: StyleParam.DrawingStyle.Dash, MarkerColor: Palette.Color("#8d99ae")));
            charts.Add(CsChart.Line<double, double, string>(x: x, y: stats.Select(s => s.Mean - s.StandardDeviation), Name: "-1 SD over seeds", LineDash: StyleParam.DrawingStyle.Dash, MarkerColor: Palette.Color("#8d99ae")));
        }
        if (axis == "ncwa_mass_fraction")
        {
            var paper = stats.Where(s => PaperRatios.Any(r => Math.Abs(r - s.Inputs[axis]) < 1e-9)).ToList();
            charts.Add(CsChart.Point<double, double, string>(x: paper.Select(s => s.Inputs[axis]), y: paper.Select(s => s.Mean), Name: "the paper's five cathodes",
                MarkerSymbol: StyleParam.MarkerSymbol.Diamond, MarkerColor: Palette.Color("#e63946")));
        }
        return CsChart.Combine(charts)
            .WithXAxisStyle<string, string, string>(TitleText: axis)
            .WithYAxisStyle<string, string, string>(TitleText: title ?? output)
            .WithSize(720, 420);
    }

    /// <summary>A 2D map of one output (seed means) over two axes, e.g. ratio x NCM D50 for porosity or sigma_ion.</summary>
    public static GenericChart Map(StudyDefinition study, IReadOnlyList<PointResult> results, string xAxis, string yAxis, string output)
    {
        var stats = StudyResults.OverSeeds(study, results, output);
        var xs = study.Axes.Single(a => a.Name == xAxis).Values.Order().ToArray();
        var ys = study.Axes.Single(a => a.Name == yAxis).Values.Order().ToArray();
        var z = ys.Select(yv => xs.Select(xv => stats.FirstOrDefault(s => s.Inputs[xAxis] == xv && s.Inputs[yAxis] == yv)?.Mean ?? double.NaN).ToArray()).ToArray();
        return CsChart.Heatmap<double, double, double, string>(zData: z, X: xs, Y: ys, Name: output)
            .WithXAxisStyle<string, string, string>(TitleText: xAxis)
            .WithYAxisStyle<string, string, string>(TitleText: yAxis + " (colour: " + output + ")")
            .WithSize(640, 480);
    }
}
