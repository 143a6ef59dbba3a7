using System.Numerics;
using ResearchKit.Impedance.Drt;

namespace ResearchKit.Tests.Impedance.Drt;

/// <summary>The closed-form distributions are checked against their impedances before they are used to judge the inversion.</summary>
public class DrtAnalyticTests
{
    // integral gamma(ln tau) / (1 + i omega tau) d ln tau by the trapezoid rule over ln tau in [-60, 60] (step 0.002).
    static Complex Transform(Func<double, double> gamma, double f, out double area)
    {
        double w = 2 * Math.PI * f, h = 0.002;
        Complex sum = 0;
        area = 0;
        for (double y = -60; y <= 60; y += h)
        {
            double tau = Math.Exp(y), g = gamma(tau);
            sum += g * h / new Complex(1, w * tau);
            area += g * h;
        }
        return sum;
    }

    [Theory]
    [InlineData(0.8)]
    [InlineData(0.5)]
    [InlineData(0.95)]
    public void DrtAnalytic_ZarcGamma_IntegratesToRAndReproducesZ(double phi)
    {
        foreach (var f in new[] { 1e-2, 1.0, 159.0, 1e4 })
        {
            var z = Transform(t => DrtAnalytic.ZarcGammaOhm(t, 50, 1e-3, phi), f, out double area);
            Assert.Equal(50, area, 3);
            var exact = DrtAnalytic.ZarcImpedanceOhm(f, 50, 1e-3, phi);
            Assert.True((z - exact).Magnitude < 1e-3 * 50, $"f={f}: {z} vs {exact}");
        }
    }

    [Theory]
    [InlineData(0.8, 0.7)]
    [InlineData(0.6, 0.5)]
    [InlineData(0.9, 1.0)]
    public void DrtAnalytic_HavriliakNegamiGamma_IntegratesToRAndReproducesZ(double alpha, double beta)
    {
        foreach (var f in new[] { 1e-2, 1.0, 159.0, 1e4 })
        {
            var z = Transform(t => DrtAnalytic.HavriliakNegamiGammaOhm(t, 50, 1e-3, alpha, beta), f, out double area);
            Assert.Equal(50, area, 2);
            var exact = DrtAnalytic.HavriliakNegamiImpedanceOhm(f, 50, 1e-3, alpha, beta);
            Assert.True((z - exact).Magnitude < 1e-3 * 50, $"f={f}: {z} vs {exact}");
        }
    }
}
