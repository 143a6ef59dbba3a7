using Plotly.NET;
using Plotly.NET.CSharp;
using ResearchKit.Diffraction;
using ResearchKit.Diffraction.Fitting;
using CChart = Plotly.NET.CSharp.Chart;

namespace ResearchKit.Charts.Diffraction;

/// <summary>Figures of the diffraction analyses (Fig 4b-e): patterns, operando contour maps, lattice parameters vs voltage.</summary>
public static class DiffractionCharts
{
    /// <summary>Powder patterns (counts vs 2θ), one trace each, offset vertically by <paramref name="offsetCounts"/>.</summary>
    public static GenericChart Patterns(IReadOnlyList<(string Name, PowderPattern Pattern)> patterns, double offsetCounts = 0)
    {
        var traces = patterns.Select((p, i) => CChart.Line<double, double, string>(p.Pattern.TwoThetaDeg, p.Pattern.Counts.Select(y => y + i * offsetCounts), Name: p.Name)).ToList();
        return CChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "2θ (deg, Cu Kα)")
            .WithYAxisStyle<double, double, string>(TitleText: "counts");
    }

    /// <summary>Observed, calculated and difference of a Pawley fit.</summary>
    public static GenericChart Fit(PowderPattern observed, PawleyResult fit)
    {
        var diff = observed.Counts.Select((y, i) => y - fit.Calculated[i] - 0.1 * observed.Counts.Max()).ToArray();
        return CChart.Combine(
            [
                CChart.Point<double, double, string>(observed.TwoThetaDeg, observed.Counts, Name: "observed"),
                CChart.Line<double, double, string>(observed.TwoThetaDeg, fit.Calculated, Name: "Pawley fit"),
                CChart.Line<double, double, string>(observed.TwoThetaDeg, diff, Name: "difference (offset)"),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "2θ (deg)")
            .WithYAxisStyle<double, double, string>(TitleText: "counts");
    }

    /// <summary>Intensity map vs 2θ (x) and time (y), as Fig 4c; √counts colour scale so weak lines show.</summary>
    public static GenericChart Contour(OperandoContour c, string title)
    {
        var z = c.Intensity.Select(row => row.Select(v => Math.Sqrt(Math.Max(v, 0)))).ToArray();
        return CChart.Heatmap<double, double, double, string>(zData: z, X: c.TwoThetaDeg, Y: c.TimeH, Name: title)
            .WithXAxisStyle<double, double, string>(TitleText: "2θ (deg)")
            .WithYAxisStyle<double, double, string>(TitleText: "time (h)");
    }

    /// <summary>Voltage against time beside the contour map (Fig 4c, left).</summary>
    public static GenericChart VoltageVsTime(OperandoContour c, string name) =>
        CChart.Line<double, double, string>(c.VoltageV, c.TimeH, Name: name)
            .WithXAxisStyle<double, double, string>(TitleText: "voltage (V vs Li+/Li)")
            .WithYAxisStyle<double, double, string>(TitleText: "time (h)");

    /// <summary>One lattice quantity (a, c or V) against voltage for several series (Fig 4d-e), charge and discharge.</summary>
    public static GenericChart LatticeVsVoltage(IReadOnlyList<(string Name, OperandoResult Result)> series, string quantity)
    {
        Func<OperandoPoint, double> f = quantity switch
        {
            "a" => p => p.AAngstrom,
            "c" => p => p.CAngstrom,
            "volume" => p => p.VolumeA3,
            _ => throw new InvalidInputException($"expected a, c or volume, got '{quantity}'", field: "quantity"),
        };
        var traces = series.Select(s => CChart.Line<double, double, string>(s.Result.Points.Select(p => p.VoltageV), s.Result.Points.Select(f), Name: s.Name, ShowMarkers: true)).ToList();
        return CChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "voltage (V vs Li+/Li)")
            .WithYAxisStyle<double, double, string>(TitleText: quantity == "volume" ? "unit-cell volume (Å³)" : $"{quantity} (Å)");
    }
}
