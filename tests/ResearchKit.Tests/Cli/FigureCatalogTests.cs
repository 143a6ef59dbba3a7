using ResearchKit.Charts;
using ResearchKit.Cli;

namespace ResearchKit.Tests.Cli;

public class FigureCatalogTests
{
    static string DataDirectory()
        => TestPaths.InRepository("data");

    [Fact]
    public void FigureCatalog_EveryReproducedFigure_IsAStandaloneOfflinePage()
    {
        var figures = FigureCatalog.WithStoredStudies(DataDirectory()).ToList();
        Assert.Equal(7, figures.Count);
        Assert.Equal(figures.Count, figures.Select(f => f.Name).Distinct().Count());
        foreach (var f in figures)
        {
            var page = ChartHtml.StandalonePage(f.Build(), f.Title);
            Assert.Contains("<!DOCTYPE html>", page);
            Assert.DoesNotContain("<script src", page, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("Plotly.newPlot", page);
        }
    }
}
