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

        int dataStart = nHeader < lineStarts.Count ? lineStarts[nHeader] : bytes.Length;
        bool decimalComma = DetectDecimalComma(bytes, dataStart, bytes.Length);
        var cols = ParseRows(bytes, dataStart, bytes.Length, names, decimalComma, sourceName, nHeader + 1, nHeader);

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


    /// <summary>A block of consecutive .mpt records (see <see cref="ReadBlocks"/>).</summary>
    public sealed record MptBlock(long FirstRecord, IReadOnlyList<InstrumentColumn> Columns)
    {
        public int Count => Columns.Count == 0 ? 0 : Columns[0].Length;
    }

    /// <summary>
    /// Streams an .mpt in blocks of about <paramref name="blockBytes"/> bytes of text (for exports too large to hold):
    /// the header is checked first (same rules as <see cref="ReadRaw"/>), then each block holds the columns of the
    /// complete lines it covers, with line numbers in errors counted from the start of the file.
    /// </summary>
    public static IEnumerable<MptBlock> ReadBlocks(string path, int blockBytes = 32 << 20)
    {
        if (blockBytes < 1024) throw new ArgumentOutOfRangeException(nameof(blockBytes), "expected at least 1024 bytes per block");
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        // Header: parse the first bytes up to the end of the column-name line as an .mpt with no records.
        byte[] head;
        using (var fs = File.OpenRead(path))
        {
            head = new byte[(int)Math.Min(fs.Length, 1 << 20)];
            fs.ReadExactly(head);
        }
        int nl = 0, pos = 0, nHeader = -1, headerEnd = -1;
        while (pos < head.Length)
        {
            int i = head.AsSpan(pos).IndexOf((byte)'\n');
            if (i < 0) break;
            nl++;
            if (nl == 2)
            {
                var l2 = Encoding.Latin1.GetString(head, pos, i);
                int colon = l2.IndexOf(':');
                if (colon > 0 && int.TryParse(l2[(colon + 1)..].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int nh)) nHeader = nh;
            }
            pos += i + 1;
            if (nHeader > 0 && nl == nHeader) { headerEnd = pos; break; }
        }
        var header = Parse(headerEnd > 0 ? head[..headerEnd] : head, path); // throws on a bad header
        var names = header.Columns.Select(c => c.Name).ToList();
        if (headerEnd < 0) return [];
        return Iterate(path, headerEnd, nHeader, names, blockBytes);
    }

    static IEnumerable<MptBlock> Iterate(string path, int dataStart, int nHeader, List<string> names, int blockBytes)
    {
        using var fs = File.OpenRead(path);
        fs.Position = dataStart;
        var buf = new byte[blockBytes];
        int carry = 0;
        long record = 0;
        int line = nHeader + 1;
        bool? decimalComma = null;
        while (true)
        {
            int got = fs.ReadAtLeast(buf.AsSpan(carry), buf.Length - carry, throwOnEndOfStream: false);
            int len = carry + got;
            bool eof = got == 0 || fs.Position >= fs.Length;
            int end = eof ? len : buf.AsSpan(0, len).LastIndexOf((byte)'\n') + 1;
            if (end <= 0)
            {
                if (len >= buf.Length) throw new InvalidInputException($"a line longer than {buf.Length} bytes", path, line);
                if (eof) yield break;
                carry = len;
                continue;
            }
            decimalComma ??= DetectDecimalComma(buf, 0, end);
            var cols = ParseRows(buf, 0, end, names, decimalComma.Value, path, line, nHeader);
            int lines = 0;
            foreach (var b in buf.AsSpan(0, end)) if (b == (byte)'\n') lines++;
            line += lines;
            if (cols[0].Length > 0)
            {
                yield return new MptBlock(record, names.Select((nm, i) => new InstrumentColumn(nm, cols[i])).ToList());
                record += cols[0].Length;
            }
            if (eof && end >= len) yield break;
            carry = len - end;
            Array.Copy(buf, end, buf, 0, carry);
        }
    }

    static bool DetectDecimalComma(byte[] bytes, int from, int to)
    {
        // EC-Lab in a comma locale writes "1,234E+000" with tab separators: decide on the first non-blank data line.
        int pos = from;
        while (pos < to)
        {
            int e = bytes.AsSpan(pos, to - pos).IndexOf((byte)'\n');
            int stop = e < 0 ? to : pos + e;
            var l = bytes.AsSpan(pos, stop - pos);
            if (!IsBlank(bytes, pos, stop)) return l.IndexOf((byte)',') >= 0 && l.IndexOf((byte)'.') < 0;
            pos = stop + 1;
        }
        return false;
    }

    /// <summary>Parses the tab-separated lines in bytes[from, to) in parallel; blank lines are skipped; line numbers start at firstLine.</summary>
    static double[][] ParseRows(byte[] bytes, int from, int to, List<string> names, bool decimalComma, string sourceName, int firstLine, int nHeader)
    {
        var starts = new List<int>(Math.Max(16, (to - from) / 64));
        var lineNo = new List<int>(starts.Capacity);
        int pos = from, ln = firstLine;
        while (pos < to)
        {
            int e = bytes.AsSpan(pos, to - pos).IndexOf((byte)'\n');
            int stop = e < 0 ? to : pos + e;
            if (!IsBlank(bytes, pos, stop)) { starts.Add(pos); lineNo.Add(ln); }
            ln++;
            pos = stop + 1;
        }
        int rows = starts.Count, nc = names.Count;
        var nf = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        if (decimalComma) { nf.NumberDecimalSeparator = ","; nf.NumberGroupSeparator = "\u00a0"; }
        byte sep = decimalComma ? (byte)',' : (byte)'.';
        var cols = new double[nc][];
        for (int c = 0; c < nc; c++) cols[c] = new double[rows];
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount * 4, rows / 2048));
        var errors = new InvalidInputException?[chunks];
        Parallel.For(0, chunks, k =>
        {
            int r0 = (int)((long)rows * k / chunks), r1 = (int)((long)rows * (k + 1) / chunks);
            for (int r = r0; r < r1; r++)
            {
                int s = starts[r];
                int e = bytes.AsSpan(s, to - s).IndexOf((byte)'\n');
                var span = bytes.AsSpan(s, e < 0 ? to - s : e).TrimEnd("\r\n"u8);
                int c = 0;
                while (true)
                {
                    int tab = span.IndexOf((byte)'\t');
                    var field = tab < 0 ? span : span[..tab];
                    if (c < nc)
                    {
                        if (!FastDouble.TryParse(field, sep, nf, out double x))
                        {
                            errors[k] = new InvalidInputException($"expected a number, found '{Encoding.Latin1.GetString(field)}'", sourceName, lineNo[r], names[c]);
                            return;
                        }
                        cols[c][r] = x;
                    }
                    else if (field.Length > 0)
                    {
                        errors[k] = new InvalidInputException($"expected {nc} fields as in the column header (line {nHeader}), found more", sourceName, lineNo[r]);
                        return;
                    }
                    c++;
                    if (tab < 0) break;
                    span = span[(tab + 1)..];
                }
                if (c < nc)
                {
                    errors[k] = new InvalidInputException($"expected {nc} fields as in the column header (line {nHeader}), found {c}", sourceName, lineNo[r]);
                    return;
                }
            }
        });
        var err = errors.FirstOrDefault(e => e is not null);
        if (err is not null) throw err;
        return cols;
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
                var name = NormaliseName(c.Name);
                int slash = name.IndexOf('/');
                if (slash <= 0 || name[..slash] != q) continue;
                var unit = name[(slash + 1)..];
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

    /// <summary>Some EC-Lab versions write averaged columns as "&lt;Ewe/V&gt;" or "&lt;I/mA&gt;" instead of "&lt;Ewe&gt;/V": bring them to one form.</summary>
    internal static string NormaliseName(string name)
    {
        if (name.Length > 3 && name[0] == '<' && name[^1] == '>' && name.IndexOf('/') > 1 && name.IndexOf('>') == name.Length - 1)
        {
            int slash = name.IndexOf('/');
            return name[..slash] + ">" + name[slash..^1];
        }
        return name;
    }

    static int LineEnd(List<int> starts, int i, int total) => i + 1 < starts.Count ? starts[i + 1] : total;

    static bool IsBlank(byte[] b, int s, int e)
    {
        for (int i = s; i < e; i++) if (b[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }
}
