using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using ResearchKit.Paper;
using CsChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Paper;

/// <summary>Figure builders for the paper's panels that the foundation computes (Fig 2d, 2f, 4f). C# signatures only.</summary>
public static class PaperCharts
{
    /// <summary>Fig 4f: measured stress change per cathode (bars) with the mass-weighted mixing rule (markers).</summary>
    public static GenericChart Fig4fPressiometry(IReadOnlyList<PressiometryRow> rows)
    {
        var names = rows.Select(r => r.Sample).ToArray();
        var bars = CsChart.Column<double, string, string>(
            values: rows.Select(r => r.MeasuredMpa), Keys: names, Name: "measured (Fig 4f)",
            MarkerColor: Color.fromColors(names.Select(n => Palette.Color(Palette.SampleColor(n)))));
        var mass = CsChart.Point<string, double, string>(x: names, y: rows.Select(r => r.MassWeightedMpa), Name: "mass-weighted rule",
            MarkerSymbol: StyleParam.MarkerSymbol.Diamond, MarkerColor: Palette.Color("#000000"));
        return CsChart.Combine([bars, mass])
            .WithXAxisStyle<string, string, string>(TitleText: "composite cathode")
            .WithYAxisStyle<double, double, string>(TitleText: "stress change (MPa)", MinMax: new Tuple<double, double>(0, 0.36))
            .WithSize(720, 440);
    }

    /// <summary>Fig 2f: stacked volume fractions per cathode with the SSE tortuosity factor on a second axis.</summary>
    public static GenericChart Fig2fVolumeFractions(IReadOnlyList<VolumeFractionRow> rows)
    {
        var names = rows.Select(r => r.Sample).ToArray();
        GenericChart Stack(string label, Func<VolumeFractionRow, double> f, string hex) =>
            CsChart.StackedColumn<double, string, string>(values: rows.Select(r => 100 * f(r)), Keys: names, Name: label, MarkerColor: Palette.Color(hex));
        var charts = new List<GenericChart>
        {
            Stack("NCWA", r => r.Fractions.Ncwa, Palette.Ncwa),
            Stack("NCM", r => r.Fractions.Ncm, Palette.Ncm),
            Stack("SSE", r => r.Fractions.Sse, Palette.Sse),
            Stack("carbon", r => r.Fractions.Carbon, Palette.Carbon),
            Stack("pore", r => r.Fractions.Pore, Palette.Pore),
        };
        var tauBrug = CsChart.Point<string, double, string>(x: names, y: rows.Select(r => r.BruggemanTau), Name: "tau (Bruggeman)",
            MarkerSymbol: StyleParam.MarkerSymbol.Circle, MarkerColor: Palette.Color(Palette.Tau));
        charts.Add(OnSecondYAxis(tauBrug));
        if (rows.All(r => r.TauFromConductivity is not null))
        {
            var tau = CsChart.Point<string, double, string>(x: names, y: rows.Select(r => r.TauFromConductivity!.Value), Name: "tau = eps sigma0 / sigma_eff",
                MarkerSymbol: StyleParam.MarkerSymbol.Diamond, MarkerColor: Palette.Color("#000000"));
            charts.Add(OnSecondYAxis(tau));
        }
        return CsChart.Combine(charts)
            .WithXAxisStyle<string, string, string>(TitleText: "composite cathode")
            .WithYAxisStyle<double, double, string>(TitleText: "volume fraction (%)", MinMax: new Tuple<double, double>(0, 100))
            .WithYAxisStyle<double, double, string>(TitleText: "ionic tortuosity factor", Side: StyleParam.Side.Right,
                Overlaying: StyleParam.LinearAxisId.NewY(1), Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, Y: -0.25)
            .WithSize(760, 480);
    }

    /// <summary>Fig 2d: volumetric energy density at the low and high rate (grouped bars) and the relative decrease (markers, right axis).</summary>
    public static GenericChart Fig2dEnergyDensity(IReadOnlyList<EnergyDensityRow> rows, string lowRateLabel = "low rate", string highRateLabel = "0.5 C")
    {
        var names = rows.Select(r => r.Sample).ToArray();
        var low = CsChart.Column<double, string, string>(values: rows.Select(r => r.EnergyLowRateWhPerL), Keys: names, Name: lowRateLabel, MarkerColor: Palette.Color("#457b9d"));
        var high = CsChart.Column<double, string, string>(values: rows.Select(r => r.EnergyHighRateWhPerL), Keys: names, Name: highRateLabel, MarkerColor: Palette.Color("#e76f51"));
        var dec = OnSecondYAxis(CsChart.Point<string, double, string>(x: names, y: rows.Select(r => r.DecreasePercent), Name: "decrease (%)",
            MarkerSymbol: StyleParam.MarkerSymbol.Diamond, MarkerColor: Palette.Color("#000000")));
        return CsChart.Combine([low, high, dec])
            .WithXAxisStyle<string, string, string>(TitleText: "composite cathode")
            .WithYAxisStyle<double, double, string>(TitleText: "volumetric energy density (Wh/L, composite only)")
            .WithYAxisStyle<double, double, string>(TitleText: "decrease with rate (%)", Side: StyleParam.Side.Right,
                Overlaying: StyleParam.LinearAxisId.NewY(1), Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, Y: -0.25)
            .WithSize(760, 480);
    }

    /// <summary>Moves a trace to the second y axis (y2).</summary>
    public static GenericChart OnSecondYAxis(GenericChart chart) =>
        Plotly.NET.Chart.withAxisAnchor(X: FSharpOption<int>.None, Y: FSharpOption<int>.Some(2)).Invoke(chart);
}
