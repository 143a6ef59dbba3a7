using System.Diagnostics;
using ResearchKit.Electrochemistry;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Cell model of CAM7:3 on its twin: formation + cycling at 0.5 C (issue 10 target: 200 cycles < 30 s on 2 cores).</summary>
public sealed class CellCyclingBenchmark : IBenchmark
{
    public string Name => "cell-cycling-200";
    public string Description => "cell model CAM7:3, 2 formation cycles at 0.1 C + 198 at 0.5 C (target < 30 s); --quick: 10 cycles";
    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress) => CellBench.Time(Protocol.PaperCyclingText(quick ? 10 : 200), progress);
}

/// <summary>Rate test 0.1-3 C of CAM7:3 (target < 5 s).</summary>
public sealed class CellRateBenchmark : IBenchmark
{
    public string Name => "cell-rate";
    public string Description => "cell model CAM7:3, rate test 0.1, 0.33, 0.5, 1, 2, 3 C, 2 cycles each (target < 5 s)";
    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress) => CellBench.Time(Protocol.RateTestText(), progress);
}

static class CellBench
{
    public static IReadOnlyDictionary<string, object> Time(string protocol, Action<string> progress)
    {
        // The stored calibration (degradation on), as `cell regenerate` runs it.
        var data = Path.Combine(RepositoryRoot(), "data");
        var p = CellStudy.Parameters(0.7, CellStudy.TwinRows(data), CellStudy.ReadCalibration(data), InterfaceStrainEnergy.Load(data).ByNcwaFraction);
        var pr = Protocol.Parse(protocol);
        CellModel.Run(p, Protocol.Parse(Protocol.SingleCycleText(1))); // JIT
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var r = CellModel.Run(p, pr);
        double s = sw.Elapsed.TotalSeconds, cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        progress($"{r.Cycles.Count} cycles, {r.Diagnostics.Steps} steps in {s:F2} s (cpu {cpu:F2} s)");
        return new Dictionary<string, object>
        {
            ["seconds"] = s, ["cpu_seconds"] = cpu, ["cycles"] = r.Cycles.Count, ["steps"] = r.Diagnostics.Steps,
            ["rejected_steps"] = r.Diagnostics.RejectedSteps, ["newton_iterations"] = r.Diagnostics.NewtonIterations,
            ["last_discharge_mah_per_g"] = r.Cycles[^1].DischargeMAhPerG,
        };
    }

    static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("ResearchKit.sln not found above " + AppContext.BaseDirectory);
    }
}
