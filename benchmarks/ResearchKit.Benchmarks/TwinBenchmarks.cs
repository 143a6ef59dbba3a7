using System.Diagnostics;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Packing;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Voxelization + SSE filling of the paper box (40 x 40 um, blend 7:3, default loading) at 0.1 um, about 10^8 voxels
/// (issue 3 target: under 20 s, peak memory under 3 GB). The dense packing runs first and is not timed
/// (it has its own benchmark in the packing work).
/// </summary>
public sealed class TwinVoxelizeFillBenchmark : IBenchmark
{
    public string Name => "twin-voxelize-fill";
    public string Description => "paper box 40x40 um, blend 7:3, voxel 0.1 um (~1e8 voxels): voxelization + SSE filling (target < 20 s, < 3 GB)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        double voxel = quick ? 0.25 : 0.1;
        var spec = TwinSpec.Default(0.7, 1, voxel);
        var pop = TwinPopulation.Sample(spec);
        var swPack = Stopwatch.StartNew();
        // As TwinGenerator.Build: pack the CAM with the SSE interlayer (r + t/2), voxelize at r.
        double half = spec.SseInterlayerUm / 2;
        var packing = DensePacking.Pack(new PackingRequest(pop.RadiiUm.Select(r => r + half).ToArray(), pop.Species, spec.BoxXUm, spec.BoxYUm, true, spec.Seed));
        packing = packing with { Spheres = packing.Spheres.Select(q => q with { RadiusUm = q.RadiusUm - half }).ToArray() };
        double packSeconds = swPack.Elapsed.TotalSeconds;
        progress($"packed {pop.Count} particles in {packSeconds:F1} s (not timed below)");
        GC.Collect();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var twin = TwinGenerator.FromPacking(spec, packing, "DensePacking.Pack", new ProgressAction(progress), particleIds: true);
        double seconds = sw.Elapsed.TotalSeconds;
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        return new Dictionary<string, object>
        {
            ["voxels"] = twin.Volume.Count,
            ["shape_zyx"] = $"{twin.Volume.Nz}x{twin.Volume.Ny}x{twin.Volume.Nx}",
            ["voxelize_fill_seconds"] = Math.Round(seconds, 2),
            ["voxelize_fill_cpu_seconds"] = Math.Round(cpu, 2),
            ["distance_transforms"] = twin.Fill.DistanceTransforms,
            ["packing_seconds_untimed"] = Math.Round(packSeconds, 1),
            ["porosity"] = Math.Round(twin.Porosity, 4),
            ["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0, 0),
            ["cores"] = Environment.ProcessorCount,
        };
    }

    sealed class ProgressAction(Action<string> a) : IProgress<string>
    {
        public void Report(string value) => a(value);
    }
}
