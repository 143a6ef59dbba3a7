using Plotly.NET;
using Plotly.NET.CSharp;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Paper;
using CChart = Plotly.NET.CSharp.Chart;
using Color = Plotly.NET.Color;

namespace ResearchKit.Charts.Microstructure;

/// <summary>Which orthogonal slice of a (z, y, x) volume to draw.</summary>
public enum SliceAxis
{
    /// <summary>In-plane section at height z (x horizontal, y vertical).</summary>
    XY,
    /// <summary>Cross-section at fixed y (x horizontal, z vertical: current collector at the bottom), like the paper's SEM.</summary>
    XZ,
    /// <summary>Cross-section at fixed x (y horizontal, z vertical).</summary>
    YZ,
}

/// <summary>
/// Views of digital twins for notebooks (paper Fig 5a): orthogonal slices coloured by phase with the paper's colours
/// (gray NCM, dark gray NCWA, dark yellow SSE, black carbon; pores white), a subsampled 3-D voxel view, and the
/// predicted-vs-measured porosity chart.
/// </summary>
public static class TwinCharts
{
    /// <summary>Phase colours by label code 0..4 (pore, NCWA, NCM, SSE, carbon) as hex strings.</summary>
    public static IReadOnlyList<string> PhaseColors { get; } = ["#ffffff", "#4a4a4a", "#a8a8a8", "#b39b00", "#000000"];

    static readonly string[] PhaseNames = ["pore", "NCWA", "NCM", "SSE", "carbon"];

    /// <summary>One orthogonal slice as a heatmap with the fixed phase colours (axes in um).</summary>
    /// <param name="volume">Labelled volume.</param>
    /// <param name="axis">Slice orientation.</param>
    /// <param name="index">Slice index along the normal axis (default: middle).</param>
    public static GenericChart Slice(LabelVolume volume, SliceAxis axis = SliceAxis.XZ, int? index = null)
    {
        var (rows, cols, hUm, vUm, hName, vName) = SliceData(volume, axis, index);
        var chart = CChart.Heatmap<int, double, double, string>(
            zData: rows, X: hUm, Y: vUm, ColorScale: PhaseScale(), ShowScale: false, Name: axis.ToString());
        FixLabelRange(chart);
        return chart
            .WithXAxisStyle<double, double, string>(TitleText: hName)
            .WithYAxisStyle<double, double, string>(TitleText: vName);
    }

    /// <summary>The three orthogonal mid-slices side by side (XY, XZ, YZ).</summary>
    public static GenericChart OrthogonalSlices(LabelVolume volume) =>
        CChart.Grid([Slice(volume, SliceAxis.XY), Slice(volume, SliceAxis.XZ), Slice(volume, SliceAxis.YZ)], 1, 3,
            SubPlotTitles: new[] { "XY (mid height)", "XZ cross-section", "YZ cross-section" });

    /// <summary>Cross-sections (XZ, middle) of several twins side by side, like the paper's Fig 5a row.</summary>
    public static GenericChart CrossSections(IEnumerable<(string Title, LabelVolume Volume)> twins)
    {
        var list = twins.ToList();
        return CChart.Grid(list.Select(t => Slice(t.Volume, SliceAxis.XZ)), 1, list.Count,
            SubPlotTitles: list.Select(t => t.Title).ToArray());
    }

    /// <summary>
    /// 3-D view: non-pore voxels on a regular subsampling grid (stride chosen so that at most <paramref name="maxPoints"/>
    /// points are drawn), one marker trace per phase in the phase colours. Only voxels that touch another phase are drawn, so
    /// the surfaces of particles and of the SSE network show.
    /// </summary>
    public static GenericChart VoxelView3D(LabelVolume volume, int maxPoints = 40000)
    {
        var lab = volume.Labels;
        int nz = volume.Nz, ny = volume.Ny, nx = volume.Nx;
        int stride = 1;
        while ((long)(nz / stride + 1) * (ny / stride + 1) * (nx / stride + 1) / 3 > maxPoints) stride++;
        var pts = Enumerable.Range(0, 5).Select(_ => (X: new List<double>(), Y: new List<double>(), Z: new List<double>())).ToArray();
        int count = 0;
        for (int z = 0; z < nz && count < maxPoints; z += stride)
            for (int y = 0; y < ny; y += stride)
                for (int x = 0; x < nx; x += stride)
                {
                    byte l = lab[volume.Index(z, y, x)];
                    if (l == PhaseLabels.Pore || l > 4) continue;
                    bool surface = false;
                    foreach (var (dz, dy, dx) in new[] { (stride, 0, 0), (-stride, 0, 0), (0, stride, 0), (0, -stride, 0), (0, 0, stride), (0, 0, -stride) })
                    {
                        int zz = z + dz, yy = y + dy, xx = x + dx;
                        if (zz < 0 || zz >= nz || yy < 0 || yy >= ny || xx < 0 || xx >= nx) { surface = true; break; }
                        if (lab[volume.Index(zz, yy, xx)] != l) { surface = true; break; }
                    }
                    if (!surface) continue;
                    pts[l].X.Add((x + 0.5) * volume.VoxelUm); pts[l].Y.Add((y + 0.5) * volume.VoxelUm); pts[l].Z.Add((z + 0.5) * volume.VoxelUm);
                    count++;
                }
        var traces = new List<GenericChart>();
        for (int l = 1; l < 5; l++)
        {
            if (pts[l].X.Count == 0) continue;
            traces.Add(CChart.Point3D<double, double, double, string>(pts[l].X, pts[l].Y, pts[l].Z, Name: PhaseNames[l],
                MarkerColor: Color.fromHex(PhaseColors[l]), Opacity: l == PhaseLabels.Sse ? 0.35 : 0.9));
        }
        return CChart.Combine(traces);
    }

    /// <summary>
    /// Predicted porosity (mean +- sd over seeds) against the paper: SEM area fraction per cathode and the He-pycnometry range
    /// of its group, in percent, over the NCWA mass fraction.
    /// </summary>
    public static GenericChart PorosityComparison(IEnumerable<TwinPorosityRow> rows)
    {
        var r = rows.OrderBy(q => q.NcwaMassFraction).ToList();
        var x = r.Select(q => q.NcwaMassFraction).ToArray();
        var predicted = CChart.Scatter<double, double, string>(x, r.Select(q => 100 * q.PorosityMean), StyleParam.Mode.Lines_Markers,
            Name: "twin (mean over seeds)", MarkerColor: Color.fromHex("#1f77b4"),
            MultiText: r.Select(q => $"{q.Sample}: {100 * q.PorosityMean:F1} +- {100 * q.PorositySd:F1} % ({q.Seeds} seeds)").ToArray());
        var sem = CChart.Point<double, double, string>(x, r.Select(q => 100 * (q.PorositySem ?? double.NaN)), Name: "SEM (paper Table S1)",
            MarkerColor: Color.fromHex("#d62728"));
        var pycMin = CChart.Scatter<double, double, string>(x, r.Select(q => 100 * (q.PorosityPycnometryMin ?? double.NaN)), StyleParam.Mode.Lines,
            Name: "He pycnometry range (min)", LineColor: Color.fromHex("#2ca02c"), LineDash: StyleParam.DrawingStyle.Dash);
        var pycMax = CChart.Scatter<double, double, string>(x, r.Select(q => 100 * (q.PorosityPycnometryMax ?? double.NaN)), StyleParam.Mode.Lines,
            Name: "He pycnometry range (max)", LineColor: Color.fromHex("#2ca02c"), LineDash: StyleParam.DrawingStyle.Dot);
        return CChart.Combine([predicted, sem, pycMin, pycMax])
            .WithXAxisStyle<double, double, string>(TitleText: "NCWA mass fraction of the CAM")
            .WithYAxisStyle<double, double, string>(TitleText: "porosity (%)");
    }

    /// <summary>The 2-D label array of a slice and its axes (um).</summary>
    internal static (int[][] Rows, int Cols, double[] H, double[] V, string HName, string VName) SliceData(LabelVolume v, SliceAxis axis, int? index)
    {
        double u = v.VoxelUm;
        double[] Axis(int n) => Enumerable.Range(0, n).Select(i => (i + 0.5) * u).ToArray();
        switch (axis)
        {
            case SliceAxis.XY:
            {
                int z = Math.Clamp(index ?? v.Nz / 2, 0, v.Nz - 1);
                var rows = Enumerable.Range(0, v.Ny).Select(y => Enumerable.Range(0, v.Nx).Select(x => (int)v[z, y, x]).ToArray()).ToArray();
                return (rows, v.Nx, Axis(v.Nx), Axis(v.Ny), "x (um)", "y (um)");
            }
            case SliceAxis.XZ:
            {
                int y = Math.Clamp(index ?? v.Ny / 2, 0, v.Ny - 1);
                var rows = Enumerable.Range(0, v.Nz).Select(z => Enumerable.Range(0, v.Nx).Select(x => (int)v[z, y, x]).ToArray()).ToArray();
                return (rows, v.Nx, Axis(v.Nx), Axis(v.Nz), "x (um)", "z (um)");
            }
            default:
            {
                int x = Math.Clamp(index ?? v.Nx / 2, 0, v.Nx - 1);
                var rows = Enumerable.Range(0, v.Nz).Select(z => Enumerable.Range(0, v.Ny).Select(y => (int)v[z, y, x]).ToArray()).ToArray();
                return (rows, v.Ny, Axis(v.Ny), Axis(v.Nz), "y (um)", "z (um)");
            }
        }
    }

    /// <summary>Stepped colour scale: label k (0..4) maps to [k/5, (k+1)/5) of the 0..4 range after zmin/zmax are fixed.</summary>
    static StyleParam.Colorscale PhaseScale()
    {
        var stops = new List<Tuple<double, Color>>();
        for (int k = 0; k < 5; k++)
        {
            var c = Color.fromHex(PhaseColors[k]);
            stops.Add(Tuple.Create(k / 5.0, c));
            stops.Add(Tuple.Create((k + 1) / 5.0 - (k == 4 ? 0 : 1e-9), c));
        }
        return StyleParam.Colorscale.NewCustom(stops);
    }

    /// <summary>Pins the heatmap colour range to the label codes (-0.5..4.5) so colours never shift with the phases present.</summary>
    static void FixLabelRange(GenericChart chart)
    {
        foreach (var t in GenericChart.getTraces(chart))
        {
            t.SetProperty("zmin", -0.5);
            t.SetProperty("zmax", 4.5);
        }
    }
}
