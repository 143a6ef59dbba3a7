namespace ResearchKit.Imaging;

/// <summary>
/// Grey-level histogram of an image: 256 bins. For 8-bit images bin k is grey level k; for 16-bit images the bins span
/// [min, max] of the image as ImageJ does for 16-bit auto-thresholds, and <see cref="LevelOfBin"/> maps a bin back.
/// </summary>
public sealed record Histogram(long[] Counts, int Min, double BinWidth, int BitDepth)
{
    public const int Bins = 256;

    public static Histogram Of(GreyImage img)
    {
        var h = new long[Bins];
        if (img.BitDepth == 8)
        {
            var px = img.Pixels;
            for (int i = 0; i < px.Length; i++) h[px[i]]++;
            return new Histogram(h, 0, 1, 8);
        }
        int lo = int.MaxValue, hi = int.MinValue;
        foreach (var v in img.Pixels) { if (v < lo) lo = v; if (v > hi) hi = v; }
        double w = (hi - lo + 1) / (double)Bins;
        foreach (var v in img.Pixels) h[Math.Min(Bins - 1, (int)((v - lo) / w))]++;
        return new Histogram(h, lo, w, img.BitDepth);
    }

    /// <summary>Highest grey level that falls in bin k (so "level at or below" = "bins 0..k").</summary>
    public int LevelOfBin(int k) => BitDepth == 8 ? k : (int)Math.Ceiling(Min + (k + 1) * BinWidth) - 1;

    /// <summary>Bin holding grey level v.</summary>
    public int BinOfLevel(int v) => BitDepth == 8 ? Math.Clamp(v, 0, 255) : Math.Clamp((int)((v - Min) / BinWidth), 0, Bins - 1);
}

/// <summary>
/// Global thresholds on a histogram, as ImageJ's AutoThresholder defines them (G. Landini's implementations). Each returns a
/// bin k: pixels in bins 0..k (at or below the level) are the dark class (pores).
/// </summary>
public static class Thresholds
{
    /// <summary>
    /// Otsu (1979, IEEE Trans. SMC 9, 62): maximises the between-class variance. ImageJ's form: k runs over 1..L-2, the
    /// variance is (N1/N S - Sk)^2 / (N1 (N - N1)), and ties go to the LAST maximum (>=), so across an empty gap between two
    /// modes the threshold sits at the top of the gap.
    /// </summary>
    public static int Otsu(ReadOnlySpan<long> h)
    {
        int L = h.Length;
        double S = 0, N = 0;
        for (int k = 0; k < L; k++) { S += (double)k * h[k]; N += h[k]; }
        double Sk = 0, N1 = h[0], best = 0;
        int kStar = 0;
        for (int k = 1; k < L - 1; k++)
        {
            Sk += (double)k * h[k];
            N1 += h[k];
            double denom = N1 * (N - N1), bcv = 0;
            if (denom != 0) { double num = N1 / N * S - Sk; bcv = num * num / denom; }
            if (bcv >= best) { best = bcv; kStar = k; }
        }
        return kStar;
    }

    /// <summary>
    /// Three-class Otsu (Liao, Chen and Chung 2001, J. Inf. Sci. Eng. 17, 713): two thresholds k1 &lt; k2 maximising the
    /// between-class variance of [0..k1], [k1+1..k2], [k2+1..L-1]. On a pore / SSE / CAM image k1 separates the pores and k2
    /// the CAM; the two-class Otsu would instead split (pores + SSE) from CAM when CAM dominates the area.
    /// </summary>
    public static (int K1, int K2) Otsu3(ReadOnlySpan<long> h)
    {
        int L = h.Length;
        var P = new double[L + 1]; var S = new double[L + 1];
        for (int k = 0; k < L; k++) { P[k + 1] = P[k] + h[k]; S[k + 1] = S[k] + (double)k * h[k]; }
        double best = -1; int b1 = 0, b2 = 1;
        double Term(int a, int b) { double w = P[b + 1] - P[a]; if (w <= 0) return 0; double s = S[b + 1] - S[a]; return s * s / w; }
        for (int k1 = 0; k1 < L - 2; k1++)
        {
            double t0 = Term(0, k1);
            for (int k2 = k1 + 1; k2 < L - 1; k2++)
            {
                double v = t0 + Term(k1 + 1, k2) + Term(k2 + 1, L - 1);
                if (v > best) { best = v; b1 = k1; b2 = k2; }
            }
        }
        return (b1, b2);
    }

    /// <summary>
    /// Triangle (Zack, Rogers and Latt 1977, J. Histochem. Cytochem. 25, 741), ImageJ's variant: a line from the histogram
    /// peak to the foot of the longer tail (one bin beyond the last non-empty bin); the threshold is the bin of largest
    /// distance below the line, less one. The histogram is mirrored when the longer tail lies on the bright side.
    /// </summary>
    public static int Triangle(ReadOnlySpan<long> hist)
    {
        var d = hist.ToArray();
        int len = d.Length, min = 0, max = 0, min2 = 0;
        long dmax = 0;
        for (int i = 0; i < len; i++) if (d[i] > 0) { min = i; break; }
        if (min > 0) min--;
        for (int i = len - 1; i > 0; i--) if (d[i] > 0) { min2 = i; break; }
        if (min2 < len - 1) min2++;
        for (int i = 0; i < len; i++) if (d[i] > dmax) { max = i; dmax = d[i]; }
        bool inverted = false;
        if (max - min < min2 - max)
        {
            inverted = true;
            Array.Reverse(d);
            min = len - 1 - min2;
            max = len - 1 - max;
        }
        if (min == max) return inverted ? len - 1 - min : min;
        double nx = d[max], ny = min - max, norm = Math.Sqrt(nx * nx + ny * ny);
        nx /= norm; ny /= norm;
        double dd = nx * min + ny * d[min];
        int split = min; double splitDistance = 0;
        for (int i = min + 1; i <= max; i++)
        {
            double nd = nx * i + ny * d[i] - dd;
            if (nd > splitDistance) { split = i; splitDistance = nd; }
        }
        split--;
        return inverted ? len - 1 - split : split;
    }

    /// <summary>
    /// Local mean threshold (ImageJ Auto Local Threshold "Mean", Landini): a pixel is pore when it is at or below the mean of
    /// its (2r+1)^2 window minus <paramref name="offset"/> grey levels. Window means from a summed-area table (O(1) per pixel);
    /// the window is clipped at the image edge. Works for pores smaller than the window; inside pores wider than it the
    /// local mean is the pore level itself and the pore's core is missed, so pick r above the largest pore radius.
    /// </summary>
    public static byte[] LocalMean(GreyImage img, int radiusPx, double offset)
    {
        InvalidInputException.Require(radiusPx >= 1, "local_radius_px", $"expected a window radius >= 1 px, got {radiusPx}");
        int w = img.Width, h = img.Height;
        var sat = new double[(long)(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++)
        {
            double row = 0;
            for (int x = 0; x < w; x++)
            {
                row += img.Pixels[y * w + x];
                sat[(long)(y + 1) * (w + 1) + x + 1] = sat[(long)y * (w + 1) + x + 1] + row;
            }
        }
        var mask = new byte[w * h];
        Parallel.For(0, h, y =>
        {
            int y0 = Math.Max(0, y - radiusPx), y1 = Math.Min(h - 1, y + radiusPx);
            for (int x = 0; x < w; x++)
            {
                int x0 = Math.Max(0, x - radiusPx), x1 = Math.Min(w - 1, x + radiusPx);
                double s = sat[(long)(y1 + 1) * (w + 1) + x1 + 1] - sat[(long)y0 * (w + 1) + x1 + 1] - sat[(long)(y1 + 1) * (w + 1) + x0] + sat[(long)y0 * (w + 1) + x0];
                double mean = s / ((y1 - y0 + 1) * (x1 - x0 + 1));
                mask[y * w + x] = img.Pixels[y * w + x] <= mean - offset ? (byte)1 : (byte)0;
            }
        });
        return mask;
    }
}

/// <summary>Denoising filters (grey levels kept in the image's range).</summary>
public static class ImageFilters
{
    /// <summary>
    /// Median over a square (2r+1)^2 window (clipped at the edges). For 8-bit images a running histogram along each row
    /// (Huang, Yang and Tang 1979) makes it O(r) per pixel; 16-bit images sort the window.
    /// </summary>
    public static GreyImage Median(GreyImage img, int radiusPx)
    {
        if (radiusPx <= 0) return img;
        int w = img.Width, h = img.Height;
        var src = img.Pixels; var dst = new ushort[src.Length];
        Parallel.For(0, h, y =>
        {
            int y0 = Math.Max(0, y - radiusPx), y1 = Math.Min(h - 1, y + radiusPx);
            if (radiusPx == 1)
            {
                // 3x3: insertion sort of at most 9 values beats any histogram.
                Span<ushort> win = stackalloc ushort[9];
                for (int x = 0; x < w; x++)
                {
                    int n = 0;
                    for (int yy = y0; yy <= y1; yy++)
                        for (int xx = Math.Max(0, x - 1); xx <= Math.Min(w - 1, x + 1); xx++)
                        {
                            ushort v = src[yy * w + xx];
                            int j = n++;
                            while (j > 0 && win[j - 1] > v) { win[j] = win[j - 1]; j--; }
                            win[j] = v;
                        }
                    dst[y * w + x] = win[(n - 1) / 2];
                }
            }
            else if (img.BitDepth == 8)
            {
                var hist = new int[256];
                int count = 0;
                void Col(int x, int sign) { for (int yy = y0; yy <= y1; yy++) { hist[src[yy * w + x]] += sign; count += sign; } }
                for (int x = 0; x <= Math.Min(w - 1, radiusPx); x++) Col(x, 1);
                for (int x = 0; x < w; x++)
                {
                    if (x > 0)
                    {
                        if (x + radiusPx < w) Col(x + radiusPx, 1);
                        if (x - radiusPx - 1 >= 0) Col(x - radiusPx - 1, -1);
                    }
                    int half = (count + 1) / 2, acc = 0, v = 0;
                    while (acc + hist[v] < half) { acc += hist[v]; v++; }
                    dst[y * w + x] = (ushort)v;
                }
            }
            else
            {
                var buf = new List<ushort>((2 * radiusPx + 1) * (2 * radiusPx + 1));
                for (int x = 0; x < w; x++)
                {
                    buf.Clear();
                    for (int yy = y0; yy <= y1; yy++)
                        for (int xx = Math.Max(0, x - radiusPx); xx <= Math.Min(w - 1, x + radiusPx); xx++) buf.Add(src[yy * w + xx]);
                    buf.Sort();
                    dst[y * w + x] = buf[(buf.Count - 1) / 2];
                }
            }
        });
        return img with { Pixels = dst };
    }

    /// <summary>Gaussian blur, separable, kernel truncated at 3 sigma, edges clamped; sigma in pixels.</summary>
    public static GreyImage Gaussian(GreyImage img, double sigmaPx)
    {
        if (!(sigmaPx > 0)) return img;
        var f = Blur(Array.ConvertAll(img.Pixels, v => (float)v), img.Width, img.Height, sigmaPx);
        int max = img.MaxLevel;
        return img with { Pixels = Array.ConvertAll(f, v => (ushort)Math.Clamp((int)MathF.Round(v), 0, max)) };
    }

    /// <summary>Separable Gaussian blur of a float image (used by the forward model too).</summary>
    public static float[] Blur(float[] src, int w, int h, double sigmaPx)
    {
        int r = Math.Max(1, (int)Math.Ceiling(3 * sigmaPx));
        var k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) sum += k[i + r] = (float)Math.Exp(-0.5 * i * i / (sigmaPx * sigmaPx));
        for (int i = 0; i < k.Length; i++) k[i] = (float)(k[i] / sum);
        var tmp = new float[src.Length]; var dst = new float[src.Length];
        Parallel.For(0, h, y =>
        {
            for (int x = 0; x < w; x++)
            {
                float a = 0;
                for (int i = -r; i <= r; i++) a += k[i + r] * src[y * w + Math.Clamp(x + i, 0, w - 1)];
                tmp[y * w + x] = a;
            }
        });
        Parallel.For(0, h, y =>
        {
            for (int x = 0; x < w; x++)
            {
                float a = 0;
                for (int i = -r; i <= r; i++) a += k[i + r] * tmp[Math.Clamp(y + i, 0, h - 1) * w + x];
                dst[y * w + x] = a;
            }
        });
        return dst;
    }
}
