using ResearchKit.Charts.Packing;
using ResearchKit.Packing;

namespace ResearchKit.Tests.Packing;

/// <summary>Mirrors the cheap cells of notebooks/packing-theory-vs-simulation.ipynb (public API only).</summary>
public class PackingNotebookTests
{
    [Fact]
    public void PackingNotebook_NotebookCalls_BuildFramesAndCharts()
    {
        var maxima = BinaryPackingStudy.ModelMaxima([0.2, 0.4]);
        Assert.Equal(2, maxima.RowCount);
        Assert.Contains("WestmanFinesAtMax", maxima.ColumnKeys);

        var points = BinaryPackingStudy.Run(0.5, [0.3], 120, seed: 2);
        var frame = BinaryPackingStudy.ToFrame(points);
        Assert.Equal(1, frame.RowCount);
        Assert.Contains("SimulatedPackingFraction", frame.ColumnKeys);
        Assert.InRange(points[0].SimulatedPackingFraction, 0.55, 0.72);

        Assert.NotNull(PackingCharts.TheoryVsSimulation(points));
        var packing = DensePacking.Pack(new PackingRequest(BinaryMixtures.Radii(100, 1, 0.5, 0.7), Enumerable.Repeat(1, 100).ToArray(), 0, 0, false, 1));
        Assert.NotNull(PackingCharts.Spheres3D(packing));
        Assert.NotNull(PackingCharts.CumulativeVolumeDistribution(packing.Spheres.Select(s => s.RadiusUm), "test"));
    }
}
