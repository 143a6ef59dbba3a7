namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>Finds the repository root (folder with ResearchKit.sln) and the reference spectra the DRT tests read.</summary>
internal static class DrtReferenceFiles
{
    public static string RepoRoot => TestPaths.RepositoryRoot;

    /// <summary>A file under data/reference/impedance (MIT copies from impedance.py and pyDRTtools).</summary>
    public static string Data(string relative) => Path.Combine(RepoRoot, "data", "reference", "impedance", relative);

    public static string NewTempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "rk-drt-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}
