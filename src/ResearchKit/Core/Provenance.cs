using System.Diagnostics;
using System.Reflection;

namespace ResearchKit;

/// <summary>
/// Where a stored result came from: the git commit of the checkout that generated it (data policy: a stored study names the code
/// that made it). The assembly version alone ("0.0.0.0") does not identify the code.
/// </summary>
public static class Provenance
{
    /// <summary>
    /// The commit that made a result: <c>git rev-parse HEAD</c> in <paramref name="directory"/> (default: the current directory),
    /// with "-dirty" appended when tracked files differ from it; otherwise the commit the assembly was built from (SourceRevisionId
    /// in the informational version) or "unknown".
    /// </summary>
    /// <param name="directory">A directory inside the checkout (default: current directory).</param>
    public static string GitCommit(string? directory = null)
    {
        var head = Git("rev-parse HEAD", directory);
        if (head is { Length: 40 })
        {
            var status = Git("status --porcelain --untracked-files=no", directory);
            return status is { Length: > 0 } ? head + "-dirty" : head;
        }
        var info = typeof(Provenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        int plus = info?.IndexOf('+') ?? -1;
        return plus >= 0 ? info![(plus + 1)..] : "unknown";
    }

    static string? Git(string arguments, string? directory)
    {
        try
        {
            var psi = new ProcessStartInfo("git", arguments)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                WorkingDirectory = directory ?? Environment.CurrentDirectory,
            };
            using var p = Process.Start(psi);
            if (p is null) return null;
            string output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit(10_000);
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // no git on PATH
    }
}
