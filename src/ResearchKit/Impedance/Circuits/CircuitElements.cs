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
/// <item>TLMB [R_ion, R_el, Q, α]: two-rail transmission line of a porous working electrode with ions entering on one side and
/// electrons leaving on the other, blocking interface (CPE), see <see cref="TransmissionLine"/>. NOT the electron-blocking cell.</item>
/// <item>TLEB [R_ion, R_el, Q, α]: electron-blocking symmetric cell (ions enter and leave through the SSE on both sides,
/// electronic rail floating), interface = CPE; Z(ω→0) = R_ion. See <see cref="TransmissionLine.ElectronBlocking"/>.</item>
/// <item>TLIB [R_ion, R_el, Q, α]: ion-blocking symmetric cell (electrons enter and leave through blocking metal on both sides,
/// ionic rail floating); Z(ω→0) = R_el. See <see cref="TransmissionLine.IonBlocking"/>.</item>
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
        ["TLEB"] = new("TLEB", "transmission line of an electron-blocking symmetric cell (ions in and out through the SSE; electronic rail floating)", ["Ohm", "Ohm", "Ohm^-1 s^a", ""],
            [0, 0, 0, 0], [Inf, Inf, Inf, 1],
            (p, o, w) => TransmissionLine.ElectronBlocking(p[o], p[o + 1], 1.0 / (p[o + 2] * Complex.Pow(Complex.ImaginaryOne * w, p[o + 3])))),
        ["TLIB"] = new("TLIB", "transmission line of an ion-blocking symmetric cell (electrons in and out through metal; ionic rail floating)", ["Ohm", "Ohm", "Ohm^-1 s^a", ""],
            [0, 0, 0, 0], [Inf, Inf, Inf, 1],
            (p, o, w) => TransmissionLine.IonBlocking(p[o], p[o + 1], 1.0 / (p[o + 2] * Complex.Pow(Complex.ImaginaryOne * w, p[o + 3])))),
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
/// Two-rail transmission lines (de Levie; Paasch, Micka and Gersdorf, Electrochim. Acta 38 (1993) 2653; boundary conditions
/// after Bisquert, Phys. Chem. Chem. Phys. 2 (2000) 4185) for a composite layer of thickness L with an ionic rail (χ1 per
/// length), an electronic rail (χ2 per length) and an interface impedance ζ (times length) between them. In electrode
/// totals R_ion = χ1 L, R_el = χ2 L, Z_int = ζ/L and ν = √((R_ion+R_el)/Z_int). Three boundary conditions:
/// <list type="bullet">
/// <item><see cref="Impedance"/> (element TLMB/TLM): a working electrode, ions enter the ionic rail at x = 0 (separator) and
/// electrons leave the electronic rail at x = L (current collector):
/// <c>Z = R_ion R_el/(R_ion+R_el) · [1 + 2/(ν sinh ν)] + (R_ion² + R_el²)/(R_ion+R_el) · coth(ν)/ν</c>;
/// R_el → 0 gives de Levie's √(R_ion Z_int) coth√(R_ion/Z_int); with a blocking interface Z → (R_ion + R_el)/3 + Z_int at low
/// frequency. This is NOT the electron-blocking conductivity cell.</item>
/// <item><see cref="ElectronBlocking"/> (element TLEB): the paper's Fig 2g cell SUS | Li | SSE | composite | SSE | Li | SUS.
/// Ions enter at x = 0 and leave at x = L through the SSE; the electronic rail (CAM + carbon) is floating (no electronic
/// current at either face) and couples to the ionic rail only through the CAM-SSE interface:
/// <c>Z = R_ion R_el/(R_ion+R_el) + R_ion²/(R_ion+R_el) · tanh(ν/2)/(ν/2)</c>.</item>
/// <item><see cref="IonBlocking"/> (element TLIB): the Fig 2h cell SUS | composite | SUS, the same with the rails' roles swapped:
/// <c>Z = R_ion R_el/(R_ion+R_el) + R_el²/(R_ion+R_el) · tanh(ν/2)/(ν/2)</c>.</item>
/// </list>
/// Derivation of the symmetric (blocking-cell) forms, done here: with the total current I = i1 + i2 conserved and
/// u = φ1 − φ2, the rail equations dφ_k/dx = −χ_k i_k and di2/dx = u/ζ give u'' = κ² u, κ² = (χ1+χ2)/ζ. The boundary
/// conditions i2(0) = i2(L) = 0 (electron-blocking) make u odd about the middle, u = B sinh κ(x − L/2), and u'(0) = −χ1 I
/// fixes B = −χ1 I/(κ cosh(κL/2)). The voltage φ1(0) − φ1(L) = χ1 ∫(I − i2) dx then integrates to the formula above.
/// Limits: Z(ω→0) = R_ion (electron-blocking; the spectrum closes on the real axis) or R_el (ion-blocking); Z(ω→∞) =
/// R_ion ∥ R_el in all three cases. The tests check these against a finite-volume solve of the same 1D stack
/// (<see cref="BlockingCellFiniteVolume"/>).
/// </summary>
public static class TransmissionLine
{
    /// <summary>Working-electrode line (ions in at the separator, electrons out at the current collector).</summary>
    /// <param name="rIonOhm">ionic rail resistance, ohm</param>
    /// <param name="rElOhm">electronic rail resistance, ohm</param>
    /// <param name="zInterfaceOhm">total interface impedance, ohm</param>
    public static Complex Impedance(double rIonOhm, double rElOhm, Complex zInterfaceOhm)
    {
        double sum = rIonOhm + rElOhm;
        if (sum <= 0) return Complex.Zero;
        var nu = Complex.Sqrt(sum / zInterfaceOhm);
        var cothTerm = CircuitElements.Coth(nu) / nu;
        var parallel = rIonOhm * rElOhm / sum * (1 + 2 * CircuitElements.Csch(nu) / nu);
        return parallel + (rIonOhm * rIonOhm + rElOhm * rElOhm) / sum * cothTerm;
    }

    /// <summary>Electron-blocking symmetric cell (ions in and out through the SSE on both faces, electronic rail floating).</summary>
    /// <param name="rIonOhm">ionic rail resistance L/(σ_ion A), ohm</param>
    /// <param name="rElOhm">electronic rail resistance L/(σ_e A), ohm</param>
    /// <param name="zInterfaceOhm">total CAM-SSE interface impedance of the layer (ohm); infinite for DC</param>
    public static Complex ElectronBlocking(double rIonOhm, double rElOhm, Complex zInterfaceOhm) => Symmetric(rIonOhm, rElOhm, zInterfaceOhm);

    /// <summary>Ion-blocking symmetric cell (electrons in and out through metal on both faces, ionic rail floating).</summary>
    /// <param name="rIonOhm">ionic rail resistance, ohm</param>
    /// <param name="rElOhm">electronic rail resistance, ohm</param>
    /// <param name="zInterfaceOhm">total CAM-SSE interface impedance (ohm)</param>
    public static Complex IonBlocking(double rIonOhm, double rElOhm, Complex zInterfaceOhm) => Symmetric(rElOhm, rIonOhm, zInterfaceOhm);

    // Z = R_c R_f/S + R_c²/S · tanh(ν/2)/(ν/2) for the rail that carries the current in and out (R_c) and the floating rail (R_f).
    static Complex Symmetric(double rCarrying, double rFloating, Complex zInterface)
    {
        double sum = rCarrying + rFloating;
        if (sum <= 0) return Complex.Zero;
        if (double.IsInfinity(zInterface.Real) || double.IsInfinity(zInterface.Imaginary) || zInterface.Magnitude > 1e300) return rCarrying;
        var half = Complex.Sqrt(sum / zInterface) / 2;
        Complex f = half.Magnitude < 1e-4 ? 1 - half * half / 3 : CircuitElements.Tanh(half) / half;
        return rCarrying * rFloating / sum + rCarrying * rCarrying / sum * f;
    }

    /// <summary>Low-frequency resistance of the working-electrode line TLMB with a blocking interface (the part that is not the interface capacitance): (R_ion + R_el)/3.</summary>
    public static double BlockingLowFrequencyResistanceOhm(double rIonOhm, double rElOhm) => (rIonOhm + rElOhm) / 3.0;
}
