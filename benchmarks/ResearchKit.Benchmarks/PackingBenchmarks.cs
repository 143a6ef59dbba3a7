using System.Diagnostics;
using ResearchKit.Packing;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Packing cost against particle count: 1e3, 1e4, 1e5 bidisperse spheres in a periodic cube (cell lists: about linear).</summary>
public sealed class PackingScalingBenchmark : IBenchmark
{
    public string Name => "packing-scaling";
    public string Description => "dense packing of 1e3, 1e4, 1e5 spheres (binary r = 0.5, 70 vol% large), periodic: cost per sphere-iteration about constant";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var results = new Dictionary<string, object>();
        int[] counts = quick ? [1000, 4000] : [1000, 10000, 100000];
        foreach (int n in counts)
        {
            var radii = BinaryMixtures.Radii(n, 1.0, 0.5, 0.7);
            var species = radii.Select(r => r == 1.0 ? 1 : 2).ToArray();
            var sw = Stopwatch.StartNew();
            var r = DensePacking.Pack(new PackingRequest(radii, species, 0, 0, false, 1));
            double s = sw.Elapsed.TotalSeconds;
            progress($"n = {n}: phi {r.PackingFraction:F4}, {r.Iterations} iterations, {s:F1} s");
            results[$"n{n}_seconds"] = Math.Round(s, 2);
            results[$"n{n}_iterations"] = r.Iterations;
            results[$"n{n}_packing_fraction"] = Math.Round(r.PackingFraction, 4);
            results[$"n{n}_ns_per_sphere_iteration"] = Math.Round(s * 1e9 / ((double)n * r.Iterations), 1);
        }
        return results;
    }
}

/// <summary>
/// The paper box: CAM spheres of the five blends (NCWA:NCM 10:0, 8:2, 7:3, 6:4, 0:10 by mass) in 40 x 40 um with walls
/// in z, CAM solid volume for a ~65 um thick electrode at 60 vol% CAM. Target from issue 3: under 30 s per blend on 2 cores.
/// Typical sizes (not the twin's data): NCWA lognormal D10/D50/D90 = 8/12/17 um, NCM 2.2/3.5/5.5 um; both CAMs 4.75 g/cm3,
/// so mass ratio = volume ratio.
/// </summary>
public sealed class PackingPaperBoxBenchmark : IBenchmark
{
    public string Name => "packing-paper-box";
    public string Description => "CAM packing of the five blends in the 40 x 40 um paper box with walls (target < 30 s per blend on 2 cores)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        var ncwa = ParticleSizeDistribution.FromD10D50D90(8, 12, 17);
        var ncm = ParticleSizeDistribution.FromD10D50D90(2.2, 3.5, 5.5);
        double box = 40, thickness = quick ? 30 : 65, camVolume = 0.60 * box * box * thickness;
        var results = new Dictionary<string, object>();
        foreach (double largeMass in new[] { 1.0, 0.8, 0.7, 0.6, 0.0 })
        {
            string tag = $"ncwa{(int)Math.Round(largeMass * 10)}_{(int)Math.Round((1 - largeMass) * 10)}";
            var rl = ncwa.SampleRadiiForVolume(largeMass * camVolume, 11);
            var rs = ncm.SampleRadiiForVolume((1 - largeMass) * camVolume, 12);
            var radii = rl.Concat(rs).ToArray();
            var species = rl.Select(_ => 1).Concat(rs.Select(_ => 2)).ToArray();
            var sw = Stopwatch.StartNew();
            var r = DensePacking.Pack(new PackingRequest(radii, species, box, box, true, 1));
            double s = sw.Elapsed.TotalSeconds;
            progress($"{tag}: {radii.Length} spheres, phi {r.PackingFraction:F4}, Lz {r.BoxZUm:F1} um, {r.Iterations} iterations, {s:F1} s");
            results[$"{tag}_spheres"] = radii.Length;
            results[$"{tag}_seconds"] = Math.Round(s, 2);
            results[$"{tag}_packing_fraction"] = Math.Round(r.PackingFraction, 4);
            results[$"{tag}_thickness_um"] = Math.Round(r.BoxZUm, 2);
            results[$"{tag}_max_relative_overlap"] = r.MaxRelativeOverlap;
        }
        return results;
    }
}
