namespace ResearchKit.Microstructure.Metrics;

/// <summary>One bin of a pore-size distribution: diameters in [LowerUm, UpperUm) and the fraction of pore volume in it.</summary>
public sealed record PoreSizeBin(double LowerUm, double UpperUm, double VolumeFraction);

/// <summary>Morphology of a labelled volume (Fig 5d of the paper and beyond).</summary>
/// <param name="Axis">Axis of the through-connectivity check.</param>
/// <param name="VolumeFractions">Label -> fraction of all voxels.</param>
/// <param name="ConnectedFractions">Label -> fraction of all voxels that carry the label and lie in clusters touching a face normal to the axis.</param>
/// <param name="ThroughFractions">Label -> fraction of all voxels that carry the label and lie in clusters touching both faces
/// normal to the axis (the same basis as <see cref="VolumeFractions"/> and as the solver's through_fraction, so through &lt;= volume fraction).</param>
/// <param name="MeanPoreSizeUm">Volume-weighted mean local-thickness diameter of the pore label (NaN if there is no pore).</param>
/// <param name="PoreSizeDistribution">Local-thickness diameter histogram of the pore label, one bin per voxel of diameter.</param>
/// <param name="InterfaceAreaPerVolumePerUm">(a, b), a &lt; b -> corrected interface area per total volume in 1/um.</param>
/// <param name="Seconds">Wall time of the analysis, s.</param>
public sealed record MorphologyResult(
    VolumeAxis Axis,
    IReadOnlyDictionary<byte, double> VolumeFractions,
    IReadOnlyDictionary<byte, double> ConnectedFractions,
    IReadOnlyDictionary<byte, double> ThroughFractions,
    double MeanPoreSizeUm,
    IReadOnlyList<PoreSizeBin> PoreSizeDistribution,
    IReadOnlyDictionary<(byte A, byte B), double> InterfaceAreaPerVolumePerUm,
    double Seconds);

/// <summary>Facade: all morphology metrics of a volume in one call.</summary>
public static class Morphology
{
    /// <summary>Volume fractions, connectivity per label, pore size (local thickness of <paramref name="poreLabel"/>) and interface areas.</summary>
    public static MorphologyResult Analyse(LabelVolume v, VolumeAxis axis = VolumeAxis.Z, byte poreLabel = 0)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var vf = v.VolumeFractions();
        var conn = new SortedDictionary<byte, double>();
        var thr = new SortedDictionary<byte, double>();
        var mask = new byte[v.Count];
        foreach (var label in vf.Keys)
        {
            for (int i = 0; i < mask.Length; i++) mask[i] = v.Labels[i] == label ? (byte)1 : (byte)0;
            var c = Connectivity.Analyse(mask, v.Nz, v.Ny, v.Nx, axis);
            conn[label] = c.ConnectedCount / (double)v.Count;
            thr[label] = c.ThroughCount / (double)v.Count;
        }
        double mean = double.NaN;
        var bins = new List<PoreSizeBin>();
        if (vf.ContainsKey(poreLabel))
        {
            for (int i = 0; i < mask.Length; i++) mask[i] = v.Labels[i] == poreLabel ? (byte)1 : (byte)0;
            var lt = LocalThickness.Radii(mask, v.Nz, v.Ny, v.Nx);
            (mean, bins) = PoreSizes(lt, mask, v.VoxelUm);
        }
        var areas = new SortedDictionary<(byte, byte), double>();
        double volume = v.Count * Math.Pow(v.VoxelUm, 3);
        foreach (var (pair, faces) in Interfaces.AllFaceCounts(v))
            areas[pair] = 2.0 / 3.0 * faces * v.VoxelUm * v.VoxelUm / volume;
        return new MorphologyResult(axis, vf, conn, thr, mean, bins, areas, sw.Elapsed.TotalSeconds);
    }

    /// <summary>Mean diameter (um) and a one-voxel-wide diameter histogram from local-thickness radii (voxels).</summary>
    public static (double MeanUm, List<PoreSizeBin> Bins) PoreSizes(float[] radii, byte[] inside, double voxelUm)
    {
        double sum = 0; long n = 0;
        var hist = new List<long>();
        for (int i = 0; i < radii.Length; i++)
        {
            if (inside[i] == 0) continue;
            float r = radii[i];
            if (float.IsInfinity(r)) continue; // a phase filling the whole volume has no finite size
            double dia = 2.0 * r;
            sum += dia; n++;
            int bin = (int)Math.Floor(dia);
            while (hist.Count <= bin) hist.Add(0);
            hist[bin]++;
        }
        var bins = new List<PoreSizeBin>();
        for (int k = 0; k < hist.Count; k++)
            if (hist[k] > 0) bins.Add(new PoreSizeBin(k * voxelUm, (k + 1) * voxelUm, hist[k] / (double)n));
        return (n == 0 ? double.NaN : sum / n * voxelUm, bins);
    }
}
