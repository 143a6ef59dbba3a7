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

/// <summary>
/// The kit's one contact criterion and pair search: spheres i and j touch when their centre distance, over the periodic images,
/// is at most (1 + gap tolerance)(r_i + r_j). Used by the twins (<see cref="Count"/>) and by the packing metrics
/// (<see cref="PackingMetrics.Contacts"/>), which differ only in the tolerance they ask for, for a stated reason:
/// <see cref="PressedGapTolerance"/> for the contacts of a pressed electrode, <see cref="JammedGapTolerance"/> for the geometric
/// contacts of a jammed packing (isostaticity checks).
/// </summary>
public static class Contacts
{
    /// <summary>
    /// 0.02: pressed powders touch over a finite area, so pairs within 2 % of touching count (the usual choice in DEM/GeoDict
    /// contact counting); the twins' default (data/materials/twin-defaults.csv, contact_gap_tolerance).
    /// </summary>
    public const double PressedGapTolerance = 0.02;

    /// <summary>
    /// 1e-3: the touching pairs of a jammed soft-sphere packing sit at a relative gap of about 1e-3 or less while the next
    /// neighbour shell is a few percent away; this tolerance counts exactly the force-bearing contacts (mean coordination about 6
    /// for frictionless monodisperse spheres, O'Hern et al., PRE 68, 011306, 2003).
    /// </summary>
    public const double JammedGapTolerance = 1e-3;

    /// <summary>
    /// Every touching pair (i &lt; j, sorted), one entry per periodic image that touches. Periodic in x and y with the given edges;
    /// in z periodic with edge <paramref name="periodicZUm"/> or bounded by walls when it is null.
    /// </summary>
    /// <remarks>
    /// Each image pair counts once: two large spheres in a narrow box can touch through two different periodic images.
    /// Spheres sorted by z with an early break (and, periodic in z, a second scan through the lower z image): about N times the
    /// number of neighbours within reach, for twins and packings of 10^3 to 10^5 particles.
    /// </remarks>
    public static IReadOnlyList<(int I, int J)> Pairs(IReadOnlyList<Sphere> spheres, double boxXUm, double boxYUm, double? periodicZUm, double gapTolerance)
    {
        if (gapTolerance < 0 || !double.IsFinite(gapTolerance)) throw new InvalidInputException($"expected a non-negative tolerance, got {gapTolerance}", field: "gap_tolerance");
        int n = spheres.Count;
        var sorted = Enumerable.Range(0, n).OrderBy(i => spheres[i].ZUm).ThenBy(i => i).ToArray();
        double rMax = n == 0 ? 0 : spheres.Max(s => s.RadiusUm);
        double f = 1 + gapTolerance;
        double lz = periodicZUm ?? 0;
        // Spheres sorted by z: a forward scan finds the direct (z image 0) neighbours and stops at the first sphere out of reach.
        // Periodic in z, a backward scan from the top finds the neighbours through the lower z image (b shifted by -Lz); the upper
        // image is out of reach whenever Lz exceeds twice the largest reach (checked), so the search stays O(N k), not O(N^2).
        if (periodicZUm is { } box && !(box > 2 * f * 2 * rMax))
            throw new InvalidInputException($"periodic z edge {box} um is too short for spheres of radius {rMax} um (need more than 4 (1 + tol) r_max)", field: "box_z_um");
        var perSphere = new List<(int, int)>[n];
        Parallel.For(0, n, a =>
        {
            var found = new List<(int, int)>();
            int ia = sorted[a];
            var si = spheres[ia];
            double cut = f * (si.RadiusUm + rMax);
            void Test(int ib, double dz)
            {
                var sj = spheres[ib];
                double reach = f * (si.RadiusUm + sj.RadiusUm);
                if (Math.Abs(dz) > reach) return;
                for (int ix = -1; ix <= 1; ix++)
                    for (int iy = -1; iy <= 1; iy++)
                    {
                        double dx = sj.XUm + ix * boxXUm - si.XUm, dy = sj.YUm + iy * boxYUm - si.YUm;
                        if (dx * dx + dy * dy + dz * dz <= reach * reach) found.Add((Math.Min(ia, ib), Math.Max(ia, ib)));
                    }
            }
            for (int b = a + 1; b < n; b++)
            {
                double dz = spheres[sorted[b]].ZUm - si.ZUm;
                if (dz > cut) break;
                Test(sorted[b], dz);
            }
            if (periodicZUm is not null)
                for (int b = n - 1; b > a; b--)
                {
                    double dz = spheres[sorted[b]].ZUm - lz - si.ZUm; // b through the lower z image
                    if (-dz > cut) break;
                    Test(sorted[b], dz);
                }
            perSphere[a] = found;
        });
        var all = perSphere.SelectMany(l => l).ToList();
        all.Sort();
        return all;
    }

    /// <summary>
    /// Contacts of a packing periodic in x and y and bounded in z (a twin), by species class.
    /// </summary>
    /// <param name="spheres">The packing (um).</param>
    /// <param name="boxXUm">Periodic edge in x (um).</param>
    /// <param name="boxYUm">Periodic edge in y (um).</param>
    /// <param name="gapTolerance">Relative gap that still counts as a contact (default <see cref="PressedGapTolerance"/>).</param>
    /// <param name="largeSpecies">Species code of the "large" class (default 1 = NCWA); every other species is "small".</param>
    public static ContactCounts Count(IReadOnlyList<Sphere> spheres, double boxXUm, double boxYUm, double gapTolerance = PressedGapTolerance, int largeSpecies = 1)
    {
        long ll = 0, ls = 0, ss = 0;
        foreach (var (i, j) in Pairs(spheres, boxXUm, boxYUm, null, gapTolerance))
        {
            bool li = spheres[i].Species == largeSpecies, lj = spheres[j].Species == largeSpecies;
            if (li && lj) ll++; else if (li || lj) ls++; else ss++;
        }
        return new ContactCounts((int)ll, (int)ls, (int)ss, spheres.Count, gapTolerance);
    }
}
