using ResearchKit.Diffraction;
using ResearchKit.Diffraction.Fitting;
using ResearchKit.Diffraction.IO;

namespace ResearchKit.Tests.Diffraction;

/// <summary>Mirrors the Fig 4b-e notebooks on the stored files in data/synthetic/xrd, asserting the numbers they show.</summary>
public class StoredSeriesTests
{
    internal static string Xrd(params string[] parts)
        => TestPaths.InRepository(["data", "synthetic", "xrd", .. parts]);

    [Fact]
    public void Fig4b_StoredPowders_FittedRatiosMatchPaperWithinUncertainty()
    {
        foreach (var (name, paper) in new[] { ("ncwa", SyntheticXrd.PaperRatioNcwa), ("ncm", SyntheticXrd.PaperRatioNcm) })
        {
            var r = PeakFitter.Ratio003To104(PatternFiles.Read(Xrd("powder", name + ".xy")));
            Assert.True(Math.Abs(r.Ratio - paper) < 3 * r.RatioEsd + 0.01, $"{name}: {r.Ratio} ± {r.RatioEsd} vs {paper}");
        }
        // A random powder of the model cannot reach the paper's ratios, even without any Li/Ni exchange.
        Assert.True(PowderSimulator.Ratio003To104(LayeredOxide.Ncwa(), new Instrument()) < 1.5);
        Assert.True(PowderSimulator.Ratio003To104(LayeredOxide.Ncm(), new Instrument()) < 1.5);
    }

    [Fact]
    [Trait("Category", "Slow")] // 60 refinements: a few s of CPU, much longer wall time on the shared machine
    public void Fig4de_StoredSeries_RecoveredChangesMatchGenerated()
    {
        foreach (var m in new[] { "ncwa", "ncm" })
        {
            var dir = Xrd("operando-" + m);
            var r = OperandoSeries.Refine(dir, Path.Combine(dir, "cycler.mpt"));
            var truth = DiffractionFrames.ReadTruth(dir);
            var g = DiffractionFrames.TruthChange(truth);
            Assert.True(r.Converged);
            Assert.Equal(g.AChangePct, r.Change.AChangePct, 1);
            Assert.Equal(g.CCollapsePct, r.Change.CCollapsePct, 1);
            Assert.Equal(g.VolumeChangePct, r.Change.VolumeChangePct, 1);
            for (int i = 0; i < truth.Count; i++)
            {
                Assert.True(Math.Abs(r.Points[i].AAngstrom - truth[i].AAngstrom) < 3e-4, $"{m} {i}: a");
                Assert.True(Math.Abs(r.Points[i].CAngstrom - truth[i].CAngstrom) < 1e-3, $"{m} {i}: c");
            }
        }
    }
}
