using Plotly.NET;
using ResearchKit.Charts.Paper;
using ResearchKit.Paper;

namespace ResearchKit.Charts;

/// <summary>A figure the kit reproduces: file name, title, and how to build it.</summary>
public sealed record FigureEntry(string Name, string Title, Func<GenericChart> Build);

/// <summary>
/// Every figure `researchkit reproduce` writes as a standalone offline HTML page (artifacts/figures/NAME.html).
/// Figures that need heavy computation (twins, solvers) come from their notebooks, which reproduce also executes.
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
}
