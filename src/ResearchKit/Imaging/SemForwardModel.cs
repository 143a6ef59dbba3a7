using System.Globalization;
using System.Reflection;
using System.Text.Json;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Imaging;

/// <summary>Which plane of a twin becomes the image.</summary>
public enum SectionAxis
{
    /// <summary>Plane of constant z (parallel to the current collector): image rows y, columns x.</summary>
    Z,
    /// <summary>Cross-section of constant y (through the thickness, as Fig 1a): rows z (top = z max), columns x.</summary>
    Y,
}

/// <summary>
/// Options of the SEM forward model (<see cref="SemForwardModel.Render"/>): grey levels per phase like a backscattered
/// image of a polished cross-section (oxide CAM bright, sulfide SSE mid grey, pores dark), then optional artefacts.
/// </summary>
/// <param name="Axis">Section plane family.</param>
/// <param name="Index">Plane index along the axis (-1 = middle).</param>
/// <param name="TiltDeg">Oblique cut (Y sections only): plane tilted about x by this angle from the y normal; y wraps (periodic twin).</param>
/// <param name="Upsample">Image pixels per voxel edge (nearest neighbour), so pixel = voxel / Upsample.</param>
/// <param name="PoreLevel">Grey level of pores (0-255).</param>
/// <param name="SseLevel">Grey level of SSE.</param>
/// <param name="NcwaLevel">Grey level of NCWA.</param>
/// <param name="NcmLevel">Grey level of NCM.</param>
/// <param name="BlurSigmaPx">Gaussian point-spread sigma in image pixels (0 = none).</param>
/// <param name="DoseElectronsPerPx">Mean detected electrons per pixel at level 255; shot noise is Poisson (normal approximation
/// above 30 counts); 0 = noiseless.</param>
/// <param name="CurtainingAmplitude">RMS of vertical stripes (grey levels) from ion/polish curtaining, correlated over ~8 px in x; 0 = none.</param>
/// <param name="SmearPx">SSE smeared into pores: pore pixels within this distance (px, chessboard) of SSE get the SSE level; 0 = none.</param>
/// <param name="Seed">Seed of noise and stripes (SplitMix64 per row: same image on any thread count).</param>
public sealed record SemRenderOptions(
    SectionAxis Axis = SectionAxis.Y, int Index = -1, double TiltDeg = 0, int Upsample = 2,
    double PoreLevel = 30, double SseLevel = 110, double NcwaLevel = 195, double NcmLevel = 185,
    double BlurSigmaPx = 0, double DoseElectronsPerPx = 0, double CurtainingAmplitude = 0, int SmearPx = 0, ulong Seed = 1)
{
    /// <summary>The artefacts of the five stored images: slight blur, shot noise, faint curtaining.</summary>
    public static SemRenderOptions Realistic(ulong seed = 1) => new(BlurSigmaPx: 0.8, DoseElectronsPerPx: 400, CurtainingAmplitude: 4, Seed: seed);

    public void Validate()
    {
        InvalidInputException.Require(Upsample is >= 1 and <= 16, "upsample", $"expected 1..16 pixels per voxel, got {Upsample}");
        InvalidInputException.Require(BlurSigmaPx >= 0, "blur_px", $"expected sigma >= 0, got {BlurSigmaPx}");
        InvalidInputException.Require(DoseElectronsPerPx >= 0, "dose", $"expected a dose >= 0, got {DoseElectronsPerPx}");
        InvalidInputException.Require(CurtainingAmplitude >= 0, "curtaining", $"expected >= 0, got {CurtainingAmplitude}");
        InvalidInputException.Require(SmearPx >= 0, "smear_px", $"expected >= 0, got {SmearPx}");
        InvalidInputException.Require(Math.Abs(TiltDeg) < 80 && (TiltDeg == 0 || Axis == SectionAxis.Y), "tilt_deg", $"expected |tilt| < 80 deg on a Y section, got {TiltDeg}");
        foreach (var (n, v) in new[] { ("pore_level", PoreLevel), ("sse_level", SseLevel), ("ncwa_level", NcwaLevel), ("ncm_level", NcmLevel) })
            InvalidInputException.Require(v is >= 0 and <= 255, n, $"expected a grey level 0..255, got {v}");
    }
}

/// <summary>A rendered section: the image, the phase labels it came from (same pixels), and their exact fractions.</summary>
/// <param name="Image">8-bit grey image with its pixel size.</param>
/// <param name="Labels">Phase label per pixel (0 pore, 1 NCWA, 2 NCM, 3 SSE) before artefacts.</param>
/// <param name="SectionPorosity">Pore pixel fraction of the labels (= voxel count of the section).</param>
/// <param name="SectionCamFraction">CAM pixel fraction of the labels.</param>
/// <param name="Options">Options used.</param>
public sealed record SemRender(GreyImage Image, byte[] Labels, double SectionPorosity, double SectionCamFraction, SemRenderOptions Options);

/// <summary>Section-to-section statistics of the pore area fraction (stereology).</summary>
/// <param name="Axis">Plane family.</param>
/// <param name="SectionPorosities">Pore area fraction of every plane.</param>
/// <param name="Mean">Mean over planes (Delesse 1847: equals the volume fraction).</param>
/// <param name="StandardDeviation">Section-to-section scatter (sample SD).</param>
/// <param name="Min">Smallest plane value.</param>
/// <param name="Max">Largest plane value.</param>
/// <param name="VolumePorosity">3D pore fraction of the volume.</param>
public sealed record SectionStatistics(SectionAxis Axis, double[] SectionPorosities, double Mean, double StandardDeviation, double Min, double Max, double VolumePorosity);

/// <summary>
/// Forward model of a cross-sectional SEM image from a digital twin, and stereology over its sections.
/// </summary>
public static class SemForwardModel
{
    /// <summary>The phase labels of one plane of a volume (nearest voxel), as (width, height, labels).</summary>
    public static (int Width, int Height, byte[] Labels) Section(LabelVolume v, SectionAxis axis, int index = -1, double tiltDeg = 0)
    {
        if (axis == SectionAxis.Z)
        {
            int z = index < 0 ? v.Nz / 2 : index;
            InvalidInputException.Require(z < v.Nz, "index", $"expected a z plane 0..{v.Nz - 1}, got {z}");
            return (v.Nx, v.Ny, v.Labels.AsSpan(z * v.Ny * v.Nx, v.Ny * v.Nx).ToArray());
        }
        int y0 = index < 0 ? v.Ny / 2 : index;
        InvalidInputException.Require(y0 < v.Ny, "index", $"expected a y plane 0..{v.Ny - 1}, got {y0}");
        double t = tiltDeg * Math.PI / 180, c = Math.Cos(t), s = Math.Sin(t);
        int rows = (int)Math.Floor(v.Nz / c);
        var lab = new byte[rows * v.Nx];
        for (int r = 0; r < rows; r++)
        {
            double u = rows - 1 - r; // image row 0 = top = far from the current collector
            int z = Math.Min(v.Nz - 1, (int)Math.Floor(u * c + 0.5 * (1 - c)));
            int y = (int)Math.Floor(y0 + u * s + 0.5) % v.Ny;
            if (y < 0) y += v.Ny;
            v.Labels.AsSpan(v.Index(z, y, 0), v.Nx).CopyTo(lab.AsSpan(r * v.Nx));
        }
        return (v.Nx, rows, lab);
    }

    /// <summary>Renders one section of a twin volume as an SEM-like 8-bit image.</summary>
    public static SemRender Render(LabelVolume v, SemRenderOptions? options = null)
    {
        var o = options ?? new SemRenderOptions();
        o.Validate();
        var (w0, h0, lab0) = Section(v, o.Axis, o.Index, o.TiltDeg);
        int k = o.Upsample, w = w0 * k, h = h0 * k;
        var lab = new byte[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) lab[y * w + x] = lab0[(y / k) * w0 + x / k];
        var img = new float[w * h];
        for (int i = 0; i < img.Length; i++)
            img[i] = (float)(lab[i] switch { PhaseLabels.Pore => o.PoreLevel, PhaseLabels.Ncwa => o.NcwaLevel, PhaseLabels.Ncm => o.NcmLevel, _ => o.SseLevel });
        if (o.SmearPx > 0)
        {
            // Chessboard distance to SSE by repeated 3x3 dilation: pore pixels that close to SSE get SSE grey.
            var near = new byte[lab.Length];
            for (int i = 0; i < lab.Length; i++) near[i] = lab[i] == PhaseLabels.Sse ? (byte)1 : (byte)0;
            for (int it = 0; it < o.SmearPx; it++)
            {
                var nxt = (byte[])near.Clone();
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++)
                    {
                        if (near[y * w + x] != 0) continue;
                        for (int dy = -1; dy <= 1 && nxt[y * w + x] == 0; dy++)
                            for (int dx = -1; dx <= 1; dx++)
                            {
                                int yy = y + dy, xx = x + dx;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w && near[yy * w + xx] != 0) { nxt[y * w + x] = 1; break; }
                            }
                    }
                near = nxt;
            }
            for (int i = 0; i < lab.Length; i++) if (lab[i] == PhaseLabels.Pore && near[i] != 0) img[i] = (float)o.SseLevel;
        }
        if (o.BlurSigmaPx > 0) img = ImageFilters.Blur(img, w, h, o.BlurSigmaPx);
        if (o.CurtainingAmplitude > 0)
        {
            var rng = new SplitMix64(o.Seed ^ 0xC0FFEEUL);
            var white = Enumerable.Range(0, w).Select(_ => rng.NextGaussian()).ToArray();
            // Correlate over ~8 px (box of 9), renormalised to unit variance.
            var stripe = new double[w];
            for (int x = 0; x < w; x++) { double a = 0; for (int d = -4; d <= 4; d++) a += white[Math.Clamp(x + d, 0, w - 1)]; stripe[x] = a / 3.0; }
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img[y * w + x] += (float)(o.CurtainingAmplitude * stripe[x]);
        }
        if (o.DoseElectronsPerPx > 0)
        {
            double dose = o.DoseElectronsPerPx;
            Parallel.For(0, h, y =>
            {
                var rng = new SplitMix64(o.Seed * 0x9E3779B97F4A7C15UL + (ulong)y);
                for (int x = 0; x < w; x++)
                {
                    double mean = Math.Max(0, img[y * w + x]) / 255.0 * dose;
                    img[y * w + x] = (float)(Poisson(rng, mean) / dose * 255.0);
                }
            });
        }
        var px = new ushort[w * h];
        for (int i = 0; i < px.Length; i++) px[i] = (ushort)Math.Clamp((int)MathF.Round(img[i]), 0, 255);
        long pore = 0, cam = 0;
        foreach (var b in lab0) { if (b == PhaseLabels.Pore) pore++; else if (b is PhaseLabels.Ncwa or PhaseLabels.Ncm) cam++; }
        var grey = new GreyImage(w, h, 8, px, v.VoxelUm / k, "forward model");
        return new SemRender(grey, lab, pore / (double)lab0.Length, cam / (double)lab0.Length, o);
    }

    /// <summary>Poisson sample: Knuth's product method below 30, else normal approximation (rounded, clipped at 0).</summary>
    static double Poisson(SplitMix64 rng, double mean)
    {
        if (mean <= 0) return 0;
        if (mean < 30)
        {
            double l = Math.Exp(-mean), p = 1; int n = -1;
            do { n++; p *= rng.NextDouble(); } while (p > l);
            return n;
        }
        return Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * rng.NextGaussian()));
    }

    /// <summary>
    /// Pore area fraction of every plane of one family (Z or Y). The mean over all planes equals the volume porosity exactly
    /// (Delesse's principle, A_A = V_V); the spread is what a single SEM image can miss by.
    /// </summary>
    public static SectionStatistics SectionPorosities(LabelVolume v, SectionAxis axis)
    {
        int planes = axis == SectionAxis.Z ? v.Nz : v.Ny;
        var f = new double[planes];
        long total = 0;
        Parallel.For(0, planes, p =>
        {
            long c = 0;
            if (axis == SectionAxis.Z) { var s = v.Labels.AsSpan(p * v.Ny * v.Nx, v.Ny * v.Nx); foreach (var b in s) if (b == PhaseLabels.Pore) c++; f[p] = c / (double)s.Length; }
            else
            {
                for (int z = 0; z < v.Nz; z++) { var s = v.Labels.AsSpan(v.Index(z, p, 0), v.Nx); foreach (var b in s) if (b == PhaseLabels.Pore) c++; }
                f[p] = c / (double)(v.Nz * v.Nx);
            }
        });
        foreach (var b in v.Labels) if (b == PhaseLabels.Pore) total++;
        double mean = f.Average();
        double sd = planes > 1 ? Math.Sqrt(f.Sum(x => (x - mean) * (x - mean)) / (planes - 1)) : 0;
        return new SectionStatistics(axis, f, mean, sd, f.Min(), f.Max(), total / (double)v.Count);
    }
}

/// <summary>
/// The stored synthetic SEM images (data/synthetic/sem/): one cross-section per cathode from the seed-1 twins stored in
/// data/synthetic/twin/ (particle lists re-voxelized at 0.25 um with the current twin defaults, as the Fig 5a notebook does).
/// </summary>
public static class SemSynthetic
{
    /// <summary>Voxel edge of the stored twins (um).</summary>
    public const double StoredVoxelUm = 0.25;

    /// <summary>File stem of a blend, e.g. "7:3" -> "CAM7-3".</summary>
    public static string Stem(string blend) => "CAM" + blend.Replace(':', '-');

    /// <summary>Rebuilds the stored twin of a blend from its particle list (seed 1 unless another list is given).</summary>
    public static DigitalTwin StoredTwin(string blend, string twinDirectory, ulong seed = 1)
    {
        double ncwa = ResearchKit.Materials.Blend.Parse(blend);
        var spec = TwinSpec.Default(ncwa, seed, StoredVoxelUm);
        string path = Path.Combine(twinDirectory, $"{Stem(blend)}-seed{seed}-particles.csv");
        if (!File.Exists(path)) throw new InvalidInputException($"no stored particle list for blend {blend}, seed {seed}", path, field: "blend");
        var packing = TwinGenerator.ReadParticlesCsv(path, spec.BoxXUm, spec.BoxYUm);
        return TwinGenerator.FromPacking(spec, packing, "DensePacking.Pack (stored particle list)", particleIds: false);
    }

    /// <summary>
    /// The one call behind `researchkit sem render`: rebuild the stored twin, render its section and write PNG + JSON sidecar
    /// (out path with .json). Returns the render and the twin's 3D porosity.
    /// </summary>
    public static (SemRender Render, double TwinPorosity) RenderStored(string blend, string twinDirectory, string outPng, SemRenderOptions options, ulong twinSeed = 1)
    {
        var twin = StoredTwin(blend, twinDirectory, twinSeed);
        var r = SemForwardModel.Render(twin.Volume, options);
        Write(outPng, r, blend, twinSeed, twin.Porosity);
        return (r, twin.Porosity);
    }

    /// <summary>Writes the PNG (pixel size in pHYs) and its sidecar (generator, parameters, seeds, exact section fractions).</summary>
    public static void Write(string outPng, SemRender r, string blend, ulong twinSeed, double twinPorosity)
    {
        Png.Write(outPng, r.Image);
        var o = r.Options;
        var doc = new Dictionary<string, object?>
        {
            ["generator"] = "ResearchKit.Imaging.SemForwardModel.Render",
            ["kit_version"] = typeof(SemForwardModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            ["synthetic"] = true,
            ["blend"] = blend,
            ["twin"] = $"data/synthetic/twin/{Stem(blend)}-seed{twinSeed}-particles.csv re-voxelized at {StoredVoxelUm} um (TwinGenerator.FromPacking, current defaults)",
            ["twin_seed"] = twinSeed,
            ["noise_seed"] = o.Seed,
            ["pixel_size_um"] = r.Image.PixelSizeUm,
            ["width_px"] = r.Image.Width,
            ["height_px"] = r.Image.Height,
            ["section"] = new Dictionary<string, object> { ["axis"] = o.Axis.ToString().ToLowerInvariant(), ["index"] = o.Index, ["tilt_deg"] = o.TiltDeg, ["upsample"] = o.Upsample },
            ["grey_levels"] = new Dictionary<string, double> { ["pore"] = o.PoreLevel, ["sse"] = o.SseLevel, ["ncwa"] = o.NcwaLevel, ["ncm"] = o.NcmLevel },
            ["artefacts"] = new Dictionary<string, double> { ["blur_sigma_px"] = o.BlurSigmaPx, ["dose_electrons_per_px"] = o.DoseElectronsPerPx, ["curtaining_amplitude"] = o.CurtainingAmplitude, ["smear_px"] = o.SmearPx },
            ["section_porosity"] = r.SectionPorosity,
            ["section_cam_fraction"] = r.SectionCamFraction,
            ["twin_porosity_3d"] = twinPorosity,
            ["regenerate"] = string.Create(CultureInfo.InvariantCulture, $"researchkit sem render --blend {blend} --seed {o.Seed} --out {Path.GetFileName(outPng)}"),
        };
        var json = JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
        var side = Path.ChangeExtension(outPng, ".json");
        Microstructure.IO.VolumeFiles.Atomic(side, s => { using var sw = new StreamWriter(s); sw.Write(json); });
    }
}
