using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Tests.Microstructure.Generators;

/// <summary>Locates the repository root (folder with ResearchKit.sln) from the test binaries.</summary>
internal static class TwinRepoFiles
{
    public static string Root()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("ResearchKit.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>Mirrors the fig5a notebook: the stored particle lists re-voxelized at 0.5 um reproduce the study's porosity.</summary>
public class TwinStoredDataTests
{
    [Fact]
    public void StoredCam73Particles_Revoxelized_MatchStudyPorosity()
    {
        var dir = Path.Combine(TwinRepoFiles.Root(), "data", "synthetic", "twin");
        var spec = TwinSpec.Default(0.7, 1, 0.5);
        var packing = TwinGenerator.ReadParticlesCsv(Path.Combine(dir, "CAM7-3-seed1-particles.csv"), spec.BoxXUm, spec.BoxYUm);
        var twin = TwinGenerator.FromPacking(spec, packing, "stored", particleIds: false);
        var study = TwinPorosityStudy.ReadSamplesCsv(Path.Combine(dir, "porosity-study.csv")).Single(s => s.Sample == "CAM7:3" && s.Seed == 1);
        // 0.5 um voxels vs the study's 0.25 um: voxelization changes porosity by well under 1.5 points.
        Assert.InRange(twin.Porosity, study.Porosity - 0.015, study.Porosity + 0.015);
        Assert.Equal(study.Ncwa, twin.ParticleCounts["ncwa"]);
        var rows = TwinPorosityStudy.Summarize(TwinPorosityStudy.ReadSamplesCsv(Path.Combine(dir, "porosity-study.csv")));
        Assert.Equal(5, rows.Count);
        // The bimodal cathodes are predicted less porous than both unimodal ones (the paper's central observation).
        double uniMin = rows.Where(r => r.NcwaMassFraction is 0 or 1).Min(r => r.PorosityMean);
        Assert.All(rows.Where(r => r.NcwaMassFraction is > 0 and < 1), r => Assert.True(r.PorosityMean < uniMin));
    }
}
