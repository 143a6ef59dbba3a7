using System.CommandLine;
using ResearchKit.Studies;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit whatif`: a declarative blend study, run locally (parallel, resumable) or emitted as a Slurm job array.</summary>
public sealed class WhatIfCommand : CliCommand
{
    public override string Name => "whatif";
    public override string Summary => "what-if blend studies: sweep ratio, PSDs, composition, voxel, seeds; run, resume, emit for Slurm, collect";
    public override string? Notes => """
        researchkit whatif STUDY --out DIR [--jobs N] [--resume] [--json]        run every point locally
        researchkit whatif STUDY --out DIR --point INDEX [--threads T] [--json]   run one point (a cluster array task)
        researchkit whatif STUDY --emit slurm DIR [--max-concurrent K] [--cpus-per-task C] [--mem-mb M] [--time HH:MM:SS] [--kit CMD]
        researchkit whatif STUDY --collect DIR [--json]                          merge per-point results (after a cluster run)
        --jobs: each point's kernels get (cores / N) threads; results do not depend on N.
        --emit slurm DIR writes DIR/run-array.sbatch: one array task per point, --array=0-(N-1)%K, the kit called with --point.
        JSON: one object: study, study_hash, point_count, points, ran, resumed, missing, results_csv, seconds, per_point_overhead_ms
        Output: DIR/study.json, DIR/points/point-NNNNN.json (each written atomically: an interrupted run leaves only complete files),
        DIR/results.csv and DIR/summary.json (optimum per objective with its spread over seeds). Progress on stderr.
        A folder holding another study's results is refused (exit 2).

        """ + StudyDefinition.Schema;

    readonly Argument<string> _study = Arg("STUDY", "a study file (JSON; schema below)");
    readonly Argument<string?> _emitDir = new("DIR") { Description = "with --emit slurm: the folder the array writes into", Arity = ArgumentArity.ZeroOrOne };
    readonly Option<string?> _out = Text("--out", "results folder (run every point, or one with --point)");
    readonly Option<int> _jobs = Integer("--jobs", "points run at once", 1);
    readonly Option<bool> _resume = Flag("--resume", "skip points whose result file exists and was computed from the same inputs (changed inputs rerun)");
    readonly Option<int?> _point = Integer("--point", "run only this point index (a cluster array task)");
    readonly Option<int> _threads = Integer("--threads", "kernel threads for --point (-1: all cores)", -1);
    readonly Option<string?> _emit = Text("--emit", "'slurm': write a Slurm job array script into DIR (second positional)");
    readonly Option<string?> _kit = Text("--kit", "how a compute node starts the kit (default: this program's path)");
    readonly Option<int> _maxConcurrent = Integer("--max-concurrent", "array tasks running at once", 16);
    readonly Option<int> _cpus = Integer("--cpus-per-task", "CPUs per array task", 2);
    readonly Option<int> _mem = Integer("--mem-mb", "memory per array task (MB)", 4096);
    readonly Option<string?> _time = Text("--time", "time limit per array task HH:MM:SS", "01:00:00");
    readonly Option<string?> _collect = Text("--collect", "merge the per-point results of DIR (after a cluster run)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var study = StudyDefinition.Load(args.GetValue(_study)!);
        if (args.GetValue(_emit) is { } emit)
        {
            if (emit != "slurm") throw new InvalidInputException($"expected 'slurm', got '{emit}'", field: "emit");
            var dir = args.GetValue(_emitDir) ?? throw new UsageException("missing argument DIR (the folder the array writes into)");
            var kit = args.GetValue(_kit) ?? Environment.ProcessPath ?? "researchkit";
            var script = StudyRunner.EmitSlurm(study, dir, kit, args.GetValue(_maxConcurrent), args.GetValue(_cpus), args.GetValue(_mem), args.GetValue(_time) ?? "01:00:00");
            return Write(context, args, new EmitJson(study.Name, study.Hash(), study.PointCount, script, $"0-{study.PointCount - 1}"),
                () => context.Out.WriteLine($"wrote {script} ({study.PointCount} array tasks); submit with sbatch"));
        }
        if (args.GetValue(_emitDir) is { } extra) throw new UsageException($"unexpected argument '{extra}' (a second DIR goes with --emit slurm)");
        if (args.GetValue(_collect) is { } collectDir)
        {
            var s = StudyRunner.Collect(study, collectDir);
            return Write(context, args, SummaryJson.Of(study, s),
                () => context.Out.WriteLine(s.Missing.Count == 0 ? $"collected {s.Points} points into {s.ResultsCsv}" : $"{s.Missing.Count} points missing: {string.Join(',', s.Missing)} (rerun-missing.sbatch written if the array script is there)"));
        }
        var outDir = args.GetValue(_out) ?? throw new UsageException("missing required option --out");
        if (args.GetValue(_point) is { } index)
        {
            StudyRunner.PrepareFolder(study, outDir);
            var (r, seconds) = StudyRunner.RunPoint(study, outDir, study.Point(index), args.GetValue(_threads));
            return Write(context, args, new PointJson(study.Name, study.Hash(), study.PointCount, r.Index, r.PointHash, r.Outputs, seconds),
                () => context.Out.WriteLine($"point {index} -> {StudyRunner.PointPath(outDir, index)}"));
        }
        int jobs = args.GetValue(_jobs);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); context.Progress("whatif: stopping after the running points (completed point files are kept)"); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var summary = StudyRunner.Run(study, outDir, jobs, args.GetValue(_resume), new SyncProgress<StudyProgress>(p => context.Progress("whatif: " + p)), cancel.Token);
            return Write(context, args, SummaryJson.Of(study, summary),
                () => context.Out.WriteLine($"{summary.Points}/{study.PointCount} points, {summary.Ran} run, {summary.Resumed} resumed; {summary.ResultsCsv}"));
        }
        catch (OperationCanceledException)
        {
            context.Progress("whatif: interrupted; rerun with --resume to finish");
            return 1;
        }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    sealed record EmitJson(string Study, string StudyHash, int PointCount, string Script, string Array);

    sealed record PointJson(string Study, string StudyHash, int PointCount, int Index, string PointHash, IReadOnlyDictionary<string, double> Outputs, double Seconds);

    sealed record SummaryJson(string Study, string StudyHash, int PointCount, int Points, int Ran, int Resumed, IReadOnlyList<int> Missing,
        string ResultsCsv, double Seconds, double PerPointOverheadMs)
    {
        public static SummaryJson Of(StudyDefinition study, StudyRunSummary s) =>
            new(study.Name, study.Hash(), study.PointCount, s.Points, s.Ran, s.Resumed, s.Missing, s.ResultsCsv ?? "", s.Seconds, s.PerPointOverheadMs);
    }

    /// <summary>An IProgress that reports on the calling thread (no synchronization context capture).</summary>
    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
