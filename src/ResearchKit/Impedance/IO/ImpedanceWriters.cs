using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace ResearchKit.Impedance.IO;

/// <summary>
/// Where a written spectrum came from: the generator (model or instrument), its parameters, the noise seed and a note.
/// Written as a JSON sidecar next to the data file (<c>FILE.provenance.json</c>).
/// </summary>
public sealed record ImpedanceProvenance(
    string Generator,
    IReadOnlyDictionary<string, double>? Parameters = null,
    ulong? Seed = null,
    string? NoiseModel = null,
    string? Note = null);

/// <summary>
/// Writers for the formats the readers read back: EC-Lab-style .mpt, ZPlot-style .z and CSV (frequency_hz, z_real_ohm,
/// z_imag_ohm with Z'' signed, negative for capacitive arcs). Numbers are written with round-trip precision ("R"), so
/// write → read is exact. Each writer can add a provenance sidecar.
/// </summary>
public static partial class ImpedanceFiles
{
    static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>EC-Lab ASCII layout: "Nb header lines : N", tab columns freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm, |Z|/Ohm, Phase(Z)/deg.</summary>
    public static void WriteMpt(ImpedanceSpectrum s, string path, ImpedanceProvenance? provenance = null)
    {
        var header = new List<string>
        {
            "EC-Lab ASCII FILE",
            "", // replaced by the line count
            "",
            "Potentio Electrochemical Impedance Spectroscopy",
            $"Written by ResearchKit ({provenance?.Generator ?? "spectrum"}); source: {s.SourceName}",
            "",
        };
        bool dc = s.DcCurrentA is not null && s.DcVoltageV is not null;
        header.Add("freq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\t|Z|/Ohm\tPhase(Z)/deg\t" + (dc ? "<Ewe>/V\t<I>/mA\t" : ""));
        header[1] = $"Nb header lines : {header.Count}";
        var sb = new StringBuilder();
        foreach (var h in header) sb.Append(h).Append("\r\n");
        for (int i = 0; i < s.Count; i++)
        {
            var z = s.ImpedanceOhm[i];
            sb.Append(N(s.FrequencyHz[i])).Append('\t').Append(N(z.Real)).Append('\t').Append(N(-z.Imaginary)).Append('\t')
              .Append(N(z.Magnitude)).Append('\t').Append(N(z.Phase * 180 / Math.PI)).Append('\t');
            if (dc) sb.Append(N(s.DcVoltageV![i])).Append('\t').Append(N(s.DcCurrentA![i] * 1e3)).Append('\t');
            sb.Append("\r\n");
        }
        File.WriteAllText(path, sb.ToString(), Encoding.Latin1);
        WriteSidecar(path, s, provenance);
    }

    /// <summary>ZPlot 2 ASCII layout: a short header, the column line, "End Comments", then tab rows Freq, Ampl, Bias, Time, Z', Z'', GD, Err, Range.</summary>
    public static void WriteZ(ImpedanceSpectrum s, string path, ImpedanceProvenance? provenance = null)
    {
        var sb = new StringBuilder();
        sb.Append("ZPLOT2 ASCII\r\n");
        sb.Append($"  Written by ResearchKit:     {provenance?.Generator ?? "spectrum"}\r\n");
        sb.Append($"  Source:                     {s.SourceName}\r\n");
        sb.Append($"  Data Points:                {s.Count}\r\n");
        sb.Append("  Freq(Hz)\tAmpl\tBias\tTime(Sec)\tZ'(a)\tZ''(b)\tGD\tErr\tRange\r\n");
        sb.Append("End Comments\r\n");
        for (int i = 0; i < s.Count; i++)
        {
            var z = s.ImpedanceOhm[i];
            sb.Append(N(s.FrequencyHz[i])).Append("\t0\t0\t0\t").Append(N(z.Real)).Append('\t').Append(N(z.Imaginary)).Append("\t0\t0\t0\r\n");
        }
        File.WriteAllText(path, sb.ToString(), Encoding.ASCII);
        WriteSidecar(path, s, provenance);
    }

    /// <summary>CSV with header frequency_hz,z_real_ohm,z_imag_ohm (Z'' signed).</summary>
    public static void WriteCsv(ImpedanceSpectrum s, string path, ImpedanceProvenance? provenance = null)
    {
        var sb = new StringBuilder("frequency_hz,z_real_ohm,z_imag_ohm\n");
        for (int i = 0; i < s.Count; i++)
            sb.Append(N(s.FrequencyHz[i])).Append(',').Append(N(s.ImpedanceOhm[i].Real)).Append(',').Append(N(s.ImpedanceOhm[i].Imaginary)).Append('\n');
        File.WriteAllText(path, sb.ToString(), new UTF8Encoding(false));
        WriteSidecar(path, s, provenance);
    }

    /// <summary>The kit's informational version (written into provenance sidecars).</summary>
    internal static string KitVersion =>
        typeof(ImpedanceFiles).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    internal static readonly JsonSerializerOptions SidecarJson = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Path of the provenance sidecar of a data file.</summary>
    public static string SidecarPath(string dataPath) => dataPath + ".provenance.json";

    static void WriteSidecar(string path, ImpedanceSpectrum s, ImpedanceProvenance? p)
    {
        if (p is null) return;
        var o = new Dictionary<string, object?>
        {
            ["file"] = Path.GetFileName(path),
            ["generator"] = p.Generator,
            ["parameters"] = p.Parameters,
            ["seed"] = p.Seed,
            ["noise_model"] = p.NoiseModel,
            ["note"] = p.Note,
            ["points"] = s.Count,
            ["frequency_range_hz"] = new[] { s.FrequencyHz.Min(), s.FrequencyHz.Max() },
            ["sign_convention"] = "Z = Z' + i Z''; Z'' < 0 for capacitive arcs",
            ["written_by"] = "ResearchKit.Impedance.IO.ImpedanceFiles",
            ["kit_version"] = KitVersion,
        };
        File.WriteAllText(SidecarPath(path), JsonSerializer.Serialize(o, SidecarJson) + "\n");
    }

    /// <summary>Reads a provenance sidecar written by the writers, or null when the file has none.</summary>
    public static ImpedanceProvenance? ReadProvenance(string dataPath)
    {
        var sp = SidecarPath(dataPath);
        if (!File.Exists(sp)) return null;
        using var doc = JsonDocument.Parse(File.ReadAllText(sp));
        var r = doc.RootElement;
        Dictionary<string, double>? pars = null;
        if (r.TryGetProperty("parameters", out var pe) && pe.ValueKind == JsonValueKind.Object)
            pars = pe.EnumerateObject().ToDictionary(x => x.Name, x => x.Value.GetDouble());
        return new ImpedanceProvenance(
            r.GetProperty("generator").GetString() ?? "",
            pars,
            r.TryGetProperty("seed", out var se) && se.ValueKind == JsonValueKind.Number ? se.GetUInt64() : null,
            r.TryGetProperty("noise_model", out var nm) && nm.ValueKind == JsonValueKind.String ? nm.GetString() : null,
            r.TryGetProperty("note", out var no) && no.ValueKind == JsonValueKind.String ? no.GetString() : null);
    }
}
