namespace ResearchKit.Microstructure.Metrics;

/// <summary>
/// Exact Euclidean distance transform, separable (Felzenszwalb and Huttenlocher 2012, "Distance transforms of sampled
/// functions", Theory of Computing 8, 415): three 1-D lower-envelope passes of parabolas, each parallel over lines.
/// </summary>
public static class DistanceTransform
{
    /// <summary>
    /// Squared distance, in voxels^2, from each voxel with <paramref name="inside"/>[i] != 0 to the centre of the nearest voxel
    /// with inside = 0 (0 for those). Voxels outside the volume do not count as boundary (scipy's distance_transform_edt
    /// convention); a volume with no outside voxel at all gives +infinity everywhere.
    /// </summary>
    public static float[] SquaredEuclidean(byte[] inside, int nz, int ny, int nx)
    {
        long n = (long)nz * ny * nx;
        if (inside.LongLength != n) throw new ArgumentException($"mask has {inside.LongLength} voxels, shape needs {n}", nameof(inside));
        var d = new float[n];
        const float Inf = float.PositiveInfinity;
        for (long i = 0; i < n; i++) d[i] = inside[i] != 0 ? Inf : 0f;
        int nyx = ny * nx;
        // Pass along x (contiguous), then y, then z; each line copied to a scratch buffer.
        Parallel.For(0, nz * ny, () => new Scratch(Math.Max(nx, Math.Max(ny, nz))), (line, _, s) =>
        {
            int b = line * nx;
            for (int x = 0; x < nx; x++) s.F[x] = d[b + x];
            Envelope(s, nx);
            for (int x = 0; x < nx; x++) d[b + x] = s.D[x];
            return s;
        }, _ => { });
        Parallel.For(0, nz * nx, () => new Scratch(Math.Max(nx, Math.Max(ny, nz))), (line, _, s) =>
        {
            int z = line / nx, x = line % nx, b = z * nyx + x;
            for (int y = 0; y < ny; y++) s.F[y] = d[b + y * nx];
            Envelope(s, ny);
            for (int y = 0; y < ny; y++) d[b + y * nx] = s.D[y];
            return s;
        }, _ => { });
        // A pass along an axis of length 1 changes nothing (a 2-D image is a one-slice volume): skip it.
        if (nz > 1) Parallel.For(0, nyx, () => new Scratch(Math.Max(nx, Math.Max(ny, nz))), (line, _, s) =>
        {
            for (int z = 0; z < nz; z++) s.F[z] = d[line + z * nyx];
            Envelope(s, nz);
            for (int z = 0; z < nz; z++) d[line + z * nyx] = s.D[z];
            return s;
        }, _ => { });
        return d;
    }

    sealed class Scratch(int n)
    {
        public readonly float[] F = new float[n], D = new float[n];
        public readonly int[] V = new int[n];
        public readonly double[] Z = new double[n + 1];
    }

    /// <summary>D[q] = min_p (q - p)^2 + F[p] by the lower envelope of parabolas; infinite F are skipped.</summary>
    static void Envelope(Scratch s, int n)
    {
        var f = s.F; var v = s.V; var z = s.Z;
        int k = -1;
        for (int q = 0; q < n; q++)
        {
            if (float.IsPositiveInfinity(f[q])) continue;
            if (k < 0) { k = 0; v[0] = q; z[0] = double.NegativeInfinity; z[1] = double.PositiveInfinity; continue; }
            double sq;
            while (true)
            {
                int p = v[k];
                sq = ((f[q] + (double)q * q) - (f[p] + (double)p * p)) / (2.0 * (q - p));
                if (sq <= z[k]) { k--; if (k < 0) break; } else break;
            }
            k++;
            v[k] = q;
            z[k] = k == 0 ? double.NegativeInfinity : sq;
            z[k + 1] = double.PositiveInfinity;
        }
        if (k < 0) { Array.Fill(s.D, float.PositiveInfinity, 0, n); return; }
        int j = 0;
        for (int q = 0; q < n; q++)
        {
            while (z[j + 1] < q) j++;
            double dq = q - v[j];
            s.D[q] = (float)(dq * dq + f[v[j]]);
        }
    }
}
