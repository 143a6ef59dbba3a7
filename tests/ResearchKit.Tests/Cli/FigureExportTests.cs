using ResearchKit.Notebooks;

namespace ResearchKit.Tests.Cli;

/// <summary>Static PNG/SVG export of a standalone figure page (where Chromium is installed).</summary>
public sealed class FigureExportTests
{
    [Fact]
    public void FigureExport_Fig4fPage_WritesPngAndSvgOrSaysWhyNot()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rk-figx-" + Guid.NewGuid().ToString("N")[..6]);
        try
        {
            ResearchKit.Cli.FigureCatalog.SaveStandalone(ResearchKit.Charts.Paper.PaperCharts.Fig4fPressiometry(ResearchKit.Paper.PaperStudies.Pressiometry()), Path.Combine(dir, "fig4f.html"), "Fig 4f");
            var r = FigureExport.ExportAll(dir);
            if (FigureExport.FindChromium() is null) { Assert.NotNull(r.SkippedBecause); return; }
            Assert.Null(r.SkippedBecause);
            var png = File.ReadAllBytes(Path.Combine(dir, "fig4f.png"));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
            var svg = File.ReadAllText(Path.Combine(dir, "fig4f.svg"));
            Assert.StartsWith("<svg", svg);
            Assert.Contains("CAM7:3", svg);                                   // the bars' category labels are in the vector file
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}
