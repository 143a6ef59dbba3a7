using System.Numerics;
using System.Runtime.CompilerServices;

namespace ResearchKit.Transport.Solvers;

/// <summary>
/// One level of the multigrid hierarchy: a structured grid (N0, N1, N2), C order, axis 0 = flux axis (never periodic),
/// axes 1 and 2 optionally periodic. The operator is a weighted graph Laplacian plus a Dirichlet term on the first and last
/// planes: (A x)_i = D_i x_i - sum_j g_ij x_j, G_a[i] the conductance of the link between i and its +1 neighbour along axis a
/// (wrapped when periodic, zero when there is no link), D_i = sum of the six link conductances of i + its Dirichlet conductance.
/// D_i is recomputed from the links on the fly rather than stored: a stored float32 diagonal rounds differently from the
/// links and acts as a spurious sink to ground whose effect accumulates over the volume (measured 2e-5 relative on a laminate).
/// Rows with D_i = 0 are inactive (non-conducting or non-percolating voxels) and stay at zero.
/// Piecewise-constant aggregation of 2x2x2 blocks keeps this structure on every coarse level (the Galerkin product
/// P^T A P of a 7-point graph Laplacian under block aggregation is again a 7-point graph Laplacian).
/// </summary>
internal sealed class ConductanceGrid
{
    public readonly int N0, N1, N2;
    public readonly int Plane; // N1 * N2
    public readonly int Count;
    public readonly float[] G0, G1, G2;
    /// <summary>Dirichlet conductances of the first (inlet) and last (outlet) planes, length Plane each.</summary>
    public readonly float[] BndLow, BndHigh;

    public ConductanceGrid(int n0, int n1, int n2)
    {
        N0 = n0; N1 = n1; N2 = n2; Plane = n1 * n2; Count = n0 * Plane;
        G0 = new float[Count]; G1 = new float[Count]; G2 = new float[Count];
        BndLow = new float[Plane]; BndHigh = new float[Plane];
    }

    int Wrap1(int i1) => i1 < 0 ? N1 - 1 : i1 >= N1 ? 0 : i1;
    int Wrap0(int i0) => i0 < 0 ? N0 - 1 : i0 >= N0 ? 0 : i0;

    /// <summary>Diagonal of row (i0, i1, i2): sum of link conductances plus the Dirichlet term.</summary>
    public double Diagonal(int i0, int i1, int i2)
    {
        int i = (i0 * N1 + i1) * N2 + i2;
        int k = i1 * N2 + i2;
        double d = (double)G0[i] + G1[i] + G2[i] + G0[Wrap0(i0 - 1) * Plane + k]
            + G1[(i0 * N1 + Wrap1(i1 - 1)) * N2 + i2] + G2[(i0 * N1 + i1) * N2 + (i2 == 0 ? N2 - 1 : i2 - 1)];
        if (i0 == 0) d += BndLow[k];
        if (i0 == N0 - 1) d += BndHigh[k];
        return d;
    }

    /// <summary>Galerkin coarse grid of 2x2x2 aggregates (an axis of length 1 stays 1).</summary>
    public ConductanceGrid Coarsen()
    {
        int c0 = (N0 + 1) / 2, c1 = N1 == 1 ? 1 : (N1 + 1) / 2, c2 = N2 == 1 ? 1 : (N2 + 1) / 2;
        var c = new ConductanceGrid(c0, c1, c2);
        int s1 = N1 == 1 ? 0 : 1, s2 = N2 == 1 ? 0 : 1;
        Parallel.For(0, c0, k0 =>
        {
            for (int k1 = 0; k1 < c1; k1++)
                for (int k2 = 0; k2 < c2; k2++)
                {
                    int ci = (k0 * c1 + k1) * c2 + k2;
                    double g0 = 0, g1 = 0, g2 = 0, bl = 0, bh = 0;
                    for (int a = 0; a < 2; a++)
                    {
                        int i0 = 2 * k0 + a; if (i0 >= N0) break;
                        for (int b = 0; b <= s1; b++)
                        {
                            int i1 = 2 * k1 + b; if (i1 >= N1) break;
                            for (int e = 0; e <= s2; e++)
                            {
                                int i2 = 2 * k2 + e; if (i2 >= N2) break;
                                int fi = (i0 * N1 + i1) * N2 + i2;
                                if (i0 == 0) bl += BndLow[i1 * N2 + i2];
                                if (i0 == N0 - 1) bh += BndHigh[i1 * N2 + i2];
                                // A link to the +1 neighbour is either internal to the aggregate (it drops out of the
                                // coarse Laplacian) or joins this aggregate to the next one.
                                if (i0 + 1 < N0 && ((i0 + 1) >> 1) != k0) g0 += G0[fi];
                                int j1 = i1 + 1 == N1 ? 0 : i1 + 1;
                                if (N1 > 1 && (j1 >> 1) != k1) g1 += G1[fi];
                                int j2 = i2 + 1 == N2 ? 0 : i2 + 1;
                                if (N2 > 1 && (j2 >> 1) != k2) g2 += G2[fi];
                            }
                        }
                    }
                    // A wrapped link from an aggregate to itself (coarse length 1) is a self loop: no coupling.
                    if (c1 == 1) g1 = 0;
                    if (c2 == 1) g2 = 0;
                    c.G0[ci] = (float)g0; c.G1[ci] = (float)g1; c.G2[ci] = (float)g2;
                    if (k0 == 0) c.BndLow[k1 * c2 + k2] = (float)bl;
                    if (k0 == c0 - 1) c.BndHigh[k1 * c2 + k2] = (float)bh;
                }
        });
        return c;
    }

    /// <summary>
    /// One Gauss-Seidel half sweep over the cells of one colour ((i0+i1+i2) mod 2), in place, parallel over planes.
    /// Inactive cells are set to zero.
    /// </summary>
    public void GaussSeidelColour(float[] x, double[] b, int colour)
    {
        Parallel.For(0, N0, i0 =>
        {
            int p0 = i0 * Plane;
            int pm = Wrap0(i0 - 1) * Plane, pp = Wrap0(i0 + 1) * Plane;
            for (int i1 = 0; i1 < N1; i1++)
            {
                int r = p0 + i1 * N2;
                int rm1 = p0 + Wrap1(i1 - 1) * N2, rp1 = p0 + Wrap1(i1 + 1) * N2;
                int off = i1 * N2;
                int start = (colour + i0 + i1) & 1;
                for (int i2 = start; i2 < N2; i2 += 2)
                {
                    int i = r + i2;
                    int i2m = i2 == 0 ? N2 - 1 : i2 - 1, i2p = i2 == N2 - 1 ? 0 : i2 + 1;
                    float a2 = G2[i], b2 = G2[r + i2m], a1 = G1[i], b1 = G1[rm1 + i2], a0 = G0[i], b0 = G0[pm + off + i2];
                    double d = (double)a2 + b2 + a1 + b1 + a0 + b0;
                    if (i0 == 0) d += BndLow[off + i2];
                    if (i0 == N0 - 1) d += BndHigh[off + i2];
                    if (d == 0) { x[i] = 0f; continue; }
                    double s = b[i]
                        + a2 * x[r + i2p] + b2 * x[r + i2m]
                        + a1 * x[rp1 + i2] + b1 * x[rm1 + i2]
                        + a0 * x[pp + off + i2] + b0 * x[pm + off + i2];
                    x[i] = (float)(s / d);
                }
            }
        });
    }

    /// <summary>r = b - A x restricted (summed over each 2x2x2 aggregate) into the coarse right-hand side.</summary>
    public void RestrictResidual(float[] x, double[] b, ConductanceGrid coarse, double[] bc)
    {
        int c2 = coarse.N2;
        int sh1 = N1 == 1 ? 0 : 1, sh2 = N2 == 1 ? 0 : 1;
        Parallel.For(0, coarse.N0, k0 =>
        {
            int cbase = k0 * coarse.Plane;
            Array.Clear(bc, cbase, coarse.Plane);
            for (int a = 0; a < 2; a++)
            {
                int i0 = 2 * k0 + a; if (i0 >= N0) break;
                int p0 = i0 * Plane, pm = Wrap0(i0 - 1) * Plane, pp = Wrap0(i0 + 1) * Plane;
                for (int i1 = 0; i1 < N1; i1++)
                {
                    int r = p0 + i1 * N2, off = i1 * N2;
                    int rm1 = p0 + Wrap1(i1 - 1) * N2, rp1 = p0 + Wrap1(i1 + 1) * N2;
                    int crow = cbase + (i1 >> sh1) * c2;
                    for (int i2 = 0; i2 < N2; i2++)
                    {
                        int i = r + i2;
                        int i2m = i2 == 0 ? N2 - 1 : i2 - 1, i2p = i2 == N2 - 1 ? 0 : i2 + 1;
                        float a2 = G2[i], b2 = G2[r + i2m], a1 = G1[i], b1 = G1[rm1 + i2], a0 = G0[i], b0 = G0[pm + off + i2];
                        double d = (double)a2 + b2 + a1 + b1 + a0 + b0;
                        if (i0 == 0) d += BndLow[off + i2];
                        if (i0 == N0 - 1) d += BndHigh[off + i2];
                        if (d == 0) continue;
                        double ax = d * x[i]
                            - a2 * x[r + i2p] - b2 * x[r + i2m]
                            - a1 * x[rp1 + i2] - b1 * x[rm1 + i2]
                            - a0 * x[pp + off + i2] - b0 * x[pm + off + i2];
                        bc[crow + (i2 >> sh2)] += b[i] - ax;
                    }
                }
            }
        });
    }

    /// <summary>x += scale * P xc (piecewise-constant prolongation). Inactive cells are re-zeroed by the post-smoother.</summary>
    public void ProlongAdd(float[] x, ConductanceGrid coarse, float[] xc, float scale)
    {
        int sh1 = N1 == 1 ? 0 : 1, sh2 = N2 == 1 ? 0 : 1;
        Parallel.For(0, N0, i0 =>
        {
            int cp = (i0 >> 1) * coarse.Plane;
            for (int i1 = 0; i1 < N1; i1++)
            {
                int r = (i0 * N1 + i1) * N2;
                int crow = cp + (i1 >> sh1) * coarse.N2;
                if (sh2 == 1)
                {
                    for (int i2 = 0; i2 < N2; i2++) x[r + i2] += scale * xc[crow + (i2 >> 1)];
                }
                else
                    for (int i2 = 0; i2 < N2; i2++) x[r + i2] += scale * xc[crow + i2];
            }
        });
    }

    /// <summary>y = A x for a float32 x (coarse levels of the K-cycle), scalar, parallel over planes.</summary>
    public void ApplyFloat(float[] x, double[] y)
    {
        Parallel.For(0, N0, i0 =>
        {
            int p0 = i0 * Plane, pm = Wrap0(i0 - 1) * Plane, pp = Wrap0(i0 + 1) * Plane;
            for (int i1 = 0; i1 < N1; i1++)
            {
                int r = p0 + i1 * N2, off = i1 * N2;
                int rm1 = p0 + Wrap1(i1 - 1) * N2, rp1 = p0 + Wrap1(i1 + 1) * N2;
                for (int i2 = 0; i2 < N2; i2++)
                {
                    int i = r + i2;
                    int i2m = i2 == 0 ? N2 - 1 : i2 - 1, i2p = i2 == N2 - 1 ? 0 : i2 + 1;
                    float a2 = G2[i], b2 = G2[r + i2m], a1 = G1[i], b1 = G1[rm1 + i2], a0 = G0[i], b0 = G0[pm + off + i2];
                    double d = (double)a2 + b2 + a1 + b1 + a0 + b0;
                    if (i0 == 0) d += BndLow[off + i2];
                    if (i0 == N0 - 1) d += BndHigh[off + i2];
                    y[i] = d * x[i]
                        - a2 * x[r + i2p] - b2 * x[r + i2m]
                        - a1 * x[rp1 + i2] - b1 * x[rm1 + i2]
                        - a0 * x[pp + off + i2] - b0 * x[pm + off + i2];
                }
            }
        });
    }

    /// <summary>
    /// q = A p in float64 (SIMD along axis 2, float32 conductances widened per lane); returns p.q.
    /// Deterministic: per-plane partial sums are added in plane order.
    /// </summary>
    public double Apply(double[] p, double[] q)
    {
        var partial = new double[N0];
        Parallel.For(0, N0, i0 =>
        {
            int p0 = i0 * Plane, pm = Wrap0(i0 - 1) * Plane, pp = Wrap0(i0 + 1) * Plane;
            float[]? bl = i0 == 0 ? BndLow : null, bh = i0 == N0 - 1 ? BndHigh : null;
            double dot = 0;
            for (int i1 = 0; i1 < N1; i1++)
            {
                int r = p0 + i1 * N2, off = i1 * N2;
                int rm1 = p0 + Wrap1(i1 - 1) * N2, rp1 = p0 + Wrap1(i1 + 1) * N2;
                dot += ApplyRow(p, q, r, rm1, rp1, pm + off, pp + off, off, bl, bh);
            }
            partial[i0] = dot;
        });
        double s = 0;
        for (int i = 0; i < N0; i++) s += partial[i];
        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    double ApplyRow(double[] p, double[] q, int r, int rm1, int rp1, int rm0, int rp0, int off, float[]? bl, float[]? bh)
    {
        double dot = 0;
        int n = N2;
        int vf = Vector<float>.Count, vd = Vector<double>.Count;
        // Row ends (wrap along axis 2) are scalar; the interior [1, n-1) uses SIMD.
        dot += ApplyScalar(p, q, r, rm1, rp1, rm0, rp0, off, bl, bh, 0);
        int i2 = 1;
        if (Vector.IsHardwareAccelerated && n - 2 >= vf)
        {
            var acc = Vector<double>.Zero;
            for (; i2 + vf <= n - 1; i2 += vf)
            {
                int i = r + i2;
                var a2 = new Vector<float>(G2, i); var b2 = new Vector<float>(G2, i - 1);
                var a1 = new Vector<float>(G1, i); var b1 = new Vector<float>(G1, rm1 + i2);
                var a0 = new Vector<float>(G0, i); var b0 = new Vector<float>(G0, rm0 + i2);
                Vector.Widen(a2, out var a2l, out var a2h); Vector.Widen(b2, out var b2l, out var b2h);
                Vector.Widen(a1, out var a1l, out var a1h); Vector.Widen(b1, out var b1l, out var b1h);
                Vector.Widen(a0, out var a0l, out var a0h); Vector.Widen(b0, out var b0l, out var b0h);
                var dl = a2l + b2l + a1l + b1l + a0l + b0l;
                var dh = a2h + b2h + a1h + b1h + a0h + b0h;
                if (bl is not null) { Vector.Widen(new Vector<float>(bl, off + i2), out var l, out var h); dl += l; dh += h; }
                if (bh is not null) { Vector.Widen(new Vector<float>(bh, off + i2), out var l, out var h); dl += l; dh += h; }
                var pl = new Vector<double>(p, i); var ph = new Vector<double>(p, i + vd);
                var lo = dl * pl
                    - a2l * new Vector<double>(p, i + 1) - b2l * new Vector<double>(p, i - 1)
                    - a1l * new Vector<double>(p, rp1 + i2) - b1l * new Vector<double>(p, rm1 + i2)
                    - a0l * new Vector<double>(p, rp0 + i2) - b0l * new Vector<double>(p, rm0 + i2);
                var hi = dh * ph
                    - a2h * new Vector<double>(p, i + 1 + vd) - b2h * new Vector<double>(p, i - 1 + vd)
                    - a1h * new Vector<double>(p, rp1 + i2 + vd) - b1h * new Vector<double>(p, rm1 + i2 + vd)
                    - a0h * new Vector<double>(p, rp0 + i2 + vd) - b0h * new Vector<double>(p, rm0 + i2 + vd);
                lo.CopyTo(q, i); hi.CopyTo(q, i + vd);
                acc += lo * pl + hi * ph;
            }
            dot += Vector.Sum(acc);
        }
        for (; i2 < n; i2++) dot += ApplyScalar(p, q, r, rm1, rp1, rm0, rp0, off, bl, bh, i2);
        return dot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    double ApplyScalar(double[] p, double[] q, int r, int rm1, int rp1, int rm0, int rp0, int off, float[]? bl, float[]? bh, int i2)
    {
        int i = r + i2;
        int i2m = i2 == 0 ? N2 - 1 : i2 - 1, i2p = i2 == N2 - 1 ? 0 : i2 + 1;
        float a2 = G2[i], b2 = G2[r + i2m], a1 = G1[i], b1 = G1[rm1 + i2], a0 = G0[i], b0 = G0[rm0 + i2];
        double d = (double)a2 + b2 + a1 + b1 + a0 + b0;
        if (bl is not null) d += bl[off + i2];
        if (bh is not null) d += bh[off + i2];
        double v = d * p[i]
            - a2 * p[r + i2p] - b2 * p[r + i2m]
            - a1 * p[rp1 + i2] - b1 * p[rm1 + i2]
            - a0 * p[rp0 + i2] - b0 * p[rm0 + i2];
        q[i] = v;
        return v * p[i];
    }
}
