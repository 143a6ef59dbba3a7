using System.Numerics;
using ResearchKit.Mechanics;
using ResearchKit.Microstructure;

namespace ResearchKit.Tests.Mechanics;

/// <summary>Known answers for the FFT Lippmann-Schwinger elastic solver (rotated staggered grid).</summary>
public sealed class ElasticSolverTests
{
    internal static LabelVolume Sphere(int n, double radius, byte inside = 1, byte outside = 2)
    {
        var v = new LabelVolume(n, n, n, 1.0);
        double c = (n - 1) / 2.0;
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++)
        {
            double d2 = (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c);
            v[z, y, x] = d2 <= radius * radius ? inside : outside;
        }
        return v;
    }

    /// <summary>Concentric sphere (traction-free outer surface): energy per cell volume (GPa) of a dilatational eigenstrain eps in the core.</summary>
    internal static double ConcentricSphereEnergyGPa(IsotropicPhase core, IsotropicPhase shell, double eps, double f)
    {
        double k1 = core.BulkModulusGPa, k2 = shell.BulkModulusGPa, mu2 = shell.ShearModulusGPa;
        // u = A r in the core, B r + C / r^2 in the shell; c = C / a^3 from continuity and the two traction conditions
        double c = 3 * k1 * eps / (3 * k1 + 4 * k1 * mu2 * f / k2 + 4 * mu2 * (1 - f));
        double a = c * (1 + 4 * mu2 * f / (3 * k2));
        // W = -1/2 int sigma : eps* (zero external traction), core stress 3 K1 (A - eps) hydrostatic
        return -4.5 * k1 * (a - eps) * eps * f;
    }

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(5)]
    public void Fft_AnyLength_MatchesDirectDft(int n)
    {
        var rng = new Random(3);
        var a = Enumerable.Range(0, n).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
        var b = (Complex[])a.Clone();
        Fft3D.Transform1D(b, false);
        for (int k = 0; k < n; k++)
        {
            Complex s = 0;
            for (int j = 0; j < n; j++) s += a[j] * Complex.FromPolarCoordinates(1, -2 * Math.PI * j * k / n);
            Assert.True((s - b[k]).Magnitude < 1e-12, $"k={k}");
        }
        Fft3D.Transform1D(b, true);
        for (int k = 0; k < n; k++) Assert.True((b[k] / n - a[k]).Magnitude < 1e-13);
    }

    [Fact]
    public void Eshelby_DilatationalSphereInPeriodicCell_EnergyMatchesTwoMuOnePlusNuOverOneMinusNuTimesOneMinusF()
    {
        var v = Sphere(48, 12);
        var phase = new IsotropicPhase(100, 0.3);
        const double eps = 0.01;
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = phase, [2] = phase }, new Dictionary<byte, double> { [1] = eps });
        Assert.True(r.Converged);
        long nIncl = v.Labels.LongCount(b => b == 1);
        double f = nIncl / (double)v.Count;
        double mu = phase.ShearModulusGPa, nu = phase.PoissonRatio;
        double expected = 2 * mu * (1 + nu) / (1 - nu) * eps * eps * (1 - f) * 1000; // MJ/m3 per inclusion volume
        double got = r.StrainEnergyDensityMJPerM3 * v.Count / nIncl;
        Assert.True(Math.Abs(got / expected - 1) < 0.02, $"energy per inclusion volume {got} vs {expected}");
        Assert.True(r.Iterations <= 2, $"homogeneous medium: the reference Green operator is exact, took {r.Iterations}");
        foreach (var s in r.MeanStressMPa) Assert.True(Math.Abs(s) < 1e-6 * phase.YoungModulusGPa * 1000 * eps);
    }

    [Fact]
    public void Laminate_DifferentModuliAndEigenstrains_ExactPiecewiseConstantSolution()
    {
        var v = new LabelVolume(16, 4, 4, 1.0);
        for (int z = 0; z < 16; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) v[z, y, x] = (byte)(z < 6 ? 1 : 2);
        var p1 = new IsotropicPhase(100, 0.3); var p2 = new IsotropicPhase(20, 0.35);
        double e1 = 0.01, e2 = -0.005, f1 = 6 / 16.0, f2 = 1 - f1;
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = p1, [2] = p2 }, new Dictionary<byte, double> { [1] = e1, [2] = e2 },
            new ElasticOptions { RelativeTolerance = 1e-12 });
        // uniform in-plane strain, zero normal stress: biaxial modulus Y = E / (1 - nu), zero mean in-plane stress
        double y1 = p1.YoungModulusGPa / (1 - p1.PoissonRatio), y2 = p2.YoungModulusGPa / (1 - p2.PoissonRatio);
        double ein = (f1 * y1 * e1 + f2 * y2 * e2) / (f1 * y1 + f2 * y2);
        double w1 = y1 * (ein - e1) * (ein - e1) * 1000, w2 = y2 * (ein - e2) * (ein - e2) * 1000;
        Assert.Equal(1, r.StrainEnergyByLabelMJPerM3[1] / w1, 6);
        Assert.Equal(1, r.StrainEnergyByLabelMJPerM3[2] / w2, 6);
        Assert.Equal(1, r.StrainEnergyDensityMJPerM3 / (f1 * w1 + f2 * w2), 6);
        Assert.Equal(ein, r.MeanStrain[0], 9);
    }

    // Solid (label 3) with random spherical pores (label 0) and CAM spheres (label 1): the library's validation geometry.
    internal static LabelVolume PorousBlock(int n, ulong seed) => ResearchKit.Mechanics.MechanicsValidation.PorousBlock(n, seed);

    [Fact]
    public void Porous_UniformEigenstrainInTheOnlySolid_ZeroStressAndEnergy()
    {
        var v = PorousBlock(24, 5);
        for (int i = 0; i < v.Labels.Length; i++) if (v.Labels[i] == 1) v.Labels[i] = 3;
        var sse = new IsotropicPhase(22, 0.37);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [3] = sse }, new Dictionary<byte, double> { [3] = -0.02 });
        Assert.True(r.Converged);
        Assert.True(r.StrainEnergyDensityMJPerM3 < 1e-3, $"energy {r.StrainEnergyDensityMJPerM3} MJ/m3");
        Assert.Equal(-0.02, r.MeanStrain[0], 6);
        foreach (var s in r.MeanStressMPa) Assert.True(Math.Abs(s) < 1e-2, $"mean stress {s} MPa");
    }

    [Fact]
    public void Porous_ContractingInclusionsInPorousMatrix_ConvergesWithoutOscillation()
    {
        var v = PorousBlock(24, 7);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25), [3] = new(22, 0.37) }, new Dictionary<byte, double> { [1] = -0.02 });
        Assert.True(r.Converged, $"{r}");
        Assert.True(r.StrainEnergyDensityMJPerM3 > 0);
        // no oscillation: the residual never rises far above its running minimum
        double min = 1;
        foreach (var h in r.ResidualHistory) { Assert.True(h <= 3 * min, $"residual {h} after a minimum of {min}"); min = Math.Min(min, h); }
    }

    [Fact]
    public void Solver_OneAndTwoThreads_BitIdentical()
    {
        var v = PorousBlock(20, 9);
        var m = new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25), [3] = new(22, 0.37) };
        var e = new Dictionary<byte, double> { [1] = -0.02 };
        var a = ElasticSolver.Solve(v, m, e, new ElasticOptions { MaxDegreeOfParallelism = 1, Boundary = MechanicsBoundary.Die });
        var b = ElasticSolver.Solve(v, m, e, new ElasticOptions { MaxDegreeOfParallelism = 2, Boundary = MechanicsBoundary.Die });
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.StrainEnergyDensityMJPerM3, b.StrainEnergyDensityMJPerM3);
        Assert.Equal(a.MeanStressMPa, b.MeanStressMPa);
        Assert.Equal(a.EnergyDensity, b.EnergyDensity);
    }

    [Fact]
    public void Die_ContractingInclusions_LateralStrainFixedAxialStressZero()
    {
        var v = PorousBlock(20, 11);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25), [3] = new(22, 0.37) }, new Dictionary<byte, double> { [1] = -0.02 },
            new ElasticOptions { Boundary = MechanicsBoundary.Die, RelativeTolerance = 1e-8 });
        Assert.Equal(0, r.MeanStrain[0]); Assert.Equal(0, r.MeanStrain[1]);
        Assert.True(Math.Abs(r.MeanStressMPa[2]) < 1e-4 * Math.Abs(r.MeanStressMPa[0]), $"axial {r.MeanStressMPa[2]} vs lateral {r.MeanStressMPa[0]}");
        Assert.True(r.MeanStressMPa[0] > 0, "a contracting CAM in a held die pulls the die walls: lateral mean stress tensile");
        Assert.True(r.MeanStrain[2] < 0, "free axis contracts");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void InhomogeneousSphere_RefinedAndRichardson_MatchesConcentricSphereWithinThreePercent()
    {
        var core = new IsotropicPhase(190, 0.25); var shell = new IsotropicPhase(22, 0.37);
        const double eps = -0.02;
        var pts = new List<(double R, double W, double Exact)>();
        foreach (var (n, rad) in new[] { (32, 6.0), (64, 12.0) })
        {
            var v = Sphere(n, rad);
            var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = core, [2] = shell }, new Dictionary<byte, double> { [1] = eps },
                new ElasticOptions { RelativeTolerance = 1e-6, KeepField = false });
            Assert.True(r.Converged);
            double f = v.Labels.LongCount(b => b == 1) / (double)v.Count;
            pts.Add((rad, r.StrainEnergyDensityMJPerM3, ConcentricSphereEnergyGPa(core, shell, eps, f) * 1000));
        }
        // same fraction at both radii (cell scales with r): error ~ 1/r, Richardson from r and 2r
        double rel1 = pts[0].W / pts[0].Exact, rel2 = pts[1].W / pts[1].Exact;
        double extrapolated = 2 * rel2 - rel1;
        Assert.True(Math.Abs(rel2 - 1) < Math.Abs(rel1 - 1) + 1e-3, $"refinement: {rel1} -> {rel2}");
        Assert.True(Math.Abs(extrapolated - 1) < 0.03, $"Richardson {extrapolated} (r=6: {rel1}, r=12: {rel2})");
    }
}
