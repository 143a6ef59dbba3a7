namespace ResearchKit.Tests.Cycling;

/// <summary>Locates ../shared/reference-data/cycling (read in place: the GPL files are never copied into the repository).</summary>
public static class CyclingReferenceFiles
{
    static readonly Lazy<string?> Dir = new(() =>
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) d = d.Parent;
        if (d is null) return null;
        var p = Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "reference-data", "cycling"));
        return Directory.Exists(p) ? p : null;
    });

    /// <summary>Full path of a reference file; throws with a clear message when the shared folder is missing.</summary>
    public static string Path_(string name)
    {
        var dir = Dir.Value ?? throw new InvalidOperationException("../shared/reference-data/cycling not found next to the repository");
        return Path.Combine(dir, name);
    }

    public static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("ResearchKit.sln not found above the test binaries");
    }
}
