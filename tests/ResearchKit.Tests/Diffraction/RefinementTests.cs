using ResearchKit.Diffraction;
using ResearchKit.Diffraction.Fitting;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Diffraction;

public class RefinementTests(ITestOutputHelper output)
{
    internal static PowderPattern Noisy(double a, double c, ulong seed, double min = 10, double max = 90, double step = 0.01,
        IReadOnlyList<(StationaryPhase, double)>? stationary = null, Instrument? ins = null)
    {
        var s = PowderSimulator.Simulate(LayeredOxide.Ncwa(a, c), ins ?? new Instrument { ZeroDeg = 0.012 },
            new SimulationOptions { TwoThetaMinDeg = min, TwoThetaMaxDeg = max, StepDeg = step, Stationary = stationary ?? [] });
        return PowderSimulator.WithPoissonNoise(s.Pattern, seed);
    }

    [Theory]
    [InlineData(2.872, 14.20, 2.870, 14.19)]
    [InlineData(2.840, 14.47, 2.870, 14.19)] // mid-charge: (0 0 6)/(1 0 1) 0.2° apart, (1 0 2) next to them
    [InlineData(2.815, 13.85, 2.870, 14.20)] // the case: c0 = 14.2 for a true 13.85
    [InlineData(2.880, 14.50, 2.840, 14.00)]
    [InlineData(2.800, 13.80, 2.840, 14.10)]
    public void Pawley_RoundTrip_RecoversCellWithin2e4(double a, double c, double a0, double c0)
    {
        var p = Noisy(a, c, 11);
        var r = PawleyRefinement.Refine(p, new PawleyOptions { A0 = a0, C0 = c0 });
        output.WriteLine($"a {r.AAngstrom:F6} ± {r.AAngstromEsd:E2} (true {a}), c {r.CAngstrom:F6} ± {r.CAngstromEsd:E2} (true {c}), Rwp {r.Rwp:F4}, chi2 {r.Chi2:F3}, it {r.Iterations}, {r.Seconds:F2} s");
        Assert.True(r.Converged);
        // Within 2e-4 Å or 3 esd, whichever is larger (at ~1e4 counts the c esd is ~1.2e-4 Å, so 3 esd ≈ 3.6e-4 Å).
        Assert.True(Math.Abs(r.AAngstrom - a) < Math.Max(2e-4, 3 * r.AAngstromEsd), $"a {r.AAngstrom} vs {a}");
        Assert.True(Math.Abs(r.CAngstrom - c) < Math.Max(2e-4, 3 * r.CAngstromEsd), $"c {r.CAngstrom} vs {c}");
        Assert.InRange(r.Chi2, 0.8, 1.3); // a correct model leaves only counting noise
        Assert.True(r.AAngstromEsd > 0 && r.AAngstromEsd < 1e-4);
        Assert.Equal(0.012, r.ZeroDeg, 3);
    }

    [Theory]
    [InlineData(2.815, 13.85, 2.870, 14.20)]
    [InlineData(2.840, 14.47, 2.870, 14.19)]
    public void Pawley_NoiseFreeRoundTrip_RecoversCellTo1e6(double a, double c, double a0, double c0)
    {
        var s = PowderSimulator.Simulate(LayeredOxide.Ncwa(a, c), new Instrument { ZeroDeg = -0.02 }, new SimulationOptions { StepDeg = 0.01 });
        var r = PawleyRefinement.Refine(s.Pattern, new PawleyOptions { A0 = a0, C0 = c0 });
        Assert.True(r.Converged);
        Assert.True(Math.Abs(r.AAngstrom - a) < 1e-6, $"a {r.AAngstrom:R}");
        Assert.True(Math.Abs(r.CAngstrom - c) < 1e-6, $"c {r.CAngstrom:R}");
        Assert.True(r.Rwp < 1e-4, $"Rwp {r.Rwp}");
    }

    [Fact]
    public void Pawley_StationaryBeAlLinesExcludedOrModelled_DoNotBiasCell()
    {
        double a = 2.850, c = 14.40;
        var stat = new List<(StationaryPhase, double)> { (StationaryPhase.BerylliumWindow, 0.8), (StationaryPhase.AluminiumFoil, 0.5) };
        var p = Noisy(a, c, 5, 15, 80, 0.02, stat);
        var excl = PawleyOptions.ParseExclude("45.4:46.3,50.5:51.4,52.3:53.3,64.6:65.6,70.4:71.4,77.7:78.7");
        var rx = PawleyRefinement.Refine(p, new PawleyOptions { Exclude = excl });
        var rm = PawleyRefinement.Refine(p, new PawleyOptions { ModelStationary = [StationaryPhase.BerylliumWindow, StationaryPhase.AluminiumFoil] });
        var rn = PawleyRefinement.Refine(p, new PawleyOptions());
        output.WriteLine($"excluded: a {rx.AAngstrom:F6}±{rx.AAngstromEsd:E1} c {rx.CAngstrom:F6}±{rx.CAngstromEsd:E1} Rwp {rx.Rwp:F4}");
        output.WriteLine($"modelled: a {rm.AAngstrom:F6}±{rm.AAngstromEsd:E1} c {rm.CAngstrom:F6}±{rm.CAngstromEsd:E1} Rwp {rm.Rwp:F4}");
        output.WriteLine($"ignored : a {rn.AAngstrom:F6} c {rn.CAngstrom:F6} Rwp {rn.Rwp:F4}");
        foreach (var r in new[] { rx, rm })
        {
            Assert.True(Math.Abs(r.AAngstrom - a) < 3 * r.AAngstromEsd + 5e-5, $"a {r.AAngstrom}");
            Assert.True(Math.Abs(r.CAngstrom - c) < 3 * r.CAngstromEsd + 2e-4, $"c {r.CAngstrom}");
        }
        // Ignoring them leaves a misfit that the R factor shows.
        Assert.True(rn.Rwp > 1.5 * rm.Rwp);
    }
}
