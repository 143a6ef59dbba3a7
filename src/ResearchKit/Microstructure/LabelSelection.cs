using System.Globalization;

namespace ResearchKit.Microstructure;

/// <summary>
/// Labels of a volume named on a command line or in a notebook: a code (0..255) or a name (from the volume's sidecar, or the
/// default cathode names of <see cref="PhaseLabels"/>), and LABEL=VALUE lists such as "sse=1.0,4=0.02" (per-label conductivities).
/// Bad input throws <see cref="InvalidInputException"/> naming the field.
/// </summary>
public static class LabelSelection
{
    /// <summary>
    /// Resolves one label token. A code must be named in <paramref name="names"/> or present in <paramref name="volume"/>;
    /// a name is matched case-insensitively.
    /// </summary>
    /// <param name="token">a code 0..255 or a label name</param>
    /// <param name="names">label code to name (sidecar names, or <see cref="PhaseLabels.Names"/>)</param>
    /// <param name="volume">the volume the label must occur in (for codes without a name)</param>
    /// <param name="field">the option or field named in error messages</param>
    public static byte Resolve(string token, IReadOnlyDictionary<byte, string> names, LabelVolume volume, string field)
    {
        token = token.Trim();
        if (byte.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
        {
            bool known = names.ContainsKey(code) || Array.IndexOf(volume.Labels, code) >= 0;
            if (!known) throw new InvalidInputException($"label {code} is neither named in the sidecar nor present in the volume", field: field);
            return code;
        }
        foreach (var (k, n) in names) if (string.Equals(n, token, StringComparison.OrdinalIgnoreCase)) return k;
        throw new InvalidInputException($"unknown label '{token}'; expected a code 0..255 or one of: {string.Join(", ", names.Select(p => $"{p.Key}={p.Value}"))}", field: field);
    }

    /// <summary>
    /// Parses "LABEL=VALUE,LABEL=VALUE": each label resolved with <see cref="Resolve"/>, each value a finite number &gt;= 0,
    /// each label at most once, at least one pair.
    /// </summary>
    /// <param name="text">comma-separated LABEL=VALUE pairs</param>
    /// <param name="names">label code to name</param>
    /// <param name="volume">the volume the labels refer to</param>
    /// <param name="field">the option or field named in error messages (e.g. "conductivity")</param>
    /// <returns>label code to value, in the order given</returns>
    public static IReadOnlyDictionary<byte, double> ParseValues(string text, IReadOnlyDictionary<byte, string> names, LabelVolume volume, string field)
    {
        var result = new Dictionary<byte, double>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw new InvalidInputException($"expected LABEL=VALUE, got '{item}'", field: field);
            byte label = Resolve(item[..eq], names, volume, field);
            var vs = item[(eq + 1)..].Trim();
            if (!double.TryParse(vs, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                throw new InvalidInputException($"value of label {label}: expected a number, got '{vs}'", field: field);
            if (value < 0) throw new InvalidInputException($"value of label {label} is negative ({value}); expected >= 0", field: field);
            if (!result.TryAdd(label, value)) throw new InvalidInputException($"label {label} given twice", field: field);
        }
        if (result.Count == 0) throw new InvalidInputException("no LABEL=VALUE pairs", field: field);
        return result;
    }
}
