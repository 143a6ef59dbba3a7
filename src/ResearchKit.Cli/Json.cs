using System.Text.Encodings.Web;
using System.Text.Json;

namespace ResearchKit.Cli;

/// <summary>
/// JSON output for --json: exactly one object on stdout. Build it from dictionaries, lists, records with snake_case
/// property names or anonymous objects; non-finite doubles are written as null (JSON has no infinity) unless the
/// caller writes them as strings on purpose (e.g. tau = "Infinity" where the issue says so).
/// </summary>
public static class Json
{
    static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(object value) => JsonSerializer.Serialize(value, Options);

    public static void Write(TextWriter output, object value) => output.WriteLine(Serialize(value));
}
