using Deedle;

namespace ResearchKit.Impedance;

/// <summary>Deedle views of impedance results (for notebooks and tables).</summary>
public static class ImpedanceFrames
{
    /// <summary>
    /// One row per point: frequency_hz, z_real_ohm, z_imag_ohm (signed), minus_z_imag_ohm, modulus_ohm, phase_deg,
    /// and dc_current_a / dc_voltage_v when the file has them. Row keys are the point indices.
    /// </summary>
    public static Frame<int, string> ToFrame(this ImpedanceSpectrum s)
    {
        var cols = new List<KeyValuePair<string, Series<int, double>>>();
        void Add(string name, IEnumerable<double> values) =>
            cols.Add(new KeyValuePair<string, Series<int, double>>(name, new Series<int, double>(Enumerable.Range(0, s.Count), values)));
        Add("frequency_hz", s.FrequencyHz);
        Add("z_real_ohm", s.ImpedanceOhm.Select(z => z.Real));
        Add("z_imag_ohm", s.ImpedanceOhm.Select(z => z.Imaginary));
        Add("minus_z_imag_ohm", s.ImpedanceOhm.Select(z => -z.Imaginary));
        Add("modulus_ohm", s.ImpedanceOhm.Select(z => z.Magnitude));
        Add("phase_deg", s.ImpedanceOhm.Select(z => z.Phase * 180 / Math.PI));
        if (s.DcCurrentA is not null) Add("dc_current_a", s.DcCurrentA);
        if (s.DcVoltageV is not null) Add("dc_voltage_v", s.DcVoltageV);
        return Frame.FromColumns(cols);
    }

    /// <summary>Fitted parameters as a frame: rows by parameter name, columns value, standard_error, relative_error, unit.</summary>
    public static Frame<string, string> ToFrame(this Circuits.CircuitFitResult fit)
    {
        var names = fit.ParameterNames;
        var value = new Series<string, double>(names, fit.Parameters);
        var se = new Series<string, double>(names, fit.StandardErrors);
        var rel = new Series<string, double>(names, fit.Parameters.Select((v, i) => v != 0 ? fit.StandardErrors[i] / Math.Abs(v) : double.NaN));
        var f = Frame.FromColumns(new[]
        {
            new KeyValuePair<string, Series<string, double>>("value", value),
            new KeyValuePair<string, Series<string, double>>("standard_error", se),
            new KeyValuePair<string, Series<string, double>>("relative_error", rel),
        });
        f.AddColumn("unit", new Series<string, string>(names, fit.Circuit.ParameterUnits));
        return f;
    }

    /// <summary>One row per spectrum (keyed by file name): points, f_min_hz, f_max_hz, z_real_min_ohm, z_real_max_ohm, max_minus_z_imag_ohm.</summary>
    public static Frame<string, string> Summary(IEnumerable<ImpedanceSpectrum> spectra)
    {
        var list = spectra.ToList();
        var keys = list.Select(s => Path.GetFileName(s.SourceName)).ToList();
        Series<string, double> Col(Func<ImpedanceSpectrum, double> f) => new(keys, list.Select(f));
        return Frame.FromColumns(new[]
        {
            new KeyValuePair<string, Series<string, double>>("points", Col(s => s.Count)),
            new KeyValuePair<string, Series<string, double>>("f_min_hz", Col(s => s.FrequencyHz.Min())),
            new KeyValuePair<string, Series<string, double>>("f_max_hz", Col(s => s.FrequencyHz.Max())),
            new KeyValuePair<string, Series<string, double>>("z_real_min_ohm", Col(s => s.ImpedanceOhm.Min(z => z.Real))),
            new KeyValuePair<string, Series<string, double>>("z_real_max_ohm", Col(s => s.ImpedanceOhm.Max(z => z.Real))),
            new KeyValuePair<string, Series<string, double>>("max_minus_z_imag_ohm", Col(s => s.ImpedanceOhm.Max(z => -z.Imaginary))),
        });
    }

    /// <summary>Fitted against true parameters: rows by name, columns truth, fitted, standard_error, deviation_in_se (|fitted − truth|/SE), relative_error.</summary>
    public static Frame<string, string> CompareWithTruth(this Circuits.CircuitFitResult fit, IReadOnlyDictionary<string, double> truth)
    {
        var names = fit.ParameterNames.Where(truth.ContainsKey).ToList();
        Series<string, double> Col(Func<string, double> f) => new(names, names.Select(f));
        return Frame.FromColumns(new[]
        {
            new KeyValuePair<string, Series<string, double>>("truth", Col(n => truth[n])),
            new KeyValuePair<string, Series<string, double>>("fitted", Col(n => fit[n])),
            new KeyValuePair<string, Series<string, double>>("standard_error", Col(n => fit.StandardErrorMap[n])),
            new KeyValuePair<string, Series<string, double>>("deviation_in_se", Col(n => Math.Abs(fit[n] - truth[n]) / fit.StandardErrorMap[n])),
            new KeyValuePair<string, Series<string, double>>("relative_error", Col(n => (fit[n] - truth[n]) / truth[n])),
        });
    }

    /// <summary>DC polarization steps: rows by step index, columns voltage_v, steady_current_a, relative_drift, steady.</summary>
    public static Frame<int, string> ToFrame(this IvFit fit)
    {
        var keys = Enumerable.Range(1, fit.Steps.Length).ToList();
        var f = Frame.FromColumns(new[]
        {
            new KeyValuePair<string, Series<int, double>>("voltage_v", new Series<int, double>(keys, fit.Steps.Select(s => s.VoltageV))),
            new KeyValuePair<string, Series<int, double>>("steady_current_a", new Series<int, double>(keys, fit.Steps.Select(s => s.SteadyCurrentA))),
            new KeyValuePair<string, Series<int, double>>("relative_drift", new Series<int, double>(keys, fit.Steps.Select(s => s.RelativeDriftInWindow))),
        });
        f.AddColumn("steady", new Series<int, bool>(keys, fit.Steps.Select(s => s.SteadyStateReached)));
        return f;
    }
}
