using System.Text;
using Plotly.NET;
using ResearchKit.Charts;
using ResearchKit.Charts.Paper;
using ResearchKit.Paper;

namespace ResearchKit.Cli;

/// <summary>A figure the kit reproduces: file name, title, and how to build it.</summary>
public sealed record FigureEntry(string Name, string Title, Func<GenericChart> Build);

/// <summary>
/// Every figure `researchkit reproduce` writes as a standalone offline HTML page (artifacts/figures/NAME.html).
/// Figures that need heavy computation (twins, solvers) come from their notebooks, which reproduce also executes.
/// It lives in the reproduce layer, not in ResearchKit.Charts: Charts only turns rows into charts and does no file I/O
/// (an architecture test checks that), while this list knows stored-study paths and writes pages.
/// </summary>
public static class FigureCatalog
{
    public static IReadOnlyList<FigureEntry> All { get; } =
    [
        new("fig2d-energy-density", "Fig 2d (estimate): volumetric energy density of the composite cathodes",
            () => PaperCharts.Fig2dEnergyDensity(PaperStudies.EnergyDensity(), "low rate (half-cell capacities, upper bound)", "0.5 C (145 mAh/g)")),
        new("fig2f-volume-fractions", "Fig 2f: volume fractions and Bruggeman tortuosity of the SSE",
            () => PaperCharts.Fig2fVolumeFractions(PaperStudies.VolumeFractions())),
        new("fig4f-pressiometry", "Fig 4f: stress change per cathode against the mixing rules",
            () => PaperCharts.Fig4fPressiometry(PaperStudies.Pressiometry())),
    ];

    /// <summary>
    /// <see cref="All"/> plus the figures drawn from stored study files under <paramref name="dataDirectory"/> (the repository's data/):
    /// Fig 5c-5f from the twin-transport study (synthetic: simulated on the kit's twins; see data/synthetic/twin-transport).
    /// </summary>
    public static IEnumerable<FigureEntry> WithStoredStudies(string dataDirectory)
    {
        foreach (var f in All) yield return f;
        var csv = Path.Combine(dataDirectory, "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv");
        if (!File.Exists(csv)) yield break;
        var rows = TwinTransportStudy.MeanOverSeeds(TwinTransportStudy.ReadCsv(csv));
        const string tag = " (synthetic: digital twins, 0.2 um, mean of 3 seeds)";
        yield return new("fig5c-ionic", "Fig 5c: simulated ionic conductivity and tortuosity" + tag, () => Fig5Charts.Fig5cIonic(rows));
        yield return new("fig5d-pores-contact-area", "Fig 5d: mean pore size and CAM-SSE contact area" + tag, () => Fig5Charts.Fig5dPoresAndContactArea(rows));
        yield return new("fig5e-electronic", "Fig 5e: simulated electronic conductivity and tortuosity" + tag, () => Fig5Charts.Fig5eElectronic(rows));
        yield return new("fig5f-contacts", "Fig 5f: CAM-CAM contacts and coordination number" + tag, () => Fig5Charts.Fig5fContacts(rows));
    }

    /// <summary>Writes a standalone offline page (<see cref="ChartHtml.StandalonePage"/>) atomically: temp file, then rename.</summary>
    public static void SaveStandalone(GenericChart chart, string path, string title)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, ChartHtml.StandalonePage(chart, title), new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
    }
}
