using System.Diagnostics;
using ResearchKit.Cli.Benchmarks;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit bench`: runs the benchmarks of the heavy kernels (packing, voxel solvers, DRT, parsers).</summary>
public sealed class BenchCommand : ICommand
{
    public string Name => "bench";
    public string Summary => "run benchmarks of the heavy kernels at the sizes the issues name";
    public string Usage => """
        researchkit bench [NAME ...] [--list] [--quick] [--json]
          NAME      benchmark names or prefixes (default: all)
          --list    list the benchmarks and exit
          --quick   smaller sizes (a smoke run, not the issue's figures)
          --json    one JSON object: {"benchmarks": [{"name", "description", "results"}], "peak_working_set_mb"}
        Build with -c Release before timing.
        """;
    public IReadOnlyCollection<string> Switches => ["json", "list", "quick"];

    public static IReadOnlyList<IBenchmark> All { get; } = typeof(BenchCommand).Assembly.GetTypes()
        .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
        .OrderBy(b => b.Name, StringComparer.Ordinal).ToList();

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json"), list = args.Flag("list"), quick = args.Flag("quick");
        var selected = args.Positionals.Count == 0 ? All
            : All.Where(b => args.Positionals.Any(p => b.Name.StartsWith(p, StringComparison.Ordinal))).ToList();
        if (args.Positionals.Count > 0 && selected.Count == 0)
            throw new UsageException($"no benchmark matches '{string.Join(" ", args.Positionals)}'; known: {string.Join(", ", All.Select(b => b.Name))}");
        if (list)
        {
            foreach (var b in All) context.Out.WriteLine($"{b.Name,-28}{b.Description}");
            return 0;
        }
        var results = new List<object>();
        foreach (var b in selected)
        {
            context.Progress($"bench {b.Name}: {b.Description}");
            var sw = Stopwatch.StartNew();
            var r = b.Run(quick, m => context.Progress($"  {m}"));
            context.Progress($"  done in {sw.Elapsed.TotalSeconds:F2} s");
            if (!json)
            {
                context.Out.WriteLine($"{b.Name}: {b.Description}");
                foreach (var (k, v) in r) context.Out.WriteLine($"  {k} = {v}");
            }
            results.Add(new Dictionary<string, object> { ["name"] = b.Name, ["description"] = b.Description, ["results"] = r });
        }
        var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
        if (json) Json.Write(context.Out, new Dictionary<string, object> { ["benchmarks"] = results, ["peak_working_set_mb"] = Math.Round(peakMb, 1) });
        else context.Out.WriteLine($"peak working set: {peakMb:F0} MB");
        return 0;
    }
}
