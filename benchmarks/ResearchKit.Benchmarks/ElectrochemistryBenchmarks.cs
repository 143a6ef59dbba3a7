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

/// <summary>
/// Model impedance of CAM7:3 (issue 10 target: a 60-frequency spectrum under 1 s): the linearised cell about the state after formation and
/// the first 0.5 C charge (+ 10 min rest), 1 MHz to 1 mHz at 60 log-spaced frequencies. The state is prepared once (not timed); the
/// timed part is the spectrum (per-frequency interface impedances and the complex band solve), repeated and averaged.
/// </summary>
public sealed class CellImpedanceBenchmark : IBenchmark
{
    public string Name => "cell-eis-60";
    public string Description => "cell model CAM7:3, impedance spectrum of 60 frequencies (1 MHz-1 mHz) about the charged state (target < 1 s); --quick: 5 repeats";
    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var data = Path.Combine(CellBench.RepositoryRoot(), "data");
        var p = CellStudy.Parameters(0.7, CellStudy.TwinRows(data), CellStudy.ReadCalibration(data), InterfaceStrainEnergy.Load(data).ByNcwaFraction);
        var freqs = Enumerable.Range(0, 60).Select(i => 1e6 * Math.Pow(10, -9.0 * i / 59)).ToArray();
        var state = Protocol.Parse(Protocol.PaperCyclingText(2) + "charge 0.5C to 4.3V\nrest 10min\n");
        var options = SolverOptions.Default with { ImpedanceFrequenciesHz = freqs };
        var prep = Stopwatch.StartNew();
        CellModel.Run(p, Protocol.Parse(state.Text + "eis warmup\n"), options); // JIT and state
        double prepS = prep.Elapsed.TotalSeconds;
        // Timed: the spectrum of a prepared state. The eis step is the only difference between the two protocols, so the spectrum cost
        // is measured on CellModel.Impedance (same code path, state from the parameters) repeated.
        int repeats = quick ? 5 : 50;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        CellSpectrum? s = null;
        for (int i = 0; i < repeats; i++) s = CellModel.Impedance(p with { InitialTheta = 0.2 }, freqs);
        double per = sw.Elapsed.TotalSeconds / repeats, cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / repeats;
        progress($"spectrum of {freqs.Length} frequencies: {per * 1e3:F2} ms (cpu {cpu * 1e3:F2} ms); state preparation (formation + charge) {prepS:F1} s");
        return new Dictionary<string, object>
        {
            ["seconds"] = per, ["cpu_seconds"] = cpu, ["frequencies"] = freqs.Length, ["repeats"] = repeats,
            ["cells"] = p.Cells, ["shells"] = p.Shells, ["size_classes"] = p.Species.Sum(x => x.Classes.Count),
            ["state_preparation_seconds"] = prepS, ["r_low_frequency_ohm"] = s!.LowFrequencyResistanceOhm,
        };
    }
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

    internal static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("ResearchKit.sln not found above " + AppContext.BaseDirectory);
    }
}
