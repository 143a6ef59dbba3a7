using Plotly.NET;
using ResearchKit.Spectroscopy.Sims;
using ResearchKit.Spectroscopy.Xps;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Spectroscopy;

/// <summary>Plotly figures of XPS fits and backgrounds and of ToF-SIMS pair fits (binding energy increasing to the right; the title, when given, prefixes the y-axis label).</summary>
public static class SpectroscopyCharts
{
    /// <summary>Data, background, envelope and each component of an XPS fit.</summary>
    public static GenericChart XpsFit(XpsFitResult fit, string title = "")
    {
        var be = fit.BindingEnergyEv;
        var charts = new List<GenericChart>
        {
            CSharpChart.Point<double, double, string>(be, fit.Intensity, Name: "data"),
            CSharpChart.Line<double, double, string>(be, fit.BackgroundCurve, Name: $"background ({fit.Background.ToString().ToLowerInvariant()})", LineDash: StyleParam.DrawingStyle.Dash),
            CSharpChart.Line<double, double, string>(be, fit.Model, Name: "envelope"),
        };
        for (int c = 0; c < fit.Components.Count; c++)
        {
            var curve = fit.ComponentCurves[c].Select((v, i) => v + fit.BackgroundCurve[i]);
            charts.Add(CSharpChart.Line<double, double, string>(be, curve, Name: $"{fit.Components[c].Name} ({100 * fit.Components[c].AreaShare:0.#} %)"));
        }
        return Axes(CSharpChart.Combine(charts), title);
    }

    /// <summary>Several backgrounds under the same region.</summary>
    public static GenericChart Backgrounds(IReadOnlyList<BackgroundResult> results, string title = "")
    {
        var charts = new List<GenericChart> { CSharpChart.Point<double, double, string>(results[0].BindingEnergyEv, results[0].Intensity, Name: "data") };
        foreach (var r in results)
            charts.Add(CSharpChart.Line<double, double, string>(r.BindingEnergyEv, r.Background, Name: $"{r.Method.ToString().ToLowerInvariant()}{(r.Converged ? "" : " (not converged)")}"));
        return Axes(CSharpChart.Combine(charts), title);
    }

    /// <summary>Spectra of several cathodes on one axis (e.g. S 2p after cycling).</summary>
    public static GenericChart Overlay(IEnumerable<(string Name, double[] BindingEnergyEv, double[] Intensity)> spectra, string title = "") =>
        Axes(CSharpChart.Combine(spectra.Select(s => CSharpChart.Line<double, double, string>(s.BindingEnergyEv, s.Intensity, Name: s.Name))), title);

    static GenericChart Axes(GenericChart c, string title) => c
        .WithXAxisStyle<double, double, string>(TitleText: "binding energy / eV", AxisType: StyleParam.AxisType.Linear)
        .WithYAxisStyle<double, double, string>(TitleText: string.IsNullOrEmpty(title) ? "intensity / counts" : $"{title}: intensity / counts");

    /// <summary>A SIMS window with its two-peak fit.</summary>
    public static GenericChart SimsPair(SimsPairFit fit, string title = "") =>
        CSharpChart.Combine(new[]
        {
            CSharpChart.Point<double, double, string>(fit.Mz, fit.Counts, Name: "data"),
            CSharpChart.Line<double, double, string>(fit.Mz, fit.Model, Name: $"fit: {fit.First.Species} / {fit.Second.Species} = {fit.AreaRatio:G3}"),
        })
        .WithXAxisStyle<double, double, string>(TitleText: "m/z")
        .WithYAxisStyle<double, double, string>(TitleText: string.IsNullOrEmpty(title) ? "counts per channel" : $"{title}: counts per channel");
}
