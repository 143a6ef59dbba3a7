using Plotly.NET;
using ResearchKit.Paper;
using CsChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Paper;

/// <summary>Fig 5c-5f from simulations on the kit's digital twins: a bar per cathode with a second quantity as markers on the right axis.</summary>
public static class Fig5Charts
{
    /// <summary>Fig 5c: simulated effective ionic conductivity (bars, mS/cm) and ionic tortuosity factor (markers).</summary>
    public static GenericChart Fig5cIonic(IReadOnlyList<TwinTransportRow> rows) =>
        BarsAndMarkers(rows, r => 1e3 * r.IonicSigmaSPerCm, "sigma_ion,eff (mS/cm)", r => r.IonicTau, "ionic tortuosity factor", null);

    /// <summary>Fig 5d: mean pore size (bars, um) and CAM-SSE specific contact area (markers, 1/um).</summary>
    public static GenericChart Fig5dPoresAndContactArea(IReadOnlyList<TwinTransportRow> rows) =>
        BarsAndMarkers(rows, r => r.MeanPoreSizeUm, "mean pore size (um)", r => r.CamSseAreaPerVolumePerUm, "CAM-SSE contact area (1/um)", "#2a9d8f");

    /// <summary>Fig 5e: simulated effective electronic conductivity (bars, mS/cm) and electronic tortuosity factor (markers).</summary>
    public static GenericChart Fig5eElectronic(IReadOnlyList<TwinTransportRow> rows) =>
        BarsAndMarkers(rows, r => 1e3 * r.ElectronicSigmaSPerCm, "sigma_e,eff (mS/cm)", r => r.ElectronicTau, "electronic tortuosity factor", null);

    /// <summary>Fig 5f (contact half): CAM-CAM contacts (bars) and coordination number (markers).</summary>
    public static GenericChart Fig5fContacts(IReadOnlyList<TwinTransportRow> rows) =>
        BarsAndMarkers(rows, r => r.CamCamContacts, "CAM-CAM contacts in the box", r => r.CoordinationNumber, "coordination number", "#2a9d8f");

    static GenericChart BarsAndMarkers(IReadOnlyList<TwinTransportRow> rows, Func<TwinTransportRow, double> bar, string barTitle,
        Func<TwinTransportRow, double> marker, string markerTitle, string? barHex)
    {
        var names = rows.Select(r => r.Sample).ToArray();
        var colors = barHex is null
            ? Color.fromColors(names.Select(n => Palette.Color(Palette.SampleColor(n))))
            : Palette.Color(barHex);
        var bars = CsChart.Column<double, string, string>(values: rows.Select(bar), Keys: names, Name: barTitle, MarkerColor: colors);
        // Non-finite markers (a phase that does not percolate: tau = infinity) are left out rather than drawn at a fake value.
        var finite = rows.Where(r => double.IsFinite(marker(r))).ToList();
        var dots = PaperCharts.OnSecondYAxis(CsChart.Point<string, double, string>(x: finite.Select(r => r.Sample), y: finite.Select(marker), Name: markerTitle,
            MarkerSymbol: StyleParam.MarkerSymbol.Circle, MarkerColor: Palette.Color(Palette.Tau)));
        return CsChart.Combine([bars, dots])
            .WithXAxisStyle<string, string, string>(TitleText: "composite cathode (digital twin)")
            .WithYAxisStyle<double, double, string>(TitleText: barTitle)
            .WithYAxisStyle<double, double, string>(TitleText: markerTitle, Side: StyleParam.Side.Right,
                Overlaying: StyleParam.LinearAxisId.NewY(1), Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, Y: -0.25)
            .WithSize(720, 460);
    }
}
