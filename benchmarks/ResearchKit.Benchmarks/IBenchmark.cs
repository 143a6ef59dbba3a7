namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// One benchmark of a heavy kernel at the sizes its issue names. Implementations live in Benchmarks/ (one file per domain)
/// and are found by reflection; `dotnet run --project benchmarks/ResearchKit.Benchmarks -c Release -- [NAME...] [--quick] [--json]`
/// (or `researchkit bench ...`, which forwards there) runs them. The namespace stays ResearchKit.Cli.Benchmarks so that files
/// written against the old location move over by `git mv` alone.
/// Benchmarks are not unit tests: they time, they do not assert (beyond sanity checks that the result is valid).
/// </summary>
public interface IBenchmark
{
    /// <summary>Short id, e.g. "tortuosity-256".</summary>
    string Name { get; }
    /// <summary>What is measured and the target from the issue, e.g. "256^3 two-phase tau to 1e-5 (target < 15 s)".</summary>
    string Description { get; }
    /// <summary>Runs and returns named measurements (seconds, iterations, MB ...). quick = a smaller size for smoke runs.</summary>
    IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress);
}

/// <summary>Wall and CPU time of repeated calls of a fast kernel (milliseconds), after warm-up runs that pay the JIT.</summary>
public sealed record RepeatedTiming(int Repetitions, double MeanMs, double MedianMs, double MinMs, double CpuMsPerRun);

public static class BenchTiming
{
    /// <summary>
    /// Runs <paramref name="action"/> <paramref name="warmup"/> times untimed, then <paramref name="repetitions"/> times timed.
    /// CPU time is reported beside wall time: on a shared machine the wall clock includes time spent waiting for a core.
    /// </summary>
    public static RepeatedTiming Repeat(int repetitions, Action action, int warmup = 1)
    {
        for (int i = 0; i < warmup; i++) action();
        var times = new double[repetitions];
        var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        for (int i = 0; i < repetitions; i++)
        {
            long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
            action();
            times[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }
        double cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / repetitions;
        double mean = times.Average();
        Array.Sort(times);
        return new RepeatedTiming(repetitions, mean, times[repetitions / 2], times[0], cpu);
    }
}
