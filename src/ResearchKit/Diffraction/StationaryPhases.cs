namespace ResearchKit.Diffraction;

/// <summary>One fixed line of a stationary phase: d (Å) and intensity relative to the set's strongest line (100).</summary>
public sealed record FixedLine(string Label, double DAngstrom, double RelativeIntensity);

/// <summary>
/// A phase whose lines do not move during an operando run (cell window, current collector): fixed d-spacings with fixed
/// relative intensities and one scale. Positions follow the instrument's wavelength and zero shift like the sample's.
/// </summary>
public sealed record StationaryPhase(string Name, IReadOnlyList<FixedLine> Lines)
{
    /// <summary>
    /// Be window, hexagonal a = 2.2857 Å, c = 3.5839 Å (P6_3/mmc; cf. PDF 01-072-2381 named in Fig 4c): lines (100), (002),
    /// (101), (102), (110) at ≈ 45.9°, 50.9°, 52.8°, 70.9°, 84.8° 2θ with Cu Kα1. Relative intensities are approximate
    /// powder values (illustrative; a real window is textured).
    /// </summary>
    public static StationaryPhase BerylliumWindow { get; } = Hexagonal("Be window", 2.2857, 3.5839,
        [(1, 0, 0, 25.0), (0, 0, 2, 25.0), (1, 0, 1, 100.0), (1, 0, 2, 15.0), (1, 1, 0, 15.0)]);

    /// <summary>
    /// Al current collector, cubic a = 4.0495 Å (cf. PDF 00-004-0787 in Fig 4c): only (220) and (311) near 65° and 78°,
    /// the lines the paper's Fig 4c shows (a rolled foil is strongly textured); relative intensities illustrative.
    /// </summary>
    public static StationaryPhase AluminiumFoil { get; } = new("Al foil",
    [
        new("2 2 0", 4.0495 / Math.Sqrt(8), 100.0),
        new("3 1 1", 4.0495 / Math.Sqrt(11), 80.0),
    ]);

    static StationaryPhase Hexagonal(string name, double a, double c, (int H, int K, int L, double I)[] lines)
    {
        var cell = new HexagonalCell(a, c);
        return new StationaryPhase(name, lines.Select(l => new FixedLine($"{l.H} {l.K} {l.L}", cell.DSpacing(l.H, l.K, l.L), l.I)).ToList());
    }
}
