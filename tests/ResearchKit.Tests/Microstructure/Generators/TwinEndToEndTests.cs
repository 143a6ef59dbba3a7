using ResearchKit.Microstructure.Generators;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Microstructure.Generators;

/// <summary>Full pipeline (population -> DensePacking.Pack -> voxels -> SSE) on a small box.</summary>
public class TwinEndToEndTests
{
    static TwinSpec Small(ulong seed) => TwinSpec.Default(0.5, seed, 0.25) with
    {
        BoxXUm = 20, BoxYUm = 20, CamArealLoadingMgPerCm2 = 3,
        Large = TwinSpec.Default().Large with { Psd = ResearchKit.Packing.ParticleSizeDistribution.FromD10D50D90(5, 6, 7, 0.02) },
    };

    [Fact]
    public void Build_SameSeed_IdenticalVolumeAnyThreadCountAndMassConserved()
    {
        var a = TwinGenerator.Build(Small(5), maxDegreeOfParallelism: 1);
        var b = TwinGenerator.Build(Small(5), maxDegreeOfParallelism: 3);
        Assert.Equal(a.VolumeHash(), b.VolumeHash());
        var f = a.VolumeFractions;
        var spec = a.Spec;
        // Mass conservation: binder (SSE + carbon) volume / CAM volume from the voxel masses equals the composition.
        double mCam = f.Ncwa * spec.Large.DensityGPerCm3 + f.Ncm * spec.Small.DensityGPerCm3;
        double mTotal = mCam + f.Sse * spec.SseDensityGPerCm3 + f.Carbon * spec.CarbonDensityGPerCm3;
        Assert.Equal(0.90, mCam / mTotal, 3);
        // Voxel CAM fractions vs the analytic sphere volumes: voxelization error only (< 3 % relative).
        Assert.InRange(a.CamPackingFraction / a.CamPackingFractionSpheres, 0.97, 1.03);
        // Porosity is what the packing leaves: 1 - phi_CAM - V_binder, with V_binder fixed by the 90:9.5:0.5 composition and the
        // material table's densities (not by the twin's own binder count): V_b = m_CAM (9.5/90 / rho_SSE + 0.5/90 / rho_C).
        double vBinder = mCam * (9.5 / 90 / 1.86 + 0.5 / 90 / 1.9);
        double voxelFraction = 1.0 / a.Volume.Count; // the binder is placed in whole voxels
        Assert.Equal(1 - (f.Ncwa + f.Ncm) - vBinder, a.Porosity, 1e-9 + voxelFraction);
        Assert.InRange(a.Porosity, 0.0, 0.35);
        Assert.True(a.ParticleCounts["ncwa"] > 0 && a.ParticleCounts["ncm"] > 0);
    }

    [Fact]
    public void Study_Summarize_JoinsPaperValues()
    {
        var samples = new[]
        {
            new TwinStudySample("CAM10:0", 1, 1, 0.25, 0.16, 0.63, 66, 139, 0, 200, 0, 0, 5.8, 1),
            new TwinStudySample("CAM10:0", 1, 2, 0.25, 0.18, 0.62, 67, 140, 0, 200, 0, 0, 5.8, 1),
            new TwinStudySample("CAM7:3", 0.7, 1, 0.25, 0.06, 0.71, 58, 110, 1483, 227, 2105, 2076, 5.5, 1),
        };
        var rows = TwinPorosityStudy.Summarize(samples);
        Assert.Equal("CAM10:0", rows[0].Sample);
        Assert.Equal(0.17, rows[0].PorosityMean, 12);
        Assert.Equal(0.168, rows[0].PorositySem!.Value, 12);
        Assert.Equal(0.11, rows[0].PorosityPycnometryMin!.Value, 12);
        Assert.Equal(0.08, rows[1].PorosityPycnometryMin!.Value, 12);
        Assert.Equal(2, TwinPorosityStudy.ToFrame(rows).RowCount);
        var path = Path.GetTempFileName();
        TwinPorosityStudy.WriteSamplesCsv(samples, path);
        Assert.Equal(samples, TwinPorosityStudy.ReadSamplesCsv(path));
        File.Delete(path);
    }
}
