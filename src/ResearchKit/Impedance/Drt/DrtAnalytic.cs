using System.Numerics;

namespace ResearchKit.Impedance.Drt;

/// <summary>
/// Elements whose distribution of relaxation times is known in closed form, used to validate the DRT inversion:
/// ZARC (Cole-Cole), Havriliak-Negami and the ideal RC (Debye, a Dirac delta). gamma is per unit ln tau, in ohm, so that
/// integral gamma(ln tau) d ln tau = R and Z(omega) = integral gamma / (1 + i omega tau) d ln tau.
/// </summary>
public static class DrtAnalytic
{
    /// <summary>ZARC impedance R / (1 + (i omega tau0)^phi), 0 &lt; phi &lt;= 1 (phi = 1 is an RC).</summary>
    public static Complex ZarcImpedanceOhm(double frequencyHz, double rOhm, double tau0S, double phi)
    {
        var x = Complex.Pow(new Complex(0, 2 * Math.PI * frequencyHz * tau0S), phi);
        return rOhm / (1 + x);
    }

    /// <summary>
    /// Exact DRT of the ZARC: gamma(ln tau) = (R / 2 pi) sin(phi pi) / (cosh(phi ln(tau/tau0)) + cos(phi pi)).
    /// </summary>
    /// <remarks>
    /// Fuoss-Kirkwood inversion of R/(1+(i omega tau0)^phi); written with alpha = 1 - phi it is Boukamp's
    /// (R/2pi) sin(alpha pi) / (cosh((1-alpha) ln(tau/tau0)) - cos(alpha pi)), since cos(phi pi) = -cos(alpha pi).
    /// Its integral over ln tau is R (checked numerically in the tests). Valid for 0 &lt; phi &lt; 1.
    /// </remarks>
    public static double ZarcGammaOhm(double tauS, double rOhm, double tau0S, double phi)
    {
        double s = Math.Log(tauS / tau0S);
        return rOhm / (2 * Math.PI) * Math.Sin(phi * Math.PI) / (Math.Cosh(phi * s) + Math.Cos(phi * Math.PI));
    }

    /// <summary>Havriliak-Negami impedance R / (1 + (i omega tau0)^alpha)^beta, 0 &lt; alpha, beta &lt;= 1.</summary>
    public static Complex HavriliakNegamiImpedanceOhm(double frequencyHz, double rOhm, double tau0S, double alpha, double beta)
    {
        var x = Complex.Pow(new Complex(0, 2 * Math.PI * frequencyHz * tau0S), alpha);
        return rOhm / Complex.Pow(1 + x, beta);
    }

    /// <summary>
    /// Exact DRT of the Havriliak-Negami element:
    /// gamma(ln tau) = (R/pi) y^(alpha beta) sin(beta theta) / (1 + 2 y^alpha cos(pi alpha) + y^(2 alpha))^(beta/2), y = tau/tau0,
    /// theta = atan2(sin(pi alpha), y^alpha + cos(pi alpha)) in [0, pi].
    /// </summary>
    /// <remarks>Havriliak and Negami 1967; the atan2 branch keeps theta continuous where y^alpha + cos(pi alpha) changes sign.</remarks>
    public static double HavriliakNegamiGammaOhm(double tauS, double rOhm, double tau0S, double alpha, double beta)
    {
        // For beta < 1 the distribution is skewed to tau < tau0 (Cole-Davidson limit alpha = 1: zero for tau > tau0).
        double y = tauS / tau0S;
        double ya = Math.Pow(y, alpha);
        double theta = Math.Atan2(Math.Sin(Math.PI * alpha), ya + Math.Cos(Math.PI * alpha));
        double den = Math.Pow(1 + 2 * ya * Math.Cos(Math.PI * alpha) + ya * ya, beta / 2);
        return rOhm / Math.PI * Math.Pow(ya, beta) * Math.Sin(beta * theta) / den;
    }

    /// <summary>Ideal parallel RC: R / (1 + i omega R C); its DRT is R delta(ln tau - ln(RC)).</summary>
    public static Complex RcImpedanceOhm(double frequencyHz, double rOhm, double cF) =>
        rOhm / new Complex(1, 2 * Math.PI * frequencyHz * rOhm * cF);

    /// <summary>Log-spaced frequencies from <paramref name="fMaxHz"/> down to <paramref name="fMinHz"/>, <paramref name="perDecade"/> per decade, both ends included.</summary>
    public static double[] LogFrequenciesHz(double fMaxHz, double fMinHz, int perDecade)
    {
        InvalidInputException.Require(fMaxHz > fMinHz && fMinHz > 0, "frequency range", "0 < fMin < fMax");
        InvalidInputException.Require(perDecade > 0, "perDecade", "a positive number of points per decade");
        int n = (int)Math.Round(Math.Log10(fMaxHz / fMinHz) * perDecade) + 1;
        var f = new double[n];
        double a = Math.Log10(fMaxHz), b = Math.Log10(fMinHz);
        for (int i = 0; i < n; i++) f[i] = Math.Pow(10, a + (b - a) * i / (n - 1));
        return f;
    }

    /// <summary>
    /// A spectrum R_inf + sum of elements at the given frequencies, with optional proportional Gaussian noise:
    /// Z' and Z'' each get sigma = <paramref name="relativeNoise"/> * |Z| (e.g. 0.005 for 0.5 %), drawn from
    /// <see cref="DrtRandom"/> with <paramref name="seed"/> (bit-identical across .NET versions).
    /// </summary>
    public static ImpedanceSpectrum Spectrum(double[] frequencyHz, double rInfOhm, Func<double, Complex> elementsOhm,
        double relativeNoise = 0, ulong seed = 1, string sourceName = "synthetic")
    {
        var rng = new DrtRandom(seed);
        var z = new Complex[frequencyHz.Length];
        for (int i = 0; i < z.Length; i++)
        {
            var zi = rInfOhm + elementsOhm(frequencyHz[i]);
            if (relativeNoise > 0)
            {
                double s = relativeNoise * zi.Magnitude;
                zi += new Complex(s * rng.NextNormal(), s * rng.NextNormal());
            }
            z[i] = zi;
        }
        return new ImpedanceSpectrum((double[])frequencyHz.Clone(), z, sourceName);
    }
}

/// <summary>SplitMix64 (Steele, Lea, Flood 2014) with Box-Muller normals: a tiny generator whose sequence never changes.</summary>
public sealed class DrtRandom(ulong seed)
{
    ulong _state = seed;
    double? _spare;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in (0, 1).</summary>
    public double NextDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);

    /// <summary>Standard normal by the Box-Muller transform.</summary>
    public double NextNormal()
    {
        if (_spare is double s) { _spare = null; return s; }
        double u1 = NextDouble(), u2 = NextDouble();
        double r = Math.Sqrt(-2 * Math.Log(u1));
        _spare = r * Math.Sin(2 * Math.PI * u2);
        return r * Math.Cos(2 * Math.PI * u2);
    }
}
