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
            // The CAM contracts inside a cell held at fixed thickness: the axial mean stress is tensile, i.e. the stack pressure drops (Fig 4f sign).
            Assert.True(r.MeanAxialStressMPa > 0);
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

    [Fact(Skip = "the stored strain-energy study predates the one-density-table change of the twins (SSE 1.86, t = 0.030 um): regenerate with `researchkit twin-mechanics --voxel-um 1.0 --seeds 1 --out data/synthetic/mechanics/strain-energy-by-blend.csv`, then remove this skip")]
    [Trait("Category", "Slow")]
    public void StoredStrainEnergy_RegeneratedCam10To0Point_MatchesTheFile()
    {
        var stored = TwinMechanicsStudy.ReadCsv(StoredFile()).Single(r => r.Blend == "CAM10:0");
        var row = TwinMechanicsStudy.Run(1.0, seed: 1, voxelUm: stored.VoxelUm);
        Assert.True(row.Converged);
        if (stored.SeedCount == 1)
            Assert.Equal(1, row.SseInterfaceStrainEnergyMJPerM3 / stored.SseInterfaceStrainEnergyMJPerM3, 3);
        else
            Assert.InRange(row.SseInterfaceStrainEnergyMJPerM3, stored.SseInterfaceStrainEnergyMJPerM3 - 4 * stored.SseInterfaceStrainEnergySdMJPerM3 - 1e-9,
                stored.SseInterfaceStrainEnergyMJPerM3 + 4 * stored.SseInterfaceStrainEnergySdMJPerM3 + 1e-9);
    }
}
