namespace ResearchKit.Core;

/// <summary>
/// Runs a seeded computation for seeds first .. first+count-1 and concatenates the results in seed order (the same output for
/// any thread count, since each seed's result depends only on its seed). Used by the studies' --seed/--seeds options.
/// </summary>
public static class SeedSweep
{
    /// <summary>The seeds first .. first+count-1.</summary>
    /// <param name="first">first seed</param>
    /// <param name="count">number of seeds, at least 1</param>
    public static IReadOnlyList<ulong> Seeds(ulong first, int count)
    {
        InvalidInputException.Require(count >= 1, "seeds", $"expected at least one seed, got {count}");
        InvalidInputException.Require(first <= ulong.MaxValue - (ulong)(count - 1), "seed", "seed range overflows");
        var s = new ulong[count];
        for (int i = 0; i < count; i++) s[i] = first + (ulong)i;
        return s;
    }

    /// <summary>Runs <paramref name="run"/> for each seed in turn and concatenates the rows.</summary>
    /// <param name="first">first seed</param>
    /// <param name="count">number of seeds, at least 1</param>
    /// <param name="run">rows of one seed</param>
    public static IReadOnlyList<T> Run<T>(ulong first, int count, Func<ulong, IEnumerable<T>> run)
    {
        var rows = new List<T>();
        foreach (var s in Seeds(first, count)) rows.AddRange(run(s));
        return rows;
    }
}
