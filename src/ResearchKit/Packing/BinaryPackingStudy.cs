using Deedle;
using ResearchKit.Packing.Theory;

namespace ResearchKit.Packing;

/// <summary>One point of a binary packing study: simulated packing fraction and the two model predictions.</summary>
public sealed record BinaryPackingPoint(double SizeRatio, double FinesFraction, int Count, double SimulatedPackingFraction,
    double Westman, double Cpm, double MaxRelativeOverlap, double Seconds);

/// <summary>Simulation of binary packings across the fines fraction against Westman/Yu-Standish and CPM.</summary>
public static class BinaryPackingStudy
{
    /// <summary>Simulated monodisperse packing fraction of <see cref="DensePacking"/> (periodic, N = 1000 seeds 1-6: 0.640-0.642; N = 1500-5000 seed 1: 0.638-0.639).</summary>
    public const double MonodisperseSimulated = 0.640;

    /// <summary>CPM compaction index used for the comparison (de Larrard: 9 for vibration plus compression).</summary>
    public const double CompactionIndexK = 9;

    /// <summary>Westman/Yu-Standish prediction with both classes packing alone at <paramref name="phiMono"/>; arguments in the order of <see cref="BimodalPackingModels.Westman"/> (fines fraction first).</summary>
    public static double Westman(double finesFraction, double sizeRatio, double phiMono = MonodisperseSimulated) =>
        BimodalPackingModels.Westman(finesFraction, sizeRatio, phiMono, phiMono);

    /// <summary>CPM prediction at K = 9 with virtual densities beta = phiMono (1 + 1/K), so each class alone packs at phiMono.</summary>
    public static double Cpm(double finesFraction, double sizeRatio, double phiMono = MonodisperseSimulated)
    {
        double beta = BimodalPackingModels.VirtualFromActual(phiMono, CompactionIndexK);
        return BimodalPackingModels.Cpm(finesFraction, sizeRatio, beta, beta, CompactionIndexK);
    }

    /// <summary>
    /// Packs <paramref name="count"/> spheres (periodic cube, large radius 1 um) at each fines VOLUME fraction and returns
    /// simulation and theory side by side. Deterministic for a seed.
    /// </summary>
    public static IReadOnlyList<BinaryPackingPoint> Run(double sizeRatio, IEnumerable<double> finesFractions, int count, ulong seed = 1, IProgress<string>? progress = null)
    {
        var points = new List<BinaryPackingPoint>();
        foreach (double fines in finesFractions)
        {
            var radii = BinaryMixtures.Radii(count, 1.0, sizeRatio, 1 - fines);
            var species = radii.Select(r => r == 1.0 ? 1 : 2).ToArray();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var result = DensePacking.Pack(new PackingRequest(radii, species, 0, 0, false, seed));
            var p = new BinaryPackingPoint(sizeRatio, fines, count, result.PackingFraction, Westman(fines, sizeRatio), Cpm(fines, sizeRatio),
                result.MaxRelativeOverlap, sw.Elapsed.TotalSeconds);
            progress?.Report($"r = {sizeRatio}, fines {fines}: simulated {p.SimulatedPackingFraction:F4}, Westman {p.Westman:F4}, CPM {p.Cpm:F4}");
            points.Add(p);
        }
        return points;
    }

    /// <summary>Points as a Deedle frame (one row per point, columns named after the record properties).</summary>
    public static Frame<int, string> ToFrame(IEnumerable<BinaryPackingPoint> points) => Frame.FromRecords(points);

    /// <summary>Fines fraction and packing fraction of the maximum of both models at each size ratio (grid of 0.001).</summary>
    public static Frame<int, string> ModelMaxima(IEnumerable<double> sizeRatios, double phiMono = MonodisperseSimulated)
    {
        var rows = sizeRatios.Select(r =>
        {
            var w = BimodalPackingModels.Maximum(x => Westman(x, r, phiMono));
            var c = BimodalPackingModels.Maximum(x => Cpm(x, r, phiMono));
            return new { SizeRatio = r, WestmanFinesAtMax = w.FinesFraction, WestmanMax = w.PackingFraction, CpmFinesAtMax = c.FinesFraction, CpmMax = c.PackingFraction };
        }).ToList();
        return Frame.FromRecords(rows);
    }
}
