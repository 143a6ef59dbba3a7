using ResearchKit.Charts.Microstructure;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Microstructure.Generators;

/// <summary>Mirrors the notebook cells (fig5a-digital-twins, twin-porosity-prediction) on a small fixture twin.</summary>
public class TwinChartsTests
{
    [Fact]
    public void Charts_BuildForAFixtureTwin_WithFixedLabelRange()
    {
        var twin = TwinGenerator.FromPacking(TwinFixtures.SmallSpec(8, 0.2), TwinFixtures.SimpleCubic(4, 3, 1.0), "fixture");
        var slices = TwinCharts.OrthogonalSlices(twin.Volume);
        var json = Plotly.NET.GenericChart.toJson(slices);
        Assert.Contains("\"zmin\":-0.5", json.Replace(" ", ""));
        var view = TwinCharts.VoxelView3D(twin.Volume, 5000);
        Assert.Contains("scatter3d", Plotly.NET.GenericChart.toJson(view));
        var row = TwinCharts.CrossSections([("a", twin.Volume), ("b", twin.Volume)]);
        Assert.NotNull(row);
        var rows = TwinPorosityStudy.Summarize([new TwinStudySample("CAM7:3", 0.7, 1, 0.25, 0.06, 0.71, 58, 110, 1483, 227, 2105, 2076, 5.5, 1)]);
        Assert.Contains("pycnometry", Plotly.NET.GenericChart.toJson(TwinCharts.PorosityComparison(rows)));
    }
}
