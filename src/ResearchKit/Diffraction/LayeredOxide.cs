namespace ResearchKit.Diffraction;

/// <summary>
/// An R−3m layered oxide Li(TM)O2 (α-NaFeO2 type), hexagonal setting: transition metals on 3a (0,0,0), Li on 3b (0,0,½),
/// O on 6c (0,0,z) with z ≈ 0.258 (so that the TMO2 slab is thinner than the LiO2 interslab). Li/Ni exchange:
/// a fraction <see cref="NiOnLi"/> of the 3b sites holds Ni and the same fraction of 3a holds Li (stoichiometry kept).
/// </summary>
public sealed record LayeredOxide
{
    public required HexagonalCell Cell { get; init; }
    /// <summary>Occupancies of the 3a site by the transition metals (sum 1 before exchange), e.g. Ni 0.88, Co 0.10, W 0.01, Al 0.01.</summary>
    public required IReadOnlyList<(string Element, double Occupancy)> TransitionMetals { get; init; }
    /// <summary>Fractional z of O on 6c.</summary>
    public double OxygenZ { get; init; } = 0.2585;
    /// <summary>Fraction of Li sites (3b) occupied by Ni, 0..0.5; the same amount of Li moves to 3a.</summary>
    public double NiOnLi { get; init; }
    /// <summary>Isotropic displacement parameters B (Å²).</summary>
    public double BTransitionMetal { get; init; } = 0.3;
    public double BLithium { get; init; } = 1.0;
    public double BOxygen { get; init; } = 0.6;
    /// <summary>
    /// March-Dollase preferred orientation along [001] (sample texture, not structure): each line is multiplied by
    /// P(α) = (r² cos²α + sin²α / r)^(−3/2), α the angle between the plane normal and c*, cos α = l·d/c
    /// (Dollase, J. Appl. Cryst. 19, 267 (1986)). r = 1: random powder; r &lt; 1 enhances (0 0 l) as platelets lying flat do.
    /// </summary>
    public double MarchDollaseR { get; init; } = 1.0;

    /// <summary>The March-Dollase factor of a reflection (1 for r = 1).</summary>
    public double PreferredOrientation(Reflection r)
    {
        if (MarchDollaseR == 1.0) return 1.0;
        double ca = Math.Clamp(r.L * r.DAngstrom / Cell.CAngstrom, -1, 1), c2 = ca * ca, rr = MarchDollaseR;
        return Math.Pow(rr * rr * c2 + (1 - c2) / rr, -1.5);
    }

    /// <summary>NCWA, LiNi0.88Co0.10W0.01Al0.01O2 (data/materials/formulas.csv) with the given cell.</summary>
    public static LayeredOxide Ncwa(double a = 2.870, double c = 14.19) => new()
    {
        Cell = new HexagonalCell(a, c),
        TransitionMetals = [("Ni", 0.88), ("Co", 0.10), ("W", 0.01), ("Al", 0.01)],
    };

    /// <summary>NCM, LiNi0.82Co0.13Mn0.05O2 (data/materials/formulas.csv) with the given cell.</summary>
    public static LayeredOxide Ncm(double a = 2.872, double c = 14.20) => new()
    {
        Cell = new HexagonalCell(a, c),
        TransitionMetals = [("Ni", 0.82), ("Co", 0.13), ("Mn", 0.05)],
    };

    /// <summary>Throws InvalidInputException naming the field that is out of range.</summary>
    public void Validate()
    {
        Cell.Validate();
        InvalidInputException.Require(OxygenZ > 0 && OxygenZ < 0.5, "z_oxygen", $"expected 0 < z < 0.5, got {OxygenZ}");
        InvalidInputException.Require(NiOnLi >= 0 && NiOnLi <= 0.5, "ni_on_li", $"expected 0 <= ni_on_li <= 0.5, got {NiOnLi}");
        InvalidInputException.Require(MarchDollaseR > 0 && MarchDollaseR <= 10, "march_dollase_r", $"expected 0 < r <= 10, got {MarchDollaseR}");
        InvalidInputException.Require(TransitionMetals.Count > 0, "transition_metals", "expected at least one element on 3a");
        foreach (var (e, o) in TransitionMetals)
        {
            FormFactors.Of(e);
            InvalidInputException.Require(o >= 0, "transition_metals", $"negative occupancy of {e}");
        }
    }

    /// <summary>
    /// Structure factor F(hkl) (electrons, real: the structure is centrosymmetric with all atoms on the 3-fold axis).
    /// For a reflection obeying −h+k+l = 3n the three R-centring translations add in phase (factor 3), and
    /// F = 3·[f_3a T_3a + (−1)^l f_3b T_3b + 2 cos(2π l z) f_O T_O], T = exp(−B s²), s = 1/(2d).
    /// </summary>
    public double StructureFactor(Reflection r)
    {
        double s = 1 / (2 * r.DAngstrom);
        double s2 = s * s;
        double fTm = 0;
        foreach (var (e, o) in TransitionMetals) fTm += o * FormFactors.F0(e, s);
        double fLi = FormFactors.F0("Li", s), fNi = FormFactors.F0("Ni", s), fO = FormFactors.F0("O", s);
        double x = NiOnLi;
        double f3a = ((1 - x) * fTm + x * fLi) * Math.Exp(-BTransitionMetal * s2);
        double f3b = ((1 - x) * fLi + x * fNi) * Math.Exp(-BLithium * s2);
        double fo = fO * Math.Exp(-BOxygen * s2);
        double sign = (r.L & 1) == 0 ? 1 : -1;
        return 3 * (f3a + sign * f3b + 2 * Math.Cos(2 * Math.PI * r.L * OxygenZ) * fo);
    }
}
