using ResearchKit.Imaging;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// SEM pore analysis of a 4096 x 3072 8-bit image (issue 15 target: under 1 s): histogram, three-class Otsu, mask, connected
/// components, size distribution, CAM/SSE split. The image is a tiling of a synthetic twin section with blur and shot noise
/// (about 17 % pores), so the labelling sees realistic pore counts. Also timed: with a 1 px median filter, and PNG decode.
/// </summary>
public sealed class SemAnalyzeBenchmark : IBenchmark
{
    public string Name => "sem-analyze";
    public string Description => "4096x3072 8-bit SEM image: otsu3 threshold, components, sizes, phases (target < 1 s); + median 1 px; + PNG decode";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        int w = quick ? 1024 : 4096, h = quick ? 768 : 3072;
        var img = Synthetic(w, h);
        var png = Png.Encode(w, h, 1, 8, img.Pixels, img.PixelSizeUm);
        PoreAnalysisResult? r = null;
        var plain = BenchTiming.Repeat(3, () => r = PoreAnalysis.Analyze(img));
        var median = BenchTiming.Repeat(2, () => PoreAnalysis.Analyze(img, new PoreAnalysisOptions(MedianRadiusPx: 1)));
        var decode = BenchTiming.Repeat(3, () => Png.Decode(png));
        progress($"porosity {r!.Porosity:F4}, {r.PoreCount} pores");
        return new Dictionary<string, object>
        {
            ["width_px"] = w, ["height_px"] = h, ["porosity"] = Math.Round(r.Porosity, 4), ["pore_count"] = r.PoreCount,
            ["analyze_median_ms"] = Math.Round(plain.MedianMs, 1), ["analyze_cpu_ms"] = Math.Round(plain.CpuMsPerRun, 1),
            ["analyze_with_median_filter_ms"] = Math.Round(median.MedianMs, 1), ["analyze_with_median_filter_cpu_ms"] = Math.Round(median.CpuMsPerRun, 1),
            ["png_decode_ms"] = Math.Round(decode.MedianMs, 1), ["png_decode_cpu_ms"] = Math.Round(decode.CpuMsPerRun, 1), ["png_mb"] = Math.Round(png.Length / 1048576.0, 2),
            ["cores"] = Environment.ProcessorCount,
        };
    }

    /// <summary>Disc pores (radii 2-40 px, SplitMix64 seed 5) on a CAM/SSE background with blur and Gaussian noise.</summary>
    static GreyImage Synthetic(int w, int h)
    {
        var rng = new SplitMix64(5);
        var f = new float[w * h];
        Array.Fill(f, 190f);
        long target = (long)(0.17 * w * h), painted = 0;
        var mark = new byte[w * h];
        while (painted < target)
        {
            double r = 2 + 38 * Math.Pow(rng.NextDouble(), 3), cx = rng.NextDouble() * w, cy = rng.NextDouble() * h;
            float level = rng.NextDouble() < 0.3 ? 110f : 30f; // some SSE patches too
            for (int y = Math.Max(0, (int)(cy - r)); y < Math.Min(h, (int)(cy + r) + 1); y++)
                for (int x = Math.Max(0, (int)(cx - r)); x < Math.Min(w, (int)(cx + r) + 1); x++)
                    if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < r * r)
                    {
                        int i = y * w + x;
                        if (level == 30f && mark[i] == 0) { painted++; mark[i] = 1; }
                        if (mark[i] == 0 || level == 30f) f[i] = level;
                    }
        }
        f = ImageFilters.Blur(f, w, h, 0.8);
        var p = new ushort[w * h];
        for (int i = 0; i < p.Length; i++) p[i] = (ushort)Math.Clamp((int)MathF.Round(f[i] + (float)(6 * rng.NextGaussian())), 0, 255);
        return new GreyImage(w, h, 8, p, 0.05, "benchmark");
    }
}
