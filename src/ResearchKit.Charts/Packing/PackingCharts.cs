using Plotly.NET;
using Plotly.NET.CSharp;
using ResearchKit.Packing;
using CChart = Plotly.NET.CSharp.Chart;

namespace ResearchKit.Charts.Packing;

/// <summary>Figures of the packing work: binary packing fraction vs fines fraction (simulation and theory), sphere views.</summary>
public static class PackingCharts
{
    /// <summary>
    /// Packing fraction vs fines volume fraction: Westman/Yu-Standish and CPM curves (0..1) and the simulated points, for
    /// every size ratio found in <paramref name="points"/>.
    /// </summary>
    public static GenericChart TheoryVsSimulation(IEnumerable<BinaryPackingPoint> points)
    {
        var traces = new List<GenericChart>();
        var grid = Enumerable.Range(0, 101).Select(k => k / 100.0).ToArray();
        foreach (var group in points.GroupBy(p => p.SizeRatio).OrderBy(g => g.Key))
        {
            double r = group.Key;
            traces.Add(CChart.Line<double, double, string>(grid, grid.Select(x => BinaryPackingStudy.Westman(finesFraction: x, sizeRatio: r)), Name: $"Westman/Yu-Standish r = {r}"));
            traces.Add(CChart.Line<double, double, string>(grid, grid.Select(x => BinaryPackingStudy.Cpm(finesFraction: x, sizeRatio: r)), Name: $"CPM K = 9, r = {r}"));
            var pts = group.OrderBy(p => p.FinesFraction).ToList();
            traces.Add(CChart.Point<double, double, string>(pts.Select(p => p.FinesFraction), pts.Select(p => p.SimulatedPackingFraction), Name: $"simulation r = {r}"));
        }
        return CChart.Combine(traces)
            .WithXAxisStyle<double, double, string>(TitleText: "fines volume fraction of the solids")
            .WithYAxisStyle<double, double, string>(TitleText: "packing fraction");
    }

    /// <summary>3D view of sphere centres coloured by species (at most <paramref name="maxSpheres"/>, the first ones).</summary>
    public static GenericChart Spheres3D(PackingResult result, int maxSpheres = 3000)
    {
        var traces = result.Spheres.Take(maxSpheres).GroupBy(s => s.Species).OrderBy(g => g.Key)
            .Select(g => CChart.Point3D<double, double, double, string>(g.Select(s => s.XUm), g.Select(s => s.YUm), g.Select(s => s.ZUm), Name: $"species {g.Key}"))
            .ToList();
        return CChart.Combine(traces);
    }

    /// <summary>Volume-weighted cumulative size distribution of a radius list (diameter in um vs cumulative volume %).</summary>
    public static GenericChart CumulativeVolumeDistribution(IEnumerable<double> radiiUm, string name)
    {
        var d = radiiUm.Select(r => 2 * r).OrderBy(x => x).ToArray();
        double total = d.Sum(x => x * x * x), acc = 0;
        var cum = d.Select(x => { acc += x * x * x; return 100 * acc / total; }).ToArray();
        return CChart.Line<double, double, string>(d, cum, Name: name)
            .WithXAxisStyle<double, double, string>(TitleText: "diameter (um)")
            .WithYAxisStyle<double, double, string>(TitleText: "cumulative volume (%)");
    }
}
