namespace ResearchKit.Core;

/// <summary>
/// Bad input: a file, line or field that does not hold what was expected. The command line maps it to exit code 2.
/// The message always names where the problem is and what was expected.
/// </summary>
public sealed class InvalidInputException : Exception
{
    /// <summary>File (or other source name) the problem was found in; null for in-memory arguments.</summary>
    public string? SourceName { get; }
    /// <summary>1-based line number, when the source is line-oriented.</summary>
    public int? Line { get; }
    /// <summary>Field, column, parameter or key that is wrong.</summary>
    public string? Field { get; }

    public InvalidInputException(string message, string? sourceName = null, int? line = null, string? field = null, Exception? inner = null)
        : base(Compose(message, sourceName, line, field), inner)
    {
        SourceName = sourceName;
        Line = line;
        Field = field;
    }

    static string Compose(string message, string? sourceName, int? line, string? field)
    {
        var where = new List<string>();
        if (sourceName is not null) where.Add(sourceName);
        if (line is not null) where.Add($"line {line}");
        if (field is not null) where.Add($"field '{field}'");
        return where.Count == 0 ? message : $"{string.Join(", ", where)}: {message}";
    }

    /// <summary>Throws for a parameter (no file) that fails a check.</summary>
    public static void Require(bool condition, string field, string expectation)
    {
        if (!condition) throw new InvalidInputException(expectation, field: field);
    }
}
