using System.CommandLine;
using ResearchKit.Materials;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit composition`: volume fractions, densities and CAM packing fraction of a composite cathode.</summary>
public sealed class CompositionCommand : CliCommand
{
    public override string Name => "composition";
    public override string Summary => "volume fractions, densities and CAM packing of a composite cathode from wt% and porosity";
    public override string? Notes => """
        JSON keys: blend, porosity, volume_fractions {pore, ncwa, ncm, sse, carbon}, theoretical_density_g_per_cm3,
        bulk_density_g_per_cm3, cam_packing_fraction. Phase densities default to data/materials.
        """;

    readonly Option<string> _blend = Required("--blend", "NCWA:NCM by mass (7:3, CAM7:3) or the NCWA fraction (0.7)");
    readonly Option<double?> _porosity = Number("--porosity", "pore volume fraction (0..1); default 0");
    readonly Option<double?> _bulk = Number("--bulk-density", "measured bulk density in g/cm3 (instead of --porosity)");
    readonly Option<string?> _wt = Text("--wt", "CAM:SSE:carbon in wt% (must add to 100)", "90:9.5:0.5");
    readonly Option<double?> _ncwa = Number("--ncwa-density", "NCWA density in g/cm3");
    readonly Option<double?> _ncm = Number("--ncm-density", "NCM density in g/cm3");
    readonly Option<double?> _sse = Number("--sse-density", "SSE density in g/cm3");
    readonly Option<double?> _carbon = Number("--carbon-density", "carbon density in g/cm3");

    protected override int Run(ParseResult args, CommandContext context)
    {
        double x = Blend.Parse(args.GetValue(_blend)!);
        var comp = Blend.ParseComposition(args.GetValue(_wt) ?? "90:9.5:0.5", x, "wt_percent");
        var d = MaterialLibrary.Default.Densities();
        d = d with
        {
            NcwaGPerCm3 = args.GetValue(_ncwa) ?? d.NcwaGPerCm3,
            NcmGPerCm3 = args.GetValue(_ncm) ?? d.NcmGPerCm3,
            SseGPerCm3 = args.GetValue(_sse) ?? d.SseGPerCm3,
            CarbonGPerCm3 = args.GetValue(_carbon) ?? d.CarbonGPerCm3,
        };
        var bulk = args.GetValue(_bulk);
        var porosityOpt = args.GetValue(_porosity);
        if (bulk is not null && porosityOpt is not null) throw new UsageException("give --porosity or --bulk-density, not both");
        double porosity = bulk is double b ? Composition.PorosityFromDensity(comp, d, b) : porosityOpt ?? 0;
        var f = Composition.VolumeFractions(comp, d, porosity);
        var result = new CompositionJson(Samples.NameOf(x), porosity, new FractionsJson(f.Pore, f.Ncwa, f.Ncm, f.Sse, f.Carbon),
            Composition.TheoreticalDensityGPerCm3(comp, d), Composition.ActualDensityGPerCm3(comp, d, porosity), f.Cam);
        return Write(context, args, result, () =>
        {
            context.Out.WriteLine($"{result.Blend} at porosity {porosity:P1}");
            context.Out.WriteLine($"  volume %: NCWA {100 * f.Ncwa:F2}  NCM {100 * f.Ncm:F2}  SSE {100 * f.Sse:F2}  carbon {100 * f.Carbon:F3}  pore {100 * f.Pore:F2}");
            context.Out.WriteLine($"  density: theoretical {result.TheoreticalDensityGPerCm3:F3} g/cm3, bulk {result.BulkDensityGPerCm3:F3} g/cm3");
        });
    }

    sealed record FractionsJson(double Pore, double Ncwa, double Ncm, double Sse, double Carbon);

    sealed record CompositionJson(string Blend, double Porosity, FractionsJson VolumeFractions, double TheoreticalDensityGPerCm3,
        double BulkDensityGPerCm3, double CamPackingFraction);
}

/// <summary>`researchkit pressiometry`: the Fig 4f mixing rules against the paper's measured stress changes.</summary>
public sealed class PressiometryCommand : CliCommand
{
    public override string Name => "pressiometry";
    public override string Summary => "Fig 4f: blend stress changes from the unimodal cathodes (mass-weighted rule)";
    public override string? Notes => """
        JSON: {"cathodes": [{"sample", "ncwa_mass_fraction", "measured_mpa", "mass_weighted_mpa", "mass_weighted_deviation_percent",
        "residual_mpa"}]}   (residual = measured - rule)
        """;

    protected override int Run(ParseResult args, CommandContext context)
    {
        var rows = PaperStudies.Pressiometry();
        return Write(context, args, new PressiometryJson(rows), () =>
        {
            foreach (var r in rows)
                context.Out.WriteLine($"{r.Sample,-8} measured {r.MeasuredMpa:F3} MPa  mass rule {r.MassWeightedMpa:F3} ({r.MassWeightedDeviationPercent:+0.00;-0.00} %)");
        });
    }

    sealed record PressiometryJson(IReadOnlyList<PressiometryRow> Cathodes);
}
