using System.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using ResearchKit.Cli.Benchmarks;

// Runner of the IBenchmark classes of this project (found by reflection; one file per domain).
//   dotnet run --project benchmarks/ResearchKit.Benchmarks -c Release -- [NAME ...] [--list] [--quick] [--json]
// NAME: benchmark names or prefixes (default: all); --quick: smaller sizes (a smoke run, not the issue's figures);
// --json: one object {"benchmarks": [{"name", "description", "results"}], "peak_working_set_mb"}.
// Exit codes as the researchkit command: 0 ok, 2 bad usage, 1 failure.
var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal).ToList();
var switches = new HashSet<string> { "--json", "--list", "--quick" };
if (args.Any(a => a is "--help" or "-h"))
{
    Console.WriteLine("ResearchKit.Benchmarks [NAME ...] [--list] [--quick] [--json]   (build with -c Release before timing)");
    return 0;
}
var unknown = args.FirstOrDefault(a => a.StartsWith('-') && !switches.Contains(a));
if (unknown is not null) { Console.Error.WriteLine($"bench: unknown option {unknown}"); return 2; }
bool json = args.Contains("--json"), list = args.Contains("--list"), quick = args.Contains("--quick");
var names = args.Where(a => !a.StartsWith('-')).ToList();
var selected = names.Count == 0 ? all : all.Where(b => names.Any(p => b.Name.StartsWith(p, StringComparison.Ordinal))).ToList();
if (names.Count > 0 && selected.Count == 0)
{
    Console.Error.WriteLine($"bench: no benchmark matches '{string.Join(" ", names)}'; known: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}
if (list)
{
    foreach (var b in all) Console.WriteLine($"{b.Name,-28}{b.Description}");
    return 0;
}
var results = new List<object>();
foreach (var b in selected)
{
    Console.Error.WriteLine($"bench {b.Name}: {b.Description}");
    var sw = Stopwatch.StartNew();
    var r = b.Run(quick, m => Console.Error.WriteLine($"  {m}"));
    Console.Error.WriteLine($"  done in {sw.Elapsed.TotalSeconds:F2} s");
    if (!json)
    {
        Console.WriteLine($"{b.Name}: {b.Description}");
        foreach (var (k, v) in r) Console.WriteLine($"  {k} = {v}");
    }
    results.Add(new { name = b.Name, description = b.Description, results = r });
}
var peakMb = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 1);
if (json)
    Console.WriteLine(JsonSerializer.Serialize(new { benchmarks = results, peak_working_set_mb = peakMb }, new JsonSerializerOptions
    {
        WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    }));
else Console.WriteLine($"peak working set: {peakMb:F0} MB");
return 0;
