using System.Diagnostics;
using System.Globalization;
using ResearchKit.Microstructure.Metrics;

namespace ResearchKit.Imaging;

/// <summary>How the pore threshold is chosen.</summary>
public enum ThresholdMethod { Otsu, Otsu3, Triangle, Manual, LocalMean }

/// <summary>
/// Options of <see cref="PoreAnalysis.Analyze"/> (ImageJ workflow: denoise, threshold, fill holes, Analyze Particles with a
/// minimum size). Dark pixels are pore: a pixel at or below the threshold level is pore.
/// </summary>
/// <param name="Method">Threshold method. Otsu3 (the default) takes the lower threshold of a three-class Otsu so pores, SSE
/// and CAM are told apart; Otsu and Triangle are ImageJ's two-class methods.</param>
/// <param name="ManualLevel">Grey level for <see cref="ThresholdMethod.Manual"/>.</param>
/// <param name="MedianRadiusPx">Median filter radius before thresholding (0 = none).</param>
/// <param name="GaussianSigmaPx">Gaussian blur sigma before thresholding (0 = none).</param>
/// <param name="MinPoreAreaPx">Pores smaller than this many pixels are dropped (ImageJ's "size" lower bound).</param>
/// <param name="FillHoles">Fill solid islands enclosed by a pore (ImageJ Binary > Fill Holes).</param>
/// <param name="Connectivity">4 or 8 (ImageJ's particle tracer uses 8).</param>
/// <param name="LocalRadiusPx">Window radius of the local mean threshold.</param>
/// <param name="LocalOffset">Offset C of the local mean threshold (grey levels).</param>
/// <param name="SensitivityBins">Threshold shift (histogram bins, +-) for the porosity uncertainty.</param>
/// <param name="BinWidthUm">Width of the size-distribution bins in um (0 = automatic, about 12 bins).</param>
/// <param name="LocalThickness">Also compute the 2D local thickness of the pores (PoreSpy's approach; slower).</param>
/// <param name="Phases">Also split the solid into CAM (bright) and SSE (grey) with the upper three-class Otsu threshold.</param>
public sealed record PoreAnalysisOptions(
    ThresholdMethod Method = ThresholdMethod.Otsu3, int ManualLevel = -1, int MedianRadiusPx = 0, double GaussianSigmaPx = 0,
    int MinPoreAreaPx = 0, bool FillHoles = false, int Connectivity = 8, int LocalRadiusPx = 25, double LocalOffset = 10,
    int SensitivityBins = 5, double BinWidthUm = 0, bool LocalThickness = false, bool Phases = true)
{
    /// <summary>Parses the CLI's threshold grammar: otsu | otsu3 | triangle | local | an integer grey level.</summary>
    public static PoreAnalysisOptions ParseThreshold(string text, PoreAnalysisOptions baseOptions)
    {
        return text.ToLowerInvariant() switch
        {
            "otsu" => baseOptions with { Method = ThresholdMethod.Otsu },
            "otsu3" => baseOptions with { Method = ThresholdMethod.Otsu3 },
            "triangle" => baseOptions with { Method = ThresholdMethod.Triangle },
            "local" => baseOptions with { Method = ThresholdMethod.LocalMean },
            _ when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 => baseOptions with { Method = ThresholdMethod.Manual, ManualLevel = n },
            _ => throw new InvalidInputException($"expected otsu, otsu3, triangle, local or a grey level >= 0, got '{text}'", field: "threshold"),
        };
    }

    public void Validate(GreyImage img)
    {
        InvalidInputException.Require(Connectivity is 4 or 8, "connectivity", $"expected 4 or 8, got {Connectivity}");
        InvalidInputException.Require(MinPoreAreaPx >= 0, "min_pore_px", $"expected a pore area >= 0 px, got {MinPoreAreaPx}");
        InvalidInputException.Require(MedianRadiusPx >= 0, "median_px", $"expected a median radius >= 0, got {MedianRadiusPx}");
        InvalidInputException.Require(GaussianSigmaPx >= 0 && double.IsFinite(GaussianSigmaPx), "gaussian_px", $"expected sigma >= 0, got {GaussianSigmaPx}");
        InvalidInputException.Require(SensitivityBins >= 1, "sensitivity_bins", $"expected >= 1, got {SensitivityBins}");
        InvalidInputException.Require(BinWidthUm >= 0, "bin_width_um", $"expected >= 0, got {BinWidthUm}");
        if (Method == ThresholdMethod.Manual)
            InvalidInputException.Require(ManualLevel >= 0 && ManualLevel <= img.MaxLevel, "threshold", $"expected a grey level 0..{img.MaxLevel}, got {ManualLevel}");
    }
}

/// <summary>Number- and area-weighted pore size distribution over equivalent-circle diameter bins.</summary>
/// <param name="Bins">Bin edges (n + 1), in um (or px when the pixel size is unknown; see <see cref="Unit"/>).</param>
/// <param name="Counts">Pores per bin (sums to the pore count).</param>
/// <param name="AreaFractions">Share of the total pore area per bin (sums to 1).</param>
/// <param name="Unit">"um" or "px".</param>
public sealed record PoreSizeDistribution(double[] Bins, int[] Counts, double[] AreaFractions, string Unit);

/// <summary>One pore (connected component of the pore mask).</summary>
/// <param name="AreaPx">Pixels.</param>
/// <param name="EquivalentDiameterPx">2 sqrt(A/pi).</param>
/// <param name="CentroidX">Centroid x (px).</param>
/// <param name="CentroidY">Centroid y (px).</param>
public sealed record Pore(int AreaPx, double EquivalentDiameterPx, double CentroidX, double CentroidY);

/// <summary>Result of <see cref="PoreAnalysis.Analyze"/>; lengths in um when <see cref="PixelSizeUm"/> is known, else null.</summary>
/// <param name="Porosity">Pore area fraction.</param>
/// <param name="PorosityUncertainty">Half the porosity change when the threshold moves by +-SensitivityBins bins.</param>
/// <param name="PorosityLow">Porosity at threshold - SensitivityBins.</param>
/// <param name="PorosityHigh">Porosity at threshold + SensitivityBins.</param>
/// <param name="Threshold">Grey level: pixels at or below it are pore (-1 for the local threshold).</param>
/// <param name="Method">Threshold method used.</param>
/// <param name="PoreCount">Connected pores after the minimum-area filter.</param>
/// <param name="Connectivity">4 or 8.</param>
/// <param name="PixelSizeUm">Pixel edge (um) or null.</param>
/// <param name="PixelSizeSource">Where the pixel size came from.</param>
/// <param name="MeanPoreDiameterPx">Number-mean equivalent-circle diameter (px).</param>
/// <param name="MeanPoreDiameterUm">The same in um.</param>
/// <param name="AreaWeightedMeanDiameterUm">Area-weighted mean equivalent diameter (um).</param>
/// <param name="MeanNearestNeighbourSpacingUm">Mean centroid-to-nearest-centroid distance (um).</param>
/// <param name="MeanLocalThicknessUm">Area mean of the 2D local thickness (diameter) of the pores (um), when requested.</param>
/// <param name="CamThreshold">Grey level above which solid is CAM (three-class Otsu), or -1.</param>
/// <param name="CamAreaFraction">CAM area fraction (of the whole image), or NaN.</param>
/// <param name="SseAreaFraction">SSE (grey) area fraction, or NaN.</param>
/// <param name="Distribution">Size distribution.</param>
/// <param name="Pores">All pores.</param>
/// <param name="Mask">Pore mask (1 = pore), row-major.</param>
/// <param name="Width">Image width.</param>
/// <param name="Height">Image height.</param>
/// <param name="Seconds">Wall time.</param>
public sealed record PoreAnalysisResult(
    double Porosity, double PorosityUncertainty, double PorosityLow, double PorosityHigh, int Threshold, ThresholdMethod Method,
    int PoreCount, int Connectivity, double? PixelSizeUm, string PixelSizeSource, double MeanPoreDiameterPx, double? MeanPoreDiameterUm,
    double? AreaWeightedMeanDiameterUm, double? MeanNearestNeighbourSpacingUm, double? MeanLocalThicknessUm,
    int CamThreshold, double CamAreaFraction, double SseAreaFraction, PoreSizeDistribution Distribution,
    IReadOnlyList<Pore> Pores, byte[] Mask, int Width, int Height, double Seconds)
{
    /// <summary>The keys of `researchkit sem analyze --json` (snake_case, units in names).</summary>
    public IReadOnlyDictionary<string, object?> ToJsonObject() => new Dictionary<string, object?>
    {
        ["porosity"] = Porosity,
        ["porosity_uncertainty"] = PorosityUncertainty,
        ["threshold"] = Threshold,
        ["threshold_method"] = Method.ToString().ToLowerInvariant(),
        ["pore_count"] = PoreCount,
        ["connectivity"] = Connectivity,
        ["mean_pore_diameter_um"] = MeanPoreDiameterUm,
        ["mean_pore_diameter_px"] = MeanPoreDiameterPx,
        ["area_weighted_mean_diameter_um"] = AreaWeightedMeanDiameterUm,
        ["mean_nearest_neighbour_spacing_um"] = MeanNearestNeighbourSpacingUm,
        ["mean_local_thickness_um"] = MeanLocalThicknessUm,
        ["pore_size_distribution"] = new Dictionary<string, object>
        {
            ["bins"] = Distribution.Bins, ["counts"] = Distribution.Counts, ["area_fractions"] = Distribution.AreaFractions, ["unit"] = Distribution.Unit,
        },
        ["cam_threshold"] = CamThreshold,
        ["cam_area_fraction"] = double.IsNaN(CamAreaFraction) ? null : CamAreaFraction,
        ["sse_area_fraction"] = double.IsNaN(SseAreaFraction) ? null : SseAreaFraction,
        ["pixel_size_um"] = PixelSizeUm,
        ["pixel_size_source"] = PixelSizeSource,
        ["width_px"] = Width,
        ["height_px"] = Height,
        ["seconds"] = Math.Round(Seconds, 4),
    };
}

/// <summary>
/// Pores from an SEM cross-section, the ImageJ/Fiji workflow of Fig 1 (threshold, red pores, area fraction) plus PoreSpy-style
/// metrics: pore count (connected components), areas, equivalent-circle diameters, size distributions, 2D local thickness,
/// nearest-neighbour spacing, and CAM/SSE phase fractions.
/// </summary>
public static class PoreAnalysis
{
    /// <summary>Analyses a grey image.</summary>
    public static PoreAnalysisResult Analyze(GreyImage image, PoreAnalysisOptions? options = null)
    {
        var o = options ?? new PoreAnalysisOptions();
        o.Validate(image);
        var sw = Stopwatch.StartNew();
        var img = ImageFilters.Gaussian(ImageFilters.Median(image, o.MedianRadiusPx), o.GaussianSigmaPx);
        var hist = Histogram.Of(img);
        int k = -1, camK = -1;
        (int K1, int K2)? three = null;
        if (o.Method == ThresholdMethod.Otsu3 || o.Phases) three = Thresholds.Otsu3(hist.Counts);
        k = o.Method switch
        {
            ThresholdMethod.Otsu => Thresholds.Otsu(hist.Counts),
            ThresholdMethod.Otsu3 => three!.Value.K1,
            ThresholdMethod.Triangle => Thresholds.Triangle(hist.Counts),
            ThresholdMethod.Manual => hist.BinOfLevel(o.ManualLevel),
            _ => -1,
        };
        int level = o.Method == ThresholdMethod.Manual ? o.ManualLevel : k >= 0 ? hist.LevelOfBin(k) : -1;
        int n = img.Count;
        byte[] mask;
        double lo, hi;
        if (o.Method == ThresholdMethod.LocalMean)
        {
            mask = Thresholds.LocalMean(img, o.LocalRadiusPx, o.LocalOffset);
            double d = o.SensitivityBins * hist.BinWidth;
            lo = Count(Thresholds.LocalMean(img, o.LocalRadiusPx, o.LocalOffset + d)) / (double)n;
            hi = Count(Thresholds.LocalMean(img, o.LocalRadiusPx, o.LocalOffset - d)) / (double)n;
        }
        else
        {
            mask = new byte[n];
            var px = img.Pixels;
            for (int i = 0; i < n; i++) mask[i] = px[i] <= level ? (byte)1 : (byte)0;
            // Threshold sensitivity from the cumulative histogram (before fill / size filter, as ImageJ's % Area).
            long Below(int bin) { long c = 0; for (int b = 0; b <= Math.Min(bin, Histogram.Bins - 1); b++) c += hist.Counts[b]; return c; }
            int kb = hist.BinOfLevel(level);
            lo = Below(kb - o.SensitivityBins) / (double)n;
            hi = Below(kb + o.SensitivityBins) / (double)n;
        }
        if (o.FillHoles) FillHoles(mask, img.Width, img.Height, o.Connectivity);
        var (labels, pores) = Label(mask, img.Width, img.Height, o.Connectivity);
        if (o.MinPoreAreaPx > 1)
        {
            var keep = pores.Select(p => p.AreaPx >= o.MinPoreAreaPx).ToArray();
            for (int i = 0; i < n; i++) if (labels[i] > 0 && !keep[labels[i] - 1]) mask[i] = 0;
            pores = pores.Where(p => p.AreaPx >= o.MinPoreAreaPx).ToList();
        }
        long porePx = Count(mask);
        double porosity = porePx / (double)n;
        // Uncertainty: threshold sensitivity, shifted by the fill / size-filter change so it centres on the reported value.
        double shift = porosity - (o.Method == ThresholdMethod.LocalMean ? porosity : BelowLevel(hist, level, n));
        lo += shift; hi += shift;
        double? px2um = image.PixelSizeUm;
        double meanDpx = pores.Count > 0 ? pores.Average(p => p.EquivalentDiameterPx) : 0;
        double? meanDum = px2um * meanDpx;
        double? awDum = pores.Count > 0 && px2um is { } s1 ? pores.Sum(p => p.AreaPx * p.EquivalentDiameterPx) / pores.Sum(p => (double)p.AreaPx) * s1 : null;
        double? nnUm = pores.Count > 1 && px2um is { } s2 ? NearestNeighbour(pores).Average() * s2 : null;
        double? ltUm = null;
        if (o.LocalThickness && porePx > 0 && px2um is { } s3)
        {
            var r = LocalThickness.Radii2D(mask, img.Height, img.Width);
            double sum = 0; for (int i = 0; i < n; i++) if (mask[i] != 0) sum += 2 * r[i];
            ltUm = sum / porePx * s3;
        }
        double cam = double.NaN, sse = double.NaN;
        if (o.Phases && three is { } t3)
        {
            camK = hist.LevelOfBin(t3.K2);
            long nc = 0;
            var px = img.Pixels;
            for (int i = 0; i < n; i++) if (px[i] > camK && mask[i] == 0) nc++;
            cam = nc / (double)n;
            sse = 1 - cam - porosity;
        }
        var dist = Distribution(pores, px2um, o.BinWidthUm);
        return new PoreAnalysisResult(porosity, (hi - lo) / 2, lo, hi, level, o.Method, pores.Count, o.Connectivity, px2um, image.PixelSizeSource,
            meanDpx, meanDum, awDum, nnUm, ltUm, camK, cam, sse, dist, pores, mask, img.Width, img.Height, sw.Elapsed.TotalSeconds);
    }

    static double BelowLevel(Histogram h, int level, int n)
    {
        long c = 0; int kb = h.BinOfLevel(level);
        for (int b = 0; b <= kb; b++) c += h.Counts[b];
        return c / (double)n;
    }

    static long Count(byte[] m) { long c = 0; foreach (var b in m) c += b; return c; }

    /// <summary>
    /// Connected components of a mask (4- or 8-connectivity), labels 1..N in raster order of their first pixel; returns
    /// the label image and per-pore area, equivalent-circle diameter 2 sqrt(A/pi) and centroid.
    /// </summary>
    public static (int[] Labels, List<Pore> Pores) Label(byte[] mask, int w, int h, int connectivity = 8)
    {
        var labels = new int[mask.Length];
        var pores = new List<Pore>();
        var stack = new Stack<int>();
        int next = 0;
        for (int start = 0; start < mask.Length; start++)
        {
            if (mask[start] == 0 || labels[start] != 0) continue;
            int lab = ++next;
            labels[start] = lab; stack.Push(start);
            long area = 0; double sx = 0, sy = 0;
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                int y = i / w, x = i - y * w;
                area++; sx += x; sy += y;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        if ((dx == 0 && dy == 0) || (connectivity == 4 && dx != 0 && dy != 0)) continue;
                        int xx = x + dx;
                        if (xx < 0 || xx >= w) continue;
                        int j = yy * w + xx;
                        if (mask[j] != 0 && labels[j] == 0) { labels[j] = lab; stack.Push(j); }
                    }
                }
            }
            pores.Add(new Pore((int)area, 2 * Math.Sqrt(area / Math.PI), sx / area, sy / area));
        }
        return (labels, pores);
    }

    /// <summary>Sets to pore every solid region not connected to the image border (dual connectivity: 8 -> 4 for the solid).</summary>
    public static void FillHoles(byte[] mask, int w, int h, int connectivity = 8)
    {
        var inv = new byte[mask.Length];
        for (int i = 0; i < mask.Length; i++) inv[i] = mask[i] == 0 ? (byte)1 : (byte)0;
        var (labels, _) = Label(inv, w, h, connectivity == 8 ? 4 : 8);
        var border = new HashSet<int>();
        for (int x = 0; x < w; x++) { border.Add(labels[x]); border.Add(labels[(h - 1) * w + x]); }
        for (int y = 0; y < h; y++) { border.Add(labels[y * w]); border.Add(labels[y * w + w - 1]); }
        for (int i = 0; i < mask.Length; i++) if (inv[i] != 0 && !border.Contains(labels[i])) mask[i] = 1;
    }

    /// <summary>Distance from each pore centroid to the nearest other centroid (px), by a sweep over centroids sorted in x.</summary>
    public static double[] NearestNeighbour(IReadOnlyList<Pore> pores)
    {
        int n = pores.Count;
        var idx = Enumerable.Range(0, n).OrderBy(i => pores[i].CentroidX).ToArray();
        var d = new double[n];
        for (int a = 0; a < n; a++)
        {
            var p = pores[idx[a]];
            double best = double.PositiveInfinity;
            for (int b = a + 1; b < n; b++)
            {
                var q = pores[idx[b]]; double dx = q.CentroidX - p.CentroidX;
                if (dx * dx >= best) break;
                best = Math.Min(best, dx * dx + (q.CentroidY - p.CentroidY) * (q.CentroidY - p.CentroidY));
            }
            for (int b = a - 1; b >= 0; b--)
            {
                var q = pores[idx[b]]; double dx = p.CentroidX - q.CentroidX;
                if (dx * dx >= best) break;
                best = Math.Min(best, dx * dx + (q.CentroidY - p.CentroidY) * (q.CentroidY - p.CentroidY));
            }
            d[idx[a]] = Math.Sqrt(best);
        }
        return d;
    }

    /// <summary>Equivalent-diameter histogram; automatic bin width = a 1-2-5 step giving about 12 bins up to the largest pore.</summary>
    public static PoreSizeDistribution Distribution(IReadOnlyList<Pore> pores, double? pixelSizeUm, double binWidthUm = 0)
    {
        double s = pixelSizeUm ?? 1;
        string unit = pixelSizeUm is null ? "px" : "um";
        if (pores.Count == 0) return new PoreSizeDistribution([0, 1], [0], [0], unit);
        var d = pores.Select(p => p.EquivalentDiameterPx * s).ToArray();
        double max = d.Max();
        double width = binWidthUm > 0 && pixelSizeUm is not null ? binWidthUm : NiceStep(max / 12);
        int nb = Math.Max(1, (int)Math.Floor(max / width) + 1);
        var edges = Enumerable.Range(0, nb + 1).Select(i => Math.Round(i * width, 10)).ToArray();
        var counts = new int[nb]; var area = new double[nb];
        double total = pores.Sum(p => (double)p.AreaPx);
        for (int i = 0; i < d.Length; i++)
        {
            int b = Math.Min(nb - 1, (int)(d[i] / width));
            counts[b]++; area[b] += pores[i].AreaPx / total;
        }
        return new PoreSizeDistribution(edges, counts, area, unit);
    }

    static double NiceStep(double raw)
    {
        if (!(raw > 0)) return 1;
        double p = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double m = raw / p;
        return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    }

    /// <summary>
    /// Fig 1c overlay: the grey image with pore pixels painted red (255, 0, 0), as 8-bit RGB samples (row-major, interleaved).
    /// </summary>
    public static ushort[] Overlay(GreyImage image, byte[] mask)
    {
        var g = image.ToDisplayBytes();
        var rgb = new ushort[g.Length * 3];
        for (int i = 0; i < g.Length; i++)
        {
            if (mask[i] != 0) { rgb[3 * i] = 255; rgb[3 * i + 1] = 0; rgb[3 * i + 2] = 0; }
            else rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = g[i];
        }
        return rgb;
    }

    /// <summary>Writes the overlay as an RGB PNG (atomically).</summary>
    public static void WriteOverlay(string path, GreyImage image, PoreAnalysisResult result)
    {
        if (result.Width != image.Width || result.Height != image.Height)
            throw new InvalidInputException("overlay image and analysis differ in size", path, field: "overlay");
        Png.Write(path, image.Width, image.Height, 3, 8, Overlay(image, result.Mask), image.PixelSizeUm);
    }

    /// <summary>Reads a file and analyses it (the one call behind `researchkit sem analyze`).</summary>
    public static PoreAnalysisResult AnalyzeFile(string path, PoreAnalysisOptions? options = null, string? channel = null,
        double? scaleUmPerPx = null, int cropBottomPx = 0, string? overlayPath = null)
    {
        var img = ImageFile.ReadGrey(path, channel, scaleUmPerPx, cropBottomPx);
        var r = Analyze(img, options);
        if (overlayPath is not null) WriteOverlay(overlayPath, img, r);
        return r;
    }
}
