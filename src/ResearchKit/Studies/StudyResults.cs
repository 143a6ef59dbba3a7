using System.Globalization;
using System.Text;
using Deedle;

namespace ResearchKit.Studies;

/// <summary>One output at one set of non-seed inputs: mean and sample standard deviation over the seeds.</summary>
public sealed record SeedStatistics(IReadOnlyDictionary<string, double> Inputs, string Output, double Mean, double StandardDeviation, int Seeds);

/// <summary>The best set of inputs for one objective, with the spread over seeds.</summary>
public sealed record StudyOptimum(string Output, string Goal, IReadOnlyDictionary<string, double> Inputs, double Mean, double StandardDeviation, int Seeds);

/// <summary>Tables, frames and optima of a study's point results.</summary>
public static class StudyResults
{
    /// <summary>Objectives reported in the summary: the output and whether larger or smaller is better.</summary>
    public static IReadOnlyList<(string Output, string Goal)> Objectives { get; } =
        [("porosity", "min"), ("sigma_ion_s_per_cm", "max"), ("sigma_e_s_per_cm", "max"), ("tau_ion", "min"), ("cam_sse_area_per_volume_per_um", "max")];

    /// <summary>Reads every point result of a study folder (those that match the study), in index order.</summary>
    public static IReadOnlyList<PointResult> Load(StudyDefinition study, string outDir) =>
        study.Points().Select(p => StudyRunner.TryReadMatching(study, outDir, p)).OfType<PointResult>().ToList();

    /// <summary>The combined table: index, each axis, each output (invariant culture, round-trip precision).</summary>
    public static string ToCsv(StudyDefinition study, IReadOnlyList<PointResult> results)
    {
        var outputs = OutputNames(study);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', new[] { "index" }.Concat(study.Axes.Select(a => a.Name)).Concat(outputs))).Append('\n');
        foreach (var r in results.OrderBy(r => r.Index))
        {
            var o = r.Outputs;
            sb.Append(string.Join(',', new[] { r.Index.ToString(CultureInfo.InvariantCulture) }
                .Concat(study.Axes.Select(a => Format(r.Inputs[a.Name])))
                .Concat(outputs.Select(k => o.TryGetValue(k, out var v) ? Format(v) : ""))));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>The outputs of the study's stages that are available, in chain order.</summary>
    public static IReadOnlyList<string> OutputNames(StudyDefinition study) =>
        study.Stages.Where(s => s is "twin" or "transport" or "morphology").SelectMany(StudyStages.Outputs).ToList();

    /// <summary>A Deedle frame: one row per point (index), one column per axis and output.</summary>
    public static Frame<int, string> ToFrame(StudyDefinition study, IReadOnlyList<PointResult> results)
    {
        var outputs = OutputNames(study);
        var rows = results.OrderBy(r => r.Index).ToList();
        var columns = study.Axes.Select(a => (a.Name, rows.Select(r => r.Inputs[a.Name]).ToArray()))
            .Concat(outputs.Select(k => (k, rows.Select(r => r.Outputs.TryGetValue(k, out var v) ? v : double.NaN).ToArray())));
        var frame = Frame.CreateEmpty<int, string>();
        var keys = rows.Select(r => r.Index).ToArray();
        foreach (var (name, values) in columns) frame.AddColumn(name, new Series<int, double>(keys, values));
        return frame;
    }

    /// <summary>Mean and standard deviation over the seed axis of one output, per combination of the other axes.</summary>
    public static IReadOnlyList<SeedStatistics> OverSeeds(StudyDefinition study, IReadOnlyList<PointResult> results, string output)
    {
        var others = study.Axes.Where(a => a.Name != "seed").Select(a => a.Name).ToList();
        return results.Where(r => r.Outputs.ContainsKey(output))
            .GroupBy(r => string.Join(';', others.Select(n => Format(r.Inputs[n]))))
            .Select(g =>
            {
                var v = g.Select(r => r.Outputs[output]).Where(double.IsFinite).ToArray();
                double mean = v.Length > 0 ? v.Average() : double.NaN;
                double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
                return new SeedStatistics(others.ToDictionary(n => n, n => g.First().Inputs[n]), output, mean, sd, v.Length);
            }).ToList();
    }

    /// <summary>The optimum of each objective over the non-seed inputs (seed means), with its seed spread.</summary>
    public static IReadOnlyList<StudyOptimum> Optima(StudyDefinition study, IReadOnlyList<PointResult> results) =>
        Objectives.Where(o => OutputNames(study).Contains(o.Output)).Select(o =>
        {
            var stats = OverSeeds(study, results, o.Output).Where(s => double.IsFinite(s.Mean)).ToList();
            var best = o.Goal == "max" ? stats.MaxBy(s => s.Mean) : stats.MinBy(s => s.Mean);
            return best is null ? null : new StudyOptimum(o.Output, o.Goal, best.Inputs, best.Mean, best.StandardDeviation, best.Seeds);
        }).OfType<StudyOptimum>().ToList();

    /// <summary>The summary written to DIR/summary.json.</summary>
    public static IReadOnlyDictionary<string, object> Summary(StudyDefinition study, IReadOnlyList<PointResult> results) => new Dictionary<string, object>
    {
        ["study"] = study.Name,
        ["study_hash"] = study.Hash(),
        ["points"] = results.Count,
        ["stages"] = study.Stages.Select(s => new Dictionary<string, object?>
        {
            ["stage"] = s,
            ["status"] = results.FirstOrDefault()?.Stages.FirstOrDefault(x => x.Stage == s)?.Status,
            ["reason"] = results.FirstOrDefault()?.Stages.FirstOrDefault(x => x.Stage == s)?.Reason,
        }).ToList(),
        ["optima"] = Optima(study, results).Select(o => new Dictionary<string, object>
        {
            ["output"] = o.Output, ["goal"] = o.Goal, ["inputs"] = o.Inputs, ["mean"] = o.Mean, ["sd_over_seeds"] = o.StandardDeviation, ["seeds"] = o.Seeds,
        }).ToList(),
    };

    static string Format(double v) => double.IsPositiveInfinity(v) ? "Infinity" : v.ToString("R", CultureInfo.InvariantCulture);
}
