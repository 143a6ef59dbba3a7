using System.Globalization;
using System.Text.RegularExpressions;

namespace ResearchKit.Spectroscopy.Xps;

/// <summary>
/// Text exports of one XPS region: two or more numeric columns (energy, intensity, further columns ignored) separated
/// by tabs, commas, semicolons or spaces; non-numeric lines before the data are header lines. The axis is read from the
/// header: "BE", "binding" mean binding energy, "KE", "E_kin", "kinetic" kinetic energy; binding energy is assumed when
/// the header says neither (stated in <see cref="XpsTextFile.AxisAssumed"/>). A photon energy "hv=180eV" or
/// "hν = 1486.6 eV" in the header is kept. Intensities as recorded (counts unless the header says cps or c/s).
/// </summary>
public static partial class XpsTextReader
{
    [GeneratedRegex(@"(?:hv|hν|h\\nu|photon energy)\s*[=:]?\s*([0-9]+(?:\.[0-9]+)?)\s*eV", RegexOptions.IgnoreCase)]
    private static partial Regex PhotonRegex();

    /// <summary>Reads a text export.</summary>
    /// <param name="path">file</param>
    /// <param name="axis">axis to use when the header does not say (default binding)</param>
    /// <param name="photonEnergyEv">photon energy overriding the header's</param>
    public static XpsTextFile Read(string path, EnergyAxis? axis = null, double? photonEnergyEv = null)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        return Parse(File.ReadAllLines(path), path, axis, photonEnergyEv);
    }

    public static XpsTextFile Parse(IReadOnlyList<string> lines, string sourceName, EnergyAxis? axis = null, double? photonEnergyEv = null)
    {
        var header = new List<string>();
        var x = new List<double>(); var y = new List<double>();
        char[] seps = ['\t', ',', ';', ' '];
        for (int li = 0; li < lines.Count; li++)
        {
            var line = lines[li].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(seps, StringSplitOptions.RemoveEmptyEntries);
            bool numeric = parts.Length >= 2
                && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v);
            if (!numeric)
            {
                if (x.Count > 0)
                    throw new InvalidInputException($"expected two numbers (energy, intensity) after the data began, got '{line}'", sourceName, li + 1, "data");
                header.Add(line);
                continue;
            }
            x.Add(double.Parse(parts[0], CultureInfo.InvariantCulture));
            y.Add(double.Parse(parts[1], CultureInfo.InvariantCulture));
        }
        if (x.Count < 5) throw new InvalidInputException($"found {x.Count} data rows; at least 5 (energy, intensity) rows are needed", sourceName, field: "data");
        string h = string.Join(" ", header);
        EnergyAxis? fromHeader = null;
        if (Regex.IsMatch(h, @"\bBE\b|binding", RegexOptions.IgnoreCase)) fromHeader = EnergyAxis.Binding;
        else if (Regex.IsMatch(h, @"\bKE\b|E_?kin|kinetic", RegexOptions.IgnoreCase)) fromHeader = EnergyAxis.Kinetic;
        var ax = axis ?? fromHeader ?? EnergyAxis.Binding;
        double hv = photonEnergyEv ?? (PhotonRegex().Match(h) is { Success: true } m ? double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN);
        var unit = Regex.IsMatch(h, @"\bcps\b|c/s|counts per second", RegexOptions.IgnoreCase) ? IntensityUnit.CountsPerSecond : IntensityUnit.Counts;
        var name = Path.GetFileNameWithoutExtension(sourceName);
        var s = new XpsSpectrum(name, "", "", x.ToArray(), ax, y.ToArray(), unit, hv, double.NaN, 1, null, sourceName, 0);
        return new XpsTextFile(s, header, axis is null && fromHeader is null);
    }
}

/// <summary>A text export: the spectrum, its header lines, and whether the axis was assumed (header silent).</summary>
public sealed record XpsTextFile(XpsSpectrum Spectrum, IReadOnlyList<string> Header, bool AxisAssumed);

/// <summary>Opens a VAMAS file or a text export by content (VAMAS magic line) and returns its blocks.</summary>
public static class XpsFiles
{
    /// <summary>All blocks of FILE: a VAMAS file's blocks, or the single region of a text export.</summary>
    public static XpsFile Read(string path, double? photonEnergyEv = null)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        using (var r = new StreamReader(path))
        {
            string? first;
            do first = r.ReadLine(); while (first is not null && first.Trim().Length == 0);
            if (first is not null && first.StartsWith("VAMAS", StringComparison.Ordinal))
            {
                r.Close();
                var f = Vamas.Read(path);
                return photonEnergyEv is { } hv ? f with { Blocks = f.Blocks.Select(b => b with { PhotonEnergyEv = hv }).ToList() } : f;
            }
        }
        var t = XpsTextReader.Read(path, photonEnergyEv: photonEnergyEv);
        return new XpsFile(path, [t.Spectrum], t.Header);
    }
}
