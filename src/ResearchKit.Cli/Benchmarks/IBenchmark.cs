namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// One benchmark of a heavy kernel at the sizes its issue names. Implementations live in Benchmarks/ (one file per domain)
/// and are found by reflection; `researchkit bench [NAME...] [--quick] [--json]` runs them.
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
