using ResearchKit.Materials;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit composition`: volume fractions, densities and CAM packing fraction of a composite cathode.</summary>
public sealed class CompositionCommand : ICommand
{
    public string Name => "composition";
    public string Summary => "volume fractions, densities and CAM packing of a composite cathode from wt% and porosity";
    public string Usage => """
        researchkit composition --blend 7:3 [--porosity 0.076 | --bulk-density G] [--wt 90:9.5:0.5] [--sse-density 1.86] [--json]
          --blend       NCWA:NCM by mass (7:3, CAM7:3) or the NCWA fraction (0.7)
          --porosity    pore volume fraction (0..1); default 0
          --bulk-density  measured bulk density in g/cm3 (instead of --porosity)
          --wt          CAM:SSE:carbon in wt% (must add to 100); default the paper's 90:9.5:0.5
          --*-density   override a phase density in g/cm3 (ncwa, ncm, sse, carbon); defaults from data/materials
        JSON keys: volume_fractions {pore, ncwa, ncm, sse, carbon}, theoretical_density_g_per_cm3, bulk_density_g_per_cm3,
                   cam_packing_fraction, porosity
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        double x = Blend.Parse(args.RequiredOption("blend"));
        var comp = Blend.ParseComposition(args.Option("wt") ?? "90:9.5:0.5", x, "wt_percent");
        var d = MaterialLibrary.Default.Densities();
        d = d with
        {
            NcwaGPerCm3 = args.Double("ncwa-density") ?? d.NcwaGPerCm3,
            NcmGPerCm3 = args.Double("ncm-density") ?? d.NcmGPerCm3,
            SseGPerCm3 = args.Double("sse-density") ?? d.SseGPerCm3,
            CarbonGPerCm3 = args.Double("carbon-density") ?? d.CarbonGPerCm3,
        };
        var bulk = args.Double("bulk-density");
        var porosityOpt = args.Double("porosity");
        if (bulk is not null && porosityOpt is not null) throw new UsageException("give --porosity or --bulk-density, not both");
        double porosity = bulk is double b ? Composition.PorosityFromDensity(comp, d, b) : porosityOpt ?? 0;
        var f = Composition.VolumeFractions(comp, d, porosity);
        var result = new Dictionary<string, object>
        {
            ["blend"] = Samples.NameOf(x),
            ["porosity"] = porosity,
            ["volume_fractions"] = new Dictionary<string, double> { ["pore"] = f.Pore, ["ncwa"] = f.Ncwa, ["ncm"] = f.Ncm, ["sse"] = f.Sse, ["carbon"] = f.Carbon },
            ["theoretical_density_g_per_cm3"] = Composition.TheoreticalDensityGPerCm3(comp, d),
            ["bulk_density_g_per_cm3"] = Composition.ActualDensityGPerCm3(comp, d, porosity),
            ["cam_packing_fraction"] = f.Cam,
        };
        if (json) Json.Write(context.Out, result);
        else
        {
            context.Out.WriteLine($"{Samples.NameOf(x)} at porosity {porosity:P1}");
            context.Out.WriteLine($"  volume %: NCWA {100 * f.Ncwa:F2}  NCM {100 * f.Ncm:F2}  SSE {100 * f.Sse:F2}  carbon {100 * f.Carbon:F3}  pore {100 * f.Pore:F2}");
            context.Out.WriteLine($"  density: theoretical {result["theoretical_density_g_per_cm3"]:F3} g/cm3, bulk {result["bulk_density_g_per_cm3"]:F3} g/cm3");
        }
        return 0;
    }
}

/// <summary>`researchkit pressiometry`: the Fig 4f mixing rules against the paper's measured stress changes.</summary>
public sealed class PressiometryCommand : ICommand
{
    public string Name => "pressiometry";
    public string Summary => "Fig 4f: blend stress changes from the unimodal cathodes (mass- and volume-change-weighted)";
    public string Usage => """
        researchkit pressiometry [--json]
        JSON: {"cathodes": [{"sample", "ncwa_mass_fraction", "measured_mpa", "mass_weighted_mpa", "mass_weighted_deviation_percent",
               "volume_change_weighted_mpa", "volume_change_weighted_deviation_percent"}]}
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var rows = PaperStudies.Pressiometry();
        if (json) Json.Write(context.Out, new Dictionary<string, object> { ["cathodes"] = rows });
        else
            foreach (var r in rows)
                context.Out.WriteLine($"{r.Sample,-8} measured {r.MeasuredMpa:F3} MPa  mass rule {r.MassWeightedMpa:F3} ({r.MassWeightedDeviationPercent:+0.0;-0.0} %)  volume rule {r.VolumeChangeWeightedMpa:F3} ({r.VolumeChangeWeightedDeviationPercent:+0.0;-0.0} %)");
        return 0;
    }
}
