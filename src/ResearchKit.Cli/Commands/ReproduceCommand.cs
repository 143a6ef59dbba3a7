using System.Diagnostics;
using ResearchKit.Charts;
using ResearchKit.Notebooks;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit reproduce`: packs the kit, writes every figure as offline HTML and executes every notebook into artifacts/.</summary>
public sealed class ReproduceCommand : ICommand
{
    public string Name => "reproduce";
    public string Summary => "reproduce all figures: executed notebooks and offline HTML figures in artifacts/";
    public string Usage => """
        researchkit reproduce [--notebook NAME] [--out DIR] [--no-pack] [--json]
          --notebook NAME  run one notebook (file name with or without .ipynb); default: all of notebooks/*.ipynb
          --out DIR        output folder (default: <repository>/artifacts)
          --no-pack        reuse artifacts/packages instead of packing the kit first
          --json           print {"notebooks": [{"name", "ok", "cells", "seconds", "error"}], "figures": [...], "seconds"}
        Writes DIR/notebooks/NAME.ipynb (with outputs), DIR/figures/NAME.html (plotly.js inlined: no network needed) and, when every
        notebook runs, DIR/book/ (one static HTML page per executed notebook, an index in the paper's order, plotly.js once).
        Exits 1 naming the notebook and cell that failed.
        """;
    public IReadOnlyCollection<string> Switches => ["json", "no-pack"];

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json"), noPack = args.Flag("no-pack");
        var only = args.Option("notebook");
        var root = KitPackager.FindRepositoryRoot();
        var outDir = Path.GetFullPath(args.Option("out") ?? Path.Combine(root, "artifacts"));
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
        var figures = new List<object>();
        if (only is null)
        {
            foreach (var f in FigureCatalog.WithStoredStudies(Path.Combine(root, "data")))
            {
                var path = Path.Combine(outDir, "figures", f.Name + ".html");
                ChartHtml.SaveStandalone(f.Build(), path, f.Title);
                context.Progress($"figure {f.Name} -> {path}");
                figures.Add(new Dictionary<string, object> { ["name"] = f.Name, ["path"] = path, ["bytes"] = new FileInfo(path).Length });
            }
        }
        if (only is null)
        {
            var export = FigureExport.ExportAll(Path.Combine(outDir, "figures"), m => context.Progress("  " + m));
            if (export.SkippedBecause is { } why) context.Progress("figures: " + why);
        }
        var results = new List<object>();
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
            results.Add(new Dictionary<string, object?>
            {
                ["name"] = Path.GetFileNameWithoutExtension(nb), ["ok"] = r.Succeeded, ["cells"] = r.Cells.Count,
                ["seconds"] = Math.Round(r.Elapsed.TotalSeconds, 2), ["error"] = r.Succeeded ? null : r.Describe(), ["path"] = executed,
            });
        }
        object book = "";
        if (only is null)
        {
            var b = NotebookBook.Write(Path.Combine(outDir, "notebooks"), Path.Combine(outDir, "book"));
            context.Progress($"book: {b.Pages.Count} pages, {b.Bytes / 1e6:F1} MB -> {Path.Combine(b.Directory, "index.html")}");
            book = new Dictionary<string, object> { ["index"] = Path.Combine(b.Directory, "index.html"), ["pages"] = b.Pages.Count, ["bytes"] = b.Bytes };
        }
        if (json)
            Json.Write(context.Out, new Dictionary<string, object> { ["notebooks"] = results, ["figures"] = figures, ["book"] = book, ["seconds"] = Math.Round(total.Elapsed.TotalSeconds, 1) });
        else
            context.Out.WriteLine($"reproduced {results.Count} notebook(s) and {figures.Count} figure(s) into {outDir} in {total.Elapsed.TotalSeconds:F0} s");
        if (firstFailure is not null)
        {
            context.Error.WriteLine($"researchkit reproduce: FAILED: {firstFailure.Describe()}");
            return 1;
        }
        return 0;
    }
}

/// <summary>`researchkit pack`: packs the kit for the notebooks (the one step an editor such as VS Code Polyglot Notebooks needs).</summary>
public sealed class PackCommand : ICommand
{
    public string Name => "pack";
    public string Summary => "pack the kit into artifacts/packages so that notebooks open in an editor (restart the kernel after)";
    public string Usage => """
        researchkit pack [--json]
          Packs ResearchKit, ResearchKit.Charts and ResearchKit.Interactive (Release) into <repository>/artifacts/packages as
          version 0.0.0-local.<UTC yyyyMMddHHmmss>, removing older builds; does nothing when the kit's sources and data are unchanged.
          Notebooks ask for 0.0.0-local.* and so always get this build. A running kernel keeps the build it loaded: restart it.
          --json   print {"version", "folder", "seconds"}
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var sw = Stopwatch.StartNew();
        var root = KitPackager.FindRepositoryRoot();
        var version = KitPackager.Pack(root, m => context.Progress("  " + m));
        var folder = KitPackager.PackageFolder(root);
        if (json) Json.Write(context.Out, new Dictionary<string, object> { ["version"] = version, ["folder"] = folder, ["seconds"] = sw.Elapsed.TotalSeconds });
        else context.Out.WriteLine($"kit {version} in {folder}; restart the notebook kernel to load it");
        return 0;
    }
}
