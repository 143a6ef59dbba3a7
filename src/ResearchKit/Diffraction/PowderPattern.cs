namespace ResearchKit.Diffraction;

/// <summary>
/// A measured or simulated powder pattern: 2θ (deg, strictly increasing), counts (≥ 0) and their standard uncertainties
/// (√counts, floored at 1, when the file has none). Metadata holds header items (wavelength, time_s, ...), keys lower case.
/// </summary>
public sealed record PowderPattern(double[] TwoThetaDeg, double[] Counts, double[] Esd)
{
    public string SourceName { get; init; } = "memory";
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
    /// <summary>Wavelength stated in the file (Å), when there is one.</summary>
    public double? WavelengthAngstrom { get; init; }
    public int Count => TwoThetaDeg.Length;

    /// <summary>Builds a pattern with Poisson esd √max(y, 1), after checking it (see <see cref="Validate"/>).</summary>
    public static PowderPattern FromCounts(double[] twoThetaDeg, double[] counts, string sourceName = "memory")
    {
        var esd = new double[counts.Length];
        for (int i = 0; i < counts.Length; i++) esd[i] = Math.Sqrt(Math.Max(counts[i], 1));
        var p = new PowderPattern(twoThetaDeg, counts, esd) { SourceName = sourceName };
        p.Validate();
        return p;
    }

    /// <summary>
    /// Checks lengths, strictly increasing 2θ, finite non-negative counts and positive esd; throws InvalidInputException
    /// naming the source and field (two_theta, counts, esd) and the 1-based point index.
    /// </summary>
    public void Validate()
    {
        if (TwoThetaDeg.Length < 2) throw new InvalidInputException($"expected at least 2 points, found {TwoThetaDeg.Length}", SourceName, field: "two_theta");
        if (Counts.Length != TwoThetaDeg.Length) throw new InvalidInputException($"{Counts.Length} counts for {TwoThetaDeg.Length} angles", SourceName, field: "counts");
        if (Esd.Length != TwoThetaDeg.Length) throw new InvalidInputException($"{Esd.Length} esd for {TwoThetaDeg.Length} angles", SourceName, field: "esd");
        for (int i = 0; i < TwoThetaDeg.Length; i++)
        {
            if (!double.IsFinite(TwoThetaDeg[i])) throw new InvalidInputException($"non-finite 2theta at point {i + 1}", SourceName, field: "two_theta");
            if (i > 0 && !(TwoThetaDeg[i] > TwoThetaDeg[i - 1]))
                throw new InvalidInputException($"2theta not strictly increasing at point {i + 1} ({TwoThetaDeg[i - 1]} then {TwoThetaDeg[i]})", SourceName, field: "two_theta");
            if (!double.IsFinite(Counts[i]) || Counts[i] < 0) throw new InvalidInputException($"negative or non-finite counts ({Counts[i]}) at point {i + 1}", SourceName, field: "counts");
            if (!(Esd[i] > 0) || !double.IsFinite(Esd[i])) throw new InvalidInputException($"esd must be positive, got {Esd[i]} at point {i + 1}", SourceName, field: "esd");
        }
    }

    /// <summary>The points inside [lo, hi] (deg).</summary>
    public PowderPattern Slice(double loDeg, double hiDeg)
    {
        int i0 = Array.FindIndex(TwoThetaDeg, x => x >= loDeg), i1 = Array.FindLastIndex(TwoThetaDeg, x => x <= hiDeg);
        if (i0 < 0 || i1 < i0) throw new InvalidInputException($"no points in {loDeg}..{hiDeg} deg", SourceName, field: "two_theta");
        return this with { TwoThetaDeg = TwoThetaDeg[i0..(i1 + 1)], Counts = Counts[i0..(i1 + 1)], Esd = Esd[i0..(i1 + 1)] };
    }
}
