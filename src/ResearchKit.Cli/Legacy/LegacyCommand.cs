using System.CommandLine;

namespace ResearchKit.Cli;

/// <summary>
/// A command written in the kit's earlier style (hand-written usage, <see cref="CommandArgs"/> parsing). Being ported to
/// <see cref="CliCommand"/> (recipe at the top of CliCommand.cs); until then <see cref="LegacyCommand"/> runs it under
/// System.CommandLine with the same conventions (--json, exit 0/2/1, unknown options rejected by CommandArgs).
/// </summary>
public interface ICommand
{
    /// <summary>Subcommand words, e.g. "twin" or "cycling summary".</summary>
    string Name { get; }
    /// <summary>One line for the command list.</summary>
    string Summary { get; }
    /// <summary>Full usage text (shown by --help under the summary).</summary>
    string Usage { get; }
    /// <summary>Options that take no value. Default: --json only.</summary>
    IReadOnlyCollection<string> Switches => ["json"];
    /// <summary>Runs the command; returns the exit code.</summary>
    int Run(CommandArgs args, CommandContext context);
}

/// <summary>Adapts an <see cref="ICommand"/>: every token after the command words is handed to <see cref="CommandArgs"/>.</summary>
public sealed class LegacyCommand(ICommand inner) : CliCommand
{
    /// <summary>The adapted command.</summary>
    public ICommand Inner => inner;
    /// <inheritdoc />
    public override string Name => inner.Name;
    /// <inheritdoc />
    public override string Summary => inner.Summary;
    /// <inheritdoc />
    public override string? Notes => inner.Usage;

    /// <inheritdoc />
    protected override void Configure(Command command) => command.TreatUnmatchedTokensAsErrors = false;

    /// <inheritdoc />
    protected override int Run(ParseResult args, CommandContext context)
    {
        var tokens = args.UnmatchedTokens.ToList();
        if (IsJson(args)) tokens.Add("--json");
        var parsed = CommandArgs.Parse(tokens, inner.Switches);
        int rc = inner.Run(parsed, context);
        parsed.ThrowOnUnused();
        return rc;
    }
}
