namespace ResearchKit.Tests.Spectroscopy;

/// <summary>Paths of the XPS reference files (data/reference/xps) and temporary folders.</summary>
internal static class SpectroscopyFiles
{
    public static string Reference(string name) => Path.Combine(Impedance.ImpedanceReferenceFiles.RepoRoot, "data", "reference", "xps", name);
    public static string Synthetic(string folder, string name) => Path.Combine(Impedance.ImpedanceReferenceFiles.RepoRoot, "data", "synthetic", folder, name);

    public static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "rk-spectroscopy-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }
}
