using Plotly.NET;
using ResearchKit.Impedance.Drt;
using CSharpChart = Plotly.NET.CSharp.Chart;
using Plotly.NET.CSharp;

namespace ResearchKit.Charts.Impedance;

/// <summary>Plotly figures of a distribution of relaxation times: gamma(tau) with the paper's bands, the lambda search, the fit.</summary>
public static class DrtCharts
{
    /// <summary>gamma(ln tau) against tau (log axis); optional exact curve, peak markers and the D1-D4 band edges as dotted lines.</summary>
    public static GenericChart Gamma(DrtResult drt, string name = "DRT", Func<double, double>? exactGammaOhm = null,
        IReadOnlyList<DrtPeak>? peaks = null, IReadOnlyList<DrtBand>? bands = null)
    {
        var charts = new List<GenericChart> { CSharpChart.Line<double, double, string>(drt.TauS, drt.GammaOhm, Name: name) };
        if (exactGammaOhm is not null)
            charts.Add(CSharpChart.Line<double, double, string>(drt.TauS, drt.TauS.Select(exactGammaOhm), Name: "exact",
                LineDash: StyleParam.DrawingStyle.Dash));
        if (peaks is { Count: > 0 })
            charts.Add(CSharpChart.Point<double, double, string>(peaks.Select(p => p.TauS), peaks.Select(p => p.GammaOhm), Name: "peaks",
                MultiText: peaks.Select(p => $"{p.Band ?? "-"}: {p.ResistanceOhm:G3} ohm").ToArray()));
        if (bands is not null)
        {
            double top = Math.Max(drt.GammaOhm.DefaultIfEmpty(0).Max(), 1e-30) * 1.05;
            foreach (var b in bands)
                charts.Add(CSharpChart.Line<double, double, string>(new[] { b.TauMinS, b.TauMinS, b.TauMaxS, b.TauMaxS }, new[] { 0, top, top, 0 },
                    Name: b.Name, LineDash: StyleParam.DrawingStyle.Dot, Opacity: 0.4));
        }
        return CSharpChart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "tau / s", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "gamma / ohm");
    }

    /// <summary>gamma with its credible band (lower and upper bounds as dotted lines) and, optionally, the exact curve.</summary>
    public static GenericChart CredibleBand(DrtCredibleBand band, string name = "DRT", Func<double, double>? exactGammaOhm = null)
    {
        string pct = $"{100 * band.Credibility:G3} %";
        var charts = new List<GenericChart>
        {
            CSharpChart.Line<double, double, string>(band.TauS, band.GammaUpperOhm, Name: $"upper {pct}", LineDash: StyleParam.DrawingStyle.Dot),
            CSharpChart.Line<double, double, string>(band.TauS, band.GammaLowerOhm, Name: $"lower {pct}", LineDash: StyleParam.DrawingStyle.Dot),
            CSharpChart.Line<double, double, string>(band.TauS, band.GammaOhm, Name: name),
        };
        if (exactGammaOhm is not null)
            charts.Add(CSharpChart.Line<double, double, string>(band.TauS, band.TauS.Select(exactGammaOhm), Name: "exact",
                LineDash: StyleParam.DrawingStyle.Dash));
        return CSharpChart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "tau / s", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "gamma / ohm");
    }

    /// <summary>Several DRTs on one axis (e.g. the same spectrum at different lambda).</summary>
    public static GenericChart Compare(IEnumerable<(string Name, DrtResult Drt)> results) =>
        CSharpChart.Combine(results.Select(r => CSharpChart.Line<double, double, string>(r.Drt.TauS, r.Drt.GammaOhm, Name: r.Name)))
            .WithXAxisStyle<double, double, string>(TitleText: "tau / s", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "gamma / ohm");

    /// <summary>The lambda search: GCV score (or L-curve curvature) against lambda, with the chosen lambda marked.</summary>
    public static GenericChart LambdaSearch(DrtResult drt)
    {
        var finite = drt.LambdaScan.Zip(drt.CriterionScan).Where(p => double.IsFinite(p.Second)).ToArray();
        bool gcv = drt.Options.LambdaMethod == DrtLambdaMethod.Gcv;
        var line = CSharpChart.Line<double, double, string>(finite.Select(p => p.First), finite.Select(p => p.Second),
            Name: gcv ? "GCV score" : "L-curve curvature");
        double chosenY = finite.Length == 0 ? 0 : finite.MinBy(p => Math.Abs(Math.Log(p.First / drt.Lambda))).Second;
        var mark = CSharpChart.Point<double, double, string>(new[] { drt.Lambda }, new[] { chosenY }, Name: $"lambda = {drt.Lambda:E2}");
        return CSharpChart.Combine(new[] { line, mark })
            .WithXAxisStyle<double, double, string>(TitleText: "lambda", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: gcv ? "GCV" : "curvature",
                AxisType: gcv ? StyleParam.AxisType.Log : StyleParam.AxisType.Linear);
    }

    /// <summary>Nyquist plot (-Z'' against Z') of the data and of the impedance re-synthesised from the DRT.</summary>
    public static GenericChart Nyquist(DrtResult drt) =>
        CSharpChart.Combine(new[]
        {
            CSharpChart.Point<double, double, string>(drt.ImpedanceOhm.Select(z => z.Real), drt.ImpedanceOhm.Select(z => -z.Imaginary), Name: "data"),
            CSharpChart.Line<double, double, string>(drt.FittedImpedanceOhm.Select(z => z.Real), drt.FittedImpedanceOhm.Select(z => -z.Imaginary), Name: "DRT fit"),
        })
        .WithXAxisStyle<double, double, string>(TitleText: "Z' / ohm")
        .WithYAxisStyle<double, double, string>(TitleText: "-Z'' / ohm");

    /// <summary>Relative residuals (Z - Z_drt)/|Z| of the real and imaginary parts against frequency.</summary>
    public static GenericChart Residuals(DrtResult drt) =>
        CSharpChart.Combine(new[]
        {
            CSharpChart.Line<double, double, string>(drt.FrequencyHz, drt.RelativeResidualReal.Select(v => 100 * v), ShowMarkers: true, Name: "real"),
            CSharpChart.Line<double, double, string>(drt.FrequencyHz, drt.RelativeResidualImaginary.Select(v => 100 * v), ShowMarkers: true, Name: "imaginary"),
        })
        .WithXAxisStyle<double, double, string>(TitleText: "f / Hz", AxisType: StyleParam.AxisType.Log)
        .WithYAxisStyle<double, double, string>(TitleText: "residual / % of |Z|");
}
