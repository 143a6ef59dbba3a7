using System.Globalization;
using System.Text.RegularExpressions;

namespace ResearchKit.Spectroscopy.Sims;

/// <summary>An isotope: element symbol, mass number, atomic mass (u) and natural abundance (atom fraction).</summary>
public sealed record Isotope(string Symbol, int MassNumber, double MassU, double Abundance);

/// <summary>
/// Atomic masses of the isotopes the kit needs (mass in u of the neutral atom, electrons included), from the Atomic
/// Mass Evaluation AME2020 (Wang, Huang, Kondev, Audi, Naimi, Chinese Phys. C 45 (2021) 030003) as tabulated by NIST
/// ("Atomic Weights and Isotopic Compositions with Relative Atomic Masses", Coursey et al.); abundances from the same
/// NIST table (IUPAC representative values). Electron mass 5.48579909065e-4 u (CODATA 2018).
/// </summary>
public static class IsotopeTable
{
    /// <summary>Electron mass (u), CODATA 2018.</summary>
    public const double ElectronMassU = 5.48579909065e-4;

    /// <summary>Source of the masses, for sidecars and notebooks.</summary>
    public const string Source = "AME2020 (Wang et al., Chinese Phys. C 45 (2021) 030003) via NIST Atomic Weights and Isotopic Compositions; electron mass CODATA 2018";

    /// <summary>The isotopes, most abundant first within each element.</summary>
    public static IReadOnlyList<Isotope> All { get; } =
    [
        new("H", 1, 1.00782503223, 0.999885), new("H", 2, 2.01410177812, 0.000115),
        new("Li", 7, 7.0160034366, 0.9241), new("Li", 6, 6.0151228874, 0.0759),
        new("C", 12, 12.0, 0.9893), new("C", 13, 13.00335483507, 0.0107),
        new("N", 14, 14.00307400443, 0.99636), new("N", 15, 15.00010889888, 0.00364),
        new("O", 16, 15.99491461957, 0.99757), new("O", 17, 16.99913175650, 0.00038), new("O", 18, 17.99915961286, 0.00205),
        new("F", 19, 18.99840316273, 1.0),
        new("Al", 27, 26.98153853, 1.0),
        new("Si", 28, 27.97692653465, 0.92223), new("Si", 29, 28.97649466490, 0.04685), new("Si", 30, 29.973770136, 0.03092),
        new("P", 31, 30.97376199842, 1.0),
        new("S", 32, 31.9720711744, 0.9499), new("S", 33, 32.9714589098, 0.0075), new("S", 34, 33.967867004, 0.0425), new("S", 36, 35.96708071, 0.0001),
        new("Cl", 35, 34.968852682, 0.7576), new("Cl", 37, 36.965902602, 0.2424),
        new("Mn", 55, 54.93804391, 1.0),
        new("Co", 59, 58.93319429, 1.0),
        new("Ni", 58, 57.93534241, 0.68077), new("Ni", 60, 59.93078588, 0.26223),
        new("Nb", 93, 92.9063730, 1.0),
        new("W", 184, 183.95093092, 0.3064), new("W", 186, 185.9543628, 0.2843),
    ];

    /// <summary>The most abundant isotope of an element, or the given mass number.</summary>
    public static Isotope Get(string symbol, int? massNumber = null, string? field = null)
    {
        var list = All.Where(i => i.Symbol == symbol).ToList();
        if (list.Count == 0)
            throw new InvalidInputException($"element '{symbol}' is not in the isotope table ({string.Join(", ", All.Select(i => i.Symbol).Distinct())})", field: field ?? "formula");
        if (massNumber is null) return list.MaxBy(i => i.Abundance)!;
        return list.FirstOrDefault(i => i.MassNumber == massNumber)
            ?? throw new InvalidInputException($"isotope {massNumber}{symbol} is not in the table ({string.Join(", ", list.Select(i => i.MassNumber + i.Symbol))})", field: field ?? "formula");
    }
}

/// <summary>
/// An ion's exact mass: NeutralMassU is the sum of the isotope (atomic) masses; Mz = (neutral − z·mₑ)/|z|, so a
/// singly charged anion is 0.000549 u heavier than its neutral. The paper (Fig. 3e,f) quotes the neutral sums
/// (PS⁻ 62.9458, PO₂⁻ 62.9636, S₂⁻ 63.9441, SO₂⁻ 63.9619).
/// </summary>
public sealed record IonMass(string Formula, int Charge, double NeutralMassU, double Mz, IReadOnlyDictionary<string, int> Composition);

/// <summary>
/// Formula parser: element symbols with counts ("PO2", "Li2S", "C2H"), explicit isotopes in brackets ("[34S]O2"),
/// a trailing charge of + or − signs ("PS-", "Li+", "S--") or n+ / n− after a caret ("S^2-"). Most abundant isotopes otherwise.
/// </summary>
public static partial class IonFormula
{
    [GeneratedRegex(@"\[(\d+)([A-Z][a-z]?)\]|([A-Z][a-z]?)|(\d+)")]
    private static partial Regex TokenRegex();

    /// <summary>Parses and computes the exact mass of one ion.</summary>
    public static IonMass Parse(string formula, string field = "species")
    {
        var f = formula.Trim().Replace('−', '-');
        if (f.Length == 0) throw new InvalidInputException("empty formula", field: field);
        int charge = 0;
        var caret = Regex.Match(f, @"\^(\d*)([+-])$");
        if (caret.Success)
        {
            int k = caret.Groups[1].Value.Length > 0 ? int.Parse(caret.Groups[1].Value, CultureInfo.InvariantCulture) : 1;
            charge = caret.Groups[2].Value == "+" ? k : -k;
            f = f[..caret.Index];
        }
        else
        {
            while (f.Length > 0 && (f[^1] == '+' || f[^1] == '-')) { charge += f[^1] == '+' ? 1 : -1; f = f[..^1]; }
        }
        var comp = new Dictionary<string, int>();
        double mass = 0;
        int pos = 0;
        string? lastKey = null; double lastMass = 0;
        foreach (Match m in TokenRegex().Matches(f))
        {
            if (m.Index != pos) throw new InvalidInputException($"cannot read '{formula}' at position {pos + 1}", field: field);
            pos = m.Index + m.Length;
            if (m.Groups[4].Success)
            {
                if (lastKey is null) throw new InvalidInputException($"'{formula}': a count must follow an element", field: field);
                int count = int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture);
                if (count < 1) throw new InvalidInputException($"'{formula}': counts must be at least 1", field: field);
                mass += (count - 1) * lastMass; comp[lastKey] += count - 1;
                lastKey = null;
                continue;
            }
            Isotope iso = m.Groups[1].Success
                ? IsotopeTable.Get(m.Groups[2].Value, int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), field)
                : IsotopeTable.Get(m.Groups[3].Value, null, field);
            lastKey = iso.MassNumber + iso.Symbol; lastMass = iso.MassU;
            mass += iso.MassU; comp[lastKey] = comp.GetValueOrDefault(lastKey) + 1;
        }
        if (pos != f.Length || comp.Count == 0) throw new InvalidInputException($"cannot read formula '{formula}'", field: field);
        double mz = charge == 0 ? mass : (mass - charge * IsotopeTable.ElectronMassU) / Math.Abs(charge);
        return new IonMass(formula.Trim(), charge, mass, mz, comp);
    }

    /// <summary>A comma-separated list of ions, e.g. "PS-,PO2-,S2-,SO2-".</summary>
    public static IReadOnlyList<IonMass> ParseList(string list, string field = "species")
    {
        var items = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0) throw new InvalidInputException("no species given", field: field);
        return items.Select(i => Parse(i, field)).ToList();
    }
}
