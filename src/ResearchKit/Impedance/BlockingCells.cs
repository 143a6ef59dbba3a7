using System.Globalization;
using System.Numerics;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Impedance;

/// <summary>
/// Direct finite-volume solve, in the frequency domain, of the 1D two-rail stack of a symmetric blocking cell: the layer is cut
/// into N cells; each cell has a node on the carrying rail (the rail the current enters and leaves by) and one on the floating
/// rail, rail resistances χ dx between neighbouring nodes, half a cell (χ dx/2) from the first/last carrying node to the faces,
/// no link from the floating rail to either face, and an interface admittance dx/ζ between the two nodes of a cell. A unit
/// current enters at x = 0, the face at x = L is grounded, and Z is the voltage of the entry face. Second-order accurate in dx;
/// at DC (no interface admittance) it gives the carrying rail's resistance exactly. Used to validate
/// <see cref="TransmissionLine.ElectronBlocking"/> and <see cref="TransmissionLine.IonBlocking"/>.
/// </summary>
public static class BlockingCellFiniteVolume
{
    /// <summary>Impedance (ohm) of the stack with the current carried in and out by the rail of resistance <paramref name="rCarryingOhm"/>.</summary>
    /// <param name="rCarryingOhm">total resistance of the rail connected to both faces, ohm</param>
    /// <param name="rFloatingOhm">total resistance of the floating rail, ohm</param>
    /// <param name="zInterfaceOhm">total interface impedance of the layer (ohm); per cell it is N times this</param>
    /// <param name="cells">number of finite volumes N (at least 2)</param>
    public static Complex Impedance(double rCarryingOhm, double rFloatingOhm, Complex zInterfaceOhm, int cells = 2000)
    {
        InvalidInputException.Require(cells >= 2, "cells", "need at least 2 cells");
        InvalidInputException.Require(rCarryingOhm > 0 && rFloatingOhm > 0, "rail resistance", "rail resistances must be positive");
        int n = cells, m = 2 * n;
        double g1 = n / rCarryingOhm, g2 = n / rFloatingOhm, g1Face = 2 * g1;
        Complex y = zInterfaceOhm.Magnitude > 1e300 || double.IsInfinity(zInterfaceOhm.Real) ? Complex.Zero : 1.0 / (n * zInterfaceOhm);
        if (y == Complex.Zero) return (n - 1) / g1 + 2 / g1Face; // DC: the floating rail carries nothing; exactly rCarryingOhm
        // Unknowns interleaved (carrying k at 2k, floating k at 2k+1): half-bandwidth 2.
        const int b = 2;
        var a = new Complex[m, 2 * b + 1]; // a[i, j - i + b]
        var rhs = new Complex[m];
        void Add(int i, int j, Complex v) => a[i, j - i + b] += v;
        for (int k = 0; k < n; k++)
        {
            int c = 2 * k, f = 2 * k + 1;
            Add(c, c, y); Add(c, f, -y); Add(f, f, y); Add(f, c, -y);
            if (k + 1 < n)
            {
                int c2 = c + 2, f2 = f + 2;
                Add(c, c, g1); Add(c2, c2, g1); Add(c, c2, -g1); Add(c2, c, -g1);
                Add(f, f, g2); Add(f2, f2, g2); Add(f, f2, -g2); Add(f2, f, -g2);
            }
        }
        Add(m - 2, m - 2, g1Face); // grounded exit face
        rhs[0] = 1;                 // unit current into the first carrying node (the entry face's half-cell is added below)
        // Banded Gaussian elimination without pivoting: the matrix is a complex-symmetric M-matrix plus a diagonal interface term.
        for (int k = 0; k < m; k++)
        {
            var piv = a[k, b];
            for (int i = k + 1; i <= Math.Min(m - 1, k + b); i++)
            {
                var l = a[i, k - i + b] / piv;
                if (l == Complex.Zero) continue;
                for (int j = k; j <= Math.Min(m - 1, k + b); j++) a[i, j - i + b] -= l * a[k, j - k + b];
                rhs[i] -= l * rhs[k];
            }
        }
        var x = new Complex[m];
        for (int i = m - 1; i >= 0; i--)
        {
            var s = rhs[i];
            for (int j = i + 1; j <= Math.Min(m - 1, i + b); j++) s -= a[i, j - i + b] * x[j];
            x[i] = s / a[i, b];
        }
        return x[0] + 1 / g1Face;
    }
}

/// <summary>
/// Forward model of the paper's electron-blocking cell (Fig 2g): SUS | Li | Li6PS5Cl | composite | Li6PS5Cl | Li | SUS.
/// Z = R_sep + (R_Li ∥ CPE_Li) + TLEB(R_ion, R_el, CPE_dl), i.e. the circuit <see cref="CircuitText"/>: the two SSE
/// separators as one resistance, the two Li|SSE interfaces as one R∥CPE arc, and the composite as the electron-blocking
/// two-rail line (<see cref="TransmissionLine.ElectronBlocking"/>) with R_ion = L/(σ_ion A), R_el = L/(σ_e A) and the CAM-SSE
/// double layer as a CPE. The spectrum closes on the real axis at R_sep + R_Li + R_ion.
/// </summary>
/// <param name="ThicknessUm">composite thickness L, µm</param>
/// <param name="AreaCm2">cell area A, cm²</param>
/// <param name="SigmaIonSPerCm">effective ionic conductivity of the composite, S/cm</param>
/// <param name="SigmaESPerCm">effective electronic conductivity of the composite, S/cm</param>
/// <param name="InterfaceQ">CPE coefficient of the CAM-SSE double layer of the whole layer, F·s^(α−1)</param>
/// <param name="InterfaceAlpha">CPE exponent of the CAM-SSE double layer</param>
/// <param name="SeparatorOhm">resistance of both SSE separators (measured alone as a reference), ohm</param>
/// <param name="LiInterfaceOhm">resistance of both Li|SSE interfaces, ohm</param>
/// <param name="LiInterfaceQ">CPE coefficient of the Li|SSE interfaces, F·s^(α−1)</param>
/// <param name="LiInterfaceAlpha">CPE exponent of the Li|SSE interfaces</param>
public sealed record ElectronBlockingCell(
    double ThicknessUm, double AreaCm2, double SigmaIonSPerCm, double SigmaESPerCm,
    double InterfaceQ, double InterfaceAlpha, double SeparatorOhm, double LiInterfaceOhm, double LiInterfaceQ, double LiInterfaceAlpha)
{
    /// <summary>The forward model as a circuit of the kit's grammar.</summary>
    public const string CircuitText = "R0-p(R1,CPE1)-TLEB2";

    /// <summary>Ionic rail resistance L/(σ_ion A), ohm.</summary>
    public double RIonOhm => BlockingCellChecks.Resistance(ThicknessUm, AreaCm2, SigmaIonSPerCm, nameof(SigmaIonSPerCm));
    /// <summary>Electronic rail resistance L/(σ_e A), ohm.</summary>
    public double RElOhm => BlockingCellChecks.Resistance(ThicknessUm, AreaCm2, SigmaESPerCm, nameof(SigmaESPerCm));
    /// <summary>DC resistance of the cell, R_sep + R_Li + R_ion (ohm).</summary>
    public double DcResistanceOhm => SeparatorOhm + LiInterfaceOhm + RIonOhm;

    /// <summary>Parameters of <see cref="CircuitText"/> by name.</summary>
    public IReadOnlyDictionary<string, double> CircuitParameters => new Dictionary<string, double>
    {
        ["R0"] = SeparatorOhm, ["R1"] = LiInterfaceOhm, ["CPE1_0"] = LiInterfaceQ, ["CPE1_1"] = LiInterfaceAlpha,
        ["TLEB2_0"] = RIonOhm, ["TLEB2_1"] = RElOhm, ["TLEB2_2"] = InterfaceQ, ["TLEB2_3"] = InterfaceAlpha,
    };

    /// <summary>Impedance (ohm) at one frequency (Hz).</summary>
    public Complex Impedance(double frequencyHz)
    {
        var c = Circuit.Parse(CircuitText);
        return c.Impedance(c.ParametersFrom(CircuitParameters), frequencyHz);
    }

    /// <summary>Spectrum at the given frequencies with optional noise.</summary>
    public ImpedanceSpectrum Spectrum(double[] frequencyHz, NoiseModel? noise = null, string? sourceName = null) =>
        SpectrumSynthesis.FromCircuit(CircuitText, CircuitParameters, frequencyHz, noise, sourceName ?? "synthetic electron-blocking cell");
}

/// <summary>
/// Forward model of the paper's ion-blocking cell (Fig 2h): SUS | composite | SUS. Electrons enter and leave through the steel;
/// the ionic rail (SSE) is floating and couples through the CAM-SSE double layer, so Z(s) = R_contact + TLIB(R_ion, R_el, CPE_dl)
/// (<see cref="TransmissionLine.IonBlocking"/>): 1/(R_ion ∥ R_el) at the first instant of a voltage step, R_el at DC.
/// The chronoamperometry transient of a step ΔV is ΔV·g(t), g the inverse Laplace transform of 1/(s Z(s)), computed by the
/// fixed Talbot method (Abate and Valkó, Int. J. Numer. Meth. Eng. 60 (2004) 979) and superposed over the steps.
/// </summary>
/// <param name="ThicknessUm">composite thickness L, µm</param>
/// <param name="AreaCm2">cell area A, cm²</param>
/// <param name="SigmaIonSPerCm">effective ionic conductivity, S/cm</param>
/// <param name="SigmaESPerCm">effective electronic conductivity, S/cm</param>
/// <param name="InterfaceQ">CPE coefficient of the CAM-SSE double layer of the layer, F·s^(α−1)</param>
/// <param name="InterfaceAlpha">CPE exponent</param>
/// <param name="ContactOhm">SUS|composite contact resistance in series, ohm (0 in the kit's synthetic files)</param>
public sealed record IonBlockingCell(
    double ThicknessUm, double AreaCm2, double SigmaIonSPerCm, double SigmaESPerCm, double InterfaceQ, double InterfaceAlpha, double ContactOhm = 0)
{
    /// <summary>Ionic rail resistance, ohm.</summary>
    public double RIonOhm => BlockingCellChecks.Resistance(ThicknessUm, AreaCm2, SigmaIonSPerCm, nameof(SigmaIonSPerCm));
    /// <summary>Electronic rail resistance, ohm.</summary>
    public double RElOhm => BlockingCellChecks.Resistance(ThicknessUm, AreaCm2, SigmaESPerCm, nameof(SigmaESPerCm));
    /// <summary>DC resistance R_contact + R_el (ohm): the steady-state current of a step is ΔV over it.</summary>
    public double DcResistanceOhm => ContactOhm + RElOhm;
    /// <summary>Slowest mode of the floating rail for an ideal capacitor, (R_ion + R_el) C/π² (s): the transient's time scale.</summary>
    public double ModeTimeConstantS => (RIonOhm + RElOhm) * InterfaceQ / (Math.PI * Math.PI);

    /// <summary>Z(s) in ohm at a complex Laplace variable s (1/s); s = jω gives the spectrum.</summary>
    public Complex ImpedanceLaplace(Complex s) =>
        ContactOhm + TransmissionLine.IonBlocking(RIonOhm, RElOhm, 1.0 / (InterfaceQ * Complex.Pow(s, InterfaceAlpha)));

    /// <summary>Current (A) per volt of a voltage step applied at t = 0, at times t (s, > 0).</summary>
    public double[] UnitStepCurrentA(ReadOnlySpan<double> timeS)
    {
        var r = new double[timeS.Length];
        for (int i = 0; i < r.Length; i++) r[i] = Talbot.Invert(s => 1.0 / (s * ImpedanceLaplace(s)), timeS[i]);
        return r;
    }

    /// <summary>
    /// Chronoamperometry record of the paper's protocol: voltage steps (default 0.1-0.5 V by 0.1 V) of stepDurationS each
    /// (default 600 s), sampled at 1 ms-10 s on a log grid (10 per decade) and then every second, with Gaussian current noise
    /// σ = relativeNoise·|I| from <see cref="SplitMix64"/>(seed).
    /// </summary>
    /// <param name="stepVoltagesV">step voltages, V (default 0.1, 0.2, 0.3, 0.4, 0.5)</param>
    /// <param name="stepDurationS">duration of each step, s</param>
    /// <param name="relativeNoise">relative Gaussian noise of the current (0.005 = 0.5 %)</param>
    /// <param name="seed">noise seed</param>
    public ChronoamperometryRecord Chronoamperometry(double[]? stepVoltagesV = null, double stepDurationS = 600, double relativeNoise = 0, ulong seed = 1)
    {
        stepVoltagesV ??= ChronoamperometrySynthesis.PaperStepVoltagesV;
        InvalidInputException.Require(stepDurationS >= 20, "stepDurationS", "each step must last at least 20 s");
        InvalidInputException.Require(stepVoltagesV.Length >= 1, "stepVoltagesV", "need at least one step");
        var local = new List<double>();
        for (int j = 0; ; j++) { double t = 1e-3 * Math.Pow(10, j / 10.0); if (t >= 10) break; local.Add(t); }
        for (double t = 10; t <= stepDurationS + 1e-9; t += 1) local.Add(t);
        int per = local.Count, nSteps = stepVoltagesV.Length;
        // g at every offset t_local + q·duration that a later step needs.
        var g = new double[nSteps][];
        for (int q = 0; q < nSteps; q++) g[q] = UnitStepCurrentA(local.Select(t => t + q * stepDurationS).ToArray());
        var time = new double[per * nSteps]; var v = new double[time.Length]; var c = new double[time.Length];
        var rng = new SplitMix64(seed);
        for (int k = 0; k < nSteps; k++)
            for (int j = 0; j < per; j++)
            {
                int i = k * per + j;
                time[i] = k * stepDurationS + local[j]; v[i] = stepVoltagesV[k];
                double current = 0;
                for (int q = 0; q <= k; q++) current += (stepVoltagesV[k - q] - (k - q > 0 ? stepVoltagesV[k - q - 1] : 0)) * g[q][j];
                if (relativeNoise > 0) current += relativeNoise * Math.Abs(current) * rng.NextGaussian();
                c[i] = current;
            }
        return new ChronoamperometryRecord(time, v, c, "synthetic ion-blocking cell (SUS | composite | SUS)");
    }
}

/// <summary>Fixed Talbot numerical inverse Laplace transform (Abate and Valkó 2004, M nodes; ~0.6 M significant digits in exact arithmetic).</summary>
public static class Talbot
{
    /// <summary>f(t) from its transform F(s) (analytic off the negative real axis).</summary>
    /// <param name="transform">F(s)</param>
    /// <param name="timeS">t &gt; 0, s</param>
    /// <param name="nodes">M (default 24; double precision limits the useful M to about 30)</param>
    public static double Invert(Func<Complex, Complex> transform, double timeS, int nodes = 24)
    {
        InvalidInputException.Require(timeS > 0, "timeS", "Talbot inversion needs t > 0");
        int m = nodes;
        double r = 2.0 * m / (5.0 * timeS);
        double sum = 0.5 * (transform(r) * Math.Exp(r * timeS)).Real;
        for (int k = 1; k < m; k++)
        {
            double th = k * Math.PI / m, cot = Math.Cos(th) / Math.Sin(th);
            var s = new Complex(r * th * cot, r * th);
            double sigma = th + (th * cot - 1) * cot;
            sum += (Complex.Exp(timeS * s) * transform(s) * new Complex(1, sigma)).Real;
        }
        return r / m * sum;
    }
}

static class BlockingCellChecks
{
    public static double Resistance(double thicknessUm, double areaCm2, double sigma, string field)
    {
        InvalidInputException.Require(thicknessUm > 0, "thickness_um", "thickness must be positive (µm)");
        InvalidInputException.Require(areaCm2 > 0, "area_cm2", "area must be positive (cm²)");
        InvalidInputException.Require(sigma > 0, field, "conductivity must be positive (S/cm)");
        return thicknessUm * 1e-4 / (sigma * areaCm2);
    }
}
