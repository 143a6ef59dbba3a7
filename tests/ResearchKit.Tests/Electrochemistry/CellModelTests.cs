using ResearchKit.Electrochemistry;
using ResearchKit.Paper;
using Xunit;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Electrochemistry;

public class CellModelTests(ITestOutputHelper output)
{
    internal static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("ResearchKit.sln not found");
    }

    internal static IReadOnlyList<TwinTransportRow> Twin() => CellStudy.TwinRows(Path.Combine(RepoRoot(), "data"));

    [Fact]
    public void Probe_PaperCathodes_PrintsCapacities()
    {
        var rows = Twin();
        foreach (var f in new[] { 0.0, 1.0, 0.7, 0.0 })
        {
            var p = CellStudy.Parameters(f, rows);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = CellModel.Run(p, Protocol.Parse(Protocol.PaperCyclingText(4)));
            output.WriteLine($"{f}: mass {p.ActiveMassMg:F2} mg, {string.Join(" | ", r.Cycles.Select(c => $"{c.ChargeMAhPerG:F1}/{c.DischargeMAhPerG:F1} CE {c.CoulombicEfficiency:F3} V {c.MeanDischargeVoltageV:F3}"))} steps {r.Diagnostics.Steps} newton {r.Diagnostics.NewtonIterations} rej {r.Diagnostics.RejectedSteps} cons {r.Diagnostics.ConservationRelativeError:E2} recs {r.TimeS.Length} {sw.ElapsedMilliseconds} ms");
        }
    }
}
