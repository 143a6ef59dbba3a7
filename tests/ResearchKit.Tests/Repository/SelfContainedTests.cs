using System.Text.RegularExpressions;

namespace ResearchKit.Tests.Repository;

/// <summary>A user clones the repository with nothing beside it: nothing outside tests/ may point at a folder beside the checkout.</summary>
public class SelfContainedTests
{
    static readonly string Root = Cycling.CyclingReferenceFiles.RepoRoot();
    static readonly Regex Beside = new(@"\.\.[/\\]shared", RegexOptions.Compiled);

    static IEnumerable<string> RepositoryFiles() =>
        Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(r => !r.Split('/').Any(p => p is ".git" or "bin" or "obj" or "artifacts" or "TestResults" or "benchmarks-out"))
            .Where(r => !r.StartsWith("tests/", StringComparison.Ordinal));

    [Fact]
    public void Repository_TrackedFilesOutsideTests_DoNotNameAFolderBesideTheRepository()
    {
        var offenders = new List<string>();
        foreach (var rel in RepositoryFiles())
        {
            var info = new FileInfo(Path.Combine(Root, rel));
            if (info.Length > 8_000_000) continue;
            var bytes = File.ReadAllBytes(info.FullName);
            if (bytes.AsSpan(0, Math.Min(bytes.Length, 8000)).IndexOf((byte)0) >= 0) continue; // binary
            var text = System.Text.Encoding.UTF8.GetString(bytes);
            var lines = text.Split('\n');
            for (int i = 0; i < lines.Length; i++)
                if (Beside.IsMatch(lines[i])) offenders.Add($"{rel}:{i + 1}");
        }
        Assert.True(offenders.Count == 0, "files outside tests/ name ../shared: " + string.Join(", ", offenders));
    }

    [Fact]
    public void CopiedReferenceFiles_Sha256Sums_MatchTheFiles()
    {
        foreach (var domain in new[] { "cycling", "impedance" })
        {
            var dir = Path.Combine(Root, "data", "reference", domain);
            var sums = File.ReadAllLines(Path.Combine(dir, "SHA256SUMS")).Where(l => l.Length > 66);
            foreach (var line in sums)
            {
                var expected = line[..64];
                var name = line[64..].TrimStart(' ', '*');
                var actual = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(dir, name)))).ToLowerInvariant();
                Assert.True(expected == actual, $"data/reference/{domain}/{name}: checksum differs from SHA256SUMS");
            }
        }
    }
}
