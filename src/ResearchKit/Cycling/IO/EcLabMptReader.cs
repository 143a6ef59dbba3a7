using System.Globalization;
using System.Text;

namespace ResearchKit.Cycling.IO;

/// <summary>
/// Reader of EC-Lab text exports (.mpt): line 1 "EC-Lab ASCII FILE", line 2 "Nb header lines : N", N-2 more header
/// lines (settings, "key : value" metadata), the column names on line N (tab-separated), then one record per line.
/// Handles the exports of EC-Lab versions that differ in column names (I/mA or &lt;I&gt;/mA, dq or dQ, units in A or mA) and
/// locales that write decimal commas. Data lines are parsed in parallel from the file bytes (Latin-1: µ is one byte).
/// </summary>
public static class EcLabMptReader
{
    public const string FormatName = "biologic-mpt";
    public const string Magic = "EC-Lab ASCII FILE";

    public static bool IsMpt(ReadOnlySpan<byte> head) => head.StartsWith("EC-Lab ASCII FILE"u8);

    public static CyclingData Read(string path, CellMode mode = CellMode.Auto) => CyclingDataBuilder.Build(ReadRaw(path), mode);

    public static RawCyclerTable ReadRaw(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses .mpt bytes; <paramref name="sourceName"/> names the file in errors.</summary>
    public static RawCyclerTable Parse(byte[] bytes, string sourceName)
    {
        // Line starts.
        var lineStarts = new List<int>(1024) { 0 };
        int pos = 0;
        while (true)
        {
            int nl = bytes.AsSpan(pos).IndexOf((byte)'\n');
            if (nl < 0) break;
            pos += nl + 1;
            if (pos < bytes.Length) lineStarts.Add(pos);
            else break;
        }
        string Line(int i) // 0-based line index
        {
            int s = lineStarts[i], e = i + 1 < lineStarts.Count ? lineStarts[i + 1] : bytes.Length;
            return Encoding.Latin1.GetString(bytes, s, e - s).TrimEnd('\r', '\n');
        }
        if (lineStarts.Count == 0 || !Line(0).Trim().Equals(Magic, StringComparison.Ordinal))
        {
            string first = bytes.Length == 0 ? "" : Line(0);
            if (first.Length > 60) first = first[..60] + "...";
            throw new InvalidInputException($"unexpected header: expected '{Magic}' on line 1, found '{first}'", sourceName, 1);
        }
        if (lineStarts.Count < 2) throw new InvalidInputException("unexpected header: the file ends after line 1; expected 'Nb header lines : N' on line 2", sourceName, 2);
        var l2 = Line(1);
        int colon = l2.IndexOf(':');
        if (!l2.StartsWith("Nb header lines", StringComparison.OrdinalIgnoreCase) || colon < 0
            || !int.TryParse(l2[(colon + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int nHeader) || nHeader < 3)
            throw new InvalidInputException($"unexpected header: expected 'Nb header lines : N' (N ≥ 3) on line 2, found '{l2.Trim()}'", sourceName, 2);
        if (lineStarts.Count < nHeader)
            throw new InvalidInputException($"the header declares {nHeader} lines but the file has only {lineStarts.Count}", sourceName, lineStarts.Count);

        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 2; i < nHeader - 1; i++)
        {
            var l = Line(i);
            int c = l.IndexOf(" : ", StringComparison.Ordinal);
            if (c > 0) meta.TryAdd(l[..c].Trim(), l[(c + 3)..].Trim());
        }
        var names = Line(nHeader - 1).Split('\t').ToList();
        while (names.Count > 0 && names[^1].Trim().Length == 0) names.RemoveAt(names.Count - 1);
        if (names.Count < 2)
            throw new InvalidInputException($"unexpected header: expected tab-separated column names on line {nHeader} (as 'Nb header lines' says), found '{Line(nHeader - 1)}'", sourceName, nHeader);
        var dup = names.GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
        // EC-Lab can repeat a name (e.g. two "half cycle"); keep both, suffixing the repeat.
        if (dup is not null)
        {
            var seen = new Dictionary<string, int>();
            for (int i = 0; i < names.Count; i++)
            {
                seen[names[i]] = seen.GetValueOrDefault(names[i]) + 1;
                if (seen[names[i]] > 1) names[i] = $"{names[i]} ({seen[names[i]]})";
            }
        }

        int firstData = nHeader; // 0-based index of the first data line
        int lastData = lineStarts.Count - 1;
        // Drop trailing blank lines.
        while (lastData >= firstData && IsBlank(bytes, lineStarts[lastData], LineEnd(lineStarts, lastData, bytes.Length))) lastData--;
        int rows = lastData - firstData + 1;
        if (rows < 0) rows = 0;

        // Decimal comma: EC-Lab in a comma locale writes "1,234E+000" with tab separators.
        bool decimalComma = false;
        if (rows > 0)
        {
            var s0 = bytes.AsSpan(lineStarts[firstData], LineEnd(lineStarts, firstData, bytes.Length) - lineStarts[firstData]);
            decimalComma = s0.IndexOf((byte)',') >= 0 && s0.IndexOf((byte)'.') < 0;
        }
        var nf = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        if (decimalComma) { nf.NumberDecimalSeparator = ","; nf.NumberGroupSeparator = "\u00a0"; }

        int nc = names.Count;
        var cols = new double[nc][];
        for (int c = 0; c < nc; c++) cols[c] = new double[rows];
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount * 4, rows / 2048));
        var errors = new InvalidInputException?[chunks];
        Parallel.For(0, chunks, k =>
        {
            int r0 = (int)((long)rows * k / chunks), r1 = (int)((long)rows * (k + 1) / chunks);
            for (int r = r0; r < r1; r++)
            {
                int li = firstData + r;
                int s = lineStarts[li], e = LineEnd(lineStarts, li, bytes.Length);
                var span = bytes.AsSpan(s, e - s).TrimEnd("\r\n"u8);
                int c = 0;
                while (true)
                {
                    int tab = span.IndexOf((byte)'\t');
                    var field = tab < 0 ? span : span[..tab];
                    if (field.Length > 0 && field[^1] == (byte)'\r') field = field[..^1];
                    if (c < nc)
                    {
                        if (!FastDouble.TryParse(field, decimalComma ? (byte)',' : (byte)'.', nf, out double x))
                        {
                            errors[k] = new InvalidInputException($"expected a number, found '{Encoding.Latin1.GetString(field)}'", sourceName, li + 1, names[c]);
                            return;
                        }
                        cols[c][r] = x;
                    }
                    else if (field.Length > 0)
                    {
                        errors[k] = new InvalidInputException($"expected {nc} fields as in the column header (line {nHeader}), found more", sourceName, li + 1);
                        return;
                    }
                    c++;
                    if (tab < 0) break;
                    span = span[(tab + 1)..];
                }
                if (c < nc)
                {
                    errors[k] = new InvalidInputException($"expected {nc} fields as in the column header (line {nHeader}), found {c}", sourceName, li + 1);
                    return;
                }
            }
        });
        var err = errors.FirstOrDefault(e => e is not null);
        if (err is not null) throw err;

        var columns = names.Select((nm, i) => new InstrumentColumn(nm, cols[i])).ToList();
        var time = FindScaled(columns, ["time"], new() { ["s"] = 1, ["h"] = 3600, ["min"] = 60 }, sourceName)
            ?? throw new InvalidInputException($"no time column (time/s); columns are [{string.Join(", ", names)}]", sourceName, nHeader);
        var volt = FindScaled(columns, ["Ewe", "<Ewe>", "Ecell", "<Ecell>"], new() { ["V"] = 1, ["mV"] = 1e-3 }, sourceName)
            ?? throw new InvalidInputException($"no voltage column (Ewe/V); columns are [{string.Join(", ", names)}]", sourceName, nHeader);
        var cur = FindScaled(columns, ["I", "<I>"], new() { ["mA"] = 1, ["A"] = 1e3, ["µA"] = 1e-3, ["uA"] = 1e-3 }, sourceName);
        var dq = FindScaled(columns, ["dq", "dQ"], new() { ["mA.h"] = 1, ["A.h"] = 1e3, ["µA.h"] = 1e-3 }, sourceName);
        meta["header_lines"] = nHeader.ToString(CultureInfo.InvariantCulture);
        meta["decimal_comma"] = decimalComma ? "true" : "false";
        return new RawCyclerTable(FormatName, sourceName, columns)
        {
            TimeS = time,
            VoltageV = volt,
            CurrentMA = cur,
            ChargeIncrementMAh = dq,
            Metadata = meta,
        };
    }

    /// <summary>
    /// Finds the first column named quantity/unit for one of the quantities (in order) and returns it in the reference unit.
    /// Two columns of the same quantity in different units must agree, otherwise the units are mixed: an error.
    /// </summary>
    static double[]? FindScaled(List<InstrumentColumn> columns, string[] quantities, Dictionary<string, double> units, string source)
    {
        foreach (var q in quantities)
        {
            var found = new List<(InstrumentColumn Col, double Scale, string Unit)>();
            foreach (var c in columns)
            {
                int slash = c.Name.IndexOf('/');
                if (slash <= 0 || c.Name[..slash] != q) continue;
                var unit = c.Name[(slash + 1)..];
                if (units.TryGetValue(unit, out double sc)) found.Add((c, sc, unit));
                else throw new InvalidInputException($"unknown unit '{unit}' for {q}; expected one of {string.Join(", ", units.Keys)}", source, field: c.Name);
            }
            if (found.Count == 0) continue;
            var (col, scale, _) = found[0];
            var d = col.ToDoubles();
            if (scale == 1) return d;
            var r = new double[d.Length];
            for (int i = 0; i < r.Length; i++) r[i] = d[i] * scale;
            return r;
        }
        return null;
    }

    static int LineEnd(List<int> starts, int i, int total) => i + 1 < starts.Count ? starts[i + 1] : total;

    static bool IsBlank(byte[] b, int s, int e)
    {
        for (int i = s; i < e; i++) if (b[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }
}
