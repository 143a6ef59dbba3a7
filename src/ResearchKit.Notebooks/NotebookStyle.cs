using System.Text.Json;
using System.Text.RegularExpressions;

namespace ResearchKit.Notebooks;

/// <summary>The kind of data a notebook shows; each kind has one banner label (see notebooks/STYLE.md).</summary>
public enum NotebookDataKind { Synthetic, PaperValues, PublicReferenceFiles }

/// <summary>One cell of a notebook file as the style check sees it: its type and its source text.</summary>
public sealed record NotebookCellText(string CellType, string Source)
{
    public bool IsMarkdown => CellType == "markdown";
    public bool IsCode => CellType == "code";
}

/// <summary>
/// The series' notebook style as code, so that the book and the style test share one definition (notebooks/STYLE.md explains it):
/// first cell <c>#!import _setup.dib</c>; then a title cell ("# Fig 2g: ..." for figure notebooks, naming the panel); a data banner
/// (a blockquote whose first line starts with one of <see cref="BannerLabels"/>); a "What to notice" box
/// (a blockquote starting <c>&gt; **What to notice.**</c>); and, in figure notebooks, a closing <c>**Try it.**</c> markdown cell
/// followed only by the code cell(s) that rerun the key computation with one input changed.
/// The banner is a markdown convention rather than a code helper so that it reads the same in the committed notebook
/// (no outputs), in an editor and in the static book.
/// </summary>
public static class NotebookStyle
{
    public const string SetupCell = "#!import _setup.dib";
    public const string WhatToNoticeLabel = "> **What to notice.**";
    public const string TryItLabel = "**Try it.**";

    /// <summary>The exact opening of a banner line for each kind of data.</summary>
    public static readonly IReadOnlyDictionary<NotebookDataKind, string> BannerLabels = new Dictionary<NotebookDataKind, string>
    {
        [NotebookDataKind.Synthetic] = "> **Synthetic data.**",
        [NotebookDataKind.PaperValues] = "> **Paper values.**",
        [NotebookDataKind.PublicReferenceFiles] = "> **Public reference files.**",
    };

    /// <summary>The banner must sit in the title cell or in one of the next cells, before the analysis starts.</summary>
    public const int BannerWithinCells = 4;

    static readonly Regex FigureName = new(@"^fig(?<num>\d+)(?<panel>[a-z]?)", RegexOptions.CultureInvariant);

    /// <summary>A figure notebook is one whose file name starts with "fig" and a figure number.</summary>
    public static bool IsFigureNotebook(string fileName) => FigureName.IsMatch(Path.GetFileName(fileName));

    /// <summary>Reads the cells of an .ipynb file (type and joined source).</summary>
    public static IReadOnlyList<NotebookCellText> ReadCells(string ipynbPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(ipynbPath));
        var cells = new List<NotebookCellText>();
        foreach (var c in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            var s = c.GetProperty("source");
            var source = s.ValueKind == JsonValueKind.Array ? string.Concat(s.EnumerateArray().Select(x => x.GetString())) : s.GetString() ?? "";
            cells.Add(new NotebookCellText(c.GetProperty("cell_type").GetString() ?? "", source.Replace("\r\n", "\n")));
        }
        return cells;
    }

    /// <summary>The kinds of data whose banner line appears in the given markdown.</summary>
    public static IReadOnlyList<NotebookDataKind> BannerKinds(string markdown)
    {
        var lines = markdown.Split('\n').Select(l => l.TrimStart()).ToList();
        return BannerLabels.Where(kv => lines.Any(l => l.StartsWith(kv.Value, StringComparison.Ordinal))).Select(kv => kv.Key).ToList();
    }

    /// <summary>Checks one notebook against the style; returns one message per violation (empty when it follows the style).</summary>
    public static IReadOnlyList<string> Check(string ipynbPath)
    {
        var name = Path.GetFileName(ipynbPath);
        return Check(name, ReadCells(ipynbPath));
    }

    /// <summary>Checks cells against the style; <paramref name="fileName"/> decides whether the figure-notebook rules apply.</summary>
    public static IReadOnlyList<string> Check(string fileName, IReadOnlyList<NotebookCellText> cells)
    {
        var problems = new List<string>();
        bool hasCode = cells.Any(c => c.IsCode);
        int titleIndex = 0;
        if (hasCode)
        {
            if (cells.Count == 0 || !cells[0].IsCode || cells[0].Source.Trim() != SetupCell)
                problems.Add($"{fileName}: the first cell must be the code cell `{SetupCell}` and nothing else");
            titleIndex = 1;
        }
        var title = titleIndex < cells.Count && cells[titleIndex].IsMarkdown ? cells[titleIndex].Source.Split('\n')[0].Trim() : null;
        if (title is null || !title.StartsWith("# ", StringComparison.Ordinal))
            problems.Add($"{fileName}: cell {titleIndex + 1} must be a markdown title cell starting with `# `");
        var figure = FigureName.Match(fileName);
        if (figure.Success && title is not null)
        {
            var expected = $"# Fig {figure.Groups["num"].Value}{figure.Groups["panel"].Value}";
            if (!title.StartsWith(expected, StringComparison.Ordinal) || !title.Contains(':'))
                problems.Add($"{fileName}: the title must name the paper panel as `{expected}...: what it shows` (found `{title}`)");
        }

        var early = cells.Skip(titleIndex).Take(BannerWithinCells).Where(c => c.IsMarkdown).Select(c => c.Source);
        if (!early.Any(m => BannerKinds(m).Count > 0))
            problems.Add($"{fileName}: no data banner in the title cell or the {BannerWithinCells - 1} cells after it; start a blockquote line with one of "
                         + string.Join(", ", BannerLabels.Values.Select(v => $"`{v}`")));

        int notice = IndexOf(cells, c => c.IsMarkdown && c.Source.TrimStart().StartsWith(WhatToNoticeLabel, StringComparison.Ordinal));
        if (notice < 0) problems.Add($"{fileName}: no \"What to notice\" box (a markdown cell starting `{WhatToNoticeLabel}`)");

        int tryIt = IndexOf(cells, c => c.IsMarkdown && c.Source.TrimStart().StartsWith(TryItLabel, StringComparison.Ordinal));
        if (figure.Success)
        {
            if (tryIt < 0) problems.Add($"{fileName}: no \"Try it\" cell (a markdown cell starting `{TryItLabel}` followed by the code that reruns)");
            else
            {
                var after = cells.Skip(tryIt + 1).ToList();
                if (after.Count == 0 || after.Any(c => !c.IsCode))
                    problems.Add($"{fileName}: the `{TryItLabel}` cell must close the notebook, followed only by its code cell(s)");
                if (notice > tryIt) problems.Add($"{fileName}: the \"What to notice\" box must come before the \"Try it\" cell");
            }
        }
        return problems;
    }

    static int IndexOf(IReadOnlyList<NotebookCellText> cells, Func<NotebookCellText, bool> predicate)
    {
        for (int i = 0; i < cells.Count; i++) if (predicate(cells[i])) return i;
        return -1;
    }
}
