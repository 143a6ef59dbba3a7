using ResearchKit.Studies;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit whatif`: a declarative blend study, run locally (parallel, resumable) or emitted as a Slurm job array.</summary>
public sealed class WhatIfCommand : ICommand
{
    public string Name => "whatif";
    public string Summary => "what-if blend studies: sweep ratio, PSDs, composition, voxel, seeds; run, resume, emit for Slurm, collect";
    public string Usage => """
        researchkit whatif STUDY --out DIR [--jobs N] [--resume] [--json]        run every point locally
        researchkit whatif STUDY --out DIR --point INDEX [--threads T] [--json]   run one point (a cluster array task)
        researchkit whatif STUDY --emit slurm DIR [--max-concurrent K] [--cpus-per-task C] [--mem-mb M] [--time HH:MM:SS] [--kit CMD]
        researchkit whatif STUDY --collect DIR [--json]                          merge per-point results (after a cluster run)
          STUDY            a study file (JSON; schema below)
          --jobs N         points run at once (default 1); each point's kernels get (cores / N) threads; results do not depend on N
          --resume         skip points whose result file exists and was computed from the same inputs (changed inputs rerun)
          --emit slurm DIR write DIR/run-array.sbatch: one array task per point, --array=0-(N-1)%K, the kit called with --point
          --kit CMD        how a compute node starts the kit (default: this program's path)
          --json           one JSON object: study, study_hash, points, ran, resumed, missing, results_csv, seconds, per_point_overhead_ms
        Output: DIR/study.json, DIR/points/point-NNNNN.json (each written atomically: an interrupted run leaves only complete files),
        DIR/results.csv and DIR/summary.json (optimum per objective with its spread over seeds). Progress on stderr.
        A folder holding another study's results is refused (exit 2).

        """ + StudyDefinition.Schema;
    public IReadOnlyCollection<string> Switches => ["json", "resume"];

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var studyPath = args.Positional(0, "STUDY (a study file, JSON)");
        var study = StudyDefinition.Load(studyPath);
        if (args.Option("emit") is { } emit)
        {
            if (emit != "slurm") throw new InvalidInputException($"expected 'slurm', got '{emit}'", field: "emit");
            var dir = args.Positional(1, "DIR (the folder the array writes into)");
            var kit = args.Option("kit") ?? Environment.ProcessPath ?? "researchkit";
            var script = StudyRunner.EmitSlurm(study, dir, kit, args.Int("max-concurrent") ?? 16, args.Int("cpus-per-task") ?? 2, args.Int("mem-mb") ?? 4096, args.Option("time") ?? "01:00:00");
            Report(context, json, study, new Dictionary<string, object> { ["script"] = script, ["array"] = $"0-{study.PointCount - 1}" }, $"wrote {script} ({study.PointCount} array tasks); submit with sbatch");
            return 0;
        }
        if (args.Option("collect") is { } collectDir)
        {
            var s = StudyRunner.Collect(study, collectDir);
            Report(context, json, study, Fields(s), s.Missing.Count == 0 ? $"collected {s.Points} points into {s.ResultsCsv}" : $"{s.Missing.Count} points missing: {string.Join(',', s.Missing)} (rerun-missing.sbatch written if the array script is there)");
            return 0;
        }
        var outDir = args.RequiredOption("out");
        if (args.Int("point") is { } index)
        {
            StudyRunner.PrepareFolder(study, outDir);
            var (r, seconds) = StudyRunner.RunPoint(study, outDir, study.Point(index), args.Int("threads") ?? -1);
            Report(context, json, study, new Dictionary<string, object> { ["index"] = r.Index, ["point_hash"] = r.PointHash, ["outputs"] = r.Outputs, ["seconds"] = seconds },
                $"point {index} -> {StudyRunner.PointPath(outDir, index)}");
            return 0;
        }
        int jobs = args.Int("jobs") ?? 1;
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); context.Progress("whatif: stopping after the running points (completed point files are kept)"); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var summary = StudyRunner.Run(study, outDir, jobs, args.Flag("resume"), new SyncProgress<StudyProgress>(p => context.Progress("whatif: " + p)), cancel.Token);
            Report(context, json, study, Fields(summary), $"{summary.Points}/{study.PointCount} points, {summary.Ran} run, {summary.Resumed} resumed; {summary.ResultsCsv}");
            return 0;
        }
        catch (OperationCanceledException)
        {
            context.Progress("whatif: interrupted; rerun with --resume to finish");
            return 1;
        }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    static Dictionary<string, object> Fields(StudyRunSummary s) => new()
    {
        ["points"] = s.Points, ["ran"] = s.Ran, ["resumed"] = s.Resumed, ["missing"] = s.Missing, ["results_csv"] = s.ResultsCsv ?? "",
        ["seconds"] = s.Seconds, ["per_point_overhead_ms"] = s.PerPointOverheadMs,
    };

    static void Report(CommandContext context, bool json, StudyDefinition study, Dictionary<string, object> fields, string text)
    {
        if (!json) { context.Out.WriteLine(text); return; }
        var o = new Dictionary<string, object> { ["study"] = study.Name, ["study_hash"] = study.Hash(), ["point_count"] = study.PointCount };
        foreach (var kv in fields) o[kv.Key] = kv.Value;
        Json.Write(context.Out, o);
    }

    /// <summary>An IProgress that reports on the calling thread (no synchronization context capture).</summary>
    sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
