using System.Diagnostics;

namespace ResearchKit.Notebooks;

/// <summary>
/// Packs the kit into artifacts/packages as version 0.0.0-local so that notebooks can `#r "nuget: ResearchKit.Interactive, 0.0.0-local"`
/// (the package route is the only one that loads Deedle, Plotly.NET and the kernel extension reliably: notebook-stack.md, section 2).
/// notebooks/nuget.config gives each checkout its own package cache (artifacts/nuget-cache); the kit's entries there are removed first,
/// since NuGet never re-extracts a version it already holds.
/// </summary>
public static class KitPackager
{
    public const string LocalVersion = "0.0.0-local";
    static readonly string[] PackableProjects =
    [
        "src/ResearchKit/ResearchKit.csproj",
        "src/ResearchKit.Charts/ResearchKit.Charts.csproj",
        "src/ResearchKit.Interactive/ResearchKit.Interactive.csproj",
    ];

    /// <summary>The checkout's own NuGet package cache used by notebook restores.</summary>
    public static string PackageCache(string repositoryRoot) => Path.Combine(repositoryRoot, "artifacts", "nuget-cache");

    /// <summary>The folder holding ResearchKit.sln, found by walking up from <paramref name="start"/> (default: this assembly's folder, then the working directory).</summary>
    public static string FindRepositoryRoot(string? start = null)
    {
        foreach (var origin in new[] { start, AppContext.BaseDirectory, Environment.CurrentDirectory }.Where(s => s is not null))
        {
            for (var d = new DirectoryInfo(origin!); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) return d.FullName;
        }
        throw new DirectoryNotFoundException("ResearchKit.sln not found above " + (start ?? AppContext.BaseDirectory));
    }

    /// <summary>Packs the three kit packages (Release) into &lt;root&gt;/artifacts/packages. Returns that folder.</summary>
    public static string Pack(string repositoryRoot, Action<string>? progress = null)
    {
        var output = Path.Combine(repositoryRoot, "artifacts", "packages");
        Directory.CreateDirectory(output);
        var cache = PackageCache(repositoryRoot);
        foreach (var id in new[] { "researchkit", "researchkit.charts", "researchkit.interactive" })
        {
            var dir = Path.Combine(cache, id, LocalVersion);
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        ForgetResolvedKitReferences();
        foreach (var project in PackableProjects)
        {
            progress?.Invoke($"packing {project}");
            Run(repositoryRoot, "dotnet", ["pack", project, "-c", "Release", "-o", output, $"-p:Version={LocalVersion}", "--nologo", "-v", "q"]);
        }
        return output;
    }

    /// <summary>
    /// The kernel's NuGet dependency manager caches the assembly paths it resolved (~/.packagemanagement/nuget/Cache/*.resolvedReferences.paths)
    /// and skips the restore when the same references come again; entries naming the kit would keep pointing at an old build.
    /// </summary>
    static void ForgetResolvedKitReferences()
    {
        var dir = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".packagemanagement", "nuget", "Cache");
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.GetFiles(dir, "*.resolvedReferences.paths"))
        {
            try
            {
                if (File.ReadAllText(f).Contains("researchkit", StringComparison.OrdinalIgnoreCase)) File.Delete(f);
            }
            catch (IOException) { }
        }
    }

    static void Run(string workingDirectory, string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // A test host or `dotnet run` passes MSBuild settings of its own build through the environment; the child build must not inherit them.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("MSBUILD", StringComparison.Ordinal)).ToList())
            psi.Environment.Remove(key);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed with exit code {p.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
    }
}
