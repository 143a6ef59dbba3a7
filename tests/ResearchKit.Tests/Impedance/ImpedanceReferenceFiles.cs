namespace ResearchKit.Tests.Impedance;

/// <summary>Locates the repository root (the folder holding ResearchKit.sln) and the impedance reference files copied into data/reference.</summary>
internal static class ImpedanceReferenceFiles
{
    public static string RepoRoot => TestPaths.RepositoryRoot;

    public static string Path_(string relative) => Path.Combine(RepoRoot, "data", "reference", "impedance", relative);

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "rk-impedance-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}
