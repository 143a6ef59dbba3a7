using System.Text.Json;
using ResearchKit.Imaging;
using static ResearchKit.Tests.Cli.CommandLineTests;

namespace ResearchKit.Tests.Imaging;

public class SemCliTests
{
    static string WriteDiscPng(string? dir = null, double? pixelUm = null)
    {
        var img = ImagingTestData.Discs(600, 480, ImagingTestData.SeparatedDiscs(), noiseSd: 4);
        var path = Path.Combine(dir ?? Path.GetTempPath(), $"rk-sem-{Guid.NewGuid():N}.png");
        Png.Write(path, 600, 480, 1, 8, img.Pixels, pixelUm);
        return path;
    }

    [Fact]
    public void Analyze_Json_HasIssueKeysCountsSummingToPoreCountAndWritesOverlay()
    {
        var png = WriteDiscPng();
        var overlay = Path.ChangeExtension(png, ".overlay.png");
        try
        {
            var (code, output, err) = Run("sem", "analyze", png, "--scale-um-per-px", "0.1", "--threshold", "otsu", "--min-pore-px", "10", "--overlay", overlay, "--json");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(output);
            var root = doc.RootElement;
            foreach (var k in new[] { "porosity", "threshold", "pore_count", "mean_pore_diameter_um", "pore_size_distribution", "pixel_size_um" })
                Assert.True(root.TryGetProperty(k, out _), k);
            Assert.Equal(12, root.GetProperty("pore_count").GetInt32());
            Assert.Equal(0.1, root.GetProperty("pixel_size_um").GetDouble());
            var counts = root.GetProperty("pore_size_distribution").GetProperty("counts").EnumerateArray().Sum(c => c.GetInt32());
            Assert.Equal(12, counts);
            Assert.InRange(root.GetProperty("porosity").GetDouble(), 0.050, 0.057); // 12 discs: pi sum r^2 / (600*480) = 0.0535
            var ov = ImageFile.Read(overlay);
            Assert.Equal(3, ov.Channels);
            Assert.Contains(Enumerable.Range(0, 600 * 480), i => ov.Samples[3 * i] == 255 && ov.Samples[3 * i + 1] == 0);
        }
        finally { File.Delete(png); File.Delete(overlay); }
    }

    [Fact]
    public void Analyze_ManualThreshold_IsTheReportedLevel()
    {
        var png = WriteDiscPng(pixelUm: 0.1);
        try
        {
            var (code, output, _) = Run("sem", "analyze", png, "--threshold", "120", "--json");
            Assert.Equal(0, code);
            using var doc = JsonDocument.Parse(output);
            Assert.Equal(120, doc.RootElement.GetProperty("threshold").GetInt32());
            Assert.Equal("PNG pHYs", doc.RootElement.GetProperty("pixel_size_source").GetString());
        }
        finally { File.Delete(png); }
    }

    [Fact]
    public void Analyze_BadInput_Exit2NamingTheField()
    {
        var png = WriteDiscPng();
        var rgb = Path.ChangeExtension(png, ".rgb.png");
        var cut = Path.ChangeExtension(png, ".cut.png");
        try
        {
            var (c1, _, e1) = Run("sem", "analyze", png, "--scale-um-per-px", "0");
            Assert.Equal(2, c1); Assert.Contains("scale_um_per_px", e1);
            var (c2, _, e2) = Run("sem", "analyze", png, "--scale-um-per-px", "-1");
            Assert.Equal(2, c2); Assert.Contains("scale_um_per_px", e2);
            Png.Write(rgb, 4, 4, 3, 8, new ushort[48]);
            var (c3, _, e3) = Run("sem", "analyze", rgb);
            Assert.Equal(2, c3); Assert.Contains("channel", e3);
            Assert.Equal(0, Run("sem", "analyze", rgb, "--channel", "r").Code);
            var bytes = File.ReadAllBytes(png);
            File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
            var (c4, _, e4) = Run("sem", "analyze", cut);
            Assert.Equal(2, c4); Assert.Contains(cut, e4);
            Assert.Equal(2, Run("sem", "analyze", png + ".missing").Code);
            var (c5, _, e5) = Run("sem", "analyze", png, "--threshold", "bogus");
            Assert.Equal(2, c5); Assert.Contains("threshold", e5);
        }
        finally { File.Delete(png); File.Delete(rgb); File.Delete(cut); }
    }
}
