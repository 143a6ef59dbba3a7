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
        Writes DIR/notebooks/NAME.ipynb (with outputs) and DIR/figures/NAME.html (plotly.js inlined: no network needed).
        JSON: {"notebooks": [{"name", "ok", "cells", "seconds", "error", "path"}], "figures": [{"name", "path", "bytes"}], "seconds"}
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
        if (json)
            Json.Write(context.Out, new ReproduceJson(results, figures, Math.Round(total.Elapsed.TotalSeconds, 1)));
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
    sealed record ReproduceJson(List<NotebookJson> Notebooks, List<FigureJson> Figures, double Seconds);
}
