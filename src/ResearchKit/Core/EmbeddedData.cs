using System.Reflection;

namespace ResearchKit.Core;

/// <summary>
/// The kit's own data tables (data/paper, data/materials) are compiled into the assembly as resources,
/// so a notebook that loads the kit from its NuGet package finds them wherever it runs.
/// Resource names are <c>ResearchKit.Data.{folder}.{file}</c>.
/// </summary>
public static class EmbeddedData
{
    static readonly Assembly Self = typeof(EmbeddedData).Assembly;

    /// <summary>Reads an embedded data file, e.g. <c>Read("paper", "paper-values.csv")</c>.</summary>
    public static string Read(string folder, string file)
    {
        var name = $"ResearchKit.Data.{folder}.{file}";
        using var s = Self.GetManifestResourceStream(name)
            ?? throw new InvalidInputException($"embedded data file not found; available: {string.Join(", ", Names())}", $"data/{folder}/{file}");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    /// <summary>Names of the embedded data files (as <c>folder/file</c>).</summary>
    public static IEnumerable<string> Names() =>
        Self.GetManifestResourceNames()
            .Where(n => n.StartsWith("ResearchKit.Data.", StringComparison.Ordinal))
            .Select(n => n["ResearchKit.Data.".Length..])
            .Select(n => { int i = n.IndexOf('.'); return n[..i] + "/" + n[(i + 1)..]; });
}
