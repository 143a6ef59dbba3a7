namespace ResearchKit.Microstructure.Generators;

/// <summary>
/// Exact Euclidean distance transform and morphological opening sizes used by the twin generator's SSE filling.
/// Named apart from any Metrics EDT on purpose (this one serves the generator; it is periodic in x and y and can treat the
/// z faces as walls).
/// </summary>
/// <remarks>
/// Squared EDT by separable lower envelopes of parabolas: Felzenszwalb and Huttenlocher, "Distance Transforms of Sampled
/// Functions", Theory of Computing 8 (2012) 415-428. Pass 1 along z is a two-sweep 1-D distance (binary input); passes 2 (y)
/// and 3 (x) are the 1-D parabola envelopes. Periodicity: a line is extended by a margin m = min(n, ceil(sqrt(max f))) on each
/// side, which is exact because the optimal site of a point q lies within sqrt(f(q)) of it.
/// Distances are in voxel units; values are exact integers stored as float (exact below 2^24).
/// </remarks>
public static class PoreThickness
{
    /// <summary>Value used for "no feature on this line" (larger than any squared distance of a real volume).</summary>
    public const float Infinity = 1e30f;

    /// <summary>
    /// Squared Euclidean distance (voxel units squared) from each voxel to the nearest voxel with <paramref name="isFeature"/> true.
    /// </summary>
    /// <param name="labels">C-order (nz, ny, nx) volume.</param>
    /// <param name="isFeature">Feature test per label value (256 entries).</param>
    /// <param name="nz">Voxels along z.</param>
    /// <param name="ny">Voxels along y.</param>
    /// <param name="nx">Voxels along x.</param>
    /// <param name="periodicXY">True: x and y wrap around (the twin box).</param>
    /// <param name="wallsZ">True: virtual feature planes at z = -1 and z = nz (current collector and separator).</param>
    /// <param name="output">Optional buffer of length nz*ny*nx to reuse.</param>
    /// <param name="maxDegreeOfParallelism">-1 = all cores; the result does not depend on it.</param>
    public static float[] SquaredDistance(byte[] labels, bool[] isFeature, int nz, int ny, int nx, bool periodicXY, bool wallsZ,
        float[]? output = null, int maxDegreeOfParallelism = -1)
    {
        var lut = new byte[256];
        for (int i = 0; i < 256 && i < isFeature.Length; i++) lut[i] = isFeature[i] ? (byte)1 : (byte)0;
        return SquaredDistanceCore(i => lut[labels[i]] != 0, labels.Length, nz, ny, nx, periodicXY, wallsZ, output, maxDegreeOfParallelism, Infinity);
    }

    /// <summary>Squared EDT to the voxels where <paramref name="feature"/> is true (any predicate on the flat index).</summary>
    /// <param name="feature">Feature test on the flat C-order index.</param>
    /// <param name="nz">Voxels along z.</param>
    /// <param name="ny">Voxels along y.</param>
    /// <param name="nx">Voxels along x.</param>
    /// <param name="periodicXY">True: x and y wrap around.</param>
    /// <param name="wallsZ">True: feature planes at z = -1 and z = nz.</param>
    /// <param name="output">Optional buffer to reuse.</param>
    /// <param name="maxDegreeOfParallelism">-1 = all cores; the result does not depend on it.</param>
    /// <param name="capSquared">Bounded transform: results below this squared distance are exact; every larger one is
    /// reported as <see cref="Infinity"/> (sites farther than sqrt(cap) are dropped, which makes a morphological
    /// dilation by a ball of radius sqrt(cap) cost about one pass).</param>
    public static float[] SquaredDistance(Func<int, bool> feature, int nz, int ny, int nx, bool periodicXY, bool wallsZ,
        float[]? output = null, int maxDegreeOfParallelism = -1, float capSquared = Infinity) =>
        SquaredDistanceCore(feature, nz * ny * nx, nz, ny, nx, periodicXY, wallsZ, output, maxDegreeOfParallelism, capSquared);

    static float[] SquaredDistanceCore(Func<int, bool> feature, int n, int nz, int ny, int nx, bool periodicXY, bool wallsZ,
        float[]? output, int maxDop, float cap)
    {
        if (n != nz * ny * nx) throw new ArgumentException("volume length does not match the shape");
        var d = output is not null && output.Length == n ? output : new float[n];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDop };
        int plane = ny * nx;
        const float inf = Infinity;
        // Pass 1 (z): two sweeps per (y, x) column, rows processed together for contiguous access.
        Parallel.For(0, ny, po, y =>
        {
            var last = new float[nx];
            Array.Fill(last, wallsZ ? 0f : inf); // distance of the previous plane; wall at z = -1 is one step away
            for (int z = 0; z < nz; z++)
            {
                int b = z * plane + y * nx;
                for (int x = 0; x < nx; x++)
                {
                    float v = feature(b + x) ? 0f : (last[x] >= inf ? inf : last[x] + 1f);
                    d[b + x] = v; last[x] = v;
                }
            }
            Array.Fill(last, wallsZ ? 0f : inf);
            for (int z = nz - 1; z >= 0; z--)
            {
                int b = z * plane + y * nx;
                for (int x = 0; x < nx; x++)
                {
                    float back = last[x] >= inf ? inf : last[x] + 1f;
                    float v = Math.Min(d[b + x], back);
                    last[x] = v;
                    float sq = v >= inf ? inf : v * v;
                    d[b + x] = sq >= cap ? inf : sq;
                }
            }
        });
        // Passes 2 (y) and 3 (x) per z plane.
        Parallel.For(0, nz, po, () => new Envelope(Math.Max(nx, ny), ny), (z, _, env) =>
        {
            int b0 = z * plane;
            var line = env.Line;
            var tile = env.Tile;
            // y pass on tiles of TileWidth columns: each row segment read is one cache line, not one float per line.
            for (int x0 = 0; x0 < nx; x0 += Envelope.TileWidth)
            {
                int w = Math.Min(Envelope.TileWidth, nx - x0);
                for (int y = 0; y < ny; y++)
                    Array.Copy(d, b0 + y * nx + x0, tile, y * Envelope.TileWidth, w);
                for (int c = 0; c < w; c++)
                {
                    bool any = false;
                    for (int y = 0; y < ny; y++) { float f = tile[y * Envelope.TileWidth + c]; line[y] = f; any |= f < cap; }
                    if (!any) { for (int y = 0; y < ny; y++) tile[y * Envelope.TileWidth + c] = Infinity; continue; }
                    env.Transform(ny, periodicXY, cap);
                    for (int y = 0; y < ny; y++) tile[y * Envelope.TileWidth + c] = env.Result[y];
                }
                for (int y = 0; y < ny; y++)
                    Array.Copy(tile, y * Envelope.TileWidth, d, b0 + y * nx + x0, w);
            }
            for (int y = 0; y < ny; y++)
            {
                int b = b0 + y * nx;
                for (int x = 0; x < nx; x++) line[x] = d[b + x];
                env.Transform(nx, periodicXY, cap);
                for (int x = 0; x < nx; x++) d[b + x] = env.Result[x];
            }
            return env;
        }, _ => { });
        return d;
    }

    /// <summary>Work buffers of one thread for the 1-D lower envelope of parabolas.</summary>
    sealed class Envelope(int maxN, int ny)
    {
        public const int TileWidth = 16;
        public readonly float[] Tile = new float[ny * TileWidth];
        public readonly float[] Line = new float[maxN];
        public readonly float[] Result = new float[maxN];
        readonly int[] _v = new int[3 * maxN + 2];
        readonly double[] _z = new double[3 * maxN + 3];
        readonly double[] _f = new double[3 * maxN + 2];

        /// <summary>Result[q] = min_p ((q - p)^2 + Line[p]) over the line of length n (periodic: p ranges over images).</summary>
        public void Transform(int n, bool periodic, float cap)
        {
            float maxF = 0;
            bool any = false, hasInf = false;
            for (int i = 0; i < n; i++)
            {
                float f = Line[i];
                if (f >= cap) { Line[i] = Infinity; hasInf = true; continue; }
                any = true;
                if (f > maxF) maxF = f;
            }
            if (!any) { Array.Fill(Result, Infinity, 0, n); return; }
            // Sites that can matter for a result below cap lie within sqrt(cap) of the point; otherwise within sqrt(f(q)).
            // (an uncapped line with empty points may need sites anywhere on the ring).
            float reach = cap < Infinity ? cap : hasInf ? Infinity : maxF;
            int m = 0;
            if (periodic) m = reach >= Infinity ? n : (int)Math.Min(n, Math.Ceiling(Math.Sqrt(reach)) + 1);
            int k = -1;
            var v = _v; var z = _z; var fv = _f;
            for (int p = -m; p < n + m; p++)
            {
                int src = p < 0 ? p + n : p >= n ? p - n : p; // |p| < 2n because m <= n
                double f = Line[src];
                if (f >= Infinity) continue;
                double fq = f + (double)p * p;
                if (k < 0) { k = 0; v[0] = p; fv[0] = fq; z[0] = double.NegativeInfinity; z[1] = double.PositiveInfinity; continue; }
                double s = (fq - fv[k]) / (2.0 * (p - v[k]));
                while (s <= z[k]) { k--; s = (fq - fv[k]) / (2.0 * (p - v[k])); } // z[0] = -inf ends the loop
                k++;
                v[k] = p; fv[k] = fq; z[k] = s; z[k + 1] = double.PositiveInfinity;
            }
            if (k < 0)
            {
                Array.Fill(Result, Infinity, 0, n);
                return;
            }
            int j = 0;
            for (int q = 0; q < n; q++)
            {
                while (z[j + 1] < q) j++;
                double dq = q - v[j];
                float res = (float)(dq * dq + (fv[j] - (double)v[j] * v[j]));
                Result[q] = res >= cap ? Infinity : res;
            }
        }
    }
}
