namespace ResearchKit.Tests;

/// <summary>Paths of the checkout the tests run in: the folder holding ResearchKit.sln, found once above the test binaries.</summary>
internal static class TestPaths
{
    static readonly Lazy<string> Root = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("ResearchKit.sln not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>A path below the repository root.</summary>
    public static string InRepository(params string[] parts) => Path.Combine([Root.Value, .. parts]);
}
