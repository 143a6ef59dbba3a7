using ResearchKit.Imaging;
using ResearchKit.Microstructure.Metrics;
using static ResearchKit.Tests.Imaging.ImagingTestData;

namespace ResearchKit.Tests.Imaging;

public class PoreAnalysisTests
{
    [Fact]
    public void Otsu_HandComputedHistogram_ImageJTieRuleTakesTopOfGap()
    {
        // h = [0, 4, 4, 0, 0, 0, 8, 0]; N = 16, S = 60. BCV(k) = (N1/N S - Sk)^2 / (N1 (N - N1)):
        // k=1: (15-4)^2/(4*12) = 2.52; k=2..5: (30-12)^2/(8*8) = 5.0625 (a plateau over the empty bins); k=6: N1 = N -> 0.
        // ImageJ keeps the last maximum (>=): k = 5.
        Assert.Equal(5, Thresholds.Otsu(new long[] { 0, 4, 4, 0, 0, 0, 8, 0 }));
    }

    [Fact]
    public void Otsu_Threshold_EqualsBruteForceBetweenClassVariance()
    {
        var rng = new SplitMix64(11);
        var h = new long[256];
        for (int i = 0; i < 20000; i++) h[Math.Clamp((int)(i % 3 == 0 ? 60 + 12 * rng.NextGaussian() : 170 + 20 * rng.NextGaussian()), 0, 255)]++;
        int best = 0; double bv = -1, n = h.Sum();
        for (int k = 1; k < 255; k++)
        {
            double w0 = 0, m0 = 0, w1 = 0, m1 = 0;
            for (int i = 0; i <= k; i++) { w0 += h[i]; m0 += i * (double)h[i]; }
            for (int i = k + 1; i < 256; i++) { w1 += h[i]; m1 += i * (double)h[i]; }
            if (w0 == 0 || w1 == 0) continue;
            double v = w0 / n * (w1 / n) * Math.Pow(m0 / w0 - m1 / w1, 2); // textbook sigma_B^2
            if (v >= bv) { bv = v; best = k; }
        }
        Assert.Equal(best, Thresholds.Otsu(h));
    }

    [Fact]
    public void Otsu3_ThreeLevelImage_SeparatesEachLevel()
    {
        var h = new long[256];
        h[30] = 170; h[110] = 130; h[190] = 700; // pores, SSE, CAM: the two-class Otsu would cut between SSE and CAM
        var (k1, k2) = Thresholds.Otsu3(h);
        Assert.InRange(k1, 30, 109);
        Assert.InRange(k2, 110, 189);
        Assert.InRange(Thresholds.Otsu(h), 110, 189);
    }

    [Fact]
    public void Triangle_HandComputedHistogram_ImageJSteps()
    {
        // h = [0,0,10,8,6,4,2,1,0,0]: min = 1 (one below the first non-empty bin), min2 = 8, peak 2; the longer side is on the
        // right, so the histogram is mirrored: h' = [0,0,1,2,4,6,8,10,0,0], min 1, peak 7. Line normal (10, -6)/sqrt(136);
        // distances at i = 2..7: 0.343, 0.686, 0.514, 0.343, 0.171, 0 -> split 3, minus one = 2, mirrored back: 9 - 2 = 7.
        Assert.Equal(7, Thresholds.Triangle(new long[] { 0, 0, 10, 8, 6, 4, 2, 1, 0, 0 }));
    }

    [Fact]
    public void Triangle_SmallDarkPeakBesideLargeBrightPeak_ThresholdAtFootOfBrightPeak()
    {
        // Bright peak at 200 (sd 8), 10 % dark pores at 40: the line runs from the peak to the dark foot; the split falls
        // between the modes, below the bright peak's flank.
        var h = new long[256];
        for (int i = 0; i < 256; i++) h[i] = (long)(100000 * Math.Exp(-0.5 * Math.Pow((i - 200) / 8.0, 2)) + 11000 * Math.Exp(-0.5 * Math.Pow((i - 40) / 8.0, 2)));
        int t = Thresholds.Triangle(h);
        Assert.InRange(t, 60, 185);
    }

    [Fact]
    public void SeparatedDiscs_NoiseAndBlur_PorosityCountAndDiameterRecovered()
    {
        var discs = SeparatedDiscs();
        int w = 600, h = 480;
        var img = Discs(w, h, discs, blurPx: 1.2, noiseSd: 10);
        var r = PoreAnalysis.Analyze(img, new PoreAnalysisOptions(Method: ThresholdMethod.Otsu, MedianRadiusPx: 1, MinPoreAreaPx: 10));
        double truth = DiscPorosity(discs, w, h);
        Assert.InRange(r.Porosity - truth, -0.003, 0.003);
        Assert.Equal(discs.Count, r.PoreCount);
        double meanD = discs.Average(d => 2 * d.R) * 0.1;
        Assert.InRange(r.MeanPoreDiameterUm!.Value / meanD, 0.97, 1.03);
        Assert.Equal(r.PoreCount, r.Distribution.Counts.Sum());
        Assert.Equal(1.0, r.Distribution.AreaFractions.Sum(), 9);
        Assert.True(r.PorosityUncertainty >= 0 && r.PorosityUncertainty < 0.01);
    }

    [Fact]
    public void TouchingDiscs_PorosityRecovered_PairsMergeIntoOnePore()
    {
        var discs = new List<Disc>();
        for (int i = 0; i < 5; i++) { double r = 12 + 3 * i; double cx = 60 + i * 110, cy = 100; discs.Add(new(cx - r, cy, r)); discs.Add(new(cx + r, cy, r)); }
        int w = 600, h = 200;
        var img = Discs(w, h, discs, blurPx: 1.0, noiseSd: 8);
        var r8 = PoreAnalysis.Analyze(img, new PoreAnalysisOptions(Method: ThresholdMethod.Otsu, MedianRadiusPx: 1, MinPoreAreaPx: 10));
        Assert.InRange(r8.Porosity - DiscPorosity(discs, w, h), -0.003, 0.003);
        Assert.Equal(5, r8.PoreCount); // each touching pair is one connected pore
    }

    [Fact]
    public void Connectivity_DiagonalPixels_FourVersusEight()
    {
        var m = new byte[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
        Assert.Single(PoreAnalysis.Label(m, 3, 3, 8).Pores);
        Assert.Equal(3, PoreAnalysis.Label(m, 3, 3, 4).Pores.Count);
    }

    [Fact]
    public void FillHoles_Ring_BecomesDisc()
    {
        int w = 9;
        var m = new byte[w * w];
        for (int y = 1; y < 8; y++) for (int x = 1; x < 8; x++) m[y * w + x] = (byte)(y is 1 or 7 || x is 1 or 7 ? 1 : 0);
        PoreAnalysis.FillHoles(m, w, w);
        Assert.Equal(49, m.Sum(b => b));
    }

    [Fact]
    public void ManualThreshold_PixelsAtOrBelow_ArePore()
    {
        var img = GreyImage.FromBytes(4, 1, [10, 20, 21, 200], 1.0);
        var r = PoreAnalysis.Analyze(img, new PoreAnalysisOptions(Method: ThresholdMethod.Manual, ManualLevel: 20, Phases: false));
        Assert.Equal(0.5, r.Porosity);
        Assert.Equal(20, r.Threshold);
    }

    [Fact]
    public void SixteenBitImage_Threshold_IsInNativeLevels()
    {
        var discs = SeparatedDiscs();
        var img8 = Discs(600, 480, discs, noiseSd: 3);
        var img16 = img8 with { BitDepth = 16, Pixels = Array.ConvertAll(img8.Pixels, v => (ushort)(v * 257)) };
        var r8 = PoreAnalysis.Analyze(img8, new PoreAnalysisOptions(Method: ThresholdMethod.Otsu));
        var r16 = PoreAnalysis.Analyze(img16, new PoreAnalysisOptions(Method: ThresholdMethod.Otsu));
        Assert.InRange(r16.Porosity - r8.Porosity, -0.002, 0.002);
        Assert.True(r16.Threshold > 255);
        Assert.Equal(r16.Mask.Sum(b => b), img16.Pixels.Count(v => v <= r16.Threshold));
    }

    [Fact]
    public void LocalMean_SmallPoresOnShadedBackground_Found()
    {
        var discs = new List<Disc> { new(50, 50, 6), new(150, 50, 6), new(250, 50, 6) };
        var img = Discs(300, 100, discs);
        // Shading ramp of 100 levels across x defeats one global level but not the local mean.
        var p = img.Pixels.Select((v, i) => (ushort)Math.Clamp(v - 50 + (i % 300) / 3, 0, 255)).ToArray();
        var r = PoreAnalysis.Analyze(img with { Pixels = p }, new PoreAnalysisOptions(Method: ThresholdMethod.LocalMean, LocalRadiusPx: 15, LocalOffset: 30, MinPoreAreaPx: 5));
        Assert.Equal(3, r.PoreCount);
    }

    [Fact]
    public void LocalThickness2D_Disc_DiameterIsTwiceRadius()
    {
        int n = 101;
        var m = new byte[n * n];
        for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) m[y * n + x] = (byte)((x - 50) * (x - 50) + (y - 50) * (y - 50) <= 30 * 30 ? 1 : 0);
        var r = LocalThickness.Radii2D(m, n, n);
        // One disc: the largest inscribed disc covers everything, radius = distance from the centre to the first outside pixel (~31).
        Assert.All(Enumerable.Range(0, m.Length).Where(i => m[i] != 0), i => Assert.InRange(r[i], 30, 31.1));
        // 2D path equals the 3D code on a one-slice volume: the same EDT, no second implementation.
        Assert.Equal(LocalThickness.Radii(m, 1, n, n), r);
    }

    [Fact]
    public void NearestNeighbour_Grid_SpacingIsPitch()
    {
        var pores = new List<Pore>();
        for (int i = 0; i < 5; i++) for (int j = 0; j < 4; j++) pores.Add(new Pore(1, 1, 10 * i, 10 * j));
        Assert.All(PoreAnalysis.NearestNeighbour(pores), d => Assert.Equal(10, d, 12));
    }
}
