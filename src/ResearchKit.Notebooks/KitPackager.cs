using System.Diagnostics;

namespace ResearchKit.Notebooks;

/// <summary>
/// Packs the kit into artifacts/packages so that notebooks can `#r "nuget: ResearchKit.Interactive, 0.0.0-local.*"` (the package
/// route is the only one that loads Deedle, Plotly.NET and the kernel extension reliably; see environment/README.md).
/// Every pack gets its own version, 0.0.0-local.&lt;UTC yyyyMMddHHmmss&gt;, and the folder keeps only the newest, so a stale build
/// can never be picked up: NuGet never re-extracts a version it already holds, and with one fixed version a cache shared between
/// checkouts (or an editor's kernel) silently served an older build. An unchanged kit (same content hash of its sources and data)
/// is not packed again. The in-process runner pins the exact version; an editor's kernel resolves the floating version from
/// notebooks/nuget.config's folder, which holds only the current build.
/// </summary>
public static class KitPackager
{
    /// <summary>The version prefix of locally packed builds; `_setup.dib` asks for `0.0.0-local.*`.</summary>
    public const string LocalVersionPrefix = "0.0.0-local";
    /// <summary>The floating version notebooks ask for.</summary>
    public const string FloatingVersion = LocalVersionPrefix + ".*";
    static readonly string[] PackageIds = ["ResearchKit", "ResearchKit.Charts", "ResearchKit.Interactive"];
    static readonly string[] PackableProjects =
    [
        "src/ResearchKit/ResearchKit.csproj",
        "src/ResearchKit.Charts/ResearchKit.Charts.csproj",
        "src/ResearchKit.Interactive/ResearchKit.Interactive.csproj",
    ];
    /// <summary>Folders and files whose content decides the packed build (sources of the three projects and the embedded data).</summary>
    static readonly string[] Inputs = ["src/ResearchKit", "src/ResearchKit.Charts", "src/ResearchKit.Interactive", "data/paper", "data/materials",
        "Directory.Build.props", "Directory.Packages.props", "global.json"];
    const string StampFile = "kit-version.txt";

    /// <summary>The checkout's own NuGet package cache used by notebook restores.</summary>
    public static string PackageCache(string repositoryRoot) => Path.Combine(repositoryRoot, "artifacts", "nuget-cache");

    /// <summary>The folder the kit is packed into.</summary>
    public static string PackageFolder(string repositoryRoot) => Path.Combine(repositoryRoot, "artifacts", "packages");

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

    /// <summary>The version of the build now in artifacts/packages, or null when nothing was packed.</summary>
    public static string? PackedVersion(string repositoryRoot)
    {
        var stamp = ReadStamp(repositoryRoot);
        return stamp is { } s && PackagesPresent(repositoryRoot, s.Version) ? s.Version : null;
    }

    /// <summary>
    /// Packs the three kit packages (Release) into &lt;root&gt;/artifacts/packages unless the build there already has the current
    /// content. Returns the version in the folder.
    /// </summary>
    public static string Pack(string repositoryRoot, Action<string>? progress = null)
    {
        var output = PackageFolder(repositoryRoot);
        Directory.CreateDirectory(output);
        var hash = ContentHash(repositoryRoot);
        if (ReadStamp(repositoryRoot) is { } stamp && stamp.Hash == hash && PackagesPresent(repositoryRoot, stamp.Version))
        {
            progress?.Invoke($"kit {stamp.Version} is up to date in {output}");
            return stamp.Version;
        }
        var version = $"{LocalVersionPrefix}.{DateTime.UtcNow:yyyyMMddHHmmss}";
        foreach (var old in Directory.GetFiles(output, "ResearchKit*.nupkg")) File.Delete(old);
        ForgetResolvedKitReferences();
        foreach (var project in PackableProjects)
        {
            progress?.Invoke($"packing {project} as {version}");
            Run(repositoryRoot, "dotnet", ["pack", project, "-c", "Release", "-o", output, $"-p:Version={version}", "--nologo", "-v", "q"]);
        }
        File.WriteAllText(Path.Combine(output, StampFile), version + " " + hash + "\n");
        return version;
    }

    static (string Version, string Hash)? ReadStamp(string repositoryRoot)
    {
        var path = Path.Combine(PackageFolder(repositoryRoot), StampFile);
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : null;
    }

    static bool PackagesPresent(string repositoryRoot, string version) =>
        PackageIds.All(id => File.Exists(Path.Combine(PackageFolder(repositoryRoot), $"{id}.{version}.nupkg")));

    /// <summary>SHA-256 over the relative paths and bytes of every input file (bin/ and obj/ left out), in ordinal order.</summary>
    static string ContentHash(string repositoryRoot)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var input in Inputs)
        {
            var full = Path.Combine(repositoryRoot, input);
            IEnumerable<string> files = File.Exists(full) ? [full]
                : Directory.Exists(full) ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories) : [];
            foreach (var f in files.Select(f => Path.GetRelativePath(repositoryRoot, f).Replace('\\', '/'))
                         .Where(r => !r.Split('/').Any(part => part is "bin" or "obj")).Order(StringComparer.Ordinal))
            {
                sha.AppendData(System.Text.Encoding.UTF8.GetBytes(f + "\0"));
                sha.AppendData(File.ReadAllBytes(Path.Combine(repositoryRoot, f)));
            }
        }
        return Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
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
