using ResearchKit.Mechanics;
using ResearchKit.Microstructure;

namespace ResearchKit.Tests.Mechanics;

/// <summary>Known answers for the layered-oxide (a/c axis) eigenstrains with a random crystal orientation per particle.</summary>
public sealed class AnisotropicEigenstrainTests
{
    static readonly LayeredEigenstrain Ncwa = new(-0.020, -0.046);

    static GrainEigenstrainField OneGrain(LabelVolume v, byte label, double[] tensor)
    {
        var g = new int[v.Count];
        for (int i = 0; i < g.Length; i++) if (v.Labels[i] == label) g[i] = 1;
        return new GrainEigenstrainField(g, [new double[6], tensor]);
    }

    [Fact]
    public void LayeredEigenstrain_CAxisAlongZ_DiagonalAThenC()
    {
        Assert.Equal([-0.020, -0.020, -0.046, 0, 0, 0], Ncwa.Tensor(0, 0, 1));
        // trace is orientation-independent: 2 eps_a + eps_c
        var t = Ncwa.Tensor(0.6, 0, 0.8);
        Assert.Equal(2 * -0.020 - 0.046, t[0] + t[1] + t[2], 15);
        Assert.Equal((-0.046 + 0.020) * 0.6 * 0.8, t[4], 15);
    }

    [Fact]
    public void Cathode_MaterialTable_Fig4dAxisStrains()
    {
        var e = LayeredEigenstrain.Cathode();
        Assert.Equal(-0.020, e[PhaseLabels.Ncwa].AAxisStrain, 14); Assert.Equal(-0.046, e[PhaseLabels.Ncwa].CAxisStrain, 14);
        Assert.Equal(-0.020, e[PhaseLabels.Ncm].AAxisStrain, 14); Assert.Equal(-0.028, e[PhaseLabels.Ncm].CAxisStrain, 14);
        Assert.Equal(0.98 * 0.98 * 0.954 - 1, e[PhaseLabels.Ncwa].VolumetricStrain, 12);
    }

    [Fact]
    public void Rotations_TwentyThousandParticles_UniformOnSO3Moments()
    {
        // Haar measure on SO(3): E[R] = 0, E[n n^T] = I / 3 for n = R e_z; R orthonormal with det +1
        const int count = 20000;
        var mean = new double[3, 3]; var nn = new double[3, 3];
        for (int id = 1; id <= count; id++)
        {
            var r = CrystalOrientations.Rotation(42, id);
            double det = r[0, 0] * (r[1, 1] * r[2, 2] - r[1, 2] * r[2, 1]) - r[0, 1] * (r[1, 0] * r[2, 2] - r[1, 2] * r[2, 0]) + r[0, 2] * (r[1, 0] * r[2, 1] - r[1, 1] * r[2, 0]);
            Assert.Equal(1, det, 12);
            for (int i = 0; i < 3; i++)
                for (int j = 0; j < 3; j++)
                {
                    double dot = r[0, i] * r[0, j] + r[1, i] * r[1, j] + r[2, i] * r[2, j];
                    Assert.Equal(i == j ? 1 : 0, dot, 12);
                    mean[i, j] += r[i, j] / count;
                    nn[i, j] += r[i, 2] * r[j, 2] / count;
                }
        }
        // sampling SD of a mean of R_ij (variance 1/3) is 0.0041; of (n n^T)_ij below 0.0022: tolerances are 4 SD
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
            {
                Assert.True(Math.Abs(mean[i, j]) < 0.016, $"E[R_{i}{j}] = {mean[i, j]}");
                Assert.True(Math.Abs(nn[i, j] - (i == j ? 1 / 3.0 : 0)) < 0.009, $"E[n_{i} n_{j}] = {nn[i, j]}");
            }
        Assert.Equal(CrystalOrientations.Rotation(42, 7), CrystalOrientations.Rotation(42, 7));
        Assert.NotEqual(CrystalOrientations.CAxis(42, 7), CrystalOrientations.CAxis(43, 7));
    }

    [Fact]
    public void HomogeneousBody_UniformAnisotropicEigenstrainZeroMeanStress_ZeroStressAndEnergy()
    {
        var v = new LabelVolume(12, 12, 12, 1.0);
        Array.Fill(v.Labels, (byte)1);
        var (x, y, z) = CrystalOrientations.CAxis(5, 3);
        var tensor = Ncwa.Tensor(x, y, z);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25) }, new Dictionary<byte, double>(),
            new ElasticOptions { Grains = OneGrain(v, 1, tensor), RelativeTolerance = 1e-10 });
        Assert.True(r.Converged);
        Assert.True(r.StrainEnergyDensityMJPerM3 < 1e-12, $"energy {r.StrainEnergyDensityMJPerM3}");
        foreach (var s in r.MeanStressMPa) Assert.True(Math.Abs(s) < 1e-8, $"mean stress {s} MPa");
        for (int c = 0; c < 6; c++) Assert.Equal(tensor[c], r.MeanStrain[c], 12); // the body takes the eigenstrain, shear included
    }

    [Fact]
    public void PorousBody_UniformAnisotropicEigenstrainInTheOnlySolid_ZeroEnergy()
    {
        var v = ElasticSolverTests.PorousBlock(20, 5);
        for (int i = 0; i < v.Labels.Length; i++) if (v.Labels[i] == 1) v.Labels[i] = 3;
        var tensor = Ncwa.Tensor(0.48, 0.6, 0.64);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [3] = new(22, 0.37) }, new Dictionary<byte, double>(),
            new ElasticOptions { Grains = OneGrain(v, 3, tensor) });
        Assert.True(r.Converged);
        Assert.True(r.StrainEnergyDensityMJPerM3 < 1e-3, $"energy {r.StrainEnergyDensityMJPerM3} MJ/m3");
        for (int c = 0; c < 6; c++) Assert.Equal(tensor[c], r.MeanStrain[c], 5);
    }

    [Fact]
    public void SingleParticle_CAxisRotatedFromZToX_FieldIsTheRotatedField()
    {
        // A centred sphere is mirror-symmetric, so turning the c axis from z to x (a 90 degree rotation about y) maps the field by
        // swapping the x and z indices, and the stress tensor by swapping its xx and zz components (and yz with xy).
        const int n = 20;
        var v = ElasticSolverTests.Sphere(n, 6);
        var m = new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25), [2] = new(22, 0.37) };
        var o = new ElasticOptions { Boundary = MechanicsBoundary.FixedStrain, RelativeTolerance = 1e-10 };
        var alongZ = ElasticSolver.Solve(v, m, new Dictionary<byte, double>(), o with { Grains = OneGrain(v, 1, Ncwa.Tensor(0, 0, 1)) });
        var alongX = ElasticSolver.Solve(v, m, new Dictionary<byte, double>(), o with { Grains = OneGrain(v, 1, Ncwa.Tensor(1, 0, 0)) });
        Assert.True(alongZ.Converged && alongX.Converged);
        double scale = Math.Abs(alongZ.MeanStressMPa[2]);
        Assert.True(scale > 1, "the clamped cell carries stress");
        int[] swap = [2, 1, 0, 5, 4, 3];
        for (int c = 0; c < 6; c++) Assert.True(Math.Abs(alongX.MeanStressMPa[c] - alongZ.MeanStressMPa[swap[c]]) < 1e-7 * scale, $"component {c}");
        double wmax = alongZ.EnergyDensity!.Max();
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++)
            Assert.True(Math.Abs(alongX.EnergyDensity![v.Index(z, y, x)] - alongZ.EnergyDensity![v.Index(x, y, z)]) < 1e-7 * wmax, $"voxel {z},{y},{x}");
        // and the c axis along z differs from a along z: the field is not isotropic
        Assert.True(Math.Abs(alongZ.MeanStressMPa[2] - alongZ.MeanStressMPa[0]) > 0.1 * scale);
    }

    [Fact]
    public void SingleParticle_ArbitraryRotationHomogeneousModuli_MeanStressIsTheRotatedTensor()
    {
        // homogeneous moduli, clamped cell: <sigma> = -C : <eps*> exactly, so rotating the crystal rotates the mean stress: R S R^T
        var v = ElasticSolverTests.Sphere(16, 5);
        var p = new IsotropicPhase(100, 0.3);
        var m = new Dictionary<byte, IsotropicPhase> { [1] = p, [2] = p };
        var o = new ElasticOptions { Boundary = MechanicsBoundary.FixedStrain, RelativeTolerance = 1e-10 };
        var rot = CrystalOrientations.Rotation(11, 1);
        var sz = ElasticSolver.Solve(v, m, new Dictionary<byte, double>(), o with { Grains = OneGrain(v, 1, Ncwa.Tensor(0, 0, 1)) }).MeanStressMPa;
        var sr = ElasticSolver.Solve(v, m, new Dictionary<byte, double>(), o with { Grains = OneGrain(v, 1, Ncwa.Tensor(rot[0, 2], rot[1, 2], rot[2, 2])) }).MeanStressMPa;
        var s = new double[3, 3] { { sz[0], sz[5], sz[4] }, { sz[5], sz[1], sz[3] }, { sz[4], sz[3], sz[2] } };
        var expected = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 3; k++) for (int l = 0; l < 3; l++) expected[i, j] += rot[i, k] * s[k, l] * rot[j, l];
        double[] ev = [expected[0, 0], expected[1, 1], expected[2, 2], expected[1, 2], expected[0, 2], expected[0, 1]];
        double scale = Math.Abs(sz[2]);
        for (int c = 0; c < 6; c++) Assert.True(Math.Abs(sr[c] - ev[c]) < 1e-8 * scale, $"component {c}: {sr[c]} vs {ev[c]}");
    }

    [Fact]
    public void RandomGrains_HomogeneousModuliZeroStress_MeanStrainIsTheOrientationAverage()
    {
        // 512 cubic grains of 4^3 voxels filling a homogeneous periodic cell. Zero mean stress with uniform moduli gives
        // E = <eps*> exactly; over uniform orientations <n n^T> = I / 3, so E tends to ((2 eps_a + eps_c) / 3) I (sampling SD 3e-4).
        const int n = 32;
        var v = new LabelVolume(n, n, n, 1.0);
        Array.Fill(v.Labels, (byte)1);
        var ids = new int[v.Count];
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) ids[v.Index(z, y, x)] = 1 + (z / 4 * 8 + y / 4) * 8 + x / 4;
        var grains = GrainEigenstrainField.Layered(v, ids, new Dictionary<byte, LayeredEigenstrain> { [1] = Ncwa }, seed: 2026);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25) }, new Dictionary<byte, double>(),
            new ElasticOptions { Grains = grains, RelativeTolerance = 1e-8, KeepField = false });
        Assert.True(r.Converged);
        var exact = grains.MeanTensor(v, new Dictionary<byte, double>());
        for (int c = 0; c < 6; c++) Assert.Equal(exact[c], r.MeanStrain[c], 9);
        double iso = Ncwa.OrientationAverageLinearStrain;
        for (int c = 0; c < 6; c++) Assert.True(Math.Abs(r.MeanStrain[c] - (c < 3 ? iso : 0)) < 1.3e-3, $"component {c}: {r.MeanStrain[c]} vs {(c < 3 ? iso : 0)}");
        Assert.True(r.StrainEnergyDensityMJPerM3 > 0, "misoriented grains are incompatible: they store energy");
    }

    [Fact]
    public void Solver_RandomGrainsOneAndTwoThreads_BitIdentical()
    {
        var v = ElasticSolverTests.PorousBlock(16, 9);
        var ids = GrainEigenstrainField.ConnectedParticles(v, [1]);
        var g = GrainEigenstrainField.Layered(v, ids, new Dictionary<byte, LayeredEigenstrain> { [1] = Ncwa }, 7);
        var m = new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25), [3] = new(22, 0.37) };
        var a = ElasticSolver.Solve(v, m, new Dictionary<byte, double>(), new ElasticOptions { Grains = g, MaxDegreeOfParallelism = 1, Boundary = MechanicsBoundary.Die });
        var b = ElasticSolver.Solve(v, m, new Dictionary<byte, double>(), new ElasticOptions { Grains = g, MaxDegreeOfParallelism = 2, Boundary = MechanicsBoundary.Die });
        Assert.Equal(a.Iterations, b.Iterations);
        Assert.Equal(a.EnergyDensity, b.EnergyDensity);
        Assert.Equal(a.MeanStressMPa, b.MeanStressMPa);
    }

    [Fact]
    public void Layered_ParticleWithTwoLabelsOrCamVoxelWithoutId_ThrowsNamingParticleIds()
    {
        var v = new LabelVolume(2, 2, 2, 1.0);
        Array.Fill(v.Labels, (byte)1);
        v.Labels[0] = 2;
        var layered = new Dictionary<byte, LayeredEigenstrain> { [1] = Ncwa, [2] = Ncwa };
        var ids = Enumerable.Repeat(1, 8).ToArray();
        Assert.Equal("particle_ids", Assert.Throws<InvalidInputException>(() => GrainEigenstrainField.Layered(v, ids, layered, 1)).Field);
        ids[3] = 0;
        ids[0] = 2;
        Assert.Equal("particle_ids", Assert.Throws<InvalidInputException>(() => GrainEigenstrainField.Layered(v, ids, layered, 1)).Field);
    }

    [Fact]
    public void ParseEigenstrainSpec_NumberAndPair_IsotropicAndLayered()
    {
        var (iso, layered) = MechanicsInputs.ParseEigenstrainSpec("1=-0.020:-0.046,NCM=-0.0163");
        Assert.Equal(-0.0163, iso[2]);
        Assert.Equal(Ncwa, layered[1]);
        Assert.Equal("eigenstrain", Assert.Throws<InvalidInputException>(() => MechanicsInputs.ParseEigenstrainSpec("1=-0.02:-0.6")).Field);
        Assert.Equal("eigenstrain", Assert.Throws<InvalidInputException>(() => MechanicsInputs.ParseEigenstrainSpec("1=-0.02:0:1")).Field);
    }
}
