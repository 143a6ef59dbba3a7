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
