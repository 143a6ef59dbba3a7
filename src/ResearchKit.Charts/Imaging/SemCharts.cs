using Plotly.NET;
using Plotly.NET.CSharp;
using ResearchKit.Imaging;
using ResearchKit.Paper;
using CsChart = Plotly.NET.CSharp.Chart;
using Color = Plotly.NET.Color;

namespace ResearchKit.Charts.Imaging;

/// <summary>Fig 1 views: SEM images, red pore overlays, porosity bars and pore-size distributions.</summary>
public static class SemCharts
{
    /// <summary>A grey image as a heatmap (axes in um when the pixel size is known); with a mask, pores are painted red (Fig 1c).</summary>
    /// <param name="maxSide">Images larger than this are drawn every k-th pixel (nearest), to keep notebook outputs small.</param>
    public static GenericChart Image(GreyImage image, byte[]? poreMask = null, string title = "", int maxSide = 280)
    {
        var g = image.ToDisplayBytes();
        int W = image.Width, H = image.Height, k = Math.Max(1, (int)Math.Ceiling(Math.Max(W, H) / (double)maxSide));
        int w = W / k, h = H / k;
        double s = (image.PixelSizeUm ?? 1) * k;
        var z = new List<double[]>(h);
        for (int y = h - 1; y >= 0; y--) // row 0 of the image at the top
        {
            var row = new double[w];
            for (int x = 0; x < w; x++) { int i = y * k * W + x * k; row[x] = poreMask is not null && poreMask[i] != 0 ? 256 : g[i]; }
            z.Add(row);
        }
        var stops = new List<Tuple<double, Color>>
        {
            Tuple.Create(0.0, Color.fromHex("#000000")), Tuple.Create(255.0 / 256, Color.fromHex("#ffffff")),
            Tuple.Create(255.5 / 256, Color.fromHex("#ff0000")), Tuple.Create(1.0, Color.fromHex("#ff0000")),
        };
        var xs = Enumerable.Range(0, w).Select(i => (i + 0.5) * s).ToArray();
        var ys = Enumerable.Range(0, h).Select(i => (i + 0.5) * s).ToArray();
        var chart = CsChart.Heatmap<double, double, double, string>(zData: z, X: xs, Y: ys, ColorScale: StyleParam.Colorscale.NewCustom(stops), ShowScale: false, Name: title);
        foreach (var t in GenericChart.getTraces(chart)) { t.SetProperty("zmin", 0); t.SetProperty("zmax", 256); }
        string unit = image.PixelSizeUm is null ? "px" : "um";
        return chart.WithXAxisStyle<double, double, string>(TitleText: $"x ({unit})")
            .WithYAxisStyle<double, double, string>(TitleText: $"depth ({unit})")
            .WithSize(Math.Min(900, 60 + 2 * w), Math.Min(1000, 80 + 2 * h));
    }

    /// <summary>The five images side by side, overlays when masks are given (Fig 1a / 1c rows).</summary>
    public static GenericChart Row(IReadOnlyList<(string Title, GreyImage Image, byte[]? Mask)> images) =>
        CsChart.Grid(images.Select(i => Image(i.Image, i.Mask, i.Title)), 1, images.Count, SubPlotTitles: images.Select(i => i.Title).ToArray())
            .WithSize(1400, 520);

    /// <summary>Porosity per cathode: paper (ImageJ, Table S1), synthetic image analysed, twin 3D.</summary>
    public static GenericChart Porosity(IReadOnlyList<SemPorosityRow> rows)
    {
        var names = rows.Select(r => r.Sample).ToArray();
        return CsChart.Combine(
        [
            CsChart.Column<double, string, string>(values: rows.Select(r => r.PaperPorosityPercent), Keys: names, Name: "paper SEM (ImageJ, Table S1)", MarkerColor: Color.fromHex("#9e9e9e")),
            CsChart.Column<double, string, string>(values: rows.Select(r => r.ImagePorosityPercent), Keys: names, Name: "synthetic image, analysed", MarkerColor: Color.fromHex("#d62728")),
            CsChart.Column<double, string, string>(values: rows.Select(r => r.TwinPorosityPercent), Keys: names, Name: "twin 3D", MarkerColor: Color.fromHex("#1f77b4")),
        ])
        .WithXAxisStyle<string, string, string>(TitleText: "composite cathode")
        .WithYAxisStyle<double, double, string>(TitleText: "porosity (%)")
        .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, Y: -0.25)
        .WithSize(760, 460);
    }

    /// <summary>Pore-size distributions (equivalent-circle diameter), number-weighted or area-weighted, one line per cathode.</summary>
    public static GenericChart SizeDistributions(IReadOnlyList<SemPorosityRow> rows, bool areaWeighted = false)
    {
        var traces = rows.Select(r =>
        {
            var d = r.Analysis.Distribution;
            var mids = Enumerable.Range(0, d.Counts.Length).Select(i => 0.5 * (d.Bins[i] + d.Bins[i + 1]));
            var y = areaWeighted ? d.AreaFractions.Select(a => 100 * a) : d.Counts.Select(c => (double)c);
            return CsChart.Line<double, double, string>(x: mids, y: y, Name: r.Sample, ShowMarkers: true, LineColor: Palette.Color(Palette.SampleColor(r.Sample)));
        });
        return CsChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "equivalent-circle diameter (um)")
            .WithYAxisStyle<double, double, string>(TitleText: areaWeighted ? "share of pore area (%)" : "number of pores")
            .WithSize(760, 440);
    }
}
