using System.Globalization;
using ResearchKit.Imaging;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit sem analyze`: pores of an SEM cross-section (Fig 1, Table S1 porosity).</summary>
public sealed class SemAnalyzeCommand : ICommand
{
    public string Name => "sem analyze";
    public string Summary => "pores of an SEM cross-section (PNG/TIFF): porosity, count, sizes, red overlay (Fig 1, issue 15)";
    public IReadOnlyCollection<string> Switches => ["json", "fill-holes", "local-thickness", "crop-databar"];
    public string Usage => """
        researchkit sem analyze IMAGE [--scale-um-per-px S] [--threshold otsu|otsu3|triangle|local|N] [--min-pore-px N] [--overlay OUT.png] [--json]
          IMAGE                 8/16-bit grey or RGB PNG or TIFF (FEI/Thermo and Zeiss pixel-size tags are read)
          --scale-um-per-px S   pixel edge in um (overrides the file's metadata; > 0)
          --threshold T         otsu3 (default: lower threshold of three-class Otsu: pores | SSE | CAM), otsu, triangle
                                (ImageJ's two-class definitions), local (local mean), or a grey level N; pixels <= level are pore
          --min-pore-px N       drop pores smaller than N pixels (default 0)
          --median-px R         median filter radius before thresholding (default 0)
          --gaussian-px S       Gaussian sigma before thresholding (default 0)
          --channel C           r, g, b or mean: required for colour images
          --connectivity 4|8    pore connectivity (default 8, as ImageJ's particle analyzer)
          --crop-bottom-px N    remove N rows of data bar; --crop-databar: the height the vendor tags declare
          --fill-holes          fill solid islands enclosed by pores
          --local-thickness     also the 2D local thickness of the pores
          --overlay OUT.png     write the Fig 1c image: pores red over the grey image
          --json                one JSON object: porosity (fraction), porosity_uncertainty, threshold, pore_count,
                                mean_pore_diameter_um, pore_size_distribution {bins (edges), counts, area_fractions, unit},
                                cam_area_fraction, pixel_size_um, pixel_size_source, ...
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        string path = args.Positional(0, "IMAGE");
        var o = new PoreAnalysisOptions(
            MinPoreAreaPx: args.Int("min-pore-px") ?? 0, MedianRadiusPx: args.Int("median-px") ?? 0,
            GaussianSigmaPx: args.Double("gaussian-px") ?? 0, Connectivity: args.Int("connectivity") ?? 8,
            FillHoles: args.Flag("fill-holes"), LocalThickness: args.Flag("local-thickness"));
        if (args.Option("threshold") is { } t) o = PoreAnalysisOptions.ParseThreshold(t, o);
        int crop = args.Flag("crop-databar") ? -1 : args.Int("crop-bottom-px") ?? 0;
        var r = PoreAnalysis.AnalyzeFile(path, o, args.Option("channel"), args.Double("scale-um-per-px"), crop, args.Option("overlay"));
        if (args.Flag("json")) Json.Write(context.Out, r.ToJsonObject());
        else
        {
            string unit = r.PixelSizeUm is null ? "px (no pixel size)" : "um";
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: porosity {r.Porosity:P2} +- {r.PorosityUncertainty:P2}, threshold {r.Threshold} ({r.Method}), {r.PoreCount} pores ({r.Connectivity}-connected)"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  mean equivalent diameter {(r.MeanPoreDiameterUm ?? r.MeanPoreDiameterPx):G4} {unit}; pixel {r.PixelSizeUm?.ToString("G4", CultureInfo.InvariantCulture) ?? "?"} um ({r.PixelSizeSource}); CAM area {r.CamAreaFraction:P1}"));
        }
        return 0;
    }
}

/// <summary>`researchkit sem render`: SEM-like image of a stored twin's cross-section (forward model).</summary>
public sealed class SemRenderCommand : ICommand
{
    public string Name => "sem render";
    public string Summary => "SEM-like cross-section image of a stored twin (forward model, synthetic; issue 15)";
    public string Usage => """
        researchkit sem render --blend A:B [--seed S] --out FILE.png [--twin-dir DIR] [--axis y|z] [--index N] [--tilt-deg T]
                               [--upsample K] [--blur-px S] [--dose E] [--curtaining A] [--smear-px N] [--clean] [--json]
          --blend A:B     NCWA:NCM of a stored twin (data/synthetic/twin/CAMa-b-seed1-particles.csv)
          --seed S        noise seed (default 1)
          --out FILE.png  8-bit grey PNG (pixel size in pHYs) and FILE.json sidecar
          --twin-dir DIR  folder of the stored particle lists (default data/synthetic/twin)
          --axis y|z      y: cross-section through the thickness (default), z: plane parallel to the collector
          --clean         no blur, noise or stripes (default artefacts: blur 0.8 px, dose 400 e/px, curtaining 4)
          --json          section_porosity, section_cam_fraction, twin_porosity, pixel_size_um, width_px, height_px
        """;
    public IReadOnlyCollection<string> Switches => ["json", "clean"];

    public int Run(CommandArgs args, CommandContext context)
    {
        string blend = args.RequiredOption("blend");
        int seed = args.Int("seed") ?? 1;
        InvalidInputException.Require(seed >= 0, "seed", $"expected a non-negative seed, got {seed}");
        string outPng = args.RequiredOption("out");
        string dir = args.Option("twin-dir") ?? Path.Combine("data", "synthetic", "twin");
        var o = args.Flag("clean") ? new SemRenderOptions(Seed: (ulong)seed) : SemRenderOptions.Realistic((ulong)seed);
        string axis = args.Option("axis") ?? "y";
        o = o with
        {
            Axis = axis switch { "y" => SectionAxis.Y, "z" => SectionAxis.Z, _ => throw new InvalidInputException($"expected y or z, got '{axis}'", field: "axis") },
            Index = args.Int("index") ?? -1, TiltDeg = args.Double("tilt-deg") ?? 0, Upsample = args.Int("upsample") ?? o.Upsample,
            BlurSigmaPx = args.Double("blur-px") ?? o.BlurSigmaPx, DoseElectronsPerPx = args.Double("dose") ?? o.DoseElectronsPerPx,
            CurtainingAmplitude = args.Double("curtaining") ?? o.CurtainingAmplitude, SmearPx = args.Int("smear-px") ?? 0,
        };
        context.Progress($"sem render: rebuilding the {blend} twin from {dir} ...");
        var (r, twinPorosity) = SemSynthetic.RenderStored(blend, dir, outPng, o);
        var result = new Dictionary<string, object?>
        {
            ["section_porosity"] = r.SectionPorosity, ["section_cam_fraction"] = r.SectionCamFraction, ["twin_porosity"] = twinPorosity,
            ["pixel_size_um"] = r.Image.PixelSizeUm, ["width_px"] = r.Image.Width, ["height_px"] = r.Image.Height, ["out"] = outPng,
        };
        if (args.Flag("json")) Json.Write(context.Out, result);
        else context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outPng} ({r.Image.Width}x{r.Image.Height}, {r.Image.PixelSizeUm} um/px): section porosity {r.SectionPorosity:P2}, twin 3D {twinPorosity:P2}"));
        return 0;
    }
}
