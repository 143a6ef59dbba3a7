using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ResearchKit.Cli;

// ------------------------------------------------------------------------------------------------------------------
// How to write (or port) a command. One class per command, in Commands/ (one file per domain); found by reflection,
// so a new command is one new file and no shared list.
//
//   public sealed class KkCommand : CliCommand
//   {
//       public override string Name => "kk";                                   // words: "cycling summary" nests under "cycling"
//       public override string Summary => "Lin-KK validity test of an impedance file";
//       public override string? Notes => "JSON: {\"max_residual\", \"valid\", ...}";   // optional, printed under the summary
//       readonly Argument<string> _file = Arg("FILE", "any impedance file the kit reads");
//       readonly Option<int?> _elements = Integer("--elements", "fixed number of RC elements");
//       readonly Option<double> _c = Number("--c", "mu threshold", 0.85);     // a default shows in --help
//       readonly Option<string> _fit = Choice("--fit", "real or complex", "real", "real", "complex");
//       protected override int Run(ParseResult args, CommandContext context)
//       {
//           var r = LinKK.Test(ImpedanceFiles.Read(args.GetValue(_file)!), ...);   // ONE library call
//           return Write(context, args, new KkJson(r.MaxResidual, ...), text: () => context.Out.WriteLine(...));
//       }
//   }
//
// Options: declare fields of type Option<T>/Argument<T> (helpers below: Text, Required, Number, Integer, Flag, Choice, Arg);
//   the base adds every such field (in declaration order) and --json; --help is generated from them.
//   Numbers are parsed with the invariant culture and must be finite; Choice restricts to the listed words.
// Running: Run(ParseResult, CommandContext) reads values with args.GetValue(_field); results go through Write, which
//   serializes ONE record with System.Text.Json (snake_case names: put units in property names, e.g. ThicknessUm ->
//   "thickness_um"; non-finite doubles are written "Infinity"/"NaN"; use double? and null where a key may be empty).
// Exit codes: 0 success; 2 bad input: parse errors (unknown option, missing argument or option, bad number), a
//   UsageException or a ResearchKit InvalidInputException (its message names file/line/field), one line on stderr;
//   1 other failures (I/O, internal). Progress goes to context.Progress (stderr).
// ------------------------------------------------------------------------------------------------------------------

/// <summary>Base of every <c>researchkit</c> subcommand (see the comment at the top of this file).</summary>
public abstract class CliCommand
{
    /// <summary>Subcommand words, e.g. "twin" or "cycling summary".</summary>
    public abstract string Name { get; }
    /// <summary>One line for the command list.</summary>
    public abstract string Summary { get; }
    /// <summary>Extra help text after the summary (JSON keys, conventions); the option list is generated.</summary>
    public virtual string? Notes => null;

    /// <summary>--json: print exactly one JSON object on stdout.</summary>
    protected readonly Option<bool> JsonOption = Flag("--json", "print exactly one JSON object (snake_case keys, units in key names)");

    /// <summary>Runs the command after a successful parse; returns the exit code.</summary>
    protected abstract int Run(ParseResult args, CommandContext context);

    internal int Invoke(ParseResult args, CommandContext context) => Run(args, context);

    /// <summary>True when --json was given.</summary>
    protected bool IsJson(ParseResult args) => args.GetValue(JsonOption);

    /// <summary>Writes <paramref name="result"/> as one JSON object with --json, else calls <paramref name="text"/>; returns 0.</summary>
    protected int Write(CommandContext context, ParseResult args, object result, Action text)
    {
        if (IsJson(args)) Json.Write(context.Out, result);
        else text();
        return 0;
    }

    /// <summary>The System.CommandLine symbol of the last word of <see cref="Name"/>, with every declared option and argument.</summary>
    internal Command Build()
    {
        var words = Name.Split(' ');
        var c = new Command(words[^1], Summary);
        // Fields in declaration order; the base's --json comes last.
        var fields = new List<System.Reflection.FieldInfo>();
        for (var t = GetType(); t is not null && t != typeof(object); t = t.BaseType)
            fields.AddRange(t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public
                | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly));
        foreach (var f in fields)
            switch (f.GetValue(this))
            {
                case Option o: c.Options.Add(o); break;
                case Argument a: c.Arguments.Add(a); break;
            }
        Configure(c);
        return c;
    }

    /// <summary>Adjusts the built System.CommandLine symbol (for a command that needs more than declared options).</summary>
    protected virtual void Configure(Command command) { }

    // ---- declaration helpers -------------------------------------------------------------------------------------

    /// <summary>An optional text option (null when absent unless a default is given).</summary>
    protected static Option<string?> Text(string name, string description, string? defaultValue = null)
    {
        var o = new Option<string?>(name) { Description = description, HelpName = HelpNameOf(name) };
        if (defaultValue is not null) o.DefaultValueFactory = _ => defaultValue;
        return o;
    }

    /// <summary>A required text option: missing is a parse error (exit 2).</summary>
    protected static Option<string> Required(string name, string description) =>
        new(name) { Description = description, Required = true, HelpName = HelpNameOf(name) };

    /// <summary>A text option restricted to <paramref name="choices"/> (else exit 2 naming the option).</summary>
    protected static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var o = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        o.AcceptOnlyFromAmong(choices);
        return o;
    }

    /// <summary>An optional finite number (invariant culture); null when absent.</summary>
    protected static Option<double?> Number(string name, string description) =>
        new(name) { Description = description, HelpName = HelpNameOf(name), CustomParser = r => ParseNumber(r, name) };

    /// <summary>A finite number with a default shown in --help.</summary>
    protected static Option<double> Number(string name, string description, double defaultValue) =>
        new(name) { Description = description, HelpName = HelpNameOf(name), DefaultValueFactory = _ => defaultValue, CustomParser = r => ParseNumber(r, name) ?? defaultValue };

    /// <summary>An optional integer; null when absent.</summary>
    protected static Option<int?> Integer(string name, string description) =>
        new(name) { Description = description, HelpName = HelpNameOf(name), CustomParser = r => ParseInteger(r, name) };

    /// <summary>An integer with a default shown in --help.</summary>
    protected static Option<int> Integer(string name, string description, int defaultValue) =>
        new(name) { Description = description, HelpName = HelpNameOf(name), DefaultValueFactory = _ => defaultValue, CustomParser = r => ParseInteger(r, name) ?? defaultValue };

    /// <summary>A switch without a value (--json, --periodic).</summary>
    protected static Option<bool> Flag(string name, string description) => new(name) { Description = description, Arity = ArgumentArity.Zero };

    /// <summary>A required positional argument (missing: exit 2).</summary>
    protected static Argument<string> Arg(string name, string description) => new(name) { Description = description };

    static string HelpNameOf(string name) => name.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    static double? ParseNumber(ArgumentResult r, string name)
    {
        if (r.Tokens.Count == 0) { r.AddError($"option {name} needs a value"); return null; }
        var s = r.Tokens[^1].Value;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)) return v;
        r.AddError($"option {name}: expected a number, got '{s}'");
        return null;
    }

    static int? ParseInteger(ArgumentResult r, string name)
    {
        if (r.Tokens.Count == 0) { r.AddError($"option {name} needs a value"); return null; }
        var s = r.Tokens[^1].Value;
        if (int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
        r.AddError($"option {name}: expected an integer, got '{s}'");
        return null;
    }
}

/// <summary>Where a command writes: stdout for results, stderr for progress and errors.</summary>
public sealed record CommandContext(TextWriter Out, TextWriter Error)
{
    /// <summary>One progress line on stderr.</summary>
    public void Progress(string message) => Error.WriteLine(message);
}

/// <summary>Bad command-line usage (unknown option, missing argument, conflicting options): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
