using ResearchKit.Imaging;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Imaging;

/// <summary>The stored CAM10:0 twin, rebuilt once for the class (about 4 s).</summary>
public sealed class StoredTwinFixture
{
    public static string Root { get; } = Cycling.CyclingReferenceFiles.RepoRoot();
    public static string TwinDir => Path.Combine(Root, "data", "synthetic", "twin");
    public static string SemDir => Path.Combine(Root, "data", "synthetic", "sem");
    public DigitalTwin Twin { get; } = SemSynthetic.StoredTwin("10:0", TwinDir);
}

public class SemForwardModelTests(StoredTwinFixture f) : IClassFixture<StoredTwinFixture>
{
    [Theory]
    [InlineData(SectionAxis.Y, -1, 0.0)]
    [InlineData(SectionAxis.Y, 40, 20.0)]
    [InlineData(SectionAxis.Z, 60, 0.0)]
    public void TwinSection_CleanImage_AnalysedPorosityEqualsVoxelCount(SectionAxis axis, int index, double tilt)
    {
        var r = SemForwardModel.Render(f.Twin.Volume, new SemRenderOptions(Axis: axis, Index: index, TiltDeg: tilt));
        var a = PoreAnalysis.Analyze(r.Image);
        Assert.InRange(a.Porosity - r.SectionPorosity, -0.002, 0.002);
        Assert.InRange(a.CamAreaFraction - r.SectionCamFraction, -0.002, 0.002);
        Assert.Equal(0.125, a.PixelSizeUm);
    }

    [Fact]
    public void TwinSection_RealisticArtefacts_PorosityWithinOnePoint()
    {
        var r = SemForwardModel.Render(f.Twin.Volume, SemRenderOptions.Realistic());
        var a = PoreAnalysis.Analyze(r.Image, SemPorosityStudy.Options);
        Assert.InRange(a.Porosity - r.SectionPorosity, -0.01, 0.01);
    }

    [Fact]
    public void SmearedSse_HidesPores_PorosityDrops()
    {
        var clean = SemForwardModel.Render(f.Twin.Volume);
        var smear = SemForwardModel.Render(f.Twin.Volume, new SemRenderOptions(SmearPx: 3));
        Assert.True(PoreAnalysis.Analyze(smear.Image).Porosity < PoreAnalysis.Analyze(clean.Image).Porosity - 0.01);
    }

    [Theory]
    [InlineData(SectionAxis.Y)]
    [InlineData(SectionAxis.Z)]
    public void Delesse_MeanOfAllSections_EqualsVolumePorosity(SectionAxis axis)
    {
        var s = SemForwardModel.SectionPorosities(f.Twin.Volume, axis);
        Assert.Equal(s.VolumePorosity, s.Mean, 12);
        Assert.Equal(f.Twin.Porosity, s.VolumePorosity, 12);
        Assert.True(s.StandardDeviation > 0.005); // a single section can miss the 3D value by points
    }

    [Fact]
    public void Render_SameSeed_SameImageOnAnyThreadCount()
    {
        var o = SemRenderOptions.Realistic(9);
        var a = SemForwardModel.Render(f.Twin.Volume, o).Image.Pixels;
        var b = SemForwardModel.Render(f.Twin.Volume, o).Image.Pixels;
        Assert.Equal(a, b);
    }

    [Fact]
    public void StoredImage_Cam10To0_RegeneratesBitForBit()
    {
        // data/synthetic/sem/CAM10-0.png was written by `researchkit sem render --blend 10:0 --seed 1` (SemRenderOptions.Realistic(1)).
        var r = SemForwardModel.Render(f.Twin.Volume, SemRenderOptions.Realistic(1));
        var stored = ImageFile.ReadGrey(Path.Combine(StoredTwinFixture.SemDir, "CAM10-0.png"));
        Assert.Equal((r.Image.Width, r.Image.Height), (stored.Width, stored.Height));
        Assert.Equal(r.Image.Pixels, stored.Pixels);
        Assert.Equal(0.125, stored.PixelSizeUm);
    }
}

/// <summary>Mirrors the fig1-sem-pore-analysis notebook: the numbers its markdown states.</summary>
public class SemPorosityStudyTests
{
    [Fact]
    public void FiveStoredImages_Analysis_MatchesSectionAndShowsUnimodalVsBimodal()
    {
        var rows = SemPorosityStudy.Run(StoredTwinFixture.SemDir);
        Assert.Equal(["CAM10:0", "CAM8:2", "CAM7:3", "CAM6:4", "CAM0:10"], rows.Select(r => r.Sample));
        Assert.Equal([16.8, 10.2, 7.6, 10.9, 18.0], rows.Select(r => r.PaperPorosityPercent));
        // Analysis of the noisy, blurred image recovers the section's exact pore fraction within 1 point.
        Assert.All(rows, r => Assert.InRange(r.ImagePorosityPercent - r.SectionPorosityPercent, -1.0, 1.0));
        // Blends below both unimodal cathodes, as in Table S1.
        double uccMin = Math.Min(rows[0].ImagePorosityPercent, rows[4].ImagePorosityPercent);
        Assert.All(rows.Skip(1).Take(3), r => Assert.True(r.ImagePorosityPercent < uccMin));
        // Few large pores (CAM10:0) vs many small (CAM0:10).
        Assert.True(rows[4].PoreCount > rows[0].PoreCount);
        Assert.True(rows[4].AreaWeightedDiameterUm < rows[0].AreaWeightedDiameterUm);
        Assert.All(rows, r => Assert.Equal(r.PoreCount, r.Analysis.Distribution.Counts.Sum()));
        // One section of CAM10:0 misses its twin's 3D porosity by more than the image-analysis error.
        Assert.True(Math.Abs(rows[0].SectionPorosityPercent - rows[0].TwinPorosityPercent) > 1.0);
    }
}
