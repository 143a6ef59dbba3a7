using System.Numerics;

namespace ResearchKit.Impedance.Circuits;

/// <summary>
/// One element type of the circuit grammar: its symbol, parameter names (suffixes _0, _1 ... as impedance.py), units,
/// default bounds and impedance Z(p, ω) with ω = 2πf in rad/s. Z'' is negative for capacitive behaviour.
/// </summary>
public sealed record CircuitElementType(
    string Symbol,
    string Description,
    string[] ParameterUnits,
    double[] LowerBounds,
    double[] UpperBounds,
    Func<double[], int, double, Complex> Impedance)
{
    public int ParameterCount => ParameterUnits.Length;
}

/// <summary>
/// The element library. Definitions follow impedance.py's conventions (Murbach et al., JOSS 2020) so that parameter
/// values are interchangeable:
/// <list type="bullet">
/// <item>R: Z = R.  C: Z = 1/(jωC).  L: Z = jωL.</item>
/// <item>CPE [Q, α]: Z = 1/(Q (jω)^α), Q in F·s^(α−1) (= S·s^α), 0 ≤ α ≤ 1.</item>
/// <item>W [A_W] semi-infinite Warburg: Z = A_W (1 − j)/√ω.</item>
/// <item>Wo [Z0, τ] finite-length, open (reflective, blocking) boundary: Z = Z0 coth(√(jωτ))/√(jωτ).</item>
/// <item>Ws [Z0, τ] finite-length, short (transmissive) boundary: Z = Z0 tanh(√(jωτ))/√(jωτ).</item>
/// <item>G [R_G, t_G] Gerischer: Z = R_G/√(1 + jω t_G).</item>
/// <item>TLMB [R_ion, R_el, Q, α]: two-rail transmission line of a blocking porous electrode (interface = CPE), see <see cref="TransmissionLine"/>.</item>
/// <item>TLM [R_ion, R_el, R_ct, Q, α]: two-rail transmission line with a charge-transfer interface (R_ct ∥ CPE).</item>
/// </list>
/// </summary>
public static class CircuitElements
{
    static readonly double Inf = double.PositiveInfinity;

    public static IReadOnlyDictionary<string, CircuitElementType> Types { get; } = new Dictionary<string, CircuitElementType>(StringComparer.Ordinal)
    {
        ["R"] = new("R", "resistor", ["Ohm"], [0], [Inf], (p, o, w) => p[o]),
        ["C"] = new("C", "capacitor", ["F"], [0], [Inf], (p, o, w) => 1.0 / (Complex.ImaginaryOne * w * p[o])),
        ["L"] = new("L", "inductor", ["H"], [0], [Inf], (p, o, w) => Complex.ImaginaryOne * w * p[o]),
        ["CPE"] = new("CPE", "constant-phase element", ["Ohm^-1 s^a", ""], [0, 0], [Inf, 1], (p, o, w) => Cpe(p[o], p[o + 1], w)),
        ["W"] = new("W", "semi-infinite Warburg", ["Ohm s^-1/2"], [0], [Inf], (p, o, w) => p[o] * new Complex(1, -1) / Math.Sqrt(w)),
        ["Wo"] = new("Wo", "finite-length Warburg, open (reflective) boundary", ["Ohm", "s"], [0, 0], [Inf, Inf],
            (p, o, w) => { var s = Complex.Sqrt(Complex.ImaginaryOne * w * p[o + 1]); return p[o] * Coth(s) / s; }),
        ["Ws"] = new("Ws", "finite-length Warburg, short (transmissive) boundary", ["Ohm", "s"], [0, 0], [Inf, Inf],
            (p, o, w) => { var s = Complex.Sqrt(Complex.ImaginaryOne * w * p[o + 1]); return p[o] * Tanh(s) / s; }),
        ["G"] = new("G", "Gerischer", ["Ohm", "s"], [0, 0], [Inf, Inf],
            (p, o, w) => p[o] / Complex.Sqrt(1 + Complex.ImaginaryOne * w * p[o + 1])),
        ["TLMB"] = new("TLMB", "transmission line, blocking interface (CPE): ionic and electronic rails", ["Ohm", "Ohm", "Ohm^-1 s^a", ""],
            [0, 0, 0, 0], [Inf, Inf, Inf, 1],
            (p, o, w) => TransmissionLine.Impedance(p[o], p[o + 1], 1.0 / (p[o + 2] * Complex.Pow(Complex.ImaginaryOne * w, p[o + 3])))),
        ["TLM"] = new("TLM", "transmission line, charge-transfer interface (R_ct || CPE): ionic and electronic rails", ["Ohm", "Ohm", "Ohm", "Ohm^-1 s^a", ""],
            [0, 0, 0, 0, 0], [Inf, Inf, Inf, Inf, 1],
            (p, o, w) => TransmissionLine.Impedance(p[o], p[o + 1],
                1.0 / (1.0 / p[o + 2] + p[o + 3] * Complex.Pow(Complex.ImaginaryOne * w, p[o + 4])))),
    };

    static Complex Cpe(double q, double alpha, double w) => 1.0 / (q * Complex.Pow(Complex.ImaginaryOne * w, alpha));

    /// <summary>coth(s) for Re s ≥ 0 without overflow: (1 + e^{−2s})/(1 − e^{−2s}).</summary>
    internal static Complex Coth(Complex s)
    {
        if (s.Real < 0) return -Coth(-s);
        if (s.Magnitude < 1e-4) return 1 / s + s / 3; // series: avoids 0/0
        var e = Complex.Exp(-2 * s);
        return (1 + e) / (1 - e);
    }

    internal static Complex Tanh(Complex s) => 1 / Coth(s);

    /// <summary>1/sinh(s) for Re s ≥ 0 without overflow: 2e^{−s}/(1 − e^{−2s}).</summary>
    internal static Complex Csch(Complex s)
    {
        if (s.Real < 0) return -Csch(-s);
        if (s.Magnitude < 1e-4) return 1 / s - s / 6;
        return 2 * Complex.Exp(-s) / (1 - Complex.Exp(-2 * s));
    }
}

/// <summary>
/// Two-rail transmission line (de Levie; general form of Bisquert, Phys. Chem. Chem. Phys. 2 (2000) 4185, eq. for the
/// ion-in/electron-out configuration) for a porous composite electrode of thickness L between a separator (ions enter
/// the ionic rail at x = 0) and a current collector (electrons leave the electronic rail at x = L):
/// <code>
///   Z = χ1χ2/(χ1+χ2) · [L + 2λ/sinh(L/λ)] + λ (χ1² + χ2²)/(χ1+χ2) · coth(L/λ),   λ = √(ζ/(χ1+χ2))
/// </code>
/// with χ1, χ2 the ionic and electronic resistances per length and ζ the interfacial impedance times length.
/// In electrode totals R_ion = χ1 L, R_el = χ2 L, Z_int = ζ/L and ν = L/λ = √((R_ion+R_el)/Z_int):
/// <code>
///   Z = R_ion R_el/(R_ion+R_el) · [1 + 2/(ν sinh ν)] + (R_ion² + R_el²)/(R_ion+R_el) · coth(ν)/ν
/// </code>
/// Limits (checked in the tests): R_el → 0 gives de Levie's √(R_ion Z_int) coth√(R_ion/Z_int); a blocking interface
/// (Z_int → 1/(jωC)) at low frequency gives Z → (R_ion + R_el)/3 + Z_int, so an electron-blocking cell reads R_ion/3
/// from its low-frequency intercept; at high frequency Z → R_ion ∥ R_el.
/// </summary>
public static class TransmissionLine
{
    public static Complex Impedance(double rIonOhm, double rElOhm, Complex zInterfaceOhm)
    {
        double sum = rIonOhm + rElOhm;
        if (sum <= 0) return Complex.Zero;
        var nu = Complex.Sqrt(sum / zInterfaceOhm);
        var cothTerm = CircuitElements.Coth(nu) / nu;
        var parallel = rIonOhm * rElOhm / sum * (1 + 2 * CircuitElements.Csch(nu) / nu);
        return parallel + (rIonOhm * rIonOhm + rElOhm * rElOhm) / sum * cothTerm;
    }

    /// <summary>Low-frequency resistance of a blocking transmission line (the part that is not the interface capacitance): (R_ion + R_el)/3.</summary>
    public static double BlockingLowFrequencyResistanceOhm(double rIonOhm, double rElOhm) => (rIonOhm + rElOhm) / 3.0;
}
