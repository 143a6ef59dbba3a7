using ResearchKit.Packing;
using ResearchKit.Packing.Theory;

namespace ResearchKit.Tests.Packing;

/// <summary>A [Fact] that runs only with RESEARCHKIT_SLOW_TESTS=1 (the kit's one slow-tier switch, as in Directory.Build.props).</summary>
public sealed class SlowPackingFactAttribute : FactAttribute
{
    public SlowPackingFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("RESEARCHKIT_SLOW_TESTS") != "1") Skip = "slow tier: set RESEARCHKIT_SLOW_TESTS=1";
    }
}

/// <summary>
/// Simulated binary packings against Westman/Yu-Standish and de Larrard's CPM (K = 9, virtual densities calibrated so
/// that a single class packs at the simulated monodisperse 0.640). Stated tolerance: 0.03 in packing fraction.
/// Measured (seed 1, Release, current protocol): r = 0.4 (N 2000), fines 0.1/0.2/0.3/0.4/0.6 -> 0.663/0.683/0.683/0.683/0.675
/// (Westman 0.661/0.679/0.690/0.695/0.688, CPM 0.665/0.688/0.706/0.710/0.692); r = 0.2 (N 3000) -> 0.683/0.727/0.730/0.730/0.703
/// (Westman 0.684/0.723/0.746/0.750/0.722, CPM 0.677/0.716/0.746/0.749/0.715). Largest gap 0.027 (CPM, r = 0.4, 40 % fines):
/// the simulation's maximum is flatter and sits at slightly fewer fines than the models'. Resolution of the packer's
/// bisection: about 6e-4 in packing fraction.
/// </summary>
public class BinaryPackingVsTheoryTests
{
    const double MonoSimulated = BinaryPackingStudy.MonodisperseSimulated, Tolerance = 0.03;

    static double Simulate(double ratio, double fines, int count)
    {
        var radii = BinaryMixtures.Radii(count, 1.0, ratio, 1 - fines);
        var species = radii.Select(r => r == 1.0 ? 1 : 2).ToArray();
        return DensePacking.Pack(new PackingRequest(radii, species, 0, 0, false, 1)).PackingFraction;
    }

    static (double Westman, double Cpm) Theory(double ratio, double fines) =>
        (BinaryPackingStudy.Westman(finesFraction: fines, sizeRatio: ratio), BinaryPackingStudy.Cpm(finesFraction: fines, sizeRatio: ratio));

    [Fact]
    public void SizeRatio04_NearTheMaximum_MatchesBothModels()
    {
        double sim = Simulate(0.4, 0.3, 800);
        var (w, c) = Theory(0.4, 0.3);
        Assert.InRange(sim, w - Tolerance, w + Tolerance);
        Assert.InRange(sim, c - Tolerance, c + Tolerance);
        // Mixing gain over the monodisperse packing, as both models predict (about +0.05).
        Assert.True(sim > MonoSimulated + 0.03, $"phi {sim}");
    }

    [SlowPackingFact]
    public void FinesSweep_AtTwoSizeRatios_FollowsTheModelsAndPeaksNear30PercentFines()
    {
        double[] fines = [0.1, 0.2, 0.3, 0.4, 0.6];
        foreach (var (ratio, count) in new[] { (0.4, 2000), (0.2, 3000) })
        {
            var sims = fines.Select(f => Simulate(ratio, f, count)).ToArray();
            for (int k = 0; k < fines.Length; k++)
            {
                var (w, c) = Theory(ratio, fines[k]);
                Assert.InRange(sims[k], w - Tolerance, w + Tolerance);
                Assert.InRange(sims[k], c - Tolerance, c + Tolerance);
            }
            int best = Array.IndexOf(sims, sims.Max());
            Assert.InRange(fines[best], 0.2, 0.4);
        }
    }
}
