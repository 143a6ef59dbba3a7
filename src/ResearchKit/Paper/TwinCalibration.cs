using System.Globalization;
using System.Text;
using MathNet.Numerics.Optimization;
using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Paper;

/// <summary>One twin built during the interlayer calibration.</summary>
/// <param name="Sample">Cathode name (CAM10:0 or CAM0:10).</param>
/// <param name="SseInterlayerUm">Interlayer thickness t of this twin (um).</param>
/// <param name="Seed">Twin seed.</param>
/// <param name="VoxelUm">Voxel edge (um).</param>
/// <param name="Porosity">Pore volume fraction of the twin (0..1).</param>
/// <param name="CamPackingFraction">CAM voxel fraction (0..1).</param>
/// <param name="ThicknessUm">Electrode thickness (um).</param>
public sealed record InterlayerEvaluation(string Sample, double SseInterlayerUm, ulong Seed, double VoxelUm, double Porosity,
    double CamPackingFraction, double ThicknessUm);

/// <summary>
/// Result of the one declared calibration of the twin: the SSE interlayer t fitted on the two unimodal cathodes only.
/// </summary>
/// <param name="SseInterlayerUm">Calibrated t (um): minimiser of the seed-mean squared error.</param>
/// <param name="StdErrorUm">Standard error of t (um) propagated from the seed-to-seed scatter of the two porosities
/// (delta method: sigma_t = sqrt(sum g_c^2 s_c^2) / sum g_c^2, g_c = d phi_c / dt from a line through the evaluations near t, s_c =
/// standard error of the seed mean at t).</param>
/// <param name="JackknifeStdErrorUm">Leave-one-seed-out jackknife standard error of t (um) on the same linearised porosities
/// (NaN for a single seed).</param>
/// <param name="ObjectiveAtMinimum">Sum over the two cathodes of (seed-mean porosity - SEM porosity)^2 at t (fraction^2).</param>
/// <param name="Iterations">Golden-section iterations (MathNet <c>GoldenSectionMinimizer</c>).</param>
/// <param name="Converged">True when the minimiser met its x tolerance.</param>
/// <param name="ExitReason">The minimiser's exit reason.</param>
/// <param name="XToleranceUm">Bracket width at which the search stops (um).</param>
/// <param name="VoxelUm">Voxel edge of the calibration twins (um).</param>
/// <param name="Seeds">Seeds averaged per evaluation.</param>
/// <param name="LargeSample">The large-only cathode's row at t: seed mean and SD of porosity, and its SEM target.</param>
/// <param name="SmallSample">The small-only cathode's row at t.</param>
/// <param name="Evaluations">Every twin built, in the order built (sample, t, seed, porosity ...).</param>
public sealed record InterlayerCalibrationResult(
    double SseInterlayerUm, double StdErrorUm, double JackknifeStdErrorUm, double ObjectiveAtMinimum, int Iterations, bool Converged,
    string ExitReason, double XToleranceUm, double VoxelUm, IReadOnlyList<ulong> Seeds,
    CalibrationTarget LargeSample, CalibrationTarget SmallSample, IReadOnlyList<InterlayerEvaluation> Evaluations);

/// <summary>One unimodal cathode at the calibrated t.</summary>
/// <param name="Sample">Cathode name.</param>
/// <param name="PorositySem">The paper's SEM porosity (Table S1; fraction).</param>
/// <param name="PorosityMean">Seed mean of the twins' porosity at the evaluation nearest t (fraction).</param>
/// <param name="PorositySd">Sample standard deviation over seeds (fraction).</param>
/// <param name="SlopePerUm">d(seed-mean porosity)/dt near t (1/um), from a line through the evaluations within the window.</param>
public sealed record CalibrationTarget(string Sample, double PorositySem, double PorosityMean, double PorositySd, double SlopePerUm);

/// <summary>
/// The twin's single calibration (issue 9): the SSE interlayer thickness t, fitted on the unimodal cathodes CAM10:0 and CAM0:10 ONLY
/// against their SEM porosity (Table S1: 16.8 and 18.0 %), averaged over several seeds, with a continuous 1-D minimiser
/// (golden section, MathNet). The blends are predictions and never enter the fit.
/// </summary>
public static class TwinCalibration
{
    /// <summary>The two calibration cathodes (the unimodal ones).</summary>
    public static IReadOnlyList<Sample> CalibrationSamples { get; } = [Samples.Cam10_0, Samples.Cam0_10];

    /// <summary>
    /// Fits t. Each objective evaluation builds both unimodal twins for every seed (slow: 2 x seeds dense packings per evaluation).
    /// </summary>
    /// <param name="seeds">Seeds 1..seeds per cathode and t.</param>
    /// <param name="voxelUm">Voxel edge of the twins (um).</param>
    /// <param name="lowerUm">Lower end of the initial bracket (um, >= 0).</param>
    /// <param name="upperUm">Upper end of the initial bracket (um).</param>
    /// <param name="xToleranceUm">Stop when the bracket is narrower than this (um).</param>
    /// <param name="progress">Progress lines.</param>
    /// <param name="build">Twin builder (default <see cref="TwinGenerator.Build(TwinSpec, IProgress{string}?, bool, int)"/>); tests inject a fast model.</param>
    public static InterlayerCalibrationResult Calibrate(int seeds = 4, double voxelUm = 0.25, double lowerUm = 0.02, double upperUm = 0.14,
        double xToleranceUm = 0.003, IProgress<string>? progress = null, Func<TwinSpec, (double Porosity, double CamPackingFraction, double ThicknessUm)>? build = null)
    {
        InvalidInputException.Require(seeds >= 1, "seeds", $"expected at least one seed, got {seeds}");
        InvalidInputException.Require(double.IsFinite(lowerUm) && lowerUm >= 0, "lower_um", $"expected a non-negative lower bound, got {lowerUm}");
        InvalidInputException.Require(double.IsFinite(upperUm) && upperUm > lowerUm, "upper_um", $"expected upper > lower ({lowerUm}), got {upperUm}");
        InvalidInputException.Require(double.IsFinite(xToleranceUm) && xToleranceUm > 0, "x_tolerance_um", $"expected a positive tolerance, got {xToleranceUm}");
        build ??= s => { var t = TwinGenerator.Build(s, null, particleIds: false); return (t.Porosity, t.CamPackingFraction, t.ThicknessUm); };
        var paper = TwinPorosityStudy.PaperPorosity();
        double Sem(Sample s) => paper.TryGetValue((s.Name, "porosity_sem"), out var v) && v is { } x ? x
            : throw new InvalidInputException($"no SEM porosity for {s.Name} in data/paper/paper-values.csv", field: "porosity_sem");
        var targets = CalibrationSamples.Select(s => (Sample: s, Sem: Sem(s))).ToArray();
        var evaluations = new List<InterlayerEvaluation>();
        var cache = new Dictionary<double, double>();

        double Objective(double t)
        {
            if (t < 0) return 1 + t * t; // outside the physical range: worse than any real misfit, so the search turns back
            if (cache.TryGetValue(t, out var known)) return known;
            double sum = 0;
            foreach (var (sample, sem) in targets)
            {
                double mean = 0;
                for (int seed = 1; seed <= seeds; seed++)
                {
                    var spec = TwinSpec.Default(sample.NcwaMassFraction, (ulong)seed, voxelUm) with { SseInterlayerUm = t };
                    var r = build(spec);
                    evaluations.Add(new InterlayerEvaluation(sample.Name, t, (ulong)seed, voxelUm, r.Porosity, r.CamPackingFraction, r.ThicknessUm));
                    mean += r.Porosity / seeds;
                }
                sum += (mean - sem) * (mean - sem);
                progress?.Report(string.Create(CultureInfo.InvariantCulture, $"calibrate: t = {t:F4} um {sample.Name}: seed-mean porosity {mean:P2} (SEM {sem:P1})"));
            }
            cache[t] = sum;
            return sum;
        }

        var minimizer = new GoldenSectionMinimizer(xToleranceUm, maxIterations: 40, maxExpansionSteps: 4);
        var result = minimizer.FindMinimum(ObjectiveFunction.ScalarValue(Objective), lowerUm, upperUm);
        double tBest = result.MinimizingPoint;
        // Make sure the reported porosities belong to t itself (the minimiser's point is one it evaluated).
        Objective(tBest);
        var rows = targets.Select(x => Target(x.Sample.Name, x.Sem, tBest, evaluations, seeds)).ToArray();
        double sumG2 = rows.Sum(r => r.SlopePerUm * r.SlopePerUm);
        double stdErr = sumG2 > 0 ? Math.Sqrt(rows.Sum(r => r.SlopePerUm * r.SlopePerUm * r.PorositySd * r.PorositySd / seeds)) / sumG2 : double.NaN;
        double jack = Jackknife(targets.Select(x => (x.Sample.Name, x.Sem)).ToArray(), tBest, evaluations, seeds);
        return new InterlayerCalibrationResult(tBest, stdErr, jack, cache[tBest], result.Iterations,
            result.ReasonForExit == ExitCondition.BoundTolerance || result.ReasonForExit == ExitCondition.AbsoluteGradient
            || result.ReasonForExit == ExitCondition.Converged,
            result.ReasonForExit.ToString(), xToleranceUm, voxelUm, Enumerable.Range(1, seeds).Select(i => (ulong)i).ToArray(),
            rows[0], rows[1], evaluations);
    }

    /// <summary>Window (um) either side of t whose evaluations define the local straight line phi(t).</summary>
    public const double SlopeWindowUm = 0.03;

    static CalibrationTarget Target(string sample, double sem, double t, IReadOnlyList<InterlayerEvaluation> evals, int seeds)
    {
        var atT = evals.Where(e => e.Sample == sample && e.SseInterlayerUm == t).Select(e => e.Porosity).ToArray();
        double mean = atT.Average();
        double sd = atT.Length > 1 ? Math.Sqrt(atT.Sum(p => (p - mean) * (p - mean)) / (atT.Length - 1)) : double.NaN;
        var (_, slope) = Line(evals.Where(e => e.Sample == sample && Math.Abs(e.SseInterlayerUm - t) <= SlopeWindowUm), _ => true);
        return new CalibrationTarget(sample, sem, mean, sd, slope);
    }

    /// <summary>Least-squares line porosity = a + b t through the given evaluations (all seeds pooled).</summary>
    static (double A, double B) Line(IEnumerable<InterlayerEvaluation> evals, Func<InterlayerEvaluation, bool> keep)
    {
        var e = evals.Where(keep).ToArray();
        if (e.Select(x => x.SseInterlayerUm).Distinct().Count() < 2) return (e.Length > 0 ? e.Average(x => x.Porosity) : double.NaN, double.NaN);
        double mx = e.Average(x => x.SseInterlayerUm), my = e.Average(x => x.Porosity);
        double sxy = e.Sum(x => (x.SseInterlayerUm - mx) * (x.Porosity - my)), sxx = e.Sum(x => (x.SseInterlayerUm - mx) * (x.SseInterlayerUm - mx));
        double b = sxy / sxx;
        return (my - b * mx, b);
    }

    /// <summary>
    /// Leave-one-seed-out: with porosity_c(t) = a_c + b_c t fitted (near t) on the remaining seeds, the least-squares t is
    /// -sum b_c (a_c - sem_c) / sum b_c^2; the jackknife SE is sqrt((n-1)/n sum (t_i - t_mean)^2).
    /// </summary>
    static double Jackknife((string Sample, double Sem)[] targets, double t, IReadOnlyList<InterlayerEvaluation> evals, int seeds)
    {
        if (seeds < 2) return double.NaN;
        var ts = new List<double>();
        for (int drop = 1; drop <= seeds; drop++)
        {
            double num = 0, den = 0;
            foreach (var (sample, sem) in targets)
            {
                var (a, b) = Line(evals.Where(e => e.Sample == sample && Math.Abs(e.SseInterlayerUm - t) <= SlopeWindowUm), e => e.Seed != (ulong)drop);
                num += b * (a - sem); den += b * b;
            }
            if (den > 0) ts.Add(-num / den);
        }
        if (ts.Count < 2) return double.NaN;
        double m = ts.Average();
        return Math.Sqrt((ts.Count - 1.0) / ts.Count * ts.Sum(x => (x - m) * (x - m)));
    }

    /// <summary>Writes every calibration twin as CSV (sample, sse_interlayer_um, seed, voxel_um, porosity, cam_packing_fraction, thickness_um); atomic.</summary>
    public static void WriteEvaluationsCsv(IEnumerable<InterlayerEvaluation> evaluations, string path)
    {
        var sb = new StringBuilder("sample,sse_interlayer_um,seed,voxel_um,porosity,cam_packing_fraction,thickness_um\n");
        foreach (var e in evaluations.OrderBy(e => e.Sample == Samples.Cam10_0.Name ? 0 : 1).ThenBy(e => e.SseInterlayerUm).ThenBy(e => e.Seed))
            sb.Append(CultureInfo.InvariantCulture, $"{e.Sample},{e.SseInterlayerUm:R},{e.Seed},{e.VoxelUm:R},{e.Porosity:R},{e.CamPackingFraction:R},{e.ThicknessUm:R}\n");
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
    }
}
