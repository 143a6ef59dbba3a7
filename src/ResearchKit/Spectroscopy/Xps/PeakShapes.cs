using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ResearchKit.Spectroscopy.Xps;

/// <summary>Line-shape families.</summary>
public enum PeakShapeKind
{
    /// <summary>CasaXPS GL(m): Gaussian-Lorentzian product exp(−4 ln2 (1 − m) x²/F²)/(1 + 4 m x²/F²), m = Lorentzian % / 100.</summary>
    GLProduct,
    /// <summary>CasaXPS SGL(m): Gaussian-Lorentzian sum (1 − m) G + m L, both of height 1 and FWHM F.</summary>
    GLSum,
    /// <summary>Voigt profile, as the Thompson-Cox-Hastings pseudo-Voigt (J. Appl. Cryst. 20 (1987) 79; within about 1 % of the exact
    /// profile's peak height). F is the Gaussian FWHM; the Lorentzian FWHM is Ratio·F.</summary>
    Voigt,
    /// <summary>CasaXPS LA(α, β) without Gaussian convolution: a Lorentzian raised to α on the high-BE side and β on the low-BE side
    /// (α, β &gt; 0.5; α &lt; β gives the tail towards high binding energy of metals, as in CasaXPS).</summary>
    LorentzianAsymmetric,
}

/// <summary>
/// A line shape with its fixed shape parameters; the fitted ones are centre, width F (eV) and area. Every shape is used
/// normalised to unit area (Profile) so the area parameter is the component's area directly.
/// Text forms: GL(30), SGL(30), V(0.5) (Lorentzian/Gaussian width ratio), LA(1.2,3) (α, β).
/// </summary>
public sealed record PeakShape(PeakShapeKind Kind, double Mix = 0.3, double Alpha = 1, double Beta = 1, double Ratio = 0.5)
{
    static readonly double Ln2 = Math.Log(2);
    static readonly ConcurrentDictionary<double, double> ProductArea = new();

    /// <summary>GL(30), the common CasaXPS default for polymers and sulfides.</summary>
    public static PeakShape Default { get; } = new(PeakShapeKind.GLProduct, 0.3);

    /// <summary>Parses GL(m), SGL(m), V(r), LA(α,β) (m in percent 0..100).</summary>
    public static PeakShape Parse(string text, string? source = null, int? line = null)
    {
        var t = text.Trim();
        var m = Regex.Match(t, @"^(GL|SGL|V|LA)\(([^)]*)\)$", RegexOptions.IgnoreCase);
        if (!m.Success) throw new InvalidInputException($"unknown line shape '{text}'; expected GL(m), SGL(m), V(r) or LA(a,b)", source, line, "shape");
        var args = m.Groups[2].Value.Split(',', StringSplitOptions.TrimEntries);
        double Arg(int i)
        {
            if (i >= args.Length || !double.TryParse(args[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new InvalidInputException($"line shape '{text}': argument {i + 1} is missing or not a number", source, line, "shape");
            return v;
        }
        switch (m.Groups[1].Value.ToUpperInvariant())
        {
            case "GL":
            case "SGL":
            {
                double p = Arg(0);
                if (p < 0 || p > 100) throw new InvalidInputException($"line shape '{text}': the Lorentzian percentage must lie in 0..100", source, line, "shape");
                return new PeakShape(m.Groups[1].Value.Equals("GL", StringComparison.OrdinalIgnoreCase) ? PeakShapeKind.GLProduct : PeakShapeKind.GLSum, p / 100);
            }
            case "V":
            {
                double r = Arg(0);
                if (!(r >= 0)) throw new InvalidInputException($"line shape '{text}': the width ratio must be >= 0", source, line, "shape");
                return new PeakShape(PeakShapeKind.Voigt, Ratio: r);
            }
            default:
            {
                double a = Arg(0), b = Arg(1);
                if (!(a > 0.5 && b > 0.5)) throw new InvalidInputException($"line shape '{text}': both exponents must exceed 0.5 (finite area)", source, line, "shape");
                return new PeakShape(PeakShapeKind.LorentzianAsymmetric, Alpha: a, Beta: b);
            }
        }
    }

    public override string ToString() => Kind switch
    {
        PeakShapeKind.GLProduct => $"GL({Mix * 100:0.##})",
        PeakShapeKind.GLSum => $"SGL({Mix * 100:0.##})",
        PeakShapeKind.Voigt => $"V({Ratio:0.###})",
        _ => $"LA({Alpha:0.###},{Beta:0.###})",
    };

    /// <summary>Unit-area profile at x = E − centre (eV) for width F (eV). Positive x is towards higher binding energy.</summary>
    public double Profile(double x, double fwhm) => Height(x, fwhm) / Area(fwhm);

    /// <summary>Profile of unit peak height (for GL, SGL and LA; the pseudo-Voigt is unit-area already, scaled to unit height at 0).</summary>
    public double Height(double x, double F)
    {
        double u = x / F, u2 = 4 * u * u;
        switch (Kind)
        {
            case PeakShapeKind.GLProduct: return Math.Exp(-Ln2 * (1 - Mix) * u2) / (1 + Mix * u2);
            case PeakShapeKind.GLSum: return (1 - Mix) * Math.Exp(-Ln2 * u2) + Mix / (1 + u2);
            case PeakShapeKind.LorentzianAsymmetric: return Math.Pow(1 / (1 + u2), x > 0 ? Alpha : Beta);
            default:
            {
                var (f, eta) = Tch(F);
                double v2 = 4 * (x / f) * (x / f);
                double g = Math.Exp(-Ln2 * v2), l = 1 / (1 + v2);
                return eta * l + (1 - eta) * g; // unit height at x = 0
            }
        }
    }

    /// <summary>∫ Height dx over the real line (eV).</summary>
    public double Area(double F)
    {
        double gauss = F * Math.Sqrt(Math.PI / (4 * Ln2)), lorentz = Math.PI * F / 2;
        switch (Kind)
        {
            case PeakShapeKind.GLSum: return (1 - Mix) * gauss + Mix * lorentz;
            case PeakShapeKind.GLProduct: return F * ProductArea.GetOrAdd(Mix, UnitProductArea);
            case PeakShapeKind.LorentzianAsymmetric: return F / 4 * Math.Sqrt(Math.PI) * (HalfFactor(Alpha) + HalfFactor(Beta));
            default:
            {
                var (f, eta) = Tch(F);
                return eta * Math.PI * f / 2 + (1 - eta) * f * Math.Sqrt(Math.PI / (4 * Ln2));
            }
        }
    }

    // ∫_{-∞}^{∞} (1 + 4u²)^(−a) du = (√π/2) Γ(a − 1/2)/Γ(a); one side is half of that.
    static double HalfFactor(double a) => Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn(a - 0.5) - MathNet.Numerics.SpecialFunctions.GammaLn(a));

    // Thompson-Cox-Hastings: total FWHM f and Lorentzian fraction η of the pseudo-Voigt for Gaussian FWHM fG, Lorentzian fL = Ratio·fG.
    (double F, double Eta) Tch(double fG)
    {
        double fL = Ratio * fG;
        double f = Math.Pow(Math.Pow(fG, 5) + 2.69269 * Math.Pow(fG, 4) * fL + 2.42843 * Math.Pow(fG, 3) * fL * fL
            + 4.47163 * fG * fG * Math.Pow(fL, 3) + 0.07842 * fG * Math.Pow(fL, 4) + Math.Pow(fL, 5), 0.2);
        double q = fL / f;
        return (f, 1.36603 * q - 0.47719 * q * q + 0.11116 * q * q * q);
    }

    // Area of the GL product of unit width: Simpson's rule on [−L, L]; for m → 1 the tail is Lorentzian, added analytically beyond L.
    static double UnitProductArea(double m)
    {
        if (m >= 1) return Math.PI / 2;
        double L = 60, h = 1e-3;
        int n = (int)(2 * L / h); if (n % 2 == 1) n++;
        double s = 0;
        for (int i = 0; i <= n; i++)
        {
            double x = -L + i * h, u2 = 4 * x * x;
            double f = Math.Exp(-Ln2 * (1 - m) * u2) / (1 + m * u2);
            s += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return s * h / 3;
    }
}

/// <summary>A spin-orbit pair: splitting ΔE (eV) from the j = l + ½ line (lower BE) to j = l − ½, and the area ratio (2j+1 degeneracies).</summary>
public sealed record SpinOrbitDoublet(string Level, string Element, string Orbital, double SplittingEv, double AreaRatio, string RatioText, string Source);

/// <summary>
/// Spin-orbit splittings and area ratios used by the doublet fits. Area ratios are the (2j + 1) degeneracy ratios
/// (p 2:1, d 3:2, f 4:3); splittings are handbook values for the element in common chemical states
/// (they vary by a few 0.01 eV with chemistry; S 2p and P 2p as used for argyrodite electrolytes).
/// </summary>
public static class SpinOrbitTable
{
    const string Moulder = "Moulder, Stickle, Sobol, Bomben, Handbook of X-ray Photoelectron Spectroscopy (Perkin-Elmer, 1992)";

    /// <summary>The table, keyed by level name without spaces (S2p, P2p, ...).</summary>
    public static IReadOnlyList<SpinOrbitDoublet> All { get; } =
    [
        new("S2p", "S", "2p", 1.18, 2.0, "2:1", Moulder + "; 1.18 eV as in XPS of Li6PS5Cl (Auvergniot et al., Solid State Ionics 300 (2017) 78)"),
        new("P2p", "P", "2p", 0.87, 2.0, "2:1", Moulder + " (0.84-0.87 eV); 0.87 eV as used for thiophosphates"),
        new("Cl2p", "Cl", "2p", 1.60, 2.0, "2:1", Moulder),
        new("Si2p", "Si", "2p", 0.61, 2.0, "2:1", "Himpsel et al., Phys. Rev. B 38 (1988) 6084 (0.608 eV)"),
        new("Ti2p", "Ti", "2p", 6.05, 2.0, "2:1", Moulder + " (Ti metal)"),
        new("Fe2p", "Fe", "2p", 13.1, 2.0, "2:1", Moulder + " (Fe metal)"),
        new("Co2p", "Co", "2p", 14.97, 2.0, "2:1", Moulder + " (Co metal)"),
        new("Ni2p", "Ni", "2p", 17.27, 2.0, "2:1", Moulder + " (Ni metal)"),
        new("Cu2p", "Cu", "2p", 19.75, 2.0, "2:1", Moulder + " (Cu metal)"),
        new("Nb3d", "Nb", "3d", 2.72, 1.5, "3:2", Moulder),
        new("Ag3d", "Ag", "3d", 6.00, 1.5, "3:2", Moulder),
        new("W4f", "W", "4f", 2.18, 4.0 / 3, "4:3", Moulder),
        new("Pt4f", "Pt", "4f", 3.33, 4.0 / 3, "4:3", Moulder),
        new("Au4f", "Au", "4f", 3.67, 4.0 / 3, "4:3", Moulder),
    ];

    /// <summary>The doublet of a level (case-insensitive, spaces ignored: "S 2p" = "S2p"); an error listing the known levels.</summary>
    public static SpinOrbitDoublet Get(string level, string? source = null, int? line = null, string field = "level")
    {
        var key = level.Replace(" ", "");
        foreach (var d in All) if (string.Equals(d.Level, key, StringComparison.OrdinalIgnoreCase)) return d;
        throw new InvalidInputException($"unknown core level '{level}'; the spin-orbit table has {string.Join(", ", All.Select(d => d.Level))}", source, line, field);
    }
}
