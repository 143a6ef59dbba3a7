using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using CsChart = Plotly.NET.CSharp.Chart;

namespace ResearchKit.Charts.Impedance;

/// <summary>Nyquist, Bode, Lin-KK residual and DC-polarization I-V charts. C# signatures only.</summary>
public static class ImpedanceCharts
{
    static Color Hex(string hex) => Color.fromHex(hex);
    static readonly string[] Colors = ["#1d3557", "#e63946", "#2a9d8f", "#f4a261", "#6d597a", "#457b9d"];

    /// <summary>Nyquist plot (Z' against −Z'') of one or more spectra as markers, with an optional fitted curve as a line.</summary>
    public static GenericChart Nyquist(IReadOnlyList<ImpedanceSpectrum> spectra, CircuitFitResult? fit = null, IReadOnlyList<string>? names = null)
    {
        var charts = new List<GenericChart>();
        for (int k = 0; k < spectra.Count; k++)
        {
            var s = spectra[k];
            charts.Add(CsChart.Point<double, double, string>(
                x: s.ImpedanceOhm.Select(z => z.Real), y: s.ImpedanceOhm.Select(z => -z.Imaginary),
                Name: names is not null && k < names.Count ? names[k] : Path.GetFileName(s.SourceName),
                MarkerColor: Hex(Colors[k % Colors.Length])));
        }
        if (fit is not null)
            charts.Add(CsChart.Line<double, double, string>(
                x: fit.FittedOhm.Select(z => z.Real), y: fit.FittedOhm.Select(z => -z.Imaginary),
                Name: "fit " + fit.Circuit.Text, LineColor: Hex("#000000")));
        return CsChart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "Z' (ohm)")
            .WithYAxisStyle<double, double, string>(TitleText: "-Z'' (ohm)")
            .WithSize(640, 520);
    }

    /// <summary>Nyquist plot of one spectrum (and its fit).</summary>
    public static GenericChart Nyquist(ImpedanceSpectrum spectrum, CircuitFitResult? fit = null) => Nyquist([spectrum], fit);

    /// <summary>Bode plot: |Z| (left, log) and −phase in degrees (right) against frequency (log).</summary>
    public static GenericChart Bode(ImpedanceSpectrum spectrum, CircuitFitResult? fit = null)
    {
        var f = spectrum.FrequencyHz;
        var charts = new List<GenericChart>
        {
            CsChart.Point<double, double, string>(x: f, y: spectrum.ImpedanceOhm.Select(z => z.Magnitude), Name: "|Z|", MarkerColor: Hex(Colors[0])),
            OnSecondYAxis(CsChart.Point<double, double, string>(x: f, y: spectrum.ImpedanceOhm.Select(z => -z.Phase * 180 / Math.PI),
                Name: "-phase", MarkerColor: Hex(Colors[1]), MarkerSymbol: StyleParam.MarkerSymbol.Diamond)),
        };
        if (fit is not null)
        {
            charts.Add(CsChart.Line<double, double, string>(x: fit.FrequencyHz, y: fit.FittedOhm.Select(z => z.Magnitude), Name: "|Z| fit", LineColor: Hex(Colors[0])));
            charts.Add(OnSecondYAxis(CsChart.Line<double, double, string>(x: fit.FrequencyHz, y: fit.FittedOhm.Select(z => -z.Phase * 180 / Math.PI),
                Name: "-phase fit", LineColor: Hex(Colors[1]))));
        }
        return CsChart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "frequency (Hz)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "|Z| (ohm)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: "-phase (deg)", Side: StyleParam.Side.Right,
                Overlaying: StyleParam.LinearAxisId.NewY(1), Id: StyleParam.SubPlotId.NewYAxis(2))
            .WithSize(720, 480);
    }

    /// <summary>Lin-KK residuals (percent of |Z|) against frequency, with the pass threshold as dashed lines.</summary>
    public static GenericChart KkResiduals(LinKKResult result)
    {
        var f = result.FrequencyHz;
        double th = 100 * result.ResidualThreshold;
        var fr = new[] { f.Min(), f.Max() };
        return CsChart.Combine([
                CsChart.Line<double, double, string>(x: f, y: result.ResidualReal.Select(v => 100 * v), Name: "Δ' (real)", LineColor: Hex(Colors[0]), ShowMarkers: true),
                CsChart.Line<double, double, string>(x: f, y: result.ResidualImag.Select(v => 100 * v), Name: "Δ'' (imag)", LineColor: Hex(Colors[1]), ShowMarkers: true),
                CsChart.Line<double, double, string>(x: fr, y: new[] { th, th }, Name: "threshold", LineColor: Hex("#888888"), LineDash: StyleParam.DrawingStyle.Dash),
                CsChart.Line<double, double, string>(x: fr, y: new[] { -th, -th }, Name: "-threshold", LineColor: Hex("#888888"), LineDash: StyleParam.DrawingStyle.Dash, ShowLegend: false),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "frequency (Hz)", AxisType: StyleParam.AxisType.Log)
            .WithYAxisStyle<double, double, string>(TitleText: $"residual (% of |Z|), M = {result.Elements}, {(result.Valid ? "valid" : "not valid")}")
            .WithSize(720, 420);
    }

    /// <summary>DC polarization: steady-state currents against voltage (markers) with the fitted I-V line.</summary>
    public static GenericChart IvLine(IvFit fit, string name = "steady state")
    {
        var v = fit.Steps.Select(s => s.VoltageV).ToArray();
        var line = new[] { 0.0, v.Max() };
        return CsChart.Combine([
                CsChart.Point<double, double, string>(x: v, y: fit.Steps.Select(s => 1e3 * s.SteadyCurrentA), Name: name, MarkerColor: Hex(Colors[0])),
                CsChart.Line<double, double, string>(x: line, y: line.Select(x => 1e3 * (fit.InterceptA + fit.SlopeSPerV * x)),
                    Name: $"R = {fit.ResistanceOhm:G4} ohm", LineColor: Hex("#000000")),
            ])
            .WithXAxisStyle<double, double, string>(TitleText: "voltage (V)")
            .WithYAxisStyle<double, double, string>(TitleText: "steady-state current (mA)")
            .WithSize(640, 440);
    }

    /// <summary>Several I-V lines (one per cathode): steady-state currents as markers, each fitted line in the same colour.</summary>
    public static GenericChart IvLines(IReadOnlyList<IvFit> fits, IReadOnlyList<string> names)
    {
        var charts = new List<GenericChart>();
        for (int k = 0; k < fits.Count; k++)
        {
            var fit = fits[k];
            var v = fit.Steps.Select(s => s.VoltageV).ToArray();
            var line = new[] { 0.0, v.Max() };
            var c = Hex(Colors[k % Colors.Length]);
            string n = k < names.Count ? names[k] : $"#{k + 1}";
            charts.Add(CsChart.Point<double, double, string>(x: v, y: fit.Steps.Select(s => 1e3 * s.SteadyCurrentA), Name: n, MarkerColor: c));
            charts.Add(CsChart.Line<double, double, string>(x: line, y: line.Select(x => 1e3 * (fit.InterceptA + fit.SlopeSPerV * x)),
                Name: $"{n}: R = {fit.ResistanceOhm:G4} ohm", LineColor: c));
        }
        return CsChart.Combine(charts)
            .WithXAxisStyle<double, double, string>(TitleText: "voltage (V)")
            .WithYAxisStyle<double, double, string>(TitleText: "steady-state current (mA)")
            .WithSize(640, 440);
    }

    /// <summary>Chronoamperometry record: current (mA) against time (s).</summary>
    public static GenericChart Chronoamperometry(ChronoamperometryRecord record) =>
        CsChart.Line<double, double, string>(x: record.TimeS, y: record.CurrentA.Select(i => 1e3 * i), Name: "current", LineColor: Hex(Colors[0]))
            .WithXAxisStyle<double, double, string>(TitleText: "time (s)")
            .WithYAxisStyle<double, double, string>(TitleText: "current (mA)")
            .WithSize(720, 400);

    static GenericChart OnSecondYAxis(GenericChart chart) =>
        Plotly.NET.Chart.withAxisAnchor(X: FSharpOption<int>.None, Y: FSharpOption<int>.Some(2)).Invoke(chart);
}
