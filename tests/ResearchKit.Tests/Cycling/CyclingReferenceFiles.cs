namespace ResearchKit.Tests.Cycling;

/// <summary>
/// Locates real cycler files. The permissively licensed ones (navani MIT, BEEP Apache-2.0) are copied into
/// data/reference/cycling/. The yadg EC-Lab fixtures are GPL-3.0 and are never copied: they are read in place from
/// ../shared/reference-data/cycling beside a development checkout, and a test that needs one is skipped (with that reason)
/// where the folder is absent, as in a user's clone.
/// </summary>
public static class CyclingReferenceFiles
{
    static readonly Lazy<string?> SharedDir = new(() =>
    {
        var p = Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "reference-data", "cycling"));
        return Directory.Exists(p) ? p : null;
    });

    /// <summary>The folder of the copied, permissively licensed reference files.</summary>
    public static string CopiedDir => Path.Combine(RepoRoot(), "data", "reference", "cycling");

    /// <summary>True where the GPL fixtures can be read (development checkouts with ../shared beside them).</summary>
    public static bool GplFixturesPresent => SharedDir.Value is not null;

    /// <summary>
    /// Full path of a reference file: from data/reference/cycling when it is there, else from ../shared (GPL fixtures).
    /// Skips the calling test (it must be a SkippableFact/SkippableTheory) when a GPL fixture is not available.
    /// </summary>
    public static string Path_(string name)
    {
        var copied = Path.Combine(CopiedDir, name);
        if (File.Exists(copied)) return copied;
        Skip.If(SharedDir.Value is null,
            $"{name} is a GPL-3.0 test file of the yadg project, read only from ../shared/reference-data/cycling beside a development checkout; it is absent here");
        return Path.Combine(SharedDir.Value!, name);
    }

    public static string RepoRoot() => TestPaths.RepositoryRoot;
}
