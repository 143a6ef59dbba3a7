using System.Numerics;

namespace ResearchKit.Packing;

/// <summary>Checks on a finished packing: overlaps, wall confinement, bond-orientational order (crystallinity), contacts.</summary>
public static class PackingMetrics
{
    /// <summary>
    /// Pairs closer than <paramref name="gapFactor"/> x (r_i + r_j) in the box of <paramref name="result"/> (periodic in x,y,
    /// and in z unless walls): each pair once (i &lt; j, nearest image). O(N) by a cell grid sized to the largest diameter,
    /// with explicit image enumeration so small boxes are handled.
    /// </summary>
    public static List<(int I, int J, double Dx, double Dy, double Dz, double Distance)> Pairs(PackingResult result, bool wallsInZ, double gapFactor = 1.0)
    {
        var s = result.Spheres;
        int n = s.Length;
        double rmax = 0;
        foreach (var sp in s) rmax = Math.Max(rmax, sp.RadiusUm);
        double c = 2 * rmax * gapFactor;
        double lx = result.BoxXUm, ly = result.BoxYUm, lz = result.BoxZUm;
        int nx = Math.Max(1, (int)(lx / c)), ny = Math.Max(1, (int)(ly / c)), nz = Math.Max(1, (int)(lz / c));
        double cx = lx / nx, cy = ly / ny, cz = lz / nz;
        var cells = new List<int>[nx * ny * nz];
        for (int k = 0; k < cells.Length; k++) cells[k] = new List<int>();
        int Cell(double v, double cs, int nn) => Math.Clamp((int)Math.Floor(v / cs), 0, nn - 1);
        for (int i = 0; i < n; i++) cells[(Cell(s[i].ZUm, cz, nz) * ny + Cell(s[i].YUm, cy, ny)) * nx + Cell(s[i].XUm, cx, nx)].Add(i);
        var pairs = new List<(int, int, double, double, double, double)>();
        for (int i = 0; i < n; i++)
        {
            var a = s[i];
            double range = (a.RadiusUm + rmax) * gapFactor;
            int kx0 = (int)Math.Floor((a.XUm - range) / cx), kx1 = (int)Math.Floor((a.XUm + range) / cx);
            int ky0 = (int)Math.Floor((a.YUm - range) / cy), ky1 = (int)Math.Floor((a.YUm + range) / cy);
            int kz0 = (int)Math.Floor((a.ZUm - range) / cz), kz1 = (int)Math.Floor((a.ZUm + range) / cz);
            if (wallsInZ) { kz0 = Math.Max(0, kz0); kz1 = Math.Min(nz - 1, kz1); }
            for (int kz = kz0; kz <= kz1; kz++)
            {
                int wz = wallsInZ ? kz : ((kz % nz) + nz) % nz; double oz = wallsInZ ? 0 : (kz - wz) / nz * lz;
                for (int ky = ky0; ky <= ky1; ky++)
                {
                    int wy = ((ky % ny) + ny) % ny; double oy = (ky - wy) / ny * ly;
                    for (int kx = kx0; kx <= kx1; kx++)
                    {
                        int wx = ((kx % nx) + nx) % nx; double ox = (kx - wx) / nx * lx;
                        foreach (int j in cells[(wz * ny + wy) * nx + wx])
                        {
                            if (j <= i) continue;
                            var b = s[j];
                            double dx = b.XUm + ox - a.XUm, dy = b.YUm + oy - a.YUm, dz = b.ZUm + oz - a.ZUm;
                            double d = Math.Sqrt(dx * dx + dy * dy + dz * dz), cut = (a.RadiusUm + b.RadiusUm) * gapFactor;
                            if (d < cut) pairs.Add((i, j, dx, dy, dz, d));
                        }
                    }
                }
            }
        }
        return pairs;
    }

    /// <summary>Largest relative overlap (r_i + r_j - d)/(r_i + r_j) over all pairs, and wall penetration / radius with walls.</summary>
    public static double MaxRelativeOverlap(PackingResult result, bool wallsInZ)
    {
        double m = 0;
        foreach (var p in Pairs(result, wallsInZ, 1.0))
        {
            double sig = result.Spheres[p.I].RadiusUm + result.Spheres[p.J].RadiusUm;
            m = Math.Max(m, (sig - p.Distance) / sig);
        }
        if (wallsInZ)
            foreach (var sp in result.Spheres)
                m = Math.Max(m, Math.Max(sp.RadiusUm - sp.ZUm, sp.ZUm + sp.RadiusUm - result.BoxZUm) / sp.RadiusUm);
        return m;
    }

    /// <summary>
    /// Global bond-orientational order Q_l (Steinhardt, Nelson and Ronchetti, Phys. Rev. B 28, 784 (1983)) over all
    /// bonds between spheres closer than <paramref name="bondFactor"/> x (r_i + r_j):
    /// Q_l = sqrt(4 pi / (2l+1) sum_m |&lt;Y_lm(bond)&gt;|^2). Q6 = 0.575 for fcc, 0.485 for hcp, and about 1/sqrt(bonds)
    /// (near 0) for an amorphous packing. Also returns the mean local q6 (same sum over each sphere's own bonds), which is
    /// about 0.35-0.45 in random packings and 0.575 in fcc.
    /// </summary>
    public static (double GlobalQ, double MeanLocalQ, int Bonds) BondOrientationalOrder(PackingResult result, bool wallsInZ, int l = 6, double bondFactor = 1.2)
    {
        int n = result.Spheres.Length;
        var pairs = Pairs(result, wallsInZ, bondFactor);
        var global = new Complex[l + 1];
        var local = new Complex[n, l + 1];
        var count = new int[n];
        var ylm = new Complex[l + 1];
        foreach (var p in pairs)
        {
            double ct = p.Dz / p.Distance, phi = Math.Atan2(p.Dy, p.Dx);
            SphericalHarmonics(l, ct, phi, ylm);
            for (int m = 0; m <= l; m++)
            {
                global[m] += ylm[m];
                // Reverse bond: Y_lm(-r) = (-1)^l Y_lm(r); l even here so the same value.
                local[p.I, m] += ylm[m];
                local[p.J, m] += (l % 2 == 0 ? 1 : -1) * ylm[m];
            }
            count[p.I]++; count[p.J]++;
        }
        int nb = pairs.Count;
        double Q(Complex[] q, int cnt)
        {
            if (cnt == 0) return 0;
            double sum = (q[0] / cnt).Magnitude * (q[0] / cnt).Magnitude;
            for (int m = 1; m <= l; m++) { double a = (q[m] / cnt).Magnitude; sum += 2 * a * a; }
            return Math.Sqrt(4 * Math.PI / (2 * l + 1) * sum);
        }
        double qg = Q(global, nb);
        double acc = 0; int used = 0;
        var tmp = new Complex[l + 1];
        for (int i = 0; i < n; i++)
        {
            if (count[i] == 0) continue;
            for (int m = 0; m <= l; m++) tmp[m] = local[i, m];
            acc += Q(tmp, count[i]); used++;
        }
        return (qg, used > 0 ? acc / used : 0, nb);
    }

    /// <summary>Y_lm(theta, phi) for m = 0..l (orthonormal, Condon-Shortley phase), from the associated Legendre recursion.</summary>
    static void SphericalHarmonics(int l, double cosTheta, double phi, Complex[] y)
    {
        double x = Math.Clamp(cosTheta, -1, 1), sx = Math.Sqrt(Math.Max(0, 1 - x * x));
        for (int m = 0; m <= l; m++)
        {
            // P_m^m = (-1)^m (2m-1)!! (1-x^2)^(m/2), then upward in degree to P_l^m.
            double pmm = 1;
            for (int k = 1; k <= m; k++) pmm *= -(2 * k - 1) * sx;
            double plm;
            if (l == m) plm = pmm;
            else
            {
                double pm1 = x * (2 * m + 1) * pmm;
                if (l == m + 1) plm = pm1;
                else
                {
                    double a = pmm, b = pm1;
                    for (int ll = m + 2; ll <= l; ll++)
                    {
                        double c = (x * (2 * ll - 1) * b - (ll + m - 1) * a) / (ll - m);
                        a = b; b = c;
                    }
                    plm = b;
                }
            }
            double ratio = 1; // (l-m)!/(l+m)!
            for (int k = l - m + 1; k <= l + m; k++) ratio /= k;
            double norm = Math.Sqrt((2 * l + 1) / (4 * Math.PI) * ratio);
            y[m] = norm * plm * Complex.FromPolarCoordinates(1, m * phi);
        }
    }

    /// <summary>
    /// Contacts by the kit's one criterion (<see cref="Packing.Contacts.Pairs"/>): pairs with centre distance at most
    /// (1 + <paramref name="tolerance"/>) (r_i + r_j), default <see cref="Packing.Contacts.JammedGapTolerance"/> (the geometric contacts
    /// of a jammed packing). Returns the pairs (i &lt; j) and the mean coordination number 2 x contacts / N.
    /// </summary>
    public static (List<(int I, int J)> Contacts, double MeanCoordination) Contacts(PackingResult result, bool wallsInZ, double tolerance = Packing.Contacts.JammedGapTolerance)
    {
        var pairs = Packing.Contacts.Pairs(result.Spheres, result.BoxXUm, result.BoxYUm, wallsInZ ? null : result.BoxZUm, tolerance).ToList();
        return (pairs, result.Spheres.Length > 0 ? 2.0 * pairs.Count / result.Spheres.Length : 0);
    }
}
