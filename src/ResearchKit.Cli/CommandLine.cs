using System.Reflection;

namespace ResearchKit.Cli;

/// <summary>
/// One subcommand of <c>researchkit</c>. Implementations live in Commands/ (one file per domain) and are found by reflection,
/// so adding a command never touches a shared list. Name may have two words ("cycling summary").
/// Conventions: --help on each; --json prints exactly one JSON object (snake_case keys, units in key names);
/// exit 0 success, 2 bad input (one line on stderr naming file/line/field), 1 other failure; progress on stderr.
/// </summary>
public interface ICommand
{
    /// <summary>Subcommand words, e.g. "twin" or "cycling summary".</summary>
    string Name { get; }
    /// <summary>One line for the command list.</summary>
    string Summary { get; }
    /// <summary>Full usage text printed by --help.</summary>
    string Usage { get; }
    /// <summary>Options that take no value. Default: --json only.</summary>
    IReadOnlyCollection<string> Switches => ["json"];
    /// <summary>Runs the command; returns the exit code. Throw <see cref="UsageException"/> or <see cref="InvalidInputException"/> for bad input.</summary>
    int Run(CommandArgs args, CommandContext context);
}

/// <summary>Where a command writes: stdout for results, stderr for progress and errors.</summary>
public sealed record CommandContext(TextWriter Out, TextWriter Error)
{
    public void Progress(string message) => Error.WriteLine(message);
}

/// <summary>Bad command-line usage (unknown option, missing argument): exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

public static class CommandLine
{
    public static IReadOnlyList<ICommand> Commands { get; } = typeof(CommandLine).Assembly.GetTypes()
        .Where(t => typeof(ICommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false } && t.GetConstructor(Type.EmptyTypes) is not null)
        .Select(t => (ICommand)Activator.CreateInstance(t)!)
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    public static int Run(string[] argv, TextWriter stdout, TextWriter stderr)
    {
        var context = new CommandContext(stdout, stderr);
        if (argv.Length == 0 || argv[0] is "--help" or "-h" or "help")
        {
            stdout.Write(TopLevelHelp());
            return argv.Length == 0 ? 2 : 0;
        }
        if (argv[0] == "--version")
        {
            stdout.WriteLine(typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown");
            return 0;
        }
        // Longest match of command words first ("cycling summary" before "cycling").
        ICommand? command = null;
        int used = 0;
        foreach (var c in Commands)
        {
            var words = c.Name.Split(' ');
            if (words.Length <= argv.Length && words.Select((w, i) => argv[i] == w).All(b => b) && words.Length > used)
            {
                command = c; used = words.Length;
            }
        }
        if (command is null)
        {
            var group = Commands.Where(c => c.Name.StartsWith(argv[0] + " ", StringComparison.Ordinal)).ToList();
            if (group.Count > 0)
            {
                stderr.WriteLine($"researchkit {argv[0]}: expected one of: {string.Join(", ", group.Select(c => c.Name[(argv[0].Length + 1)..]))}");
                return 2;
            }
            stderr.WriteLine($"researchkit: unknown command '{argv[0]}'. Run 'researchkit --help' for the list.");
            return 2;
        }
        var rest = argv[used..];
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            stdout.WriteLine(command.Usage.TrimEnd());
            return 0;
        }
        try
        {
            var parsed = CommandArgs.Parse(rest, command.Switches);
            int rc = command.Run(parsed, context);
            parsed.ThrowOnUnused();
            return rc;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"researchkit {command.Name}: {e.Message}");
            return 2;
        }
        catch (InvalidInputException e)
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

    static string TopLevelHelp()
    {
        var w = new StringWriter();
        w.WriteLine("researchkit: composite-cathode science for all-solid-state batteries");
        w.WriteLine();
        w.WriteLine("Usage: researchkit <command> [options]   (researchkit <command> --help for details)");
        w.WriteLine();
        w.WriteLine("Commands:");
        int width = Commands.Count == 0 ? 10 : Commands.Max(c => c.Name.Length) + 2;
        foreach (var c in Commands) w.WriteLine($"  {c.Name.PadRight(width)}{c.Summary}");
        w.WriteLine();
        w.WriteLine("Common options: --json prints one JSON object on stdout; exit 0 ok, 2 bad input, 1 other failure.");
        return w.ToString();
    }
}
