using System.Globalization;
using System.Text;

namespace ResearchKit.Core;

/// <summary>
/// A small RFC 4180 CSV reader that keeps line numbers, so that every error names the file, line and column.
/// Used by the data loaders; instrument readers with their own dialects live with their domain.
/// </summary>
public sealed class CsvTable
{
    public string SourceName { get; }
    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<CsvRow> Rows { get; }

    CsvTable(string sourceName, IReadOnlyList<string> columns, IReadOnlyList<CsvRow> rows)
    {
        SourceName = sourceName; Columns = columns; Rows = rows;
    }

    /// <summary>Parses CSV text with a header line. Lines starting with '#' and blank lines are skipped.</summary>
    public static CsvTable Parse(string text, string sourceName, IEnumerable<string>? requiredColumns = null)
    {
        var rows = new List<CsvRow>();
        List<string>? header = null;
        int lineNo = 0;
        using var reader = new StringReader(text);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            int startLine = lineNo;
            // A quoted field may span lines.
            while (CountQuotes(line) % 2 == 1)
            {
                var next = reader.ReadLine();
                if (next is null) throw new InvalidInputException("unterminated quoted field", sourceName, startLine);
                lineNo++;
                line += "\n" + next;
            }
            if (line.Length == 0 || line.TrimStart().StartsWith('#') || line.Trim().Length == 0) continue;
            var fields = SplitLine(line);
            if (header is null)
            {
                header = fields.Select(f => f.Trim()).ToList();
                var dup = header.GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
                if (dup is not null) throw new InvalidInputException($"duplicate column '{dup.Key}' in header", sourceName, startLine);
                if (requiredColumns is not null)
                    foreach (var c in requiredColumns)
                        if (!header.Contains(c, StringComparer.OrdinalIgnoreCase))
                            throw new InvalidInputException($"missing column '{c}'; header has [{string.Join(", ", header)}]", sourceName, startLine, c);
                continue;
            }
            if (fields.Count != header.Count)
                throw new InvalidInputException($"expected {header.Count} fields as in the header, found {fields.Count}", sourceName, startLine);
            rows.Add(new CsvRow(sourceName, startLine, header, fields));
        }
        if (header is null) throw new InvalidInputException("empty file: expected a header line", sourceName, 1);
        return new CsvTable(sourceName, header, rows);
    }

    public static CsvTable Load(string path, IEnumerable<string>? requiredColumns = null)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        return Parse(File.ReadAllText(path, Encoding.UTF8), path, requiredColumns);
    }

    static int CountQuotes(string s)
    {
        int n = 0;
        foreach (var ch in s) if (ch == '"') n++;
        return n;
    }

    internal static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                    else quoted = false;
                }
                else sb.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }

    /// <summary>
    /// Appends one line to a CSV file atomically: the old content plus the new line goes to FILE.tmp, which then replaces FILE, so an
    /// interrupted study leaves either the old or the new file, never half a row. A new or empty file gets <paramref name="header"/>
    /// first; an existing file whose first line is not <paramref name="header"/> is refused (exit 2 naming <paramref name="field"/>).
    /// The long studies (twin, transport, mechanics) write their rows with it as each twin finishes.
    /// </summary>
    /// <param name="path">the rows file</param>
    /// <param name="header">the header line, without a newline</param>
    /// <param name="line">the row, without a newline</param>
    /// <param name="field">the option that named the file, for the error message</param>
    public static void AppendLineAtomically(string path, string header, string line, string field = "out")
    {
        string old = File.Exists(path) && new FileInfo(path).Length > 0 ? File.ReadAllText(path) : header + "\n";
        if (!old.StartsWith(header + "\n", StringComparison.Ordinal))
            throw new InvalidInputException($"{path} is not a file of these rows (header differs); move it away or pick another path", path, 1, field);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, old + line + "\n");
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Quotes a field for CSV output when it needs it.</summary>
    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}

/// <summary>One data row of a <see cref="CsvTable"/>, with typed accessors that name file, line and column on failure.</summary>
public sealed class CsvRow
{
    readonly IReadOnlyList<string> _header;
    readonly IReadOnlyList<string> _fields;
    public string SourceName { get; }
    public int Line { get; }

    internal CsvRow(string sourceName, int line, IReadOnlyList<string> header, IReadOnlyList<string> fields)
    {
        SourceName = sourceName; Line = line; _header = header; _fields = fields;
    }

    int IndexOf(string column)
    {
        for (int i = 0; i < _header.Count; i++)
            if (string.Equals(_header[i], column, StringComparison.OrdinalIgnoreCase)) return i;
        throw new InvalidInputException($"no column '{column}'", SourceName, Line, column);
    }

    public bool Has(string column) => _header.Contains(column, StringComparer.OrdinalIgnoreCase);

    /// <summary>Trimmed text of a column (may be empty).</summary>
    public string Text(string column) => _fields[IndexOf(column)].Trim();

    /// <summary>Non-empty text of a column.</summary>
    public string RequiredText(string column)
    {
        var s = Text(column);
        if (s.Length == 0) throw new InvalidInputException("expected a non-empty value", SourceName, Line, column);
        return s;
    }

    /// <summary>A finite number (invariant culture).</summary>
    public double Number(string column)
    {
        var s = Text(column);
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new InvalidInputException($"expected a number, found '{s}'", SourceName, Line, column);
        return v;
    }

    /// <summary>A finite number, or null when the cell is empty.</summary>
    public double? OptionalNumber(string column)
    {
        var s = Text(column);
        return s.Length == 0 ? null : Number(column);
    }
}
