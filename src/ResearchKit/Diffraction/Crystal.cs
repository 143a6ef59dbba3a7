namespace ResearchKit.Diffraction;

/// <summary>A hexagonal cell (a = b, γ = 120°), lengths in Å.</summary>
public sealed record HexagonalCell(double AAngstrom, double CAngstrom)
{
    /// <summary>Cell volume √3/2 · a² · c (Å³).</summary>
    public double VolumeA3 => Math.Sqrt(3) / 2 * AAngstrom * AAngstrom * CAngstrom;

    /// <summary>
    /// Interplanar spacing from the hexagonal metric: 1/d² = 4/3 · (h² + hk + k²)/a² + l²/c² (International Tables Vol. B, 1.1).
    /// </summary>
    public double DSpacing(int h, int k, int l) =>
        1.0 / Math.Sqrt(4.0 / 3.0 * (h * h + h * k + k * k) / (AAngstrom * AAngstrom) + (double)l * l / (CAngstrom * CAngstrom));

    /// <summary>Throws InvalidInputException unless both lengths are positive and finite.</summary>
    public void Validate()
    {
        InvalidInputException.Require(AAngstrom > 0 && double.IsFinite(AAngstrom), "a", $"expected a > 0 Å, got {AAngstrom}");
        InvalidInputException.Require(CAngstrom > 0 && double.IsFinite(CAngstrom), "c", $"expected c > 0 Å, got {CAngstrom}");
    }
}

/// <summary>
/// One powder line: a representative (h k l) of a symmetry-equivalence orbit, its d-spacing (Å) and multiplicity.
/// Multiplicity convention (kept for every line): the number of distinct (h k l) in the orbit of the Laue group −3m
/// (12 operations, Friedel mates counted separately, i.e. not merged), all of which obey the R-centring condition.
/// So (0 0 l) has 2, (h 0 l) and (h −h l) have 6, (h h l) and general (h k l) have 12, (h k 0) 6 or 12.
/// Lines of different orbits at the same d (e.g. (1 2 1) and (2 1 1)) are listed separately.
/// </summary>
public sealed record Reflection(int H, int K, int L, double DAngstrom, int Multiplicity)
{
    /// <summary>"h k l" with signs, e.g. "1 0 4" or "1 -1 3".</summary>
    public string Label => $"{H} {K} {L}";
    /// <summary>Bragg angle 2θ (degrees) for wavelength λ (Å); NaN when λ/2d > 1.</summary>
    public double TwoThetaDeg(double wavelengthAngstrom)
    {
        double s = wavelengthAngstrom / (2 * DAngstrom);
        return s >= 1 ? double.NaN : 2 * Math.Asin(s) * 180 / Math.PI;
    }
}

/// <summary>Reflection list of space group R−3m (No. 166) in the hexagonal setting, obverse centring.</summary>
public static class R3m
{
    /// <summary>Obverse R centring: reflections with −h + k + l = 3n are present (International Tables Vol. A, 166).</summary>
    public static bool IsAllowed(int h, int k, int l) => ((-h + k + l) % 3 + 3) % 3 == 0;

    /// <summary>
    /// The 12 images of (h k l) under the Laue group −3m (hexagonal axes, 2-fold axes along a): the 3-fold
    /// (h,k,l) → (k,i,l) → (i,h,l) with i = −h−k, the 2-fold (h,k,l) → (k,h,−l), and inversion.
    /// </summary>
    public static IEnumerable<(int H, int K, int L)> LaueOrbit(int h, int k, int l)
    {
        var set = new HashSet<(int, int, int)>();
        int[] hh = new int[3], kk = new int[3];
        hh[0] = h; kk[0] = k;
        hh[1] = k; kk[1] = -h - k;
        hh[2] = -h - k; kk[2] = h;
        for (int r = 0; r < 3; r++)
        {
            int a = hh[r], b = kk[r];
            foreach (var t in new[] { (a, b, l), (b, a, -l) })
            {
                set.Add(t);
                set.Add((-t.Item1, -t.Item2, -t.Item3));
            }
        }
        return set;
    }

    /// <summary>
    /// All lines with d ≥ <paramref name="dMinAngstrom"/>, sorted by decreasing d (then by h, k, l). Each orbit is
    /// represented by its lexicographically largest member with l ≥ 0 chosen first, so (1 0 4) rather than (0 −1 4).
    /// </summary>
    public static IReadOnlyList<Reflection> Reflections(HexagonalCell cell, double dMinAngstrom)
    {
        cell.Validate();
        InvalidInputException.Require(dMinAngstrom > 0, "d_min", $"expected d_min > 0 Å, got {dMinAngstrom}");
        int hMax = (int)Math.Ceiling(cell.AAngstrom / dMinAngstrom * 1.2) + 1;
        int lMax = (int)Math.Ceiling(cell.CAngstrom / dMinAngstrom) + 1;
        var seen = new HashSet<(int, int, int)>();
        var list = new List<Reflection>();
        for (int h = -hMax; h <= hMax; h++)
            for (int k = -hMax; k <= hMax; k++)
                for (int l = -lMax; l <= lMax; l++)
                {
                    if (h == 0 && k == 0 && l == 0) continue;
                    if (!IsAllowed(h, k, l) || seen.Contains((h, k, l))) continue;
                    double d = cell.DSpacing(h, k, l);
                    if (d < dMinAngstrom) continue;
                    var orbit = LaueOrbit(h, k, l).ToList();
                    foreach (var o in orbit) seen.Add(o);
                    var rep = orbit.OrderByDescending(o => o.L >= 0).ThenByDescending(o => o.H >= 0 && o.K >= 0)
                        .ThenByDescending(o => o.H).ThenByDescending(o => o.K).ThenByDescending(o => o.L).First();
                    list.Add(new Reflection(rep.H, rep.K, rep.L, d, orbit.Count));
                }
        return list.OrderByDescending(r => r.DAngstrom).ThenBy(r => r.H).ThenBy(r => r.K).ThenBy(r => r.L).ToList();
    }
}
