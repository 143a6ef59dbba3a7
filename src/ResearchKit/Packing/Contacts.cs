namespace ResearchKit.Packing;

/// <summary>CAM-CAM contacts of a sphere packing by size class (paper Fig 5f, Table S12) and the mean coordination number.</summary>
/// <param name="LargeLarge">Contacts between two large particles.</param>
/// <param name="LargeSmall">Contacts between a large and a small particle.</param>
/// <param name="SmallSmall">Contacts between two small particles.</param>
/// <param name="Particles">Number of particles.</param>
/// <param name="GapTolerance">Relative gap tolerance used (see <see cref="Contacts.Count"/>).</param>
public sealed record ContactCounts(int LargeLarge, int LargeSmall, int SmallSmall, int Particles, double GapTolerance)
{
    /// <summary>All particle-particle contacts.</summary>
    public int Total => LargeLarge + LargeSmall + SmallSmall;

    /// <summary>Mean coordination number Z = 2 x contacts / particles (wall contacts not counted).</summary>
    public double CoordinationNumber => Particles == 0 ? 0 : 2.0 * Total / Particles;
}

/// <summary>Counts contacts between spheres of a packing that is periodic in x and y.</summary>
public static class Contacts
{
    /// <summary>
    /// Counts pairs (i, j) with centre distance |c_i - c_j| &lt;= (1 + gapTolerance)(r_i + r_j), over the periodic images in x and y.
    /// </summary>
    /// <param name="spheres">The packing (um).</param>
    /// <param name="boxXUm">Periodic edge in x (um).</param>
    /// <param name="boxYUm">Periodic edge in y (um).</param>
    /// <param name="gapTolerance">Relative gap that still counts as a contact (default 0.02: a jammed packing's touching pairs sit
    /// at a relative gap of about 1e-3 or less, while the next neighbour shell is further than a few percent away; pressed
    /// powders touch over a finite area, so a small tolerance is the usual choice in DEM/GeoDict contact counting).</param>
    /// <param name="largeSpecies">Species code of the "large" class (default 1 = NCWA); every other species is "small".</param>
    /// <remarks>
    /// Each image pair counts once: two large spheres in a narrow box can touch through two different periodic images.
    /// Cost O(N^2 / 2) per image with a cheap z reject; fine for twins (10^3-10^4 particles).
    /// </remarks>
    public static ContactCounts Count(IReadOnlyList<Sphere> spheres, double boxXUm, double boxYUm, double gapTolerance = 0.02, int largeSpecies = 1)
    {
        if (gapTolerance < 0 || !double.IsFinite(gapTolerance)) throw new InvalidInputException($"expected a non-negative tolerance, got {gapTolerance}", field: "gap_tolerance");
        int n = spheres.Count;
        var sorted = Enumerable.Range(0, n).OrderBy(i => spheres[i].ZUm).ThenBy(i => i).ToArray();
        double rMax = n == 0 ? 0 : spheres.Max(s => s.RadiusUm);
        double f = 1 + gapTolerance;
        var ll = new long[1]; var ls = new long[1]; var ss = new long[1];
        Parallel.For(0, n, () => (LL: 0L, LS: 0L, SS: 0L), (a, _, acc) =>
        {
            var si = spheres[sorted[a]];
            bool li = si.Species == largeSpecies;
            for (int b = a + 1; b < n; b++)
            {
                var sj = spheres[sorted[b]];
                double dz = sj.ZUm - si.ZUm;
                if (dz > f * (si.RadiusUm + rMax)) break; // sorted by z: nobody further up can touch
                double reach = f * (si.RadiusUm + sj.RadiusUm);
                if (dz > reach) continue;
                for (int ix = -1; ix <= 1; ix++)
                    for (int iy = -1; iy <= 1; iy++)
                    {
                        double dx = sj.XUm + ix * boxXUm - si.XUm, dy = sj.YUm + iy * boxYUm - si.YUm;
                        if (dx * dx + dy * dy + dz * dz > reach * reach) continue;
                        bool lj = sj.Species == largeSpecies;
                        if (li && lj) acc.LL++; else if (li || lj) acc.LS++; else acc.SS++;
                    }
            }
            return acc;
        }, acc => { Interlocked.Add(ref ll[0], acc.LL); Interlocked.Add(ref ls[0], acc.LS); Interlocked.Add(ref ss[0], acc.SS); });
        return new ContactCounts((int)ll[0], (int)ls[0], (int)ss[0], n, gapTolerance);
    }
}
