using System.Text.Json;
using Deedle;
using ResearchKit.Imaging;

namespace ResearchKit.Paper;

/// <summary>One cathode of the Fig 1 / Table S1 comparison.</summary>
/// <param name="Sample">CAMa:b.</param>
/// <param name="PaperPorosityPercent">ImageJ SEM porosity of the paper (Table S1, %).</param>
/// <param name="ImagePorosityPercent">Porosity from analysing the synthetic image (%).</param>
/// <param name="ImageUncertaintyPp">Threshold-sensitivity uncertainty (percentage points).</param>
/// <param name="SectionPorosityPercent">Exact pore pixel fraction of the rendered section (%), from the sidecar.</param>
/// <param name="TwinPorosityPercent">3D porosity of the twin (%), from the sidecar.</param>
/// <param name="PoreCount">Pores in the image.</param>
/// <param name="MeanPoreDiameterUm">Number-mean equivalent-circle diameter (um).</param>
/// <param name="AreaWeightedDiameterUm">Area-weighted mean equivalent diameter (um).</param>
/// <param name="CamAreaPercent">CAM area fraction from the image (%).</param>
/// <param name="Threshold">Pore threshold (grey level).</param>
/// <param name="Analysis">The full analysis (mask, pores, distribution).</param>
public sealed record SemPorosityRow(string Sample, double PaperPorosityPercent, double ImagePorosityPercent, double ImageUncertaintyPp,
    double SectionPorosityPercent, double TwinPorosityPercent, int PoreCount, double MeanPoreDiameterUm, double AreaWeightedDiameterUm,
    double CamAreaPercent, int Threshold, PoreAnalysisResult Analysis);

/// <summary>
/// Fig 1 and Table S1: the five synthetic SEM cross-sections (data/synthetic/sem/) analysed like the paper's ImageJ images,
/// next to the paper's values and the twins' exact section and 3D porosities.
/// </summary>
public static class SemPorosityStudy
{
    /// <summary>The analysis used for every image: median 1 px (shot noise), three-class Otsu, pores >= 4 px, 8-connected, 1 um diameter bins.</summary>
    public static PoreAnalysisOptions Options { get; } = new(Method: ThresholdMethod.Otsu3, MedianRadiusPx: 1, MinPoreAreaPx: 4, BinWidthUm: 1.0);

    /// <summary>Path of the stored image of a sample ("CAM7:3" -> DIR/CAM7-3.png).</summary>
    public static string ImagePath(string sample, string semDirectory) =>
        Path.Combine(semDirectory, SemSynthetic.Stem(sample.Replace("CAM", "")) + ".png");

    /// <summary>The stored image of a sample as a grey image (pixel size from its pHYs chunk).</summary>
    public static GreyImage ReadImage(string sample, string semDirectory) => ImageFile.ReadGrey(ImagePath(sample, semDirectory));

    /// <summary>Analyses one stored image (CAMa-b.png) with its sidecar.</summary>
    public static SemPorosityRow Analyze(Sample sample, string semDirectory, PoreAnalysisOptions? options = null)
    {
        string png = ImagePath(sample.Name, semDirectory);
        var r = PoreAnalysis.AnalyzeFile(png, options ?? Options);
        using var side = JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(png, ".json")));
        double section = side.RootElement.GetProperty("section_porosity").GetDouble();
        double twin = side.RootElement.GetProperty("twin_porosity_3d").GetDouble();
        double paper = PaperData.Default.Value(sample.Name, "porosity_sem");
        return new SemPorosityRow(sample.Name, paper, 100 * r.Porosity, 100 * r.PorosityUncertainty, 100 * section, 100 * twin, r.PoreCount,
            r.MeanPoreDiameterUm ?? double.NaN, r.AreaWeightedMeanDiameterUm ?? double.NaN, 100 * r.CamAreaFraction, r.Threshold, r);
    }

    /// <summary>All five cathodes in the paper's order.</summary>
    public static IReadOnlyList<SemPorosityRow> Run(string semDirectory, PoreAnalysisOptions? options = null) =>
        Samples.All.Select(s => Analyze(s, semDirectory, options)).ToList();

    /// <summary>Section-to-section scatter of the five stored twins (cross-sections of constant y), rebuilt from their particle lists.</summary>
    public static IReadOnlyList<(string Sample, SectionStatistics Stats)> SectionScatter(string twinDirectory) =>
        Samples.All.Select(s => (s.Name, SemForwardModel.SectionPorosities(SemSynthetic.StoredTwin(s.Name.Replace("CAM", ""), twinDirectory).Volume, SectionAxis.Y))).ToList();

    public static Frame<string, string> ToFrame(IReadOnlyList<SemPorosityRow> rows) =>
        new FrameColumns(rows.Select(r => r.Sample))
            .Add("paper SEM porosity [%]", rows.Select(r => r.PaperPorosityPercent))
            .Add("image porosity [%]", rows.Select(r => Math.Round(r.ImagePorosityPercent, 2)))
            .Add("+- [pp]", rows.Select(r => Math.Round(r.ImageUncertaintyPp, 2)))
            .Add("section (exact) [%]", rows.Select(r => Math.Round(r.SectionPorosityPercent, 2)))
            .Add("twin 3D [%]", rows.Select(r => Math.Round(r.TwinPorosityPercent, 2)))
            .Add("threshold", rows.Select(r => r.Threshold))
            .Add("pores", rows.Select(r => r.PoreCount))
            .Add("mean ECD [um]", rows.Select(r => Math.Round(r.MeanPoreDiameterUm, 2)))
            .Add("area-weighted ECD [um]", rows.Select(r => Math.Round(r.AreaWeightedDiameterUm, 2)))
            .Add("CAM area [%]", rows.Select(r => Math.Round(r.CamAreaPercent, 1)))
            .Build();

    public static Frame<string, string> ScatterFrame(IReadOnlyList<(string Sample, SectionStatistics Stats)> rows) =>
        new FrameColumns(rows.Select(r => r.Sample))
            .Add("3D porosity [%]", rows.Select(r => Math.Round(100 * r.Stats.VolumePorosity, 2)))
            .Add("mean of sections [%]", rows.Select(r => Math.Round(100 * r.Stats.Mean, 2)))
            .Add("section SD [pp]", rows.Select(r => Math.Round(100 * r.Stats.StandardDeviation, 2)))
            .Add("min [%]", rows.Select(r => Math.Round(100 * r.Stats.Min, 2)))
            .Add("max [%]", rows.Select(r => Math.Round(100 * r.Stats.Max, 2)))
            .Add("sections", rows.Select(r => r.Stats.SectionPorosities.Length))
            .Build();
}
