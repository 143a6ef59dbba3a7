using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ResearchKit.Studies;

/// <summary>The stored result of one point (one JSON file per point, written atomically).</summary>
public sealed record PointResult(
    [property: JsonPropertyName("study")] string Study,
    [property: JsonPropertyName("study_hash")] string StudyHash,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("point_hash")] string PointHash,
    [property: JsonPropertyName("inputs")] IReadOnlyDictionary<string, double> Inputs,
    [property: JsonPropertyName("stages")] IReadOnlyList<PointStage> Stages,
    [property: JsonPropertyName("kit_version")] string KitVersion)
{
    /// <summary>Every output of every stage that ran.</summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, double> Outputs => Stages.Where(s => s.Status == StageResult.Ok).SelectMany(s => s.Outputs).ToDictionary(kv => kv.Key, kv => kv.Value);
}

/// <summary>One stage of a stored point result. Seconds are stored apart from the outputs: timings differ run to run, outputs must not.</summary>
public sealed record PointStage(
    [property: JsonPropertyName("stage")] string Stage,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("outputs")] IReadOnlyDictionary<string, double> Outputs,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>Progress of a study run: points done (run or resumed), total, elapsed and estimated remaining time.</summary>
public sealed record StudyProgress(int Done, int Total, int Resumed, TimeSpan Elapsed, TimeSpan? Remaining, int LastIndex)
{
    public override string ToString() =>
        $"point {LastIndex}: {Done}/{Total} done ({Resumed} resumed), {Elapsed.TotalSeconds:F1} s elapsed" + (Remaining is { } r ? $", ETA {r.TotalSeconds:F0} s" : "");
}

/// <summary>What a run or a collect produced.</summary>
/// <param name="Points">Points now complete in the folder.</param>
/// <param name="Ran">Points computed by this call.</param>
/// <param name="Resumed">Points skipped because a matching result existed.</param>
/// <param name="Missing">Indices with no (matching) result.</param>
/// <param name="ResultsCsv">Path of the combined table (written when no point is missing).</param>
/// <param name="Seconds">Wall time of the call.</param>
/// <param name="PerPointOverheadMs">Mean time per computed point outside the stages' own work (hashing, writing, bookkeeping).</param>
public sealed record StudyRunSummary(int Points, int Ran, int Resumed, IReadOnlyList<int> Missing, string? ResultsCsv, double Seconds, double PerPointOverheadMs);

/// <summary>
/// Runs a what-if study into a folder: DIR/study.json (the canonical definition), DIR/points/point-NNNNN.json (one per point, written
/// to a temporary file and moved, so an interrupted run leaves only complete files), DIR/results.csv and DIR/summary.json.
/// Points run in parallel (<c>jobs</c> at once); each point's own kernels then get cores / jobs threads. Results are identical for any
/// jobs and thread count (the twin and the solver are deterministic per seed), and every file is written in index order.
/// </summary>
public static class StudyRunner
{
    static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The kit's informational version, stored with every point.</summary>
    public static string KitVersion => typeof(StudyRunner).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
        .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";

    /// <summary>Path of a point's result file.</summary>
    public static string PointPath(string outDir, int index) => Path.Combine(outDir, "points", $"point-{index:D5}.json");

    /// <summary>
    /// Checks that <paramref name="outDir"/> is empty or belongs to this study (same name), and writes study.json.
    /// A folder holding another study's results is bad input (exit 2): results of two studies must not mix.
    /// </summary>
    public static void PrepareFolder(StudyDefinition study, string outDir)
    {
        Directory.CreateDirectory(Path.Combine(outDir, "points"));
        var studyFile = Path.Combine(outDir, "study.json");
        if (File.Exists(studyFile))
        {
            StudyDefinition existing;
            try { existing = StudyDefinition.Parse(File.ReadAllText(studyFile), studyFile); }
            catch (InvalidInputException e) { throw new InvalidInputException($"the output folder holds an unreadable study.json ({e.Message})", studyFile); }
            if (existing.Name != study.Name)
                throw new InvalidInputException($"the output folder holds results of study '{existing.Name}', not '{study.Name}'; choose another --out", studyFile, field: "name");
        }
        else if (Directory.EnumerateFiles(Path.Combine(outDir, "points")).Any())
            throw new InvalidInputException("the output folder holds point results but no study.json; choose another --out", outDir);
        WriteAtomic(studyFile, study.ToJson());
    }

    /// <summary>Runs every point (or, with <paramref name="resume"/>, every point without a matching result) and writes the combined table.</summary>
    public static StudyRunSummary Run(StudyDefinition study, string outDir, int jobs = 1, bool resume = false, IProgress<StudyProgress>? progress = null, CancellationToken cancel = default)
    {
        if (jobs < 1) throw new InvalidInputException($"expected at least one job, got {jobs}", field: "jobs");
        var total = Stopwatch.StartNew();
        PrepareFolder(study, outDir);
        var todo = new List<StudyPoint>();
        int resumed = 0;
        foreach (var p in study.Points())
        {
            if (resume && TryReadMatching(study, outDir, p) is not null) resumed++;
            else todo.Add(p);
        }
        int threadsPerPoint = Math.Max(1, Environment.ProcessorCount / jobs);
        int done = resumed;
        double stageSeconds = 0;
        var gate = new object();
        var ranSw = Stopwatch.StartNew();
        try
        {
        Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = cancel }, p =>
        {
            var (_, seconds) = RunPoint(study, outDir, p, threadsPerPoint, cancel);
            lock (gate)
            {
                done++;
                stageSeconds += seconds;
                int ran = done - resumed;
                var elapsed = total.Elapsed;
                TimeSpan? eta = ran > 0 ? TimeSpan.FromSeconds(ranSw.Elapsed.TotalSeconds / ran * (study.PointCount - done)) : null;
                progress?.Report(new StudyProgress(done, study.PointCount, resumed, elapsed, eta, p.Index));
            }
        });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // Report the first point's failure itself (an InvalidInputException stays bad input, exit 2).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
        var summary = Collect(study, outDir);
        double overheadMs = todo.Count == 0 ? 0 : Math.Max(0, (ranSw.Elapsed.TotalSeconds * Math.Min(jobs, todo.Count) - stageSeconds) / todo.Count * 1e3);
        return summary with { Ran = todo.Count, Resumed = resumed, Seconds = total.Elapsed.TotalSeconds, PerPointOverheadMs = overheadMs };
    }

    /// <summary>Runs one point and writes its result file (used by a Slurm array task through `--point INDEX`). Returns the result and the stages' seconds.</summary>
    public static (PointResult Result, double StageSeconds) RunPoint(StudyDefinition study, string outDir, StudyPoint p, int threads = -1, CancellationToken cancel = default)
    {
        var stages = StudyStages.Run(p, study.Stages, threads, cancel);
        var result = new PointResult(study.Name, study.Hash(), p.Index, p.Hash(study.Stages), p.Values.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Value),
            stages.Select(s => new PointStage(s.Stage, s.Status, s.Outputs, s.Reason)).ToList(), KitVersion);
        cancel.ThrowIfCancellationRequested();
        Directory.CreateDirectory(Path.Combine(outDir, "points"));
        WriteAtomic(PointPath(outDir, p.Index), JsonSerializer.Serialize(result, JsonOptions));
        return (result, stages.Sum(s => s.Seconds));
    }

    /// <summary>The stored result of a point if it exists and was computed from the same inputs and stages; otherwise null.</summary>
    public static PointResult? TryReadMatching(StudyDefinition study, string outDir, StudyPoint p)
    {
        var path = PointPath(outDir, p.Index);
        if (!File.Exists(path)) return null;
        try
        {
            var r = JsonSerializer.Deserialize<PointResult>(File.ReadAllText(path), JsonOptions);
            return r is not null && r.Study == study.Name && r.PointHash == p.Hash(study.Stages) ? r : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// Merges the per-point results in the folder (after a local run or a cluster array): lists points that are missing or stale,
    /// writes DIR/results.csv and DIR/summary.json when every point is there, and DIR/rerun-missing.sbatch otherwise
    /// (when DIR/run-array.sbatch exists).
    /// </summary>
    public static StudyRunSummary Collect(StudyDefinition study, string outDir)
    {
        var sw = Stopwatch.StartNew();
        var results = new List<PointResult>();
        var missing = new List<int>();
        foreach (var p in study.Points())
        {
            if (TryReadMatching(study, outDir, p) is { } r) results.Add(r);
            else missing.Add(p.Index);
        }
        string? csv = null;
        if (missing.Count == 0)
        {
            csv = Path.Combine(outDir, "results.csv");
            WriteAtomic(csv, StudyResults.ToCsv(study, results));
            WriteAtomic(Path.Combine(outDir, "summary.json"), JsonSerializer.Serialize(StudyResults.Summary(study, results), JsonOptions));
            var rerun = Path.Combine(outDir, "rerun-missing.sbatch");
            if (File.Exists(rerun)) File.Delete(rerun);
        }
        else if (File.Exists(Path.Combine(outDir, "run-array.sbatch")))
        {
            var script = File.ReadAllText(Path.Combine(outDir, "run-array.sbatch"));
            var lines = script.Split('\n').Select(l => l.StartsWith("#SBATCH --array=", StringComparison.Ordinal) ? "#SBATCH --array=" + string.Join(',', missing) : l);
            WriteAtomic(Path.Combine(outDir, "rerun-missing.sbatch"), string.Join('\n', lines));
        }
        return new StudyRunSummary(results.Count, 0, 0, missing, csv, sw.Elapsed.TotalSeconds, 0);
    }

    /// <summary>
    /// Writes a Slurm job-array script for the study into <paramref name="dir"/>: one array task per point
    /// (`--array=0-(N-1)%K`), each running `KIT whatif study.json --out DIR --point $SLURM_ARRAY_TASK_ID`, then
    /// `KIT whatif study.json --collect DIR` merges. Returns the script path.
    /// </summary>
    /// <param name="study">The study; its definition is written to DIR/study.json.</param>
    /// <param name="dir">The folder the array writes into (made absolute in the script).</param>
    /// <param name="maxConcurrent">K: at most this many array tasks at once.</param>
    /// <param name="cpusPerTask">Cores per task (the point's kernels use them all).</param>
    /// <param name="memoryMbPerTask">Memory per task (MB); a 40 um box at 0.2 um needs about 2 GB, at 0.1 um about 6 GB.</param>
    /// <param name="timeLimit">Wall-time limit per task, Slurm's [D-]HH:MM:SS.</param>
    /// <param name="kitCommand">How a compute node starts the kit (an absolute path to `researchkit`, or a `dotnet ...dll` line).</param>
    public static string EmitSlurm(StudyDefinition study, string dir, string kitCommand, int maxConcurrent = 16, int cpusPerTask = 2, int memoryMbPerTask = 4096, string timeLimit = "01:00:00")
    {
        if (maxConcurrent < 1) throw new InvalidInputException($"expected at least 1, got {maxConcurrent}", field: "max-concurrent");
        if (cpusPerTask < 1) throw new InvalidInputException($"expected at least 1, got {cpusPerTask}", field: "cpus-per-task");
        if (memoryMbPerTask < 1) throw new InvalidInputException($"expected at least 1, got {memoryMbPerTask}", field: "mem-mb");
        dir = Path.GetFullPath(dir);
        PrepareFolder(study, dir);
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        var studyFile = Path.Combine(dir, "study.json");
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append($"# What-if study '{study.Name}' ({study.PointCount} points, study hash {study.Hash()}), written by researchkit whatif --emit slurm.\n");
        sb.Append("# Submit: sbatch run-array.sbatch; when the array has finished: researchkit whatif study.json --collect .\n");
        sb.Append($"#SBATCH --job-name=rk-{study.Name}\n");
        sb.Append($"#SBATCH --array=0-{study.PointCount - 1}%{maxConcurrent}\n");
        sb.Append($"#SBATCH --cpus-per-task={cpusPerTask}\n");
        sb.Append($"#SBATCH --mem={memoryMbPerTask.ToString(CultureInfo.InvariantCulture)}M\n");
        sb.Append($"#SBATCH --time={timeLimit}\n");
        sb.Append($"#SBATCH --output={dir}/logs/point-%a.out\n");
        sb.Append($"#SBATCH --error={dir}/logs/point-%a.err\n");
        sb.Append("set -euo pipefail\n");
        sb.Append($"{kitCommand} whatif '{studyFile}' --out '{dir}' --point \"$SLURM_ARRAY_TASK_ID\" --threads \"${{SLURM_CPUS_PER_TASK:-{cpusPerTask}}}\"\n");
        var path = Path.Combine(dir, "run-array.sbatch");
        WriteAtomic(path, sb.ToString());
        return path;
    }

    internal static void WriteAtomic(string path, string text)
    {
        var tmp = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "." + Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
