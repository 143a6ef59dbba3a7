using Plotly.NET;
using ResearchKit.Microstructure.Metrics;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Transport;

/// <summary>Figures of the transport validation notebook (C# signatures only).</summary>
public static class TransportCharts
{
    /// <summary>
    /// Heatmap of a per-voxel field (potential or current density) on the plane that contains the flux axis:
    /// for a flux along z the plane y = <paramref name="index"/> (rows z, columns x); NaN voxels are left blank.
    /// </summary>
    public static GenericChart FieldSlice(float[] field, int nz, int ny, int nx, int index, string name, VolumeAxis plane = VolumeAxis.Y)
    {
        // plane = the axis held fixed at index; rows run along z (or y when z is fixed), columns along x (or y when x is fixed).
        var rows = new List<double[]>();
        switch (plane)
        {
            case VolumeAxis.Y:
                for (int z = 0; z < nz; z++) rows.Add(Enumerable.Range(0, nx).Select(x => Val(field[(z * ny + index) * nx + x])).ToArray());
                break;
            case VolumeAxis.X:
                for (int z = 0; z < nz; z++) rows.Add(Enumerable.Range(0, ny).Select(y => Val(field[(z * ny + y) * nx + index])).ToArray());
                break;
            default:
                for (int y = 0; y < ny; y++) rows.Add(Enumerable.Range(0, nx).Select(x => Val(field[(index * ny + y) * nx + x])).ToArray());
                break;
        }
        return CSharpChart.Heatmap<double, int, int, string>(zData: rows, Name: name, ColorScale: StyleParam.Colorscale.Viridis)
            .WithXAxisStyle<int, int, string>(TitleText: plane == VolumeAxis.X ? "y (voxel)" : "x (voxel)")
            .WithYAxisStyle<int, int, string>(TitleText: plane == VolumeAxis.Z ? "y (voxel)" : "z (voxel)");
    }

    // NaN (outside the conducting paths) is serialised as a non-number, which plotly.js leaves blank.
    static double Val(float f) => float.IsFinite(f) ? f : double.NaN;

    /// <summary>Line chart of y against x with axis titles (iterations vs size, tau vs resolution, ...).</summary>
    public static GenericChart Series(IEnumerable<double> x, IEnumerable<double> y, string name, string xTitle, string yTitle, bool logX = false)
    {
        var c = CSharpChart.Line<double, double, string>(x: x, y: y, Name: name, ShowMarkers: true);
        return c.WithXAxisStyle<double, double, string>(TitleText: xTitle, AxisType: logX ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear)
                .WithYAxisStyle<double, double, string>(TitleText: yTitle);
    }

    /// <summary>Computed against expected values with the y = x line, for a set of validation geometries.</summary>
    public static GenericChart ComputedVersusExpected(IEnumerable<double> expected, IEnumerable<double> computed, IEnumerable<string> labels)
    {
        var e = expected.ToArray();
        double lo = Math.Min(e.Min(), computed.Min()), hi = Math.Max(e.Max(), computed.Max());
        var points = CSharpChart.Point<double, double, string>(x: e, y: computed, Name: "solver", MultiText: labels.ToArray());
        var line = CSharpChart.Line<double, double, string>(x: new[] { lo, hi }, y: new[] { lo, hi }, Name: "exact");
        return CSharpChart.Combine(new[] { points, line })
            .WithXAxisStyle<double, double, string>(TitleText: "exact")
            .WithYAxisStyle<double, double, string>(TitleText: "computed");
    }
}
