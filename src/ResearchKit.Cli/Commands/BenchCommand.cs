using System.CommandLine;
using System.Diagnostics;
using ResearchKit.Notebooks;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// `researchkit bench`: a thin forwarder to benchmarks/ResearchKit.Benchmarks (dotnet run -c Release), so the benchmark code and
/// its sizes stay out of the shipped tool while `researchkit bench NAME` keeps working for the scripts and reports that use it.
/// </summary>
public sealed class BenchCommand : CliCommand
{
    public override string Name => "bench";
    public override string Summary => "run benchmarks of the heavy kernels (forwards to: dotnet run --project benchmarks/ResearchKit.Benchmarks -c Release --)";
    public override string? Notes => """
        JSON: {"benchmarks": [{"name", "description", "results"}], "peak_working_set_mb"}. Needs the source tree (not a packed tool).
        """;

    readonly Argument<string[]> _names = new("NAME") { Description = "benchmark names or prefixes (default: all)", Arity = ArgumentArity.ZeroOrMore };
    readonly Option<bool> _list = Flag("--list", "list the benchmarks and exit");
    readonly Option<bool> _quick = Flag("--quick", "smaller sizes (a smoke run, not the issue's figures)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var project = Path.Combine(KitPackager.FindRepositoryRoot(), "benchmarks", "ResearchKit.Benchmarks");
        if (!Directory.Exists(project)) throw new InvalidInputException("benchmark project not found (bench needs the source tree)", project);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["run", "--project", project, "-c", "Release", "--"]) psi.ArgumentList.Add(a);
        foreach (var n in args.GetValue(_names) ?? []) psi.ArgumentList.Add(n);
        if (args.GetValue(_list)) psi.ArgumentList.Add("--list");
        if (args.GetValue(_quick)) psi.ArgumentList.Add("--quick");
        if (IsJson(args)) psi.ArgumentList.Add("--json");
        using var p = Process.Start(psi) ?? throw new IOException("could not start dotnet");
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) context.Progress(e.Data); };
        p.BeginErrorReadLine();
        context.Out.Write(p.StandardOutput.ReadToEnd());
        p.WaitForExit();
        return p.ExitCode;
    }
}
