using System.CommandLine;
using System.Diagnostics;
using ResearchKit.Charts;
using ResearchKit.Notebooks;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit reproduce`: packs the kit, writes every figure as offline HTML and executes every notebook into artifacts/.</summary>
public sealed class ReproduceCommand : CliCommand
{
    public override string Name => "reproduce";
    public override string Summary => "reproduce all figures: executed notebooks and offline HTML figures in artifacts/";
    public override string? Notes => """
        Writes DIR/notebooks/NAME.ipynb (with outputs), DIR/figures/NAME.html (plotly.js inlined: no network needed), NAME.png and
        NAME.svg beside each figure where Debian's chromium is installed, and, when every notebook runs, DIR/book/ (one static HTML
        page per executed notebook, an index in the paper's order, plotly.js once).
        JSON: {"notebooks": [{"name", "ok", "cells", "seconds", "error", "path"}], "figures": [{"name", "path", "bytes"}],
        "book": {"index", "pages", "bytes"} (null for one notebook), "seconds"}
        Exits 1 naming the notebook and cell that failed.
        """;

    readonly Option<string?> _notebook = Text("--notebook", "run one notebook (file name with or without .ipynb); default: all of notebooks/*.ipynb");
    readonly Option<string?> _out = Text("--out", "output folder (default: <repository>/artifacts)");
    readonly Option<bool> _noPack = Flag("--no-pack", "reuse artifacts/packages instead of packing the kit first");

    protected override int Run(ParseResult args, CommandContext context)
    {
        bool json = IsJson(args), noPack = args.GetValue(_noPack);
        var only = args.GetValue(_notebook);
        var root = KitPackager.FindRepositoryRoot();
        var outDir = Path.GetFullPath(args.GetValue(_out) ?? Path.Combine(root, "artifacts"));
        var notebooksDir = Path.Combine(root, "notebooks");
        var all = Directory.GetFiles(notebooksDir, "*.ipynb").Order(StringComparer.Ordinal).ToList();
        if (only is not null)
        {
            var name = only.EndsWith(".ipynb", StringComparison.Ordinal) ? only : only + ".ipynb";
            all = all.Where(p => Path.GetFileName(p) == name).ToList();
            if (all.Count == 0) throw new UsageException($"--notebook: no notebook '{name}' in {notebooksDir}");
        }
        var total = Stopwatch.StartNew();
        if (!noPack)
        {
            context.Progress("packing the kit for the notebooks (artifacts/packages) ...");
            KitPackager.Pack(root, m => context.Progress("  " + m));
        }
        var figures = new List<FigureJson>();
        if (only is null)
        {
            foreach (var f in FigureCatalog.WithStoredStudies(Path.Combine(root, "data")))
            {
                var path = Path.Combine(outDir, "figures", f.Name + ".html");
                FigureCatalog.SaveStandalone(f.Build(), path, f.Title);
                context.Progress($"figure {f.Name} -> {path}");
                figures.Add(new FigureJson(f.Name, path, new FileInfo(path).Length));
            }
        }
        if (only is null)
        {
            var export = FigureExport.ExportAll(Path.Combine(outDir, "figures"), m => context.Progress("  " + m));
            if (export.SkippedBecause is { } why) context.Progress("figures: " + why);
        }
        var results = new List<NotebookJson>();
        NotebookResult? firstFailure = null;
        int i = 0;
        foreach (var nb in all)
        {
            i++;
            context.Progress($"[{i}/{all.Count}] {Path.GetFileName(nb)}");
            var executed = Path.Combine(outDir, "notebooks", Path.GetFileName(nb));
            var r = NotebookRunner.RunAsync(nb, executed, m => context.Progress(m)).GetAwaiter().GetResult();
            context.Progress($"  {(r.Succeeded ? "ok" : "FAILED")} in {r.Elapsed.TotalSeconds:F1} s");
            if (!r.Succeeded) { firstFailure ??= r; context.Error.WriteLine("  " + r.Describe()); }
            results.Add(new NotebookJson(Path.GetFileNameWithoutExtension(nb), r.Succeeded, r.Cells.Count, Math.Round(r.Elapsed.TotalSeconds, 2),
                r.Succeeded ? null : r.Describe(), executed));
        }
        BookJson? book = null;
        if (only is null)
        {
            var b = NotebookBook.Write(Path.Combine(outDir, "notebooks"), Path.Combine(outDir, "book"));
            context.Progress($"book: {b.Pages.Count} pages, {b.Bytes / 1e6:F1} MB -> {Path.Combine(b.Directory, "index.html")}");
            book = new BookJson(Path.Combine(b.Directory, "index.html"), b.Pages.Count, b.Bytes);
        }
        if (json)
            Json.Write(context.Out, new ReproduceJson(results, figures, book, Math.Round(total.Elapsed.TotalSeconds, 1)));
        else
            context.Out.WriteLine($"reproduced {results.Count} notebook(s) and {figures.Count} figure(s) into {outDir} in {total.Elapsed.TotalSeconds:F0} s");
        if (firstFailure is not null)
        {
            context.Error.WriteLine($"researchkit reproduce: FAILED: {firstFailure.Describe()}");
            return 1;
        }
        return 0;
    }

    sealed record FigureJson(string Name, string Path, long Bytes);
    sealed record NotebookJson(string Name, bool Ok, int Cells, double Seconds, string? Error, string Path);
    sealed record BookJson(string Index, int Pages, long Bytes);
    sealed record ReproduceJson(List<NotebookJson> Notebooks, List<FigureJson> Figures, BookJson? Book, double Seconds);
}

/// <summary>`researchkit pack`: packs the kit for the notebooks (the one step an editor such as VS Code Polyglot Notebooks needs).</summary>
public sealed class PackCommand : CliCommand
{
    public override string Name => "pack";
    public override string Summary => "pack the kit into artifacts/packages so that notebooks open in an editor (restart the kernel after)";
    public override string? Notes => """
        Packs ResearchKit, ResearchKit.Charts and ResearchKit.Interactive (Release) into <repository>/artifacts/packages as
        version 0.0.0-local.<UTC yyyyMMddHHmmss>, removing older builds; does nothing when the kit's sources and data are unchanged.
        Notebooks ask for 0.0.0-local.* and so always get this build. A running kernel keeps the build it loaded: restart it.
        JSON: {"version", "folder", "seconds"}
        """;

    protected override int Run(ParseResult args, CommandContext context)
    {
        var sw = Stopwatch.StartNew();
        var root = KitPackager.FindRepositoryRoot();
        var version = KitPackager.Pack(root, m => context.Progress("  " + m));
        var folder = KitPackager.PackageFolder(root);
        return Write(context, args, new PackJson(version, folder, sw.Elapsed.TotalSeconds), () =>
            context.Out.WriteLine($"kit {version} in {folder}; restart the notebook kernel to load it"));
    }

    sealed record PackJson(string Version, string Folder, double Seconds);
}
