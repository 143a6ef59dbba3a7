using System.Numerics;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Drt;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>The analytic spectra of the DRT validation (issue 6), with their exact distributions.</summary>
public sealed record DrtCase(string Name, double RInfOhm, double RPolOhm, double[] PeakTauS, Func<double, Complex> Element, Func<double, double>? ExactGamma)
{
    /// <summary>91 points, 10 per decade, 1 MHz .. 1 mHz.</summary>
    public static double[] Frequencies91 => DrtAnalytic.LogFrequenciesHz(1e6, 1e-3, 10);

    public ImpedanceSpectrum Spectrum(double noise = 0, ulong seed = 12129) =>
        DrtAnalytic.Spectrum(Frequencies91, RInfOhm, Element, noise, seed, Name);

    public static DrtCase OneZarc => new("1xZARC", 10, 50, [1e-3],
        f => DrtAnalytic.ZarcImpedanceOhm(f, 50, 1e-3, 0.8),
        t => DrtAnalytic.ZarcGammaOhm(t, 50, 1e-3, 0.8));

    public static DrtCase TwoZarc => new("2xZARC", 10, 80, [1e-5, 1e-2],
        f => DrtAnalytic.ZarcImpedanceOhm(f, 30, 1e-5, 0.85) + DrtAnalytic.ZarcImpedanceOhm(f, 50, 1e-2, 0.8),
        t => DrtAnalytic.ZarcGammaOhm(t, 30, 1e-5, 0.85) + DrtAnalytic.ZarcGammaOhm(t, 50, 1e-2, 0.8));

    public static DrtCase HavriliakNegami => new("HN", 10, 50, [],
        f => DrtAnalytic.HavriliakNegamiImpedanceOhm(f, 50, 1e-3, 0.8, 0.7),
        t => DrtAnalytic.HavriliakNegamiGammaOhm(t, 50, 1e-3, 0.8, 0.7));

    public static DrtCase TwoRc => new("2xRC", 10, 60, [1e-4, 1e-1],
        f => DrtAnalytic.RcImpedanceOhm(f, 20, 1e-4 / 20) + DrtAnalytic.RcImpedanceOhm(f, 40, 1e-1 / 40),
        null);

    static Func<double, Complex> Zarcs((double R, double Tau, double Phi)[] z) => f => z.Aggregate(Complex.Zero, (a, e) => a + DrtAnalytic.ZarcImpedanceOhm(f, e.R, e.Tau, e.Phi));
    static Func<double, double> ZarcGammas((double R, double Tau, double Phi)[] z) => t => z.Sum(e => DrtAnalytic.ZarcGammaOhm(t, e.R, e.Tau, e.Phi));
    static DrtCase OfZarcs(string name, double rInf, params (double R, double Tau, double Phi)[] z) =>
        new(name, rInf, z.Sum(e => e.R), z.Select(e => e.Tau).ToArray(), Zarcs(z), ZarcGammas(z));

    /// <summary>Issue 11 overlap set: two ZARCs one decade apart (the valley between them is 40 % of the lower peak).</summary>
    public static DrtCase TwoZarcOneDecade => OfZarcs("2xZARC-1dec", 10, (30, 1e-3, 0.8), (40, 1e-2, 0.85));
    /// <summary>Issue 11 overlap set: two sharp ZARCs 0.6 decade apart (the valley is 45 % of the lower peak).</summary>
    public static DrtCase TwoZarcCloser => OfZarcs("2xZARC-0.6dec", 10, (20, 1e-3, 0.9), (30, 4e-3, 0.9));
    /// <summary>Issue 11: R_inf + four ZARC processes, one in each of the paper's bands D1..D4 (1e-6..1e2 s).</summary>
    public static DrtCase FourProcessAssb => OfZarcs("4xASSB", 5, (8, 5e-6, 0.9), (15, 3e-3, 0.75), (25, 0.5, 0.7), (10, 30, 0.8));
    /// <summary>Issue 11: a strongly skewed Havriliak-Negami element (alpha 0.9, beta 0.5).</summary>
    public static DrtCase HavriliakNegamiSkewed => new("HN-skew", 10, 40, [],
        f => DrtAnalytic.HavriliakNegamiImpedanceOhm(f, 40, 1e-2, 0.9, 0.5),
        t => DrtAnalytic.HavriliakNegamiGammaOhm(t, 40, 1e-2, 0.9, 0.5));

    /// <summary>The noise seeds of the issue 11 comparison (the first is the issue 6 seed).</summary>
    public static readonly ulong[] Seeds = [12129, 1, 2, 3, 4];

    /// <summary>
    /// Resistance error per process: gamma (recovered and exact) integrated in ln tau between the valleys of the exact distribution
    /// on the output grid; the largest relative deviation over the segments. Peak error: for each maximum of the exact
    /// distribution, the distance in decades to the nearest maximum of the recovered one higher than 5 % of its maximum.
    /// </summary>
    public (double MaxAreaError, double MaxPeakDecades) PeakAndAreaErrors(DrtResult r)
    {
        var t = r.TauS; var g = r.GammaOhm; var e = t.Select(ExactGamma!).ToArray(); int n = t.Length;
        var exactPeaks = Enumerable.Range(1, n - 2).Where(i => e[i] > e[i - 1] && e[i] >= e[i + 1]).ToList();
        var valleys = Enumerable.Range(1, n - 2).Where(i => e[i] < e[i - 1] && e[i] <= e[i + 1]).ToList();
        double gMax = g.Max();
        var found = Enumerable.Range(1, n - 2).Where(i => g[i] > g[i - 1] && g[i] >= g[i + 1] && g[i] > 0.05 * gMax).ToList();
        double peakErr = exactPeaks.Count == 0 ? 0 : exactPeaks.Max(i => found.Count == 0 ? double.PositiveInfinity : found.Min(j => Math.Abs(Math.Log10(t[j] / t[i]))));
        var edges = new List<int> { 0 }; edges.AddRange(valleys); edges.Add(n - 1);
        double areaErr = 0;
        for (int k = 0; k + 1 < edges.Count; k++)
        {
            double a = 0, ae = 0;
            for (int i = edges[k]; i < edges[k + 1]; i++)
            {
                double dy = Math.Log(t[i + 1] / t[i]);
                a += 0.5 * (g[i] + g[i + 1]) * dy; ae += 0.5 * (e[i] + e[i + 1]) * dy;
            }
            areaErr = Math.Max(areaErr, Math.Abs(a / ae - 1));
        }
        return (areaErr, peakErr);
    }

    /// <summary>Relative L2 error of gamma over ln tau on the result's output grid: ||gamma - exact|| / ||exact||.</summary>
    public double GammaL2Error(DrtResult r)
    {
        double num = 0, den = 0;
        for (int i = 0; i < r.TauS.Length; i++)
        {
            double e = ExactGamma!(r.TauS[i]);
            num += (r.GammaOhm[i] - e) * (r.GammaOhm[i] - e);
            den += e * e;
        }
        return Math.Sqrt(num / den);
    }
}
