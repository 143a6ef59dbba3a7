using System.Net;
using System.Text;
using System.Text.Json;
using Markdig;

namespace ResearchKit.Notebooks;

/// <summary>One page of the book: a notebook rendered from its executed .ipynb.</summary>
public sealed record BookPage(string Name, string Title, string Section, string File, int Cells, int Charts, bool HasSyntheticBanner);

/// <summary>What <see cref="NotebookBook.Write"/> produced.</summary>
public sealed record BookResult(string Directory, IReadOnlyList<BookPage> Pages, long Bytes);

/// <summary>
/// Renders executed notebooks (.ipynb with outputs) as a static, offline HTML book: one page per notebook (markdown through
/// Markdig, code, outputs), an index ordered like the paper (overview, Fig 1 ... Fig 5, then methods), previous/next navigation,
/// and plotly.js written once as book/plotly.min.js instead of inlined in every page. The synthetic-data banners of the notebooks
/// are blockquotes and are styled to stand out.
/// </summary>
public static class NotebookBook
{
    const string PlotlyStart = "<script type=\"text/javascript\">(function(){var d=window.define;window.define=undefined;\n";
    const string PlotlyEnd = "\nwindow.define=d;})();</script>";
    static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>Paper order: overview first, then figures by number and panel letter, then methods notebooks by name.</summary>
    public static (int Group, int Figure, string Tail) OrderKey(string name)
    {
        if (name.StartsWith("00-", StringComparison.Ordinal)) return (0, 0, name);
        if (name.StartsWith("fig", StringComparison.Ordinal) && name.Length > 3 && char.IsAsciiDigit(name[3]))
            return (1, name[3] - '0', name[4..]);
        return (2, 0, name);
    }

    /// <summary>The section a notebook belongs to in the index.</summary>
    public static string SectionOf(string name) => OrderKey(name) switch
    {
        (0, _, _) => "Overview",
        (1, var f, _) => $"Figure {f}",
        _ => "Methods",
    };

    /// <summary>Writes the book for every .ipynb in <paramref name="executedDirectory"/> into <paramref name="bookDirectory"/>.</summary>
    public static BookResult Write(string executedDirectory, string bookDirectory)
    {
        Directory.CreateDirectory(bookDirectory);
        var notebooks = Directory.GetFiles(executedDirectory, "*.ipynb")
            .Select(p => (Path: p, Name: Path.GetFileNameWithoutExtension(p)))
            .OrderBy(n => OrderKey(n.Name)).ToList();
        string? plotlyJs = null;
        var rendered = new List<(BookPage Page, string Body)>();
        foreach (var (path, name) in notebooks)
        {
            var (title, body, cells, charts, banner, js) = Render(path);
            plotlyJs ??= js;
            rendered.Add((new BookPage(name, title, SectionOf(name), name + ".html", cells, charts, banner), body));
        }
        if (plotlyJs is not null) WriteAtomic(Path.Combine(bookDirectory, "plotly.min.js"), plotlyJs);
        for (int i = 0; i < rendered.Count; i++)
        {
            var prev = i > 0 ? rendered[i - 1].Page : null;
            var next = i + 1 < rendered.Count ? rendered[i + 1].Page : null;
            WriteAtomic(Path.Combine(bookDirectory, rendered[i].Page.File), Page(rendered[i].Page.Title, rendered[i].Body, prev, next, plotlyJs is not null));
        }
        var pages = rendered.Select(r => r.Page).ToList();
        WriteAtomic(Path.Combine(bookDirectory, "index.html"), Index(pages));
        long bytes = Directory.GetFiles(bookDirectory).Sum(f => new FileInfo(f).Length);
        return new BookResult(bookDirectory, pages, bytes);
    }

    static (string Title, string Body, int Cells, int Charts, bool Banner, string? PlotlyJs) Render(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var sb = new StringBuilder();
        string? title = null, js = null;
        int cells = 0, charts = 0;
        bool banner = false;
        foreach (var cell in doc.RootElement.GetProperty("cells").EnumerateArray())
        {
            cells++;
            var source = Source(cell, "source");
            var type = cell.GetProperty("cell_type").GetString();
            if (type == "markdown")
            {
                title ??= source.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim();
                banner |= NotebookStyle.BannerKinds(source).Contains(NotebookDataKind.Synthetic);
                var md = Markdig.Markdown.ToHtml(source, Markdown);
                if (source.TrimStart().StartsWith(NotebookStyle.WhatToNoticeLabel, StringComparison.Ordinal))
                    md = md.Replace("<blockquote>", "<blockquote class=\"notice\">");
                sb.Append("<div class=\"md\">").Append(md).Append("</div>\n");
                continue;
            }
            if (source.Trim() == "#!import _setup.dib") continue; // the setup line is the same in every notebook
            sb.Append("<pre class=\"code\"><code>").Append(WebUtility.HtmlEncode(source)).Append("</code></pre>\n");
            if (!cell.TryGetProperty("outputs", out var outputs)) continue;
            foreach (var o in outputs.EnumerateArray())
            {
                var kind = o.TryGetProperty("output_type", out var k) ? k.GetString() : null;
                if (kind == "error")
                {
                    sb.Append("<pre class=\"error\">").Append(WebUtility.HtmlEncode(o.TryGetProperty("evalue", out var ev) ? ev.GetString() : "error")).Append("</pre>\n");
                    continue;
                }
                if (kind == "stream") { sb.Append("<pre class=\"out\">").Append(WebUtility.HtmlEncode(Source(o, "text"))).Append("</pre>\n"); continue; }
                if (!o.TryGetProperty("data", out var data)) continue;
                if (data.TryGetProperty("text/html", out var html))
                {
                    var h = Text(html);
                    int a = h.IndexOf(PlotlyStart, StringComparison.Ordinal);
                    if (a >= 0)
                    {
                        int b = h.IndexOf(PlotlyEnd, a, StringComparison.Ordinal);
                        if (b > a)
                        {
                            js ??= h[(a + PlotlyStart.Length)..b];
                            h = h[..a] + h[(b + PlotlyEnd.Length)..];
                        }
                    }
                    if (h.Contains("Plotly.newPlot", StringComparison.Ordinal)) charts++;
                    sb.Append("<div class=\"output\">").Append(h).Append("</div>\n");
                }
                else if (data.TryGetProperty("text/plain", out var plain))
                    sb.Append("<pre class=\"out\">").Append(WebUtility.HtmlEncode(Text(plain))).Append("</pre>\n");
            }
        }
        return (title ?? Path.GetFileNameWithoutExtension(path), sb.ToString(), cells, charts, banner, js);
    }

    static string Source(JsonElement e, string property) => e.TryGetProperty(property, out var s) ? Text(s) : "";

    static string Text(JsonElement s) => s.ValueKind == JsonValueKind.Array ? string.Concat(s.EnumerateArray().Select(x => x.GetString())) : s.GetString() ?? "";

    const string Style = """
        <style>
        body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;line-height:1.45;color:#222}
        pre.code{background:#f4f4f6;border-left:3px solid #6b7bd6;padding:.6em;overflow-x:auto;font-size:.85em}
        pre.out{background:#fafafa;padding:.5em;overflow-x:auto;font-size:.85em}
        pre.error{background:#fde8e8;color:#900;padding:.5em}
        blockquote{background:#fff6d5;border-left:5px solid #e0a800;margin:1em 0;padding:.4em 1em}
        blockquote.notice{background:#e8f4ea;border-left-color:#2e8b57}
        nav{display:flex;justify-content:space-between;border-bottom:1px solid #ddd;padding-bottom:.5em;margin-bottom:1em}
        table{border-collapse:collapse;font-size:.85em}td,th{border:1px solid #ccc;padding:.2em .5em}
        </style>
        """;

    static string Page(string title, string body, BookPage? prev, BookPage? next, bool plotly)
    {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>");
        sb.Append(WebUtility.HtmlEncode(title)).Append(" · ResearchKit</title>\n").Append(Style).Append('\n');
        if (plotly) sb.Append("<script src=\"plotly.min.js\"></script>\n");
        sb.Append("</head><body>\n").Append(Nav(prev, next)).Append(body).Append(Nav(prev, next)).Append("</body></html>\n");
        return sb.ToString();
    }

    static string Nav(BookPage? prev, BookPage? next) =>
        "<nav><span>" + (prev is null ? "" : $"<a href=\"{prev.File}\">&larr; {WebUtility.HtmlEncode(prev.Title)}</a>") +
        "</span><a href=\"index.html\">contents</a><span>" + (next is null ? "" : $"<a href=\"{next.File}\">{WebUtility.HtmlEncode(next.Title)} &rarr;</a>") + "</span></nav>\n";

    static string Index(IReadOnlyList<BookPage> pages)
    {
        var sb = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>ResearchKit: the notebooks</title>\n").Append(Style).Append("\n</head><body>\n");
        sb.Append("<h1>ResearchKit: the notebooks</h1>\n<p>Every analysis of <i>Bimodal Composite Cathodes Advancing the Chemo-Mechanical Integrity and Kinetics ");
        sb.Append("for All-Solid-State Batteries</i> (ACS Energy Lett. 2026, 11, 2103), executed by <code>researchkit reproduce</code>. ");
        sb.Append("Pages marked <b>synthetic</b> show data from the kit's forward models, not measurements. Works offline.</p>\n");
        foreach (var section in pages.GroupBy(p => p.Section))
        {
            sb.Append("<h2>").Append(section.Key).Append("</h2>\n<ul>\n");
            foreach (var p in section)
                sb.Append($"<li><a href=\"{p.File}\">{WebUtility.HtmlEncode(p.Title)}</a> <small>({p.Name}; {p.Charts} chart(s)")
                  .Append(p.HasSyntheticBanner ? "; <b>synthetic</b>" : "").Append(")</small></li>\n");
            sb.Append("</ul>\n");
        }
        return sb.Append("</body></html>\n").ToString();
    }

    static void WriteAtomic(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }
}
