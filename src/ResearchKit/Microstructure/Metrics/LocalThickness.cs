namespace ResearchKit.Microstructure.Metrics;

/// <summary>
/// Local thickness (Hildebrand and Rüegsegger 1997, J. Microsc. 185, 67): each voxel of a phase gets the radius of the largest
/// sphere that fits inside the phase and covers it. Sphere radii are the Euclidean distance to the nearest voxel centre of
/// another phase (PoreSpy's local_thickness convention, so a slit w voxels wide has diameter w).
/// </summary>
public static class LocalThickness
{
    /// <summary>
    /// Local-thickness radius in voxels per voxel (0 outside the phase). Only "ridge" centres are painted: a sphere at c is
    /// contained in the sphere of a face neighbour n whenever dt(n) >= dt(c) + 1, so such c are skipped. Painting is
    /// parallel over z slabs of the output, each slab taking the maximum over the spheres that cut it (deterministic).
    /// </summary>
    public static float[] Radii(byte[] inside, int nz, int ny, int nx)
    {
        return RadiiCore(inside, nz, ny, nx);
    }

    /// <summary>
    /// 2-D local thickness of an image (ny rows of nx pixels): the same algorithm on a one-slice volume, so discs replace
    /// spheres and the kit's exact EDT is reused (its z pass is skipped for a single slice). Radius in pixels per pixel.
    /// </summary>
    public static float[] Radii2D(byte[] inside, int ny, int nx) => RadiiCore(inside, 1, ny, nx);

    static float[] RadiiCore(byte[] inside, int nz, int ny, int nx)
    {
        var d2 = DistanceTransform.SquaredEuclidean(inside, nz, ny, nx);
        int n = d2.Length, nyx = ny * nx;
        var dt = new float[n];
        for (int i = 0; i < n; i++) dt[i] = MathF.Sqrt(d2[i]);
        d2 = null!;
        // Ridge centres.
        var centres = new List<int>[nz];
        Parallel.For(0, nz, z =>
        {
            var list = new List<int>();
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = (z * ny + y) * nx + x;
                    float r = dt[i];
                    if (r <= 0 || float.IsInfinity(r)) continue;
                    float r1 = r + 1f;
                    if ((x > 0 && dt[i - 1] >= r1) || (x < nx - 1 && dt[i + 1] >= r1) || (y > 0 && dt[i - nx] >= r1) ||
                        (y < ny - 1 && dt[i + nx] >= r1) || (z > 0 && dt[i - nyx] >= r1) || (z < nz - 1 && dt[i + nyx] >= r1)) continue;
                    list.Add(i);
                }
            centres[z] = list;
        });
        float maxR = 0;
        foreach (var l in centres) foreach (var i in l) maxR = Math.Max(maxR, dt[i]);
        int reach = (int)Math.Ceiling(maxR);
        var lt = new float[n];
        Parallel.For(0, nz, z =>
        {
            int z0 = Math.Max(0, z - reach), z1 = Math.Min(nz - 1, z + reach);
            for (int cz = z0; cz <= z1; cz++)
                foreach (int c in centres[cz])
                {
                    float r = dt[c];
                    double r2 = (double)r * r;
                    double dz2 = (double)(z - cz) * (z - cz);
                    if (dz2 >= r2) continue;
                    int cy = c / nx % ny, cx = c % nx;
                    double ry = Math.Sqrt(r2 - dz2);
                    int y0 = Math.Max(0, (int)Math.Ceiling(cy - ry)), y1 = Math.Min(ny - 1, (int)Math.Floor(cy + ry));
                    for (int y = y0; y <= y1; y++)
                    {
                        double rem = r2 - dz2 - (double)(y - cy) * (y - cy);
                        if (rem <= 0) continue;
                        double rx = Math.Sqrt(rem);
                        int x0 = Math.Max(0, (int)Math.Ceiling(cx - rx)), x1 = Math.Min(nx - 1, (int)Math.Floor(cx + rx));
                        int row = (z * ny + y) * nx;
                        for (int x = x0; x <= x1; x++)
                        {
                            double dx = x - cx;
                            if (dx * dx < rem && lt[row + x] < r) lt[row + x] = r;
                        }
                    }
                }
        });
        // Voxels of the phase no ridge sphere reached (cannot happen for an exact ridge set, kept as a guard): own radius.
        for (int i = 0; i < n; i++) if (inside[i] != 0 && lt[i] == 0 && !float.IsInfinity(dt[i])) lt[i] = dt[i];
        return lt;
    }
}

/// <summary>Chord lengths: lengths of the runs of a phase along lines parallel to an axis.</summary>
public static class ChordLength
{
    /// <summary>Counts of chords by length in voxels (index = length; index 0 unused). Chords cut by the volume faces are included.</summary>
    public static long[] Histogram(byte[] inside, int nz, int ny, int nx, VolumeAxis axis)
    {
        int len = axis switch { VolumeAxis.X => nx, VolumeAxis.Y => ny, _ => nz };
        int stride = axis switch { VolumeAxis.X => 1, VolumeAxis.Y => nx, _ => ny * nx };
        var counts = new long[len + 1];
        int lines = (int)((long)nz * ny * nx / len);
        for (int l = 0; l < lines; l++)
        {
            int start = axis switch
            {
                VolumeAxis.X => l * nx,
                VolumeAxis.Y => (l / nx) * ny * nx + l % nx,
                _ => l,
            };
            int run = 0;
            for (int k = 0; k < len; k++)
            {
                if (inside[start + k * stride] != 0) run++;
                else if (run > 0) { counts[run]++; run = 0; }
            }
            if (run > 0) counts[run]++;
        }
        return counts;
    }
}
