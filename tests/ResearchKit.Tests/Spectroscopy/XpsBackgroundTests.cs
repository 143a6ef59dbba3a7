using ResearchKit.Spectroscopy;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Tests.Spectroscopy;

public class XpsBackgroundTests
{
    static double[] Grid(double lo, double hi, double step) => Enumerable.Range(0, (int)Math.Round((hi - lo) / step) + 1).Select(i => lo + i * step).ToArray();

    [Fact]
    public void Shirley_StepProportionalToCumulativePeak_IsRecoveredExactly()
    {
        // Analytic case: y = a + k ∫ P + P with P far from both ends. The Shirley fixed point is B = a + k ∫ P exactly.
        var be = Grid(155, 175, 0.05);
        var peaks = new[] { new SyntheticPeak("A", "S2p", 162, 1.0, 5000), new SyntheticPeak("B", "S2p", 164.5, 1.2, 3000) };
        var (y, bTrue) = XpsSynthesis.Expected(be, peaks, new PeakShape(PeakShapeKind.GLSum, 0), 1000, 0.05);
        var r = XpsBackgrounds.Shirley(be, y, new BackgroundOptions { EndPoints = 1 });
        Assert.True(r.Converged, r.Warning);
        Assert.Null(r.Warning);
        double maxErr = bTrue.Select((b, i) => Math.Abs(b - r.Background[i])).Max();
        Assert.True(maxErr < 1e-3 * (bTrue[^1] - bTrue[0]), $"max error {maxErr}");
        Assert.Equal(8000, r.NetArea, 8000 * 2e-3);
        Assert.InRange(r.Iterations, 2, 30);
    }

    [Fact]
    public void Shirley_EndPointOnAPeakTail_IsFlaggedNotConverged()
    {
        var be = Grid(155, 175, 0.05);
        var (y, _) = XpsSynthesis.Expected(be, [new SyntheticPeak("A", "S2p", 162, 1.0, 5000)], PeakShape.Default, 1000, 0.05);
        // cut the window on the falling flank of the 2p3/2 line (high-BE end at 162.4 eV, 0.4 eV past its centre)
        var (be2, y2) = (be.Where(e => e <= 162.4).ToArray(), y.Take(be.Count(e => e <= 162.4)).ToArray());
        var r = XpsBackgrounds.Shirley(be2, y2);
        Assert.False(r.Converged);
        Assert.Contains("slope", r.Warning);
        // the same spectrum with the window past the tail is fine
        Assert.True(XpsBackgrounds.Shirley(be, y).Converged);
    }

    [Fact]
    public void Tougaard_UniversalCrossSection_RecoversTheBOfAForwardSpectrum()
    {
        // Forward: J = F + B ∫ K(E - E') J(E') dE' solved by fixed-point iteration; Tougaard's F = J - B∫KJ then holds exactly.
        var be = Grid(150, 250, 0.2);
        const double bTrue = 2866, offset = 200;
        var f = XpsSynthesis.Expected(be, [new SyntheticPeak("A", "S2p", 160, 1.0, 20000)], PeakShape.Default, 0, 0).Expected;
        var j = (double[])f.Clone();
        for (int it = 0; it < 60; it++)
        {
            var shifted = j.Select(v => v + offset).ToArray();
            var integral = XpsBackgrounds.TougaardIntegral(be, shifted, offset, 1643, double.NaN);
            j = f.Select((v, i) => v + bTrue * integral[i]).ToArray();
        }
        var data = j.Select(v => v + offset).ToArray();
        var r = XpsBackgrounds.Tougaard(be, data, new BackgroundOptions { EndPoints = 1 });
        Assert.True(r.Converged);
        Assert.Equal(bTrue, r.BEv2, bTrue * 0.01);
        Assert.Equal(20000, r.NetArea, 20000 * 0.01);
    }

    [Fact]
    public void Tougaard_ThreeParameter_UsesItsOwnCrossSection()
    {
        var be = Grid(150, 200, 0.2);
        var (y, _) = XpsSynthesis.Expected(be, [new SyntheticPeak("A", "S2p", 160, 1.0, 20000)], PeakShape.Default, 100, 0.03);
        var u = XpsBackgrounds.Compute(be, y, BackgroundMethod.Tougaard);
        var t = XpsBackgrounds.Compute(be, y, BackgroundMethod.Tougaard3);
        Assert.Equal(BackgroundMethod.Tougaard3, t.Method);
        Assert.NotEqual(u.BEv2, t.BEv2);
        // both meet the data at the two end-point means
        Assert.Equal(t.HighEndIntensity, t.Background.Skip(be.Length - 5).Average(), 1e-6 * t.HighEndIntensity);
        Assert.Equal(t.LowEndIntensity, t.Background[0], 1e-9);
    }

    [Fact]
    public void Linear_EndPoints_BackgroundPassesThroughTheirMeans()
    {
        var be = Grid(0, 10, 1);
        var y = be.Select(e => 2 + 3 * e).ToArray();
        var r = XpsBackgrounds.Linear(be, y, new BackgroundOptions { EndPoints = 1 });
        for (int i = 0; i < be.Length; i++) Assert.Equal(y[i], r.Background[i], 9);
        Assert.Equal(0, r.NetArea, 9);
    }

    [Fact]
    public void EndPoints_TooManyForTheRegion_IsBadInput()
    {
        var be = Grid(0, 10, 1);
        var e = Assert.Throws<InvalidInputException>(() => XpsBackgrounds.Shirley(be, be, new BackgroundOptions { EndPoints = 6 }));
        Assert.Contains("end-points", e.Message);
    }

    [Fact]
    public void Shirley_RealPt4f_WideWindowConvergesCutWindowIsFlagged()
    {
        var s = XpsAnalysis.LoadRegion(SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms"));
        var r = XpsBackgrounds.Compute(s, BackgroundMethod.Shirley, 85, 65);
        Assert.True(r.Converged, r.Warning);
        Assert.True(r.NetArea > 0);
        // end points matter: a window ending on the 4f5/2 flank (76 eV) is flagged
        var cut = XpsBackgrounds.Compute(s, BackgroundMethod.Shirley, 75, 65);
        Assert.False(cut.Converged);
        Assert.NotNull(cut.Warning);
    }
}
