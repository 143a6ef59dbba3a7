using System.Diagnostics;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport;

namespace ResearchKit.Cli.Benchmarks;

static class TransportBench
{
    public static Dictionary<string, object> Row(ConductionResult r, double genSeconds) => new()
    {
        ["tau"] = Math.Round(r.Tau, 6),
        ["volume_fraction"] = Math.Round(r.VolumeFraction, 4),
        ["through_fraction"] = Math.Round(r.ThroughFraction, 4),
        ["iterations"] = r.Iterations,
        ["residual"] = r.Residual,
        ["current_mismatch"] = r.CurrentMismatch,
        ["multigrid_levels"] = r.MultigridLevels,
        ["solve_seconds"] = Math.Round(r.Seconds, 2),
        ["generate_seconds"] = Math.Round(genSeconds, 2),
        ["process_cpu_seconds_so_far"] = Math.Round(Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, 2),
        ["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 0),
    };

    sealed class Progress(Action<string> a) : IProgress<string>
    {
        public void Report(string value) => a(value);
    }

    public static (LabelVolume V, double Seconds) Spheres(int nz, int ny, int nx, double radius, double pore, ulong seed)
    {
        var sw = Stopwatch.StartNew();
        var v = TransportGeometries.OverlappingSpheres(nz, ny, nx, radius, pore, seed);
        return (v, sw.Elapsed.TotalSeconds);
    }

    public static ConductionOptions Options(Action<string> progress, VolumeAxis axis = VolumeAxis.Z)
    {
        // Residual 1e-5 puts tau within ~3e-7 relative (ConductionSolverMoreTests.ResidualToleranceControlsTauError),
        // i.e. "tau to 1e-5 relative" with a wide margin.
        var o = new ConductionOptions { Axis = axis, Progress = new Progress(progress), RelativeTolerance = 1e-5 };
        // Tuning hooks for experiments (not part of the documented CLI).
        if (Environment.GetEnvironmentVariable("RK_MG_SWEEPS") is { } s) o = o with { SmoothingSweeps = int.Parse(s) };
        if (Environment.GetEnvironmentVariable("RK_MG_OMEGA") is { } w) o = o with { OverCorrection = double.Parse(w, System.Globalization.CultureInfo.InvariantCulture) };
        return o;
    }
}

/// <summary>256^3 overlapping-sphere medium, pore (conducting) fraction about 25 %, tau to 1e-5 relative (target &lt; 15 s, 2 cores).</summary>
public sealed class Tortuosity256Benchmark : IBenchmark
{
    public string Name => "tortuosity-256";
    public string Description => "256^3 overlapping spheres, ~25 % conducting, tau to 1e-5 relative (target < 15 s on 2 cores)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        int n = quick ? 96 : 256;
        var (v, gen) = TransportBench.Spheres(n, n, n, n / 32.0, 0.25, 42);
        progress($"generated {n}^3 in {gen:F2} s");
        var r = ConductionSolver.SolveBinary(v, 0, TransportBench.Options(progress));
        progress(r.ToString());
        var row = TransportBench.Row(r, gen);
        row["size"] = $"{n}^3";
        return row;
    }
}

/// <summary>Iterations and time from 64^3 to 512^3 (the iteration count should stay nearly flat).</summary>
public sealed class TortuosityScalingBenchmark : IBenchmark
{
    public string Name => "tortuosity-scaling";
    public string Description => "overlapping spheres (radius 8 voxels, 25 % conducting) at 64^3, 128^3, 256^3, 512^3: iterations and seconds";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var result = new Dictionary<string, object>();
        foreach (int n in quick ? new[] { 32, 64 } : new[] { 64, 128, 256, 512 })
        {
            var (v, gen) = TransportBench.Spheres(n, n, n, 8, 0.25, 42);
            var r = ConductionSolver.SolveBinary(v, 0, TransportBench.Options(progress));
            progress($"{n}^3: {r}");
            foreach (var (k, val) in TransportBench.Row(r, gen)) result[$"n{n}_{k}"] = val;
            v = null!;
            GC.Collect();
        }
        return result;
    }
}

/// <summary>
/// The paper box at 0.1 um (400 x 400 x 600 voxels, 96 million), binary and multiphase (target &lt; 3 min each, peak &lt; 6 GB).
/// Synthetic stand-in: overlapping spheres (radius 15 voxels = 1.5 um) with labels 0 pore, 1 CAM, 3 SSE.
/// </summary>
public sealed class TortuosityPaperBoxBenchmark : IBenchmark
{
    public string Name => "tortuosity-paperbox";
    public string Description => "400x400x600 (96 M voxels) binary and multiphase along the 600 axis (target < 3 min each, peak < 6 GB)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        int nz = quick ? 120 : 600, ny = quick ? 80 : 400, nx = quick ? 80 : 400;
        var sw = Stopwatch.StartNew();
        // Solids (label 1) fill 70 %; a second sphere population turns part of the solid into SSE (label 3).
        var v = TransportGeometries.OverlappingSpheres(nz, ny, nx, 15, 0.30, 2024, 0.1);
        var sse = TransportGeometries.OverlappingSpheres(nz, ny, nx, 10, 0.55, 7, 0.1);
        for (int i = 0; i < v.Labels.Length; i++) if (v.Labels[i] == 1 && sse.Labels[i] == 1) v.Labels[i] = 3;
        sse = null!;
        GC.Collect();
        double gen = sw.Elapsed.TotalSeconds;
        progress($"generated {nz}x{ny}x{nx} in {gen:F1} s");
        var result = new Dictionary<string, object>();
        var b = ConductionSolver.SolveBinary(v, 3, TransportBench.Options(progress));
        progress($"binary (SSE): {b}");
        foreach (var (k, val) in TransportBench.Row(b, gen)) result[$"binary_{k}"] = val;
        GC.Collect();
        var m = ConductionSolver.Solve(v, new Dictionary<byte, double> { [0] = 0, [1] = 1e-3, [3] = 1.0 }, TransportBench.Options(progress));
        progress($"multiphase: {m}");
        foreach (var (k, val) in TransportBench.Row(m, gen)) result[$"multiphase_{k}"] = val;
        return result;
    }
}

/// <summary>Local thickness (pore size) of the pore phase of a 256^3 overlapping-sphere volume.</summary>
public sealed class LocalThickness256Benchmark : IBenchmark
{
    public string Name => "local-thickness-256";
    public string Description => "256^3 overlapping spheres (25 % pore): EDT + local thickness of the pore phase";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        int n = quick ? 96 : 256;
        var (v, gen) = TransportBench.Spheres(n, n, n, n / 32.0, 0.25, 42);
        var mask = new byte[v.Count];
        for (int i = 0; i < mask.Length; i++) mask[i] = v.Labels[i] == 0 ? (byte)1 : (byte)0;
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var d2 = DistanceTransform.SquaredEuclidean(mask, n, n, n);
        double edt = sw.Elapsed.TotalSeconds;
        d2 = null!;
        var lt = LocalThickness.Radii(mask, n, n, n);
        double total = sw.Elapsed.TotalSeconds;
        var (mean, bins) = Morphology.PoreSizes(lt, mask, 1.0);
        progress($"EDT {edt:F2} s, EDT + local thickness {total:F2} s, mean diameter {mean:F3} voxels");
        return new Dictionary<string, object>
        {
            ["size"] = $"{n}^3",
            ["edt_seconds"] = Math.Round(edt, 2),
            ["local_thickness_seconds_including_edt"] = Math.Round(total, 2),
            ["cpu_seconds"] = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds, 2),
            ["mean_pore_diameter_voxels"] = Math.Round(mean, 3),
            ["bins"] = bins.Count,
            ["generate_seconds"] = Math.Round(gen, 2),
        };
    }
}
