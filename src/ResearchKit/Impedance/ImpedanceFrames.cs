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
}
