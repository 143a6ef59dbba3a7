using ResearchKit.Mechanics;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Paper;

public class TwinMechanicsStudyTests
{
    static string RepoRoot()
        => TestPaths.RepositoryRoot;

    static string StoredFile() => Path.Combine(RepoRoot(), "data", "synthetic", "mechanics", "strain-energy-by-blend.csv");

    [Fact]
    public void StoredFile_HasTheColumnsTheCellModelReads_FiveBlendsPositiveEnergies()
    {
        var header = File.ReadLines(StoredFile()).First();
        Assert.StartsWith("blend,ncwa_mass_fraction,seed_count,voxel_um,sse_interface_strain_energy_mj_per_m3,sse_interface_strain_energy_sd_mj_per_m3,total_strain_energy_mj_per_m3", header);
        var rows = TwinMechanicsStudy.ReadCsv(StoredFile());
        Assert.Equal(Samples.All.Select(s => s.Name), rows.Select(r => r.Blend));
        foreach (var r in rows)
        {
            Assert.True(r.SseInterfaceStrainEnergyMJPerM3 > 0 && r.TotalStrainEnergyMJPerM3 > 0);
            // The CAM contracts: held at fixed thickness the axial mean stress is tensile (the stack pressure drops, Fig 4f sign);
            // in a die (free piston) the same shows as a thinning pellet.
            if (r.Boundary == "fixed-strain") Assert.True(r.MeanAxialStressMPa > 0);
            else if (r.Boundary == "die") Assert.True(r.MeanAxialStrain < 0 && r.MeanLateralStressMPa > 0);
        }
    }

    [Fact]
    public void CathodeEigenstrains_Fig4eVolumeChanges_AreLinearStrains()
    {
        var e = MechanicsInputs.CathodeEigenstrains();
        Assert.Equal(Math.Cbrt(1 - 0.065) - 1, e[1], 12);
        Assert.Equal(Math.Cbrt(1 - 0.048) - 1, e[2], 12);
        Assert.Equal(-0.02215, e[1], 4);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void StoredStrainEnergy_RegeneratedCam10To0Point_MatchesTheFile()
    {
        var stored = TwinMechanicsStudy.ReadCsv(StoredFile()).Single(r => r.Blend == "CAM10:0");
        var row = TwinMechanicsStudy.Run(1.0, seed: 1, voxelUm: stored.VoxelUm, new TwinMechanicsSettings
        {
            Boundary = MechanicsInputs.ParseBoundary(stored.Boundary), Eigenstrain = TwinMechanicsSettings.ParseEigenstrain(stored.Eigenstrain),
        });
        Assert.True(row.Converged);
        if (stored.SeedCount == 1)
            Assert.Equal(1, row.SseInterfaceStrainEnergyMJPerM3 / stored.SseInterfaceStrainEnergyMJPerM3, 3);
        else
            Assert.InRange(row.SseInterfaceStrainEnergyMJPerM3, stored.SseInterfaceStrainEnergyMJPerM3 - 4 * stored.SseInterfaceStrainEnergySdMJPerM3 - 1e-9,
                stored.SseInterfaceStrainEnergyMJPerM3 + 4 * stored.SseInterfaceStrainEnergySdMJPerM3 + 1e-9);
    }
}

public class TwinMechanicsRowsFileTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("rk-twinrows-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static TwinMechanicsRow Row(string sample, ulong seed, double w) => new(sample, sample == "CAM10:0" ? 1.0 : 0.0, seed, 1.0, 0.1, 12, w, 2 * w, 3 * w, 0, 100, 9e-6, true, 60,
        "die", "anisotropic", seed, -0.004, 55.5);

    [Fact]
    public void PerTwinRows_AppendedOneByOne_ReadBackExactlyAndResumeSkipsThem()
    {
        var path = Path.Combine(_dir, "rows.per-twin.csv");
        var a = Row("CAM10:0", 1, 1.25); var b = Row("CAM0:10", 1, 0.5);
        TwinMechanicsStudy.AppendPerTwinRow(path, a);
        Assert.Single(TwinMechanicsStudy.ReadPerTwinRows(path)); // an interruption here keeps the finished row
        TwinMechanicsStudy.AppendPerTwinRow(path, b);
        var back = TwinMechanicsStudy.ReadPerTwinRows(path);
        Assert.Equal([a, b], back);
        Assert.False(File.Exists(path + ".tmp"));
        // every row of the run already done: nothing is solved again (a solve would take minutes and build twins)
        var rows = new List<TwinMechanicsRow>();
        foreach (var s in Samples.All) rows.Add(Row(s.Name, 1, 1) with { NcwaMassFraction = s.NcwaMassFraction });
        var got = TwinMechanicsStudy.PaperCathodes(1, 1, 1.0, settings: new TwinMechanicsSettings { Eigenstrain = TwinEigenstrainKind.Anisotropic },
            finished: _ => throw new InvalidOperationException("solved again"), done: rows);
        Assert.Equal(rows, got);
    }

    [Fact]
    public void WriteCsv_DieAnisotropicRows_SummaryCarriesBcAndEigenstrain()
    {
        var path = Path.Combine(_dir, "by-blend.csv");
        var rows = Samples.All.Select(s => Row(s.Name, 1, 1) with { NcwaMassFraction = s.NcwaMassFraction }).ToList();
        TwinMechanicsStudy.WriteCsv(rows, path);
        var back = TwinMechanicsStudy.ReadCsv(path);
        Assert.All(back, r => { Assert.Equal("die", r.Boundary); Assert.Equal("anisotropic", r.Eigenstrain); Assert.Equal(-0.004, r.MeanAxialStrain, 9); });
        Assert.Contains("--bc die --eigenstrain anisotropic", File.ReadAllText(path + ".provenance.json"));
    }

    [Fact]
    public void PerTwinRows_ForeignFile_ThrowsNamingRows()
    {
        var path = Path.Combine(_dir, "other.csv");
        File.WriteAllText(path, "a,b\n1,2\n");
        Assert.Equal("rows", Assert.Throws<InvalidInputException>(() => TwinMechanicsStudy.AppendPerTwinRow(path, Row("CAM10:0", 1, 1))).Field);
    }
}

public class TwinMechanicsAnisotropicTests
{
    [Fact]
    public void TwinMechanics_AnisotropicCoarseTwin_ConvergesAndDependsOnTheOrientationSeed()
    {
        // 2 um voxels: a 20 x 20 x ~33 twin, enough to run the particle-id cropping and the per-particle orientations end to end
        var settings = new TwinMechanicsSettings { Eigenstrain = TwinEigenstrainKind.Anisotropic, Boundary = MechanicsBoundary.FixedStrain, Tolerance = 1e-4 };
        var a = TwinMechanicsStudy.Run(1.0, seed: 1, voxelUm: 2.0, settings);
        var c = TwinMechanicsStudy.Run(1.0, seed: 1, voxelUm: 2.0, settings with { OrientationSeed = 99 });
        Assert.True(a.Converged && c.Converged);
        Assert.Equal(("anisotropic", 1UL), (a.Eigenstrain, a.OrientationSeed));
        Assert.NotEqual(a.TotalStrainEnergyMJPerM3, c.TotalStrainEnergyMJPerM3);
        Assert.True(a.MeanAxialStressMPa > 0, "contracting CAM in a clamped cell: tensile axial stress");
    }
}
