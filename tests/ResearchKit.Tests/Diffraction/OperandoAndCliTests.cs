using System.Text.Json;
using ResearchKit.Diffraction;
using ResearchKit.Diffraction.Fitting;
using ResearchKit.Diffraction.IO;
using ResearchKit.Tests.Cli;

namespace ResearchKit.Tests.Diffraction;

public class OperandoAndCliTests
{
    static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), "rk-xrd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void PeakFit_Ratio003To104_RecoversModelRatioWithinUncertainty()
    {
        var s = LayeredOxide.Ncwa() with { NiOnLi = 0.02 };
        var ins = new Instrument();
        var sim = PowderSimulator.Simulate(s, ins, new SimulationOptions { StepDeg = 0.02 });
        var noisy = PowderSimulator.WithPoissonNoise(sim.Pattern, 3);
        var r = PeakFitter.Ratio003To104(noisy, ins);
        Assert.True(Math.Abs(r.Ratio - sim.Ratio003To104) < 3 * r.RatioEsd + 0.005, $"fit {r.Ratio} ± {r.RatioEsd}, model {sim.Ratio003To104}");
        Assert.InRange(r.RatioEsd, 1e-4, 0.05);
        Assert.Equal(sim.Lines.First(l => l.Reflection is { H: 0, K: 0, L: 3 }).TwoThetaDeg, r.Peak003.CenterDeg, 2);
    }

    [Fact]
    public void LatticeCurves_TopOfCharge_ReproducePaperChanges()
    {
        foreach (var (curve, dv) in new[] { (LatticeCurve.Ncwa, -6.5), (LatticeCurve.Ncm, -4.8) })
        {
            double v0 = new HexagonalCell(curve.A(0), curve.C(0)).VolumeA3, v1 = new HexagonalCell(curve.A(1), curve.C(1)).VolumeA3;
            Assert.Equal(-2.0, 100 * (curve.A(1) / curve.A(0) - 1), 6);
            Assert.Equal(dv, 100 * (v1 / v0 - 1), 1);
        }
    }

    [Fact]
    [Trait("Category", "Slow")] // ~2 s of CPU, but tens of seconds of wall time on the shared 2-core machine
    public void Operando_SmallSeries_SequentialRefinementTracksGeneratedCell()
    {
        var dir = TempDir();
        var truth = OperandoSeries.Write(dir, SyntheticXrd.NcwaSeries(10) with { StepDeg = 0.03, Seed = 9 });
        var r = OperandoSeries.Refine(dir, Path.Combine(dir, "cycler.mpt"));
        Assert.True(r.Converged);
        Assert.Equal(truth.Count, r.Points.Count);
        for (int i = 0; i < truth.Count; i++)
        {
            Assert.True(Math.Abs(r.Points[i].AAngstrom - truth[i].AAngstrom) < 5e-4, $"{i}: a {r.Points[i].AAngstrom} vs {truth[i].AAngstrom}");
            Assert.True(Math.Abs(r.Points[i].CAngstrom - truth[i].CAngstrom) < 1.5e-3, $"{i}: c {r.Points[i].CAngstrom} vs {truth[i].CAngstrom}");
            Assert.Equal(truth[i].VoltageV, r.Points[i].VoltageV, 2);
        }
        var c = OperandoSeries.Contour(dir, Path.Combine(dir, "cycler.mpt"), 17, 20);
        Assert.Equal(10, c.Intensity.Length);
        Assert.Equal(c.TwoThetaDeg.Length, c.Intensity[0].Length);
    }

    [Fact]
    public void XrdSimulateCli_Json_HasKeysStrongest100AndWritesPattern()
    {
        var dir = TempDir();
        var outPath = Path.Combine(dir, "sim.xy");
        var (code, o, err) = CommandLineTests.Run("xrd", "simulate", "--a", "2.87", "--c", "14.19", "--two-theta", "10:80:0.02", "--out", outPath, "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(o);
        var peaks = doc.RootElement.GetProperty("peaks");
        Assert.Equal(100, peaks.EnumerateArray().Max(p => p.GetProperty("intensity").GetDouble()), 9);
        Assert.All(peaks.EnumerateArray(), p => Assert.True(p.GetProperty("intensity").GetDouble() >= 0.1));
        var first = peaks[0];
        foreach (var k in new[] { "hkl", "two_theta_deg", "d_angstrom", "multiplicity", "intensity" }) Assert.True(first.TryGetProperty(k, out _), k);
        Assert.Equal(14.19 / 3, first.GetProperty("d_angstrom").GetDouble(), 12);
        Assert.True(doc.RootElement.GetProperty("ratio_003_104").GetDouble() > 1);
        Assert.True(File.Exists(outPath) && File.Exists(outPath + ".provenance.json"));
        var (code2, o2, _) = CommandLineTests.Run("xrd", "refine", outPath, "--json");
        Assert.Equal(0, code2);
        using var d2 = JsonDocument.Parse(o2);
        foreach (var k in new[] { "a_angstrom", "c_angstrom", "volume_a3", "a_angstrom_esd", "c_angstrom_esd", "volume_a3_esd", "rwp", "converged" })
            Assert.True(d2.RootElement.TryGetProperty(k, out _), k);
        Assert.Equal(2.87, d2.RootElement.GetProperty("a_angstrom").GetDouble(), 5);
        Assert.True(d2.RootElement.GetProperty("converged").GetBoolean());
    }

    [Fact]
    public void Cli_BadInput_ExitsTwoNamingFileAndField()
    {
        var dir = TempDir();
        var bad = Path.Combine(dir, "bad.xy");
        File.WriteAllText(bad, "10 5\n10.2 6\n10.1 7\n");
        var (code, _, err) = CommandLineTests.Run("xrd", "refine", bad, "--json");
        Assert.Equal(2, code);
        Assert.Contains("bad.xy", err); Assert.Contains("two_theta", err);
        var neg = Path.Combine(dir, "neg.xy");
        File.WriteAllText(neg, "10 5\n10.2 -6\n");
        (code, _, err) = CommandLineTests.Run("xrd", "refine", neg);
        Assert.Equal(2, code); Assert.Contains("counts", err);
        var x = Path.Combine(dir, "nocounts.xrdml");
        File.WriteAllText(x, "<xrdMeasurements><xrdMeasurement><scan><dataPoints><positions axis=\"2Theta\"><startPosition>10</startPosition><endPosition>20</endPosition></positions></dataPoints></scan></xrdMeasurement></xrdMeasurements>");
        (code, _, err) = CommandLineTests.Run("xrd", "refine", x);
        Assert.Equal(2, code); Assert.Contains("counts", err); Assert.Contains("nocounts.xrdml", err);
        Assert.Equal(2, CommandLineTests.Run("xrd", "simulate", "--a", "2.87", "--c", "-1").Code);
        Assert.Equal(2, CommandLineTests.Run("xrd", "simulate", "--a", "2.87", "--c", "14.2", "--two-theta", "90:10:0.01").Code);
        Assert.Equal(2, CommandLineTests.Run("xrd", "refine", bad, "--exclude", "46:45").Code);
    }
}
