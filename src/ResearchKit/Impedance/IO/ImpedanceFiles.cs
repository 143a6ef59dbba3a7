using System.Globalization;
using System.Numerics;
using System.Text;

namespace ResearchKit.Impedance.IO;

/// <summary>Instrument formats the readers know.</summary>
public enum ImpedanceFileFormat
{
    /// <summary>Detect from the content (first lines) and the extension.</summary>
    Auto,
    /// <summary>BioLogic EC-Lab ASCII export (.mpt): "Nb header lines : N", tab columns freq/Hz, Re(Z)/Ohm, -Im(Z)/Ohm.</summary>
    BioLogicMpt,
    /// <summary>Gamry Framework .DTA: the ZCURVE TABLE (Freq, Zreal, Zimag, Idc, Vdc).</summary>
    GamryDta,
    /// <summary>Scribner ZPlot/ZView .z ("ZPLOT2 ASCII"): data after "End Comments".</summary>
    ZPlot,
    /// <summary>Autolab/ZView "Z60W Data File" export: comma data, columns Freq, Ampl, Bias, Time, Z', Z'', ...</summary>
    Autolab,
    /// <summary>CH Instruments "A.C. Impedance" text export: Freq/Hz, Z'/ohm, Z"/ohm, Z/ohm, Phase/deg.</summary>
    ChInstruments,
    /// <summary>Parstat/VersaStudio text export: Potential (V), Current (A), ..., Frequency (Hz), Zre (ohms), Zim (ohms).</summary>
    Parstat,
    /// <summary>Delimited text (comma, semicolon, tab or spaces), optional header; frequency, Z', Z'' columns.</summary>
    Delimited,
}

/// <summary>How the imaginary column of a headerless file is signed.</summary>
public enum ImaginarySign
{
    /// <summary>Detect: a file whose imaginary values are mostly positive stores -Z'' (capacitive arcs are the common case).</summary>
    Auto,
    /// <summary>The column holds Z'' (negative for a capacitive arc).</summary>
    AsIs,
    /// <summary>The column holds -Z''.</summary>
    Negated,
}

/// <summary>Options for <see cref="ImpedanceFiles.Read(string, ImpedanceReadOptions)"/>.</summary>
public sealed record ImpedanceReadOptions
{
    public ImpedanceFileFormat Format { get; init; } = ImpedanceFileFormat.Auto;
    /// <summary>Sign of the imaginary column where the header does not say (headerless CSV, "Z''" without a sign).</summary>
    public ImaginarySign ImaginarySign { get; init; } = ImaginarySign.Auto;
    /// <summary>Fewest points accepted.</summary>
    public int MinimumPoints { get; init; } = 3;
    public static ImpedanceReadOptions Default { get; } = new();
}

/// <summary>
/// Reads impedance spectra from instrument exports, detecting the format. Every reader returns Z'' with the physics sign
/// (negative for a capacitive arc). Bad input (no frequency column, NaN, non-monotonic or duplicate frequencies, too few
/// points) raises <see cref="InvalidInputException"/> naming the file and line.
/// </summary>
public static partial class ImpedanceFiles
{
    /// <summary>Reads an impedance spectrum from a file, detecting the instrument format.</summary>
    public static ImpedanceSpectrum Read(string path) => Read(path, ImpedanceReadOptions.Default);

    /// <summary>Reads with explicit options (format, sign convention of a headerless imaginary column).</summary>
    public static ImpedanceSpectrum Read(string path, ImpedanceReadOptions options)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var text = DecodeText(File.ReadAllBytes(path));
        return Parse(text, path, options);
    }

    /// <summary>Parses text already in memory (sourceName is used in error messages and as the spectrum's SourceName).</summary>
    public static ImpedanceSpectrum Parse(string text, string sourceName, ImpedanceReadOptions? options = null)
    {
        options ??= ImpedanceReadOptions.Default;
        var lines = SplitLines(text);
        var format = options.Format == ImpedanceFileFormat.Auto ? Detect(lines, sourceName) : options.Format;
        var raw = format switch
        {
            ImpedanceFileFormat.BioLogicMpt => ReadBioLogic(lines, sourceName),
            ImpedanceFileFormat.GamryDta => ReadGamry(lines, sourceName),
            ImpedanceFileFormat.ZPlot => ReadZPlot(lines, sourceName),
            ImpedanceFileFormat.Autolab => ReadAutolab(lines, sourceName),
            ImpedanceFileFormat.ChInstruments => ReadHeaderTable(lines, sourceName, FindHeaderLine(lines, sourceName, 0)),
            ImpedanceFileFormat.Parstat => ReadParstat(lines, sourceName),
            _ => ReadDelimited(lines, sourceName, options),
        };
        return Finish(raw, sourceName, options);
    }

    /// <summary>Detects the format from the first lines of the file.</summary>
    public static ImpedanceFileFormat Detect(IReadOnlyList<string> lines, string sourceName)
    {
        string first = lines.Count > 0 ? lines[0].Trim().Trim('\uFEFF').Trim('"') : "";
        if (first.StartsWith("EC-Lab ASCII FILE", StringComparison.OrdinalIgnoreCase)) return ImpedanceFileFormat.BioLogicMpt;
        if (first.StartsWith("freq/Hz", StringComparison.OrdinalIgnoreCase)) return ImpedanceFileFormat.BioLogicMpt;
        if (first.StartsWith("EXPLAIN", StringComparison.Ordinal) || lines.Take(5).Any(l => l.StartsWith("TAG\t", StringComparison.Ordinal)))
            return ImpedanceFileFormat.GamryDta;
        if (first.StartsWith("ZPLOT2 ASCII", StringComparison.OrdinalIgnoreCase)) return ImpedanceFileFormat.ZPlot;
        if (first.StartsWith("Z60W Data File", StringComparison.OrdinalIgnoreCase)) return ImpedanceFileFormat.Autolab;
        if (lines.Take(10).Any(l => l.Trim().Equals("A.C. Impedance", StringComparison.OrdinalIgnoreCase))) return ImpedanceFileFormat.ChInstruments;
        if (first.Contains("Frequency (Hz)", StringComparison.OrdinalIgnoreCase) && first.Contains("Zre", StringComparison.OrdinalIgnoreCase))
            return ImpedanceFileFormat.Parstat;
        return ImpedanceFileFormat.Delimited;
    }

    // ---------------------------------------------------------------- raw table

    /// <summary>One data row before validation: frequency, Z', Z'' (physics sign), optional dc values, source line.</summary>
    internal readonly record struct RawPoint(double F, double Re, double Im, double? Idc, double? Vdc, int Line);

    internal sealed record RawTable(List<RawPoint> Points, string Description);

    static ImpedanceSpectrum Finish(RawTable raw, string sourceName, ImpedanceReadOptions options)
    {
        var p = raw.Points;
        if (p.Count < options.MinimumPoints)
            throw new InvalidInputException($"found {p.Count} data points ({raw.Description}); at least {options.MinimumPoints} are needed",
                sourceName, p.Count > 0 ? p[^1].Line : null);
        foreach (var q in p)
        {
            if (!double.IsFinite(q.F) || !double.IsFinite(q.Re) || !double.IsFinite(q.Im))
                throw new InvalidInputException("NaN or infinite value in frequency or impedance", sourceName, q.Line);
            if (q.F <= 0) throw new InvalidInputException($"frequency must be positive, found {q.F.ToString(CultureInfo.InvariantCulture)}", sourceName, q.Line);
        }
        int direction = Math.Sign(p[1].F - p[0].F);
        for (int i = 1; i < p.Count; i++)
        {
            double d = p[i].F - p[i - 1].F;
            if (d == 0) throw new InvalidInputException($"duplicate frequency {p[i].F.ToString("R", CultureInfo.InvariantCulture)} Hz (also on line {p[i - 1].Line})", sourceName, p[i].Line, "frequency");
            if (Math.Sign(d) != direction)
                throw new InvalidInputException($"frequencies are not monotonic: {p[i].F.ToString("R", CultureInfo.InvariantCulture)} Hz after {p[i - 1].F.ToString("R", CultureInfo.InvariantCulture)} Hz (line {p[i - 1].Line})", sourceName, p[i].Line, "frequency");
        }
        var f = p.Select(q => q.F).ToArray();
        var z = p.Select(q => new Complex(q.Re, q.Im)).ToArray();
        double[]? idc = p.All(q => q.Idc.HasValue) ? p.Select(q => q.Idc!.Value).ToArray() : null;
        double[]? vdc = p.All(q => q.Vdc.HasValue) ? p.Select(q => q.Vdc!.Value).ToArray() : null;
        return new ImpedanceSpectrum(f, z, sourceName) { DcCurrentA = idc, DcVoltageV = vdc };
    }

    // ---------------------------------------------------------------- text helpers

    /// <summary>UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), otherwise Latin-1 (EC-Lab writes 0xB5 for µ).</summary>
    internal static string DecodeText(byte[] bytes)
    {
        try
        {
            var s = new UTF8Encoding(false, true).GetString(bytes);
            return s.TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    static List<string> SplitLines(string text)
    {
        var list = new List<string>();
        using var r = new StringReader(text);
        string? l;
        while ((l = r.ReadLine()) is not null) list.Add(l);
        if (list.Count > 0) list[0] = list[0].TrimStart('\uFEFF');
        return list;
    }

    /// <summary>Splits a data line on tab, comma, semicolon or runs of spaces (the delimiter is decided per table).</summary>
    static string[] SplitFields(string line, char? delimiter)
    {
        if (delimiter is null) return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var parts = line.Split(delimiter.Value);
        // Trailing delimiters (EC-Lab, Parstat end every line with a tab) give an empty last field.
        int n = parts.Length;
        while (n > 0 && parts[n - 1].Trim().Length == 0) n--;
        return parts.Take(n).Select(s => s.Trim().Trim('"')).ToArray();
    }

    static char? GuessDelimiter(string line)
    {
        if (line.Contains('\t')) return '\t';
        if (line.Contains(';')) return ';';
        if (line.Contains(',')) return ',';
        return null;
    }

    /// <summary>Parses a number in invariant culture; with <paramref name="decimalComma"/> a comma is the decimal separator.</summary>
    static bool TryNumber(string s, bool decimalComma, out double v)
    {
        s = s.Trim().Trim('"');
        if (decimalComma) s = s.Replace(',', '.');
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase)) { v = double.NaN; return true; }
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
    }

    static double Number(string s, bool decimalComma, string sourceName, int line, string field)
    {
        if (!TryNumber(s, decimalComma, out var v))
            throw new InvalidInputException($"expected a number, found '{s}'", sourceName, line, field);
        return v;
    }

    // ---------------------------------------------------------------- column naming

    internal enum ColumnRole { Other, Frequency, Real, Imag, NegImag, CurrentA, CurrentMilliA, VoltageV }

    /// <summary>Maps a column header to its role. Names seen in EC-Lab (by version), Gamry, ZPlot, CHI, Parstat, Autolab and plain CSV.</summary>
    internal static ColumnRole Classify(string name)
    {
        var n = name.Trim().Trim('"').ToLowerInvariant().Replace(" ", "").Replace("_", "");
        if (n.Length == 0) return ColumnRole.Other;
        if (n.StartsWith("freq") || n == "f" || n.StartsWith("f/hz") || n.StartsWith("f(hz")) return ColumnRole.Frequency;
        bool neg = n.StartsWith('-') || n.StartsWith("minus") || n.StartsWith("neg");
        string m = neg ? n.TrimStart('-').Replace("minus", "").Replace("neg", "") : n;
        if (m.StartsWith("im(z)") || m.StartsWith("zim") || m.StartsWith("z''") || m.StartsWith("z\"") || m.StartsWith("zimag")
            || m.StartsWith("imag") || m.StartsWith("im") || m.StartsWith("zi")) return neg ? ColumnRole.NegImag : ColumnRole.Imag;
        if (m.StartsWith("re(z)") || m.StartsWith("zre") || m.StartsWith("z'") || m.StartsWith("real") || m.StartsWith("re")
            || m.StartsWith("zr")) return ColumnRole.Real;
        if (n is "<i>/ma" or "i/ma" || n.StartsWith("<i>/ma")) return ColumnRole.CurrentMilliA;
        if (n.StartsWith("current(a)") || n.StartsWith("idc") || n is "<i>/a" or "i/a") return ColumnRole.CurrentA;
        if (n.StartsWith("potential(v)") || n.StartsWith("vdc") || n.StartsWith("<ewe>/v") || n.StartsWith("ewe/v")) return ColumnRole.VoltageV;
        return ColumnRole.Other;
    }

    sealed record ColumnMap(int Freq, int Re, int Im, bool ImNegated, int Idc, double IdcScale, int Vdc);

    static ColumnMap MapColumns(IReadOnlyList<string> header, string sourceName, int line)
    {
        int f = -1, re = -1, im = -1, idc = -1, vdc = -1; bool neg = false; double idcScale = 1;
        for (int i = 0; i < header.Count; i++)
        {
            switch (Classify(header[i]))
            {
                case ColumnRole.Frequency when f < 0: f = i; break;
                case ColumnRole.Real when re < 0: re = i; break;
                case ColumnRole.Imag when im < 0: im = i; break;
                case ColumnRole.NegImag when im < 0: im = i; neg = true; break;
                case ColumnRole.CurrentA when idc < 0: idc = i; break;
                case ColumnRole.CurrentMilliA when idc < 0: idc = i; idcScale = 1e-3; break;
                case ColumnRole.VoltageV when vdc < 0: vdc = i; break;
            }
        }
        string cols = string.Join(", ", header.Select(h => $"'{h}'"));
        if (f < 0) throw new InvalidInputException($"no frequency column (expected a name starting with 'freq'); header has [{cols}]", sourceName, line);
        if (re < 0) throw new InvalidInputException($"no real-impedance column (Re(Z), Zreal, Z', Zre); header has [{cols}]", sourceName, line);
        if (im < 0) throw new InvalidInputException($"no imaginary-impedance column (-Im(Z), Zimag, Z'', Zim); header has [{cols}]", sourceName, line);
        return new ColumnMap(f, re, im, neg, idc, idcScale, vdc);
    }

    /// <summary>Reads rows until the first line that is not numeric in the mapped columns (or the end).</summary>
    static List<RawPoint> ReadRows(IReadOnlyList<string> lines, int start, char? delimiter, bool decimalComma, ColumnMap map,
        string sourceName, IReadOnlyList<string> header, Func<string[], bool>? skipRow = null, bool stopAtText = true)
    {
        var pts = new List<RawPoint>();
        int need = Math.Max(map.Freq, Math.Max(map.Re, map.Im));
        for (int i = start; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Trim().Length == 0) { if (pts.Count > 0 && stopAtText) break; continue; }
            var fields = SplitFields(line, delimiter);
            if (fields.Length <= need)
            {
                if (stopAtText && pts.Count > 0) break;
                throw new InvalidInputException($"expected at least {need + 1} fields, found {fields.Length}", sourceName, i + 1);
            }
            if (!TryNumber(fields[map.Freq], decimalComma, out _))
            {
                if (stopAtText && pts.Count > 0) break;
                throw new InvalidInputException($"expected a number, found '{fields[map.Freq]}'", sourceName, i + 1, header[map.Freq]);
            }
            if (skipRow is not null && skipRow(fields)) continue;
            double fr = Number(fields[map.Freq], decimalComma, sourceName, i + 1, header[map.Freq]);
            double re = Number(fields[map.Re], decimalComma, sourceName, i + 1, header[map.Re]);
            double im = Number(fields[map.Im], decimalComma, sourceName, i + 1, header[map.Im]);
            double? idc = map.Idc >= 0 && map.Idc < fields.Length && TryNumber(fields[map.Idc], decimalComma, out var a) ? a * map.IdcScale : null;
            double? vdc = map.Vdc >= 0 && map.Vdc < fields.Length && TryNumber(fields[map.Vdc], decimalComma, out var v) ? v : null;
            pts.Add(new RawPoint(fr, re, map.ImNegated ? -im : im, idc, vdc, i + 1));
        }
        return pts;
    }

    static bool LooksDecimalComma(IReadOnlyList<string> lines, int start, char? delimiter)
    {
        // A decimal comma is only possible when the delimiter is not a comma: look for "digit,digit" in the first data line.
        if (delimiter == ',') return false;
        for (int i = start; i < Math.Min(lines.Count, start + 5); i++)
        {
            var l = lines[i];
            for (int k = 1; k + 1 < l.Length; k++)
                if (l[k] == ',' && char.IsDigit(l[k - 1]) && char.IsDigit(l[k + 1])) return true;
        }
        return false;
    }

    static int FindHeaderLine(IReadOnlyList<string> lines, string sourceName, int from)
    {
        for (int i = from; i < lines.Count; i++)
        {
            var d = GuessDelimiter(lines[i]);
            var fields = SplitFields(lines[i], d);
            if (fields.Length >= 3 && fields.Any(x => Classify(x) == ColumnRole.Frequency)
                && fields.Any(x => Classify(x) is ColumnRole.Imag or ColumnRole.NegImag)) return i;
        }
        throw new InvalidInputException("no header line with a frequency column (expected e.g. 'freq/Hz', 'Frequency (Hz)', 'Freq')", sourceName);
    }

    static RawTable ReadHeaderTable(IReadOnlyList<string> lines, string sourceName, int headerIndex, Func<string[], bool>? skipRow = null)
    {
        var delimiter = GuessDelimiter(lines[headerIndex]);
        var header = SplitFields(lines[headerIndex], delimiter);
        var map = MapColumns(header, sourceName, headerIndex + 1);
        int first = headerIndex + 1;
        while (first < lines.Count && lines[first].Trim().Length == 0) first++;
        bool comma = LooksDecimalComma(lines, first, delimiter);
        var pts = ReadRows(lines, first, delimiter, comma, map, sourceName, header, skipRow);
        return new RawTable(pts, $"table with header on line {headerIndex + 1}");
    }

    // ---------------------------------------------------------------- formats

    /// <summary>
    /// EC-Lab .mpt: line 2 "Nb header lines : N" gives the header size; the column names are on line N (older exports
    /// without the count start directly with the column line). Decimal commas appear with some Windows locales.
    /// A file with several cycles ("cycle number") keeps the first cycle so that the frequencies stay monotonic.
    /// </summary>
    static RawTable ReadBioLogic(IReadOnlyList<string> lines, string sourceName)
    {
        int headerIndex = 0;
        if (lines.Count > 1 && lines[1].StartsWith("Nb header lines", StringComparison.OrdinalIgnoreCase))
        {
            var parts = lines[1].Split(':');
            if (parts.Length < 2 || !int.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 2 || n > lines.Count)
                throw new InvalidInputException("expected 'Nb header lines : N' with N a line number inside the file", sourceName, 2);
            headerIndex = n - 1;
        }
        var header = SplitFields(lines[headerIndex], '\t');
        var map = MapColumns(header, sourceName, headerIndex + 1);
        int cycleCol = Array.FindIndex(header, h => h.Trim().Equals("cycle number", StringComparison.OrdinalIgnoreCase));
        bool comma = LooksDecimalComma(lines, headerIndex + 1, '\t');
        double? firstCycle = null;
        var pts = ReadRows(lines, headerIndex + 1, '\t', comma, map, sourceName, header, fields =>
        {
            if (cycleCol < 0 || cycleCol >= fields.Length || !TryNumber(fields[cycleCol], comma, out var c)) return false;
            firstCycle ??= c;
            return c != firstCycle;
        });
        return new RawTable(pts, "EC-Lab table");
    }

    /// <summary>Gamry .DTA: the "ZCURVE TABLE" line, then a column-name line, a unit line and tab rows starting with a tab.</summary>
    static RawTable ReadGamry(IReadOnlyList<string> lines, string sourceName)
    {
        int z = -1;
        for (int i = 0; i < lines.Count; i++)
            if (lines[i].StartsWith("ZCURVE", StringComparison.Ordinal)) { z = i; break; }
        if (z < 0) throw new InvalidInputException("Gamry file without a ZCURVE table (not an EIS measurement?)", sourceName);
        if (z + 2 >= lines.Count) throw new InvalidInputException("ZCURVE table has no column names", sourceName, z + 1);
        var header = SplitFields(lines[z + 1].TrimStart('\t'), '\t');
        var map = MapColumns(header, sourceName, z + 2);
        // Columns: Pt Time Freq Zreal Zimag Zsig Zmod Zphz Idc Vdc IERange; Zimag is Z'' with its sign.
        int first = z + 3;
        var pts = new List<RawPoint>();
        for (int i = first; i < lines.Count; i++)
        {
            if (!lines[i].StartsWith('\t')) break; // the next block (or EXPERIMENTABORTED) starts at column 0
            var fields = SplitFields(lines[i].TrimStart('\t'), '\t');
            if (fields.Length < header.Length - 1) break;
            double fr = Number(fields[map.Freq], false, sourceName, i + 1, header[map.Freq]);
            double re = Number(fields[map.Re], false, sourceName, i + 1, header[map.Re]);
            double im = Number(fields[map.Im], false, sourceName, i + 1, header[map.Im]);
            double? idc = map.Idc >= 0 && TryNumber(fields[map.Idc], false, out var a) ? a : null;
            double? vdc = map.Vdc >= 0 && TryNumber(fields[map.Vdc], false, out var v) ? v : null;
            pts.Add(new RawPoint(fr, re, map.ImNegated ? -im : im, idc, vdc, i + 1));
        }
        return new RawTable(pts, "Gamry ZCURVE table");
    }

    /// <summary>ZPlot/ZView .z: column names on the line before "End Comments" (tab separated), data after it.</summary>
    static RawTable ReadZPlot(IReadOnlyList<string> lines, string sourceName)
    {
        int end = -1;
        for (int i = 0; i < lines.Count; i++)
            if (lines[i].Trim().Equals("End Comments", StringComparison.OrdinalIgnoreCase)) { end = i; break; }
        if (end < 0) throw new InvalidInputException("ZPlot file without an 'End Comments' line before the data", sourceName);
        string[] header = end > 0 ? SplitFields(lines[end - 1].Trim(), '\t') : [];
        ColumnMap map;
        if (header.Length >= 3 && header.Any(h => Classify(h) == ColumnRole.Frequency)) map = MapColumns(header, sourceName, end);
        else
        {
            // ZPlot's fixed layout (no column line): Freq, Ampl, Bias, Time, Z', Z'', GD, Err, Range.
            header = ["Freq(Hz)", "Ampl", "Bias", "Time(Sec)", "Z'(a)", "Z''(b)", "GD", "Err", "Range"];
            map = new ColumnMap(0, 4, 5, false, -1, 1, -1);
        }
        var d = end + 1 < lines.Count ? GuessDelimiter(lines[end + 1]) : '\t';
        var pts = ReadRows(lines, end + 1, d, false, map, sourceName, header);
        return new RawTable(pts, "ZPlot data block");
    }

    /// <summary>Autolab/ZView "Z60W Data File": 9 header lines, a point count, a quoted column line, comma rows (Freq, Ampl, Bias, Time, Z', Z'', ...).</summary>
    static RawTable ReadAutolab(IReadOnlyList<string> lines, string sourceName)
    {
        int h = -1;
        for (int i = 0; i < Math.Min(lines.Count, 40); i++)
            if (lines[i].Contains("Freq", StringComparison.OrdinalIgnoreCase)) { h = i; break; }
        if (h < 0) throw new InvalidInputException("Autolab file without a 'Freq' column line", sourceName);
        // "  Freq (Hz)    Ampl ..." is space-aligned: glue units to their names before splitting on blanks.
        var header = SplitFields(System.Text.RegularExpressions.Regex.Replace(lines[h].Trim().Trim('"'), @"\s+\(", "("), null);
        var map = MapColumns(header, sourceName, h + 1);
        var pts = ReadRows(lines, h + 1, ',', false, map, sourceName, header);
        return new RawTable(pts, "Autolab table");
    }

    /// <summary>Parstat/VersaStudio: one table mixing dc rows (frequency 0) and EIS rows; the dc rows are skipped.</summary>
    static RawTable ReadParstat(IReadOnlyList<string> lines, string sourceName)
    {
        var header = SplitFields(lines[0], '\t');
        var map = MapColumns(header, sourceName, 1);
        var pts = ReadRows(lines, 1, '\t', false, map, sourceName, header,
            fields => TryNumber(fields[map.Freq], false, out var f) && f == 0, stopAtText: false);
        return new RawTable(pts, "Parstat table (dc rows with frequency 0 skipped)");
    }

    /// <summary>
    /// Plain delimited text: optional comment lines (#), optional header. Without a header the columns are frequency, Z', Z''
    /// and the sign of Z'' follows <see cref="ImpedanceReadOptions.ImaginarySign"/> (Auto: mostly positive means -Z'').
    /// </summary>
    static RawTable ReadDelimited(IReadOnlyList<string> lines, string sourceName, ImpedanceReadOptions options)
    {
        int first = 0;
        while (first < lines.Count && (lines[first].Trim().Length == 0 || lines[first].TrimStart().StartsWith('#'))) first++;
        if (first >= lines.Count) throw new InvalidInputException("empty file: no data lines", sourceName);
        var delimiter = GuessDelimiter(lines[first]);
        var fields = SplitFields(lines[first], delimiter);
        bool hasHeader = fields.Length > 0 && !TryNumber(fields[0], false, out _) && !TryNumber(fields[0], true, out _);
        string[] header;
        ColumnMap map;
        int dataStart;
        if (hasHeader)
        {
            header = fields;
            map = MapColumns(header, sourceName, first + 1);
            dataStart = first + 1;
            // "-Im(Z)" style names state the sign; a bare "Z''"/"Zimag" is taken as Z'' unless the caller says Negated.
        }
        else
        {
            if (fields.Length < 3) throw new InvalidInputException($"expected at least 3 columns (frequency, Z', Z''), found {fields.Length}", sourceName, first + 1);
            header = ["frequency", "z_real", "z_imag"];
            map = new ColumnMap(0, 1, 2, false, -1, 1, -1);
            dataStart = first;
        }
        bool comma = LooksDecimalComma(lines, dataStart, delimiter);
        var pts = ReadRows(lines, dataStart, delimiter, comma, map, sourceName, header, stopAtText: false);
        bool negate = options.ImaginarySign == ImaginarySign.Negated && !map.ImNegated;
        if (!hasHeader && options.ImaginarySign == ImaginarySign.Auto)
            negate = pts.Count(p => p.Im > 0) > pts.Count / 2;
        if (negate) pts = pts.Select(p => p with { Im = -p.Im }).ToList();
        return new RawTable(pts, hasHeader ? "delimited table with header" : "headerless delimited table");
    }
}
