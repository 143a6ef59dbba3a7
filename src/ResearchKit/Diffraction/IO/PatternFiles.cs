using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Diffraction.IO;

/// <summary>
/// Readers of powder patterns: two- or three-column text (.xy, .xye, .csv, .txt, .dat), PANalytical .xrdml (XML),
/// Bruker .brml (zip of XML), GSAS .fxye. Every reader returns a validated <see cref="PowderPattern"/> (strictly increasing
/// 2θ, non-negative counts) or throws <see cref="InvalidInputException"/> naming the file, line and field.
/// </summary>
public static class PatternFiles
{
    /// <summary>File extensions the readers accept.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".xy", ".xye", ".csv", ".txt", ".dat", ".xrdml", ".brml", ".fxye"];

    /// <summary>Reads a pattern, choosing the reader by extension.</summary>
    public static PowderPattern Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".xy" or ".xye" or ".csv" or ".txt" or ".dat" => XyFormat.Parse(File.ReadAllText(path), path),
            ".xrdml" => Xrdml.Parse(File.ReadAllText(path), path),
            ".brml" => Brml.Read(path),
            ".fxye" => Fxye.Parse(File.ReadAllText(path), path),
            var e => throw new InvalidInputException($"unknown pattern format '{e}'; expected one of {string.Join(", ", Extensions)}", path, field: "extension"),
        };
    }

    internal static bool TryNumber(string s, out double v) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);
}

/// <summary>
/// Column text: 2θ, counts and optionally esd per line, separated by blanks, tabs, commas or semicolons. Lines starting
/// with #, !, ; or // are comments; a comment "key: value" or "key = value" goes to Metadata (key lower-cased). A first
/// non-numeric line is taken as a column header. A missing esd (column absent, or empty in some rows) becomes √max(y, 1).
/// </summary>
public static class XyFormat
{
    public static PowderPattern Parse(string text, string sourceName)
    {
        var x = new List<double>(); var y = new List<double>(); var e = new List<double>();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        int lineNo = 0;
        bool headerSeen = false;
        var lines = new List<int>();
        using var reader = new StringReader(text);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var t = line.Trim();
            if (t.Length == 0) continue;
            if (t[0] is '#' or '!' or ';' || t.StartsWith("//", StringComparison.Ordinal))
            {
                var body = t.TrimStart('#', '!', ';', '/', ' ');
                int sep = body.IndexOfAny([':', '=']);
                if (sep > 0) meta[body[..sep].Trim().ToLowerInvariant()] = body[(sep + 1)..].Trim();
                continue;
            }
            // Comma/semicolon-separated: keep empty fields (a missing esd); otherwise split on runs of blanks and tabs.
            var f = t.Contains(',') || t.Contains(';')
                ? t.Split([',', ';']).Select(s => s.Trim()).ToList()
                : t.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
            if (f.Count < 2 || !PatternFiles.TryNumber(f[0], out var xv) || !PatternFiles.TryNumber(f[1], out var yv))
            {
                if (x.Count == 0 && !headerSeen) { headerSeen = true; continue; }
                throw new InvalidInputException($"expected numbers '2theta counts [esd]', got '{Shorten(t)}'", sourceName, lineNo, f.Count < 2 || PatternFiles.TryNumber(f[0], out _) ? "counts" : "two_theta");
            }
            double ev = double.NaN;
            if (f.Count >= 3 && f[2].Length > 0)
            {
                if (!PatternFiles.TryNumber(f[2], out ev)) throw new InvalidInputException($"expected a number for the esd, got '{f[2]}'", sourceName, lineNo, "esd");
                if (!(ev > 0)) throw new InvalidInputException($"esd must be positive, got {ev}", sourceName, lineNo, "esd");
            }
            if (yv < 0) throw new InvalidInputException($"negative counts ({yv})", sourceName, lineNo, "counts");
            if (x.Count > 0 && !(xv > x[^1])) throw new InvalidInputException($"2theta not strictly increasing ({x[^1]} then {xv})", sourceName, lineNo, "two_theta");
            x.Add(xv); y.Add(yv); e.Add(double.IsNaN(ev) ? Math.Sqrt(Math.Max(yv, 1)) : ev);
            lines.Add(lineNo);
        }
        if (x.Count < 2) throw new InvalidInputException($"expected at least 2 data lines, found {x.Count}", sourceName, field: "two_theta");
        double? lam = null;
        foreach (var k in new[] { "wavelength", "wavelength_angstrom", "lambda" })
            if (meta.TryGetValue(k, out var s) && PatternFiles.TryNumber(s.Split(' ')[0], out var l)) { lam = l; break; }
        var p = new PowderPattern(x.ToArray(), y.ToArray(), e.ToArray()) { SourceName = sourceName, Metadata = meta, WavelengthAngstrom = lam };
        p.Validate();
        return p;
    }

    static string Shorten(string s) => s.Length > 40 ? s[..40] + "..." : s;

    /// <summary>
    /// Writes "2theta counts esd" with "# key: value" header lines (metadata, then provenance) atomically, and, when
    /// <paramref name="provenance"/> is given, the sidecar FILE.provenance.json. Numbers in round-trip format.
    /// </summary>
    public static void Write(string path, PowderPattern p, CyclingProvenance? provenance = null, bool withEsd = true)
    {
        AtomicFile.Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.NewLine = "\n";
            w.WriteLine("# ResearchKit powder pattern: 2theta_deg counts" + (withEsd ? " esd" : ""));
            foreach (var (k, v) in p.Metadata) w.WriteLine($"# {k}: {v}");
            if (provenance is not null) foreach (var h in provenance.HeaderLines()) w.WriteLine("# " + h);
            for (int i = 0; i < p.Count; i++)
            {
                w.Write(p.TwoThetaDeg[i].ToString("R", CultureInfo.InvariantCulture)); w.Write(' ');
                w.Write(p.Counts[i].ToString("R", CultureInfo.InvariantCulture));
                if (withEsd) { w.Write(' '); w.Write(p.Esd[i].ToString("R", CultureInfo.InvariantCulture)); }
                w.WriteLine();
            }
        });
        if (provenance is not null) AtomicFile.Write(CyclingProvenance.SidecarPath(path), s => { var b = Encoding.UTF8.GetBytes(provenance.ToJson()); s.Write(b); });
    }
}

/// <summary>
/// PANalytical XRDML (XML, any schema version 1.x; names matched without namespace): the first dataPoints with a 2Theta
/// positions axis given as listPositions or start/endPosition, and counts from &lt;counts&gt; or &lt;intensities&gt;.
/// Wavelength from usedWavelength/kAlpha1.
/// </summary>
public static class Xrdml
{
    public static PowderPattern Parse(string xml, string sourceName)
    {
        XDocument doc;
        try { doc = XDocument.Parse(xml); }
        catch (System.Xml.XmlException ex) { throw new InvalidInputException($"not well-formed XML: {ex.Message}", sourceName, ex.LineNumber, "xml", ex); }
        var dp = doc.Descendants().FirstOrDefault(d => d.Name.LocalName == "dataPoints")
            ?? throw new InvalidInputException("no <dataPoints> element", sourceName, field: "dataPoints");
        var cnt = dp.Elements().FirstOrDefault(d => d.Name.LocalName is "counts" or "intensities")
            ?? throw new InvalidInputException("no <counts> or <intensities> in <dataPoints>", sourceName, field: "counts");
        var y = Numbers(cnt.Value, sourceName, "counts");
        if (y.Length < 2) throw new InvalidInputException($"expected at least 2 counts, found {y.Length}", sourceName, field: "counts");
        var pos = dp.Elements().FirstOrDefault(d => d.Name.LocalName == "positions" && (string?)d.Attribute("axis") == "2Theta")
            ?? throw new InvalidInputException("no <positions axis=\"2Theta\">", sourceName, field: "positions");
        double[] x;
        var list = pos.Elements().FirstOrDefault(d => d.Name.LocalName == "listPositions");
        if (list is not null) x = Numbers(list.Value, sourceName, "listPositions");
        else
        {
            double a = One(pos, "startPosition", sourceName), b = One(pos, "endPosition", sourceName);
            x = new double[y.Length];
            for (int i = 0; i < y.Length; i++) x[i] = a + (b - a) * i / (y.Length - 1);
        }
        if (x.Length != y.Length) throw new InvalidInputException($"{x.Length} positions for {y.Length} counts", sourceName, field: "positions");
        double? lam = null;
        var k1 = doc.Descendants().FirstOrDefault(d => d.Name.LocalName == "kAlpha1");
        if (k1 is not null && PatternFiles.TryNumber(k1.Value.Trim(), out var l)) lam = l;
        var e = y.Select(v => Math.Sqrt(Math.Max(v, 1))).ToArray();
        var p = new PowderPattern(x, y, e) { SourceName = sourceName, WavelengthAngstrom = lam };
        p.Validate();
        return p;
    }

    static double One(XElement parent, string name, string src)
    {
        var el = parent.Elements().FirstOrDefault(d => d.Name.LocalName == name) ?? throw new InvalidInputException($"no <{name}>", src, field: name);
        if (!PatternFiles.TryNumber(el.Value.Trim(), out var v)) throw new InvalidInputException($"expected a number, got '{el.Value}'", src, field: name);
        return v;
    }

    internal static double[] Numbers(string text, string src, string field)
    {
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var v = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!PatternFiles.TryNumber(parts[i], out v[i])) throw new InvalidInputException($"value {i + 1}: expected a number, got '{parts[i]}'", src, field: field);
        return v;
    }
}

/// <summary>
/// Bruker BRML: a zip archive whose Experiment*/RawData*.xml holds &lt;Datum&gt; lines of comma-separated values.
/// Convention followed (as written by DIFFRAC for 2θ/θ scans): the last value is the count and the third is 2θ; when a
/// datum has fewer than four values, 2θ is taken from the TwoTheta ScanAxisInfo Start and Increment instead.
/// </summary>
public static class Brml
{
    public static PowderPattern Read(string path)
    {
        using var fs = File.OpenRead(path);
        return Read(fs, path);
    }

    public static PowderPattern Read(Stream stream, string sourceName)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException ex) { throw new InvalidInputException("not a zip archive (a .brml is a zip of XML files)", sourceName, field: "zip", inner: ex); }
        using (zip)
        {
            var entry = zip.Entries.Where(z => z.FullName.Contains("RawData", StringComparison.OrdinalIgnoreCase) && z.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                .OrderBy(z => z.FullName, StringComparer.Ordinal).FirstOrDefault()
                ?? throw new InvalidInputException("no Experiment*/RawData*.xml in the archive", sourceName, field: "RawData");
            XDocument doc;
            using (var s = entry.Open())
            {
                try { doc = XDocument.Load(s); }
                catch (System.Xml.XmlException ex) { throw new InvalidInputException($"{entry.FullName}: not well-formed XML: {ex.Message}", sourceName, ex.LineNumber, "xml", ex); }
            }
            var data = doc.Descendants().Where(d => d.Name.LocalName == "Datum").ToList();
            if (data.Count < 2) throw new InvalidInputException($"{entry.FullName}: expected at least 2 <Datum> values, found {data.Count}", sourceName, field: "Datum");
            double? start = null, inc = null;
            var axis = doc.Descendants().FirstOrDefault(d => d.Name.LocalName == "ScanAxisInfo" && ((string?)d.Attribute("AxisId") ?? (string?)d.Attribute("AxisName")) is "TwoTheta" or "2Theta");
            if (axis is not null)
            {
                var st = axis.Elements().FirstOrDefault(d => d.Name.LocalName == "Start");
                var ic = axis.Elements().FirstOrDefault(d => d.Name.LocalName == "Increment");
                if (st is not null && PatternFiles.TryNumber(st.Value.Trim(), out var a)) start = a;
                if (ic is not null && PatternFiles.TryNumber(ic.Value.Trim(), out var b)) inc = b;
            }
            var x = new double[data.Count]; var y = new double[data.Count];
            for (int i = 0; i < data.Count; i++)
            {
                var f = data[i].Value.Split(',', StringSplitOptions.TrimEntries);
                if (!PatternFiles.TryNumber(f[^1], out y[i])) throw new InvalidInputException($"Datum {i + 1}: expected a count, got '{f[^1]}'", sourceName, field: "counts");
                if (f.Length >= 4)
                {
                    if (!PatternFiles.TryNumber(f[2], out x[i])) throw new InvalidInputException($"Datum {i + 1}: expected 2theta, got '{f[2]}'", sourceName, field: "two_theta");
                }
                else if (start is { } s0 && inc is { } d0) x[i] = s0 + i * d0;
                else throw new InvalidInputException($"Datum {i + 1} has no 2theta and there is no TwoTheta ScanAxisInfo", sourceName, field: "two_theta");
            }
            double? lam = null;
            var wl = doc.Descendants().FirstOrDefault(d => d.Name.LocalName == "WaveLengthAlpha1");
            if (wl is not null && PatternFiles.TryNumber(((string?)wl.Attribute("Value") ?? wl.Value).Trim(), out var l)) lam = l;
            var p = new PowderPattern(x, y, y.Select(v => Math.Sqrt(Math.Max(v, 1))).ToArray()) { SourceName = sourceName, WavelengthAngstrom = lam };
            p.Validate();
            return p;
        }
    }
}

/// <summary>
/// GSAS FXYE: a title line, optional comment (#) and "Instrument parameter" lines, a "BANK b nchan nrec ... FXYE" (or FXY)
/// line, then "x y [e]" per line with x in centidegrees 2θ for constant-wavelength data. Other GSAS BANK formats
/// (STD, ESD, ALT) are refused naming the BANK field.
/// </summary>
public static class Fxye
{
    public static PowderPattern Parse(string text, string sourceName)
    {
        var x = new List<double>(); var y = new List<double>(); var e = new List<double>();
        int lineNo = 0; bool inBank = false, bankDone = false;
        var meta = new Dictionary<string, string>();
        using var r = new StringReader(text);
        string? line;
        while ((line = r.ReadLine()) is not null)
        {
            lineNo++;
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            if (lineNo == 1 && !t.StartsWith("BANK", StringComparison.OrdinalIgnoreCase)) { meta["title"] = t; continue; }
            if (t.StartsWith("Instrument parameter", StringComparison.OrdinalIgnoreCase)) { meta["instrument_parameter_file"] = t; continue; }
            if (t.StartsWith("BANK", StringComparison.OrdinalIgnoreCase))
            {
                if (inBank) { bankDone = true; break; } // first bank only
                var f = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                var kind = f[^1].ToUpperInvariant();
                if (kind is not ("FXYE" or "FXY")) throw new InvalidInputException($"BANK format '{f[^1]}' not supported; expected FXYE or FXY", sourceName, lineNo, "BANK");
                inBank = true; continue;
            }
            if (!inBank) throw new InvalidInputException("expected a BANK line before the data", sourceName, lineNo, "BANK");
            var v = t.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (v.Length < 2 || !PatternFiles.TryNumber(v[0], out var xv) || !PatternFiles.TryNumber(v[1], out var yv))
                throw new InvalidInputException($"expected 'x y [e]', got '{t}'", sourceName, lineNo, "two_theta");
            double ev = double.NaN;
            if (v.Length >= 3 && !PatternFiles.TryNumber(v[2], out ev)) throw new InvalidInputException($"expected a number for e, got '{v[2]}'", sourceName, lineNo, "esd");
            xv /= 100; // centidegrees
            if (yv < 0) throw new InvalidInputException($"negative counts ({yv})", sourceName, lineNo, "counts");
            if (x.Count > 0 && !(xv > x[^1])) throw new InvalidInputException($"2theta not strictly increasing ({x[^1]} then {xv})", sourceName, lineNo, "two_theta");
            x.Add(xv); y.Add(yv); e.Add(double.IsNaN(ev) || !(ev > 0) ? Math.Sqrt(Math.Max(yv, 1)) : ev);
        }
        _ = bankDone;
        if (!inBank) throw new InvalidInputException("no BANK line", sourceName, field: "BANK");
        var p = new PowderPattern(x.ToArray(), y.ToArray(), e.ToArray()) { SourceName = sourceName, Metadata = meta };
        p.Validate();
        return p;
    }
}
