using Deedle;
using ResearchKit.Charts.Transport;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Transport;

/// <summary>Mirrors the calls of notebooks/transport-tortuosity-validation.ipynb (smaller sizes) so the notebook code compiles and runs.</summary>
public class NotebookMirrorTests
{
    [Fact]
    public void TransportNotebook_ValidationTable_BuildsWithCharts()
    {
        var checks = new List<(string Geometry, double Exact, double Computed)>();
        var strip = new LabelVolume(20, 21, 21, 1.0);
        for (int i = 0; i < 20; i++) for (int y = i; y < i + 2; y++) for (int x = i; x < i + 2; x++) strip[i, y, x] = 1;
        checks.Add(("slanted strip (TauFactor): tau", 7.51667, ConductionSolver.SolveBinary(strip, 1).Tau));
        var sigma = new Dictionary<byte, double> { [1] = 1.0, [2] = 0.25, [3] = 4.0 };
        var series = TransportGeometries.Laminate(30, 12, 12, VolumeAxis.Z, 2, 1, 2, 3);
        checks.Add(("series laminate: sigma_eff", 3.0 / (1 / 1.0 + 1 / 0.25 + 1 / 4.0), ConductionSolver.Solve(series, sigma).EffectiveConductivity));
        var frame = Frame.FromRecords(checks.Select(c => new { c.Geometry, c.Exact, c.Computed, RelativeError = c.Computed / c.Exact - 1 }));
        Assert.Equal(2, frame.RowCount);
        Assert.All(frame.GetColumn<double>("RelativeError").Values, e => Assert.True(Math.Abs(e) < 1e-5));

        var chart = TransportCharts.Series(new[] { 4096.0, 32768.0 }, new[] { 10.0, 11.0 }, "PCG iterations", "voxels", "iterations", logX: true);
        Assert.Contains("PCG iterations", Plotly.NET.GenericChart.toChartHTML(chart));

        var slab = TransportGeometries.OverlappingSpheres(16, 16, 16, 3, 0.35, 42);
        var solved = ConductionSolver.SolveBinary(slab, 0, new ConductionOptions { KeepPotential = true });
        var heat = TransportCharts.FieldSlice(solved.Potential!, 16, 16, 16, 8, "potential");
        var current = TransportFields.AxialCurrentDensity(slab, new Dictionary<byte, double> { [0] = 1.0 }, solved.Potential!, VolumeAxis.Z);
        // Current conservation: the total axial current through every z plane is the same.
        var perPlane = Enumerable.Range(0, 16).Select(z => Enumerable.Range(0, 256).Sum(k => float.IsNaN(current[z * 256 + k]) ? 0.0 : current[z * 256 + k])).ToArray();
        Assert.All(perPlane, c => Assert.Equal(perPlane[0], c, 4));
        Assert.Equal(solved.EffectiveConductivity * 256 / 16, perPlane[0], 4);
        Assert.NotNull(TransportCharts.FieldSlice(current, 16, 16, 16, 8, "current"));
        Assert.NotNull(heat);
        Assert.NotNull(TransportCharts.ComputedVersusExpected(new[] { 1.0, 2.0 }, new[] { 1.0, 2.0 }, new[] { "a", "b" }));
    }
}
