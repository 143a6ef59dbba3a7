using System.CommandLine;
using System.Globalization;
using ResearchKit.Imaging;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit sem analyze`: pores of an SEM cross-section (Fig 1, Table S1 porosity).</summary>
public sealed class SemAnalyzeCommand : CliCommand
{
    public override string Name => "sem analyze";
    public override string Summary => "pores of an SEM cross-section (PNG/TIFF): porosity, count, sizes, red overlay (Fig 1, issue 15)";
    public override string? Notes => """
        Thresholds: otsu3 (default: lower threshold of three-class Otsu: pores | SSE | CAM), otsu, triangle (ImageJ's
        two-class definitions), local (local mean), or a grey level N; pixels <= level are pore.
        JSON: porosity (fraction), porosity_uncertainty, threshold, pore_count, mean_pore_diameter_um,
        pore_size_distribution {bins (edges), counts, area_fractions, unit}, cam_area_fraction, pixel_size_um,
        pixel_size_source, ...
        """;

    readonly Argument<string> _image = Arg("IMAGE", "8/16-bit grey or RGB PNG or TIFF (FEI/Thermo and Zeiss pixel-size tags are read)");
    readonly Option<double?> _scale = Number("--scale-um-per-px", "pixel edge in um (overrides the file's metadata; > 0)");
    readonly Option<string?> _threshold = Text("--threshold", "otsu3 (default), otsu, triangle, local, or a grey level N");
    readonly Option<int> _minPore = Integer("--min-pore-px", "drop pores smaller than N pixels", 0);
    readonly Option<int> _median = Integer("--median-px", "median filter radius before thresholding", 0);
    readonly Option<double> _gaussian = Number("--gaussian-px", "Gaussian sigma before thresholding", 0);
    readonly Option<string?> _channel = Text("--channel", "r, g, b or mean: required for colour images");
    readonly Option<int> _connectivity = Integer("--connectivity", "pore connectivity 4 or 8 (8 as ImageJ's particle analyzer)", 8);
    readonly Option<int> _cropBottom = Integer("--crop-bottom-px", "remove N rows of data bar", 0);
    readonly Option<bool> _cropDatabar = Flag("--crop-databar", "remove the data bar height the vendor tags declare");
    readonly Option<bool> _fillHoles = Flag("--fill-holes", "fill solid islands enclosed by pores");
    readonly Option<bool> _localThickness = Flag("--local-thickness", "also the 2D local thickness of the pores");
    readonly Option<string?> _overlay = Text("--overlay", "write the Fig 1c image (PNG): pores red over the grey image");

    protected override int Run(ParseResult args, CommandContext context)
    {
        string path = args.GetValue(_image)!;
        var o = new PoreAnalysisOptions(
            MinPoreAreaPx: args.GetValue(_minPore), MedianRadiusPx: args.GetValue(_median),
            GaussianSigmaPx: args.GetValue(_gaussian), Connectivity: args.GetValue(_connectivity),
            FillHoles: args.GetValue(_fillHoles), LocalThickness: args.GetValue(_localThickness));
        if (args.GetValue(_threshold) is { } t) o = PoreAnalysisOptions.ParseThreshold(t, o);
        int crop = args.GetValue(_cropDatabar) ? -1 : args.GetValue(_cropBottom);
        var r = PoreAnalysis.AnalyzeFile(path, o, args.GetValue(_channel), args.GetValue(_scale), crop, args.GetValue(_overlay));
        return Write(context, args, r.ToJsonObject(), () =>
        {
            string unit = r.PixelSizeUm is null ? "px (no pixel size)" : "um";
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{path}: porosity {r.Porosity:P2} +- {r.PorosityUncertainty:P2}, threshold {r.Threshold} ({r.Method}), {r.PoreCount} pores ({r.Connectivity}-connected)"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  mean equivalent diameter {(r.MeanPoreDiameterUm ?? r.MeanPoreDiameterPx):G4} {unit}; pixel {r.PixelSizeUm?.ToString("G4", CultureInfo.InvariantCulture) ?? "?"} um ({r.PixelSizeSource}); CAM area {r.CamAreaFraction:P1}"));
        });
    }
}

/// <summary>`researchkit sem render`: SEM-like image of a stored twin's cross-section (forward model).</summary>
public sealed class SemRenderCommand : CliCommand
{
    public override string Name => "sem render";
    public override string Summary => "SEM-like cross-section image of a stored twin (forward model, synthetic; issue 15)";
    public override string? Notes => """
        Default artefacts: blur 0.8 px, dose 400 e/px, curtaining 4; --clean: no blur, noise or stripes.
        JSON: section_porosity, section_cam_fraction, twin_porosity, pixel_size_um, width_px, height_px, out
        """;

    readonly Option<string> _blend = Required("--blend", "A:B, NCWA:NCM of a stored twin (data/synthetic/twin/CAMa-b-seed1-particles.csv)");
    readonly Option<int> _seed = Integer("--seed", "noise seed (>= 0)", 1);
    readonly Option<string> _out = Required("--out", "8-bit grey PNG (pixel size in pHYs) and FILE.json sidecar");
    readonly Option<string?> _twinDir = Text("--twin-dir", "folder of the stored particle lists (default data/synthetic/twin)");
    readonly Option<string?> _axis = Text("--axis", "y: cross-section through the thickness (default), z: plane parallel to the collector");
    readonly Option<int> _index = Integer("--index", "plane index along the axis (-1: the middle)", -1);
    readonly Option<double> _tilt = Number("--tilt-deg", "oblique cut (y sections only): plane tilted about x by this angle, degrees", 0);
    readonly Option<int?> _upsample = Integer("--upsample", "image pixels per voxel edge (default 2)");
    readonly Option<double?> _blur = Number("--blur-px", "Gaussian point-spread sigma in pixels (default 0.8; 0 with --clean)");
    readonly Option<double?> _dose = Number("--dose", "detected electrons per pixel at level 255, Poisson shot noise (default 400; 0 = noiseless)");
    readonly Option<double?> _curtaining = Number("--curtaining", "RMS of vertical curtaining stripes in grey levels (default 4)");
    readonly Option<int> _smear = Integer("--smear-px", "SSE smeared into pores within this distance (px)", 0);
    readonly Option<bool> _clean = Flag("--clean", "no blur, noise or stripes");

    protected override int Run(ParseResult args, CommandContext context)
    {
        string blend = args.GetValue(_blend)!;
        int seed = args.GetValue(_seed);
        InvalidInputException.Require(seed >= 0, "seed", $"expected a non-negative seed, got {seed}");
        string outPng = args.GetValue(_out)!;
        string dir = args.GetValue(_twinDir) ?? Path.Combine("data", "synthetic", "twin");
        var o = args.GetValue(_clean) ? new SemRenderOptions(Seed: (ulong)seed) : SemRenderOptions.Realistic((ulong)seed);
        string axis = args.GetValue(_axis) ?? "y";
        o = o with
        {
            Axis = axis switch { "y" => SectionAxis.Y, "z" => SectionAxis.Z, _ => throw new InvalidInputException($"expected y or z, got '{axis}'", field: "axis") },
            Index = args.GetValue(_index), TiltDeg = args.GetValue(_tilt), Upsample = args.GetValue(_upsample) ?? o.Upsample,
            BlurSigmaPx = args.GetValue(_blur) ?? o.BlurSigmaPx, DoseElectronsPerPx = args.GetValue(_dose) ?? o.DoseElectronsPerPx,
            CurtainingAmplitude = args.GetValue(_curtaining) ?? o.CurtainingAmplitude, SmearPx = args.GetValue(_smear),
        };
        context.Progress($"sem render: rebuilding the {blend} twin from {dir} ...");
        var (r, twinPorosity) = SemSynthetic.RenderStored(blend, dir, outPng, o);
        var json = new SemRenderJson(r.SectionPorosity, r.SectionCamFraction, twinPorosity, r.Image.PixelSizeUm, r.Image.Width, r.Image.Height, outPng);
        return Write(context, args, json, () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrote {outPng} ({r.Image.Width}x{r.Image.Height}, {r.Image.PixelSizeUm} um/px): section porosity {r.SectionPorosity:P2}, twin 3D {twinPorosity:P2}")));
    }

    sealed record SemRenderJson(double SectionPorosity, double SectionCamFraction, double TwinPorosity, double? PixelSizeUm,
        int WidthPx, int HeightPx, string Out);
}
