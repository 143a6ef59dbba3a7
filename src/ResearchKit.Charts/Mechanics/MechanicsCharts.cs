using Plotly.NET;
using ResearchKit.Charts.Paper;
using ResearchKit.Mechanics;
using ResearchKit.Paper;
using CsChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Mechanics;

/// <summary>Fig 5b/5f from the elastic solver on the kit's digital twins (draws only; no file I/O).</summary>
public static class MechanicsCharts
{
    /// <summary>Fig 5f (energy half): SSE-interface strain energy density per cathode (bars, MJ/m3) beside CAM-CAM contacts (markers, right axis).</summary>
    public static GenericChart StrainEnergyAndContacts(IReadOnlyList<TwinMechanicsSummary> rows)
    {
        var names = rows.Select(r => r.Blend).ToArray();
        var bars = CsChart.Column<double, string, string>(values: rows.Select(r => r.SseInterfaceStrainEnergyMJPerM3), Keys: names,
            Name: "SSE-interface strain energy (MJ/m3)", MarkerColor: Color.fromColors(names.Select(n => Palette.Color(Palette.SampleColor(n)))));
        var finite = rows.Where(r => double.IsFinite(r.CamCamContacts)).ToList();
        var dots = PaperCharts.OnSecondYAxis(CsChart.Point<string, double, string>(x: finite.Select(r => r.Blend), y: finite.Select(r => r.CamCamContacts),
            Name: "CAM-CAM contacts in the box", MarkerSymbol: StyleParam.MarkerSymbol.Circle, MarkerColor: Palette.Color(Palette.Tau)));
        return CsChart.Combine([bars, dots])
            .WithXAxisStyle<string, string, string>(TitleText: "composite cathode (digital twin)")
            .WithYAxisStyle<double, double, string>(TitleText: "SSE-interface strain energy (MJ/m3)")
            .WithYAxisStyle<double, double, string>(TitleText: "CAM-CAM contacts", Side: StyleParam.Side.Right,
                Overlaying: StyleParam.LinearAxisId.NewY(1), Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, Y: -0.25)
            .WithSize(720, 460);
    }

    /// <summary>
    /// Fig 5b-style map: the strain energy density (MJ/m3) of a solved volume on the plane y = <paramref name="yIndex"/>
    /// (default the mid-plane; rows z, columns x, in um with the given voxel edge). Throws if the result kept no field.
    /// </summary>
    public static GenericChart EnergyDensityMap(ElasticResult result, double voxelUm, int? yIndex = null)
    {
        var w = result.EnergyDensity ?? throw new ArgumentException("the result kept no energy field (ElasticOptions.KeepField = false)", nameof(result));
        int nz = result.Nz, ny = result.Ny, nx = result.Nx, y = yIndex ?? ny / 2;
        if (y < 0 || y >= ny) throw new ArgumentOutOfRangeException(nameof(yIndex), $"expected 0 <= y < {ny}, got {y}");
        var rows = new List<double[]>(nz);
        for (int z = 0; z < nz; z++) rows.Add(Enumerable.Range(0, nx).Select(x => w[((long)z * ny + y) * nx + x]).ToArray());
        var xs = Enumerable.Range(0, nx).Select(i => (i + 0.5) * voxelUm).ToArray();
        var zs = Enumerable.Range(0, nz).Select(i => (i + 0.5) * voxelUm).ToArray();
        return CsChart.Heatmap<double, double, double, string>(zData: rows, X: xs, Y: zs, Name: "strain energy density (MJ/m3)", ColorScale: StyleParam.Colorscale.Viridis)
            .WithXAxisStyle<double, double, string>(TitleText: "x (um)")
            .WithYAxisStyle<double, double, string>(TitleText: "z (um), through the thickness")
            .WithSize(620, 620);
    }

    /// <summary>CG residual history (relative preconditioned residual against iteration, log y) with the tolerance as a dashed line.</summary>
    public static GenericChart ResidualHistory(IReadOnlyList<double> history, double tolerance, string name = "relative residual")
    {
        var it = Enumerable.Range(0, history.Count).Select(i => (double)i).ToArray();
        var line = CsChart.Line<double, double, string>(x: it, y: history, Name: name, ShowMarkers: true);
        var tol = CsChart.Line<double, double, string>(x: new[] { 0.0, it[^1] }, y: new[] { tolerance, tolerance }, Name: "tolerance", LineDash: StyleParam.DrawingStyle.Dash);
        return CsChart.Combine([line, tol])
            .WithXAxisStyle<double, double, string>(TitleText: "CG iteration")
            .WithYAxisStyle<double, double, string>(TitleText: "relative residual", AxisType: StyleParam.AxisType.Log)
            .WithSize(620, 400);
    }

    /// <summary>Refinement plot: computed / exact against 1 / r (voxels), with the Richardson value at 1 / r = 0 and the exact line at 1.</summary>
    public static GenericChart SphereRefinement(IReadOnlyList<SphereRefinementPoint> points, double richardson)
    {
        var x = points.Select(p => 1 / p.RadiusVoxels).ToArray();
        var pts = CsChart.Line<double, double, string>(x: x, y: points.Select(p => p.Ratio), Name: "voxel sphere", ShowMarkers: true);
        var rich = CsChart.Point<double, double, string>(x: new[] { 0.0 }, y: new[] { richardson }, Name: "Richardson (1/r -> 0)", MarkerSymbol: StyleParam.MarkerSymbol.Diamond);
        var exact = CsChart.Line<double, double, string>(x: new[] { 0.0, x.Max() }, y: new[] { 1.0, 1.0 }, Name: "concentric sphere (exact)", LineDash: StyleParam.DrawingStyle.Dash);
        return CsChart.Combine([pts, rich, exact])
            .WithXAxisStyle<double, double, string>(TitleText: "1 / sphere radius (1/voxels)")
            .WithYAxisStyle<double, double, string>(TitleText: "computed / exact strain energy")
            .WithSize(620, 420);
    }
}
