using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Reflection;

namespace ResearchKit.Cli;

/// <summary>
/// The <c>researchkit</c> command line on System.CommandLine. Commands are the <see cref="CliCommand"/> classes of this
/// assembly (found by reflection); "cycling summary" nests under a "cycling" group. Help is generated from the declared
/// options. Exit codes: 0 ok, 2 bad input (one line on stderr), 1 other failure.
/// </summary>
public static class CommandLine
{
    static readonly Type[] CommandTypes = typeof(CommandLine).Assembly.GetTypes()
        .Where(t => typeof(CliCommand).IsAssignableFrom(t) && t is { IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .ToArray();

    /// <summary>One instance of every command, ordered by name.</summary>
    public static IReadOnlyList<CliCommand> Commands => NewCommands();

    static List<CliCommand> NewCommands() => CommandTypes.Select(t => (CliCommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    /// <summary>Parses <paramref name="argv"/>, runs the command and returns its exit code.</summary>
    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        // A fresh tree per call: option objects hold no state, but this keeps parallel test runs independent.
        var (root, byCommand) = BuildTree(NewCommands());
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        if (argv.Length == 0)
        {
            root.Parse(["--help"]).Invoke(config);
            return 2;
        }
        if (argv is ["--version"])
        {
            stdout.WriteLine(typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        }
        // Response files (@file) are off: a path that starts with @ is a path.
        var parse = root.Parse(argv, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var symbol = parse.CommandResult.Command;
        string where = "researchkit" + string.Concat(parse.CommandResult.Command == root ? "" : " " + PathOf(parse.CommandResult));
        if (parse.Action is HelpAction)
        {
            // The command list shows summaries; the command's own help adds its notes (JSON keys, conventions).
            if (byCommand.TryGetValue(symbol, out var helped) && helped.Notes is { } notes)
                symbol.Description = helped.Summary + Environment.NewLine + Environment.NewLine + notes.TrimEnd();
            return parse.Invoke(config) == 0 ? 0 : 1;
        }
        if (symbol == root && !argv[0].StartsWith('-'))
        {
            stderr.WriteLine($"researchkit: unknown command '{argv[0]}'. Run 'researchkit --help' for the list.");
            return 2;
        }
        if (!byCommand.ContainsKey(symbol) && symbol != root && parse.Errors.All(e => e.SymbolResult is System.CommandLine.Parsing.CommandResult))
        {
            stderr.WriteLine($"{where}: expected one of: {string.Join(", ", symbol.Subcommands.Select(s => s.Name))}");
            return 2;
        }
        if (parse.Errors.Count > 0)
        {
            var error = parse.Errors[0];
            var option = error.SymbolResult switch
            {
                System.CommandLine.Parsing.OptionResult o => o.Option,
                System.CommandLine.Parsing.ArgumentResult { Parent: System.CommandLine.Parsing.OptionResult o } => o.Option,
                _ => null,
            };
            // Name the option (the "field") in every message, as the exit-2 contract asks.
            var message = option is null || error.Message.Contains(option.Name, StringComparison.Ordinal) ? error.Message : $"option {option.Name}: {error.Message}";
            // One line: System.CommandLine lists choices on separate lines.
            message = string.Join(' ', message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            stderr.WriteLine($"{where}: {message}");
            return 2;
        }
        if (!byCommand.TryGetValue(symbol, out var command))
        {
            stderr.WriteLine(symbol == root
                ? "researchkit: expected a command. Run 'researchkit --help' for the list."
                : $"{where}: expected one of: {string.Join(", ", symbol.Subcommands.Select(s => s.Name))}");
            return 2;
        }
        var context = new CommandContext(stdout, stderr);
        try
        {
            return command.Invoke(parse, context);
        }
        catch (Exception e) when (e is UsageException or InvalidInputException)
        {
            stderr.WriteLine($"researchkit {command.Name}: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"researchkit {command.Name}: {e.Message}");
            return 1;
        }
        catch (Exception e)
        {
            stderr.WriteLine($"researchkit {command.Name}: internal error: {e.GetType().Name}: {e.Message}");
            stderr.WriteLine(e.StackTrace);
            return 1;
        }
    }

    static string PathOf(System.CommandLine.Parsing.CommandResult r)
    {
        var words = new List<string>();
        for (var s = r; s?.Parent is System.CommandLine.Parsing.CommandResult parent; s = parent) words.Insert(0, s.Command.Name);
        return string.Join(' ', words);
    }

    static (Command Root, Dictionary<Command, CliCommand> ByCommand) BuildTree(IReadOnlyList<CliCommand> commands)
    {
        // Not RootCommand: its name is the executable's (testhost under xunit); help must say "researchkit".
        var root = new Command("researchkit", "researchkit: composite-cathode science for all-solid-state batteries." + Environment.NewLine
            + "Every command: --json prints one JSON object on stdout; exit 0 ok, 2 bad input, 1 other failure; progress on stderr.");
        root.Options.Add(new HelpOption { Recursive = true });
        root.Options.Add(new Option<bool>("--version") { Description = "print the kit's version", Arity = ArgumentArity.Zero });
        var map = new Dictionary<Command, CliCommand>();
        // Shorter names first, so "twin" exists before "twin study" is nested under it.
        foreach (var c in commands.OrderBy(c => c.Name.Count(ch => ch == ' ')).ThenBy(c => c.Name, StringComparer.Ordinal))
        {
            var words = c.Name.Split(' ');
            var parent = root;
            foreach (var w in words[..^1])
            {
                var next = parent.Subcommands.FirstOrDefault(s => s.Name == w);
                if (next is null)
                {
                    next = new Command(w, $"{w} commands");
                    parent.Subcommands.Add(next);
                }
                parent = next;
            }
            var symbol = c.Build();
            // An action marks the command as runnable (a command with subcommands, like twin, would otherwise demand one);
            // Run() is called directly below so that exceptions map to the exit-code contract.
            symbol.SetAction(_ => 0);
            parent.Subcommands.Add(symbol);
            map[symbol] = c;
        }
        return (root, map);
    }
}
