using System.Globalization;
using System.Net;
using System.Text;
using Deedle;

namespace ResearchKit.Frames;

/// <summary>
/// Readable renderings of Deedle frames: an HTML table (row keys, column names with their units, numbers to 4 significant
/// digits or fixed decimals, long frames truncated with a note) and aligned plain text. The notebook formatter uses these;
/// so can any C# program.
/// </summary>
public static class FrameFormatting
{
    public const int DefaultMaxRows = 20;

    public static string ToHtml<TRow, TCol>(Frame<TRow, TCol> frame, int maxRows = DefaultMaxRows)
        where TRow : notnull where TCol : notnull
    {
        var (rows, cols, cells, truncated) = Cells(frame, maxRows);
        var sb = new StringBuilder();
        sb.Append("<table class=\"deedle-frame\" style=\"border-collapse:collapse;font-family:monospace;font-size:12px\">");
        sb.Append("<thead><tr><th style=\"text-align:left;border-bottom:1px solid #888;padding:2px 8px\"></th>");
        foreach (var c in cols) sb.Append("<th style=\"text-align:right;border-bottom:1px solid #888;padding:2px 8px\">").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append("<tr><th style=\"text-align:left;padding:2px 8px\">").Append(WebUtility.HtmlEncode(rows[i])).Append("</th>");
            foreach (var cell in cells[i]) sb.Append("<td style=\"text-align:right;padding:2px 8px\">").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</tbody></table>");
        if (truncated > 0) sb.Append($"<div class=\"deedle-frame-note\" style=\"font-size:11px;color:#666\">showing {rows.Count} of {rows.Count + truncated} rows</div>");
        return sb.ToString();
    }

    public static string ToText<TRow, TCol>(Frame<TRow, TCol> frame, int maxRows = DefaultMaxRows)
        where TRow : notnull where TCol : notnull
    {
        var (rows, cols, cells, truncated) = Cells(frame, maxRows);
        var widths = new int[cols.Count + 1];
        widths[0] = rows.Count == 0 ? 0 : rows.Max(r => r.Length);
        for (int j = 0; j < cols.Count; j++) widths[j + 1] = Math.Max(cols[j].Length, cells.Count == 0 ? 0 : cells.Max(r => r[j].Length));
        var sb = new StringBuilder();
        sb.Append(new string(' ', widths[0]));
        for (int j = 0; j < cols.Count; j++) sb.Append("  ").Append(cols[j].PadLeft(widths[j + 1]));
        sb.AppendLine();
        for (int i = 0; i < rows.Count; i++)
        {
            sb.Append(rows[i].PadRight(widths[0]));
            for (int j = 0; j < cols.Count; j++) sb.Append("  ").Append(cells[i][j].PadLeft(widths[j + 1]));
            sb.AppendLine();
        }
        if (truncated > 0) sb.AppendLine($"(showing {rows.Count} of {rows.Count + truncated} rows)");
        return sb.ToString();
    }

    /// <summary>Formats one value: doubles with up to 4 significant digits (plain notation within 1e-3..1e6), missing as blank.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => FormatDouble(d),
        float f => FormatDouble(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string FormatDouble(double d)
    {
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        double a = Math.Abs(d);
        if (d == 0) return "0";
        if (a >= 1e-3 && a < 1e6)
        {
            int decimals = Math.Max(0, 3 - (int)Math.Floor(Math.Log10(a)));
            return Math.Round(d, decimals).ToString("0.############", CultureInfo.InvariantCulture);
        }
        return d.ToString("0.###e+0", CultureInfo.InvariantCulture);
    }

    static (List<string> Rows, List<string> Cols, List<string[]> Cells, int Truncated) Cells<TRow, TCol>(Frame<TRow, TCol> frame, int maxRows)
        where TRow : notnull where TCol : notnull
    {
        var rowKeys = frame.RowKeys.ToList();
        var colKeys = frame.ColumnKeys.ToList();
        int shown = Math.Min(rowKeys.Count, maxRows);
        var columns = colKeys.Select(c => frame.GetColumn<object>(c)).ToList();
        var cells = new List<string[]>(shown);
        for (int i = 0; i < shown; i++)
        {
            var r = rowKeys[i];
            cells.Add(columns.Select(s => { var v = s.TryGet(r); return v.HasValue ? FormatValue(v.Value) : ""; }).ToArray());
        }
        return (rowKeys.Take(shown).Select(k => FormatValue(k)).ToList(), colKeys.Select(k => FormatValue(k)).ToList(), cells, rowKeys.Count - shown);
    }
}
