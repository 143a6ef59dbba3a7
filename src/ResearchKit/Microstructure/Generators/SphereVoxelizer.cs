using ResearchKit.Packing;

namespace ResearchKit.Microstructure.Generators;

/// <summary>
/// Rasterises a sphere packing onto a voxel grid: a voxel belongs to a sphere when its centre lies inside it.
/// x and y are periodic with edges nx*voxel and ny*voxel; z starts at 0 (voxel k covers [k v, (k+1) v)).
/// </summary>
public static class SphereVoxelizer
{
    /// <summary>
    /// Writes each sphere's species code into <paramref name="labels"/> and, when given, its 1-based index into
    /// <paramref name="particleIds"/> (0 = no particle). Voxels labelled 0 before the call are the only ones written.
    /// </summary>
    /// <remarks>
    /// Where spheres overlap (packers leave small residual overlaps), the voxel goes to the sphere with the smallest power
    /// distance |x - c|^2 - r^2 (the radical plane between the two spheres), ties to the lower index, so the result does not
    /// depend on the order of work or on the thread count. Work is split by z plane.
    /// </remarks>
    public static void Voxelize(IReadOnlyList<Sphere> spheres, int nz, int ny, int nx, double voxelUm,
        byte[] labels, int[]? particleIds = null, int maxDegreeOfParallelism = -1)
    {
        long n = (long)nz * ny * nx;
        if (labels.LongLength != n) throw new ArgumentException("labels length does not match the shape", nameof(labels));
        if (particleIds is not null && particleIds.LongLength != n) throw new ArgumentException("particle id length does not match the shape", nameof(particleIds));
        double v = voxelUm;
        // Bucket the spheres by the z planes whose voxel centres they can contain (CSR lists, sphere order kept).
        var counts = new int[nz + 1];
        var zr = new (int Lo, int Hi)[spheres.Count];
        for (int i = 0; i < spheres.Count; i++)
        {
            var s = spheres[i];
            int lo = Math.Max(0, (int)Math.Ceiling((s.ZUm - s.RadiusUm) / v - 0.5));
            int hi = Math.Min(nz - 1, (int)Math.Floor((s.ZUm + s.RadiusUm) / v - 0.5));
            zr[i] = (lo, hi);
            for (int k = lo; k <= hi; k++) counts[k + 1]++;
        }
        for (int k = 0; k < nz; k++) counts[k + 1] += counts[k];
        var list = new int[counts[nz]];
        var fill = (int[])counts.Clone();
        for (int i = 0; i < spheres.Count; i++)
            for (int k = zr[i].Lo; k <= zr[i].Hi; k++) list[fill[k]++] = i;

        int plane = ny * nx;
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, nz, po, () => (Power: new double[plane], Owner: new int[plane]), (k, _, buf) =>
        {
            var (power, owner) = buf;
            Array.Fill(power, 0.0);
            Array.Fill(owner, -1);
            double zc = (k + 0.5) * v;
            for (int li = counts[k]; li < counts[k + 1]; li++)
            {
                int i = list[li];
                var s = spheres[i];
                double dz = zc - s.ZUm, r2 = s.RadiusUm * s.RadiusUm;
                double rr = r2 - dz * dz;
                if (rr <= 0) continue;
                double ry = Math.Sqrt(rr);
                int y0 = (int)Math.Ceiling((s.YUm - ry) / v - 0.5), y1 = (int)Math.Floor((s.YUm + ry) / v - 0.5);
                for (int yi = y0; yi <= y1; yi++)
                {
                    double dy = (yi + 0.5) * v - s.YUm;
                    double rx2 = rr - dy * dy;
                    if (rx2 < 0) continue;
                    double rx = Math.Sqrt(rx2);
                    int x0 = (int)Math.Ceiling((s.XUm - rx) / v - 0.5), x1 = (int)Math.Floor((s.XUm + rx) / v - 0.5);
                    int yw = ((yi % ny) + ny) % ny;
                    int rowBase = yw * nx;
                    for (int xi = x0; xi <= x1; xi++)
                    {
                        double dx = (xi + 0.5) * v - s.XUm;
                        double p = dx * dx + dy * dy + dz * dz - r2;
                        if (p >= 0) continue;
                        int xw = ((xi % nx) + nx) % nx;
                        int idx = rowBase + xw;
                        if (owner[idx] < 0 || p < power[idx]) { power[idx] = p; owner[idx] = i; }
                    }
                }
            }
            int b = k * plane;
            for (int j = 0; j < plane; j++)
            {
                int o = owner[j];
                if (o < 0 || labels[b + j] != 0) continue;
                labels[b + j] = (byte)spheres[o].Species;
                if (particleIds is not null) particleIds[b + j] = o + 1;
            }
            return buf;
        }, _ => { });
    }
}
