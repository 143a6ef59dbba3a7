using System.Globalization;

namespace ResearchKit.Cli;

/// <summary>
/// Parsed arguments: positionals and --options (with a value, or bare switches). Every option a command reads is marked used;
/// anything left unused after the command ran is reported as unknown (exit 2), so typos never pass silently.
/// </summary>
public sealed class CommandArgs
{
    readonly List<string> _positionals = new();
    readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Positionals => _positionals;

    /// <summary>
    /// Parses tokens. Names in <paramref name="switches"/> are bare switches (no value); every other --name takes a value
    /// (the next token, or --name=value).
    /// </summary>
    public static CommandArgs Parse(IReadOnlyList<string> tokens, IEnumerable<string> switches)
    {
        var bare = new HashSet<string>(switches, StringComparer.Ordinal);
        var a = new CommandArgs();
        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.StartsWith("--", StringComparison.Ordinal) && t.Length > 2)
            {
                var name = t[2..];
                string? value = null;
                int eq = name.IndexOf('=');
                if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
                else if (!bare.Contains(name))
                {
                    if (i + 1 >= tokens.Count) throw new UsageException($"option --{name} needs a value");
                    value = tokens[++i];
                }
                if (bare.Contains(name) && value is not null) throw new UsageException($"option --{name} takes no value");
                if (a._options.ContainsKey(name)) throw new UsageException($"option --{name} given twice");
                a._options[name] = value;
            }
            else a._positionals.Add(t);
        }
        return a;
    }

    /// <summary>A bare switch such as --json or --periodic (must be listed in the command's Switches).</summary>
    public bool Flag(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Option(string name)
    {
        _used.Add(name);
        if (!_options.TryGetValue(name, out var v)) return null;
        if (v is null) throw new UsageException($"option --{name} needs a value");
        return v;
    }

    public string RequiredOption(string name) => Option(name) ?? throw new UsageException($"missing required option --{name}");

    public double? Double(string name)
    {
        var s = Option(name);
        if (s is null) return null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            throw new UsageException($"option --{name}: expected a number, got '{s}'");
        return v;
    }

    public int? Int(string name)
    {
        var s = Option(name);
        if (s is null) return null;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v))
            throw new UsageException($"option --{name}: expected an integer, got '{s}'");
        return v;
    }

    /// <summary>The i-th positional argument, or a usage error naming what was expected.</summary>
    public string Positional(int index, string what)
    {
        if (index >= _positionals.Count) throw new UsageException($"missing argument {what}");
        return _positionals[index];
    }

    internal void ThrowOnUnused()
    {
        var unknown = _options.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new UsageException($"unknown option --{unknown[0]}");
    }
}
