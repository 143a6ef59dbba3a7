using System.CommandLine;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin-mechanics`: Fig 5b/5f strain energy in the SSE of the five cathode twins under CAM contraction.</summary>
public sealed class TwinMechanicsCommand : CliCommand
{
    public override string Name => "twin-mechanics";
    public override string Summary => "Fig 5b/5f: strain energy in the SSE of the five twins when the CAM contracts on charge to 4.3 V";
    public override string? Notes => """
        Twin seeds are seed .. seed+N-1.
        JSON: {"cathodes": [{blend, ncwa_mass_fraction, seed_count, voxel_um, sse_interface_strain_energy_mj_per_m3,
        sse_interface_strain_energy_sd_mj_per_m3, total_strain_energy_mj_per_m3, mean_axial_stress_mpa}]}
        Eigenstrains: linear strains from the Fig 4e volume changes; moduli from data/materials/materials.csv. Synthetic, not measured.
        """;

    readonly Option<int> _seed = Integer("--seed", "first twin seed", 1);
    readonly Option<int> _seeds = Integer("--seeds", "number of twin seeds", 1);
    readonly Option<double> _voxel = Number("--voxel-um", "voxel edge in um", 0.5);
    readonly Option<string?> _out = Text("--out", "write the per-blend CSV (data/synthetic/mechanics/strain-energy-by-blend.csv shape) and its .provenance.json");

    protected override int Run(ParseResult args, CommandContext context)
    {
        ulong seed = (ulong)args.GetValue(_seed);
        int seeds = args.GetValue(_seeds);
        double voxel = args.GetValue(_voxel);
        if (!(voxel > 0)) throw new InvalidInputException($"expected a positive voxel size, got {voxel}", field: "voxel-um");
        var rows = TwinMechanicsStudy.PaperCathodes(seeds, seed, voxel, new Progress<string>(context.Progress));
        if (args.GetValue(_out) is { } path) TwinMechanicsStudy.WriteCsv(rows, path);
        var summary = TwinMechanicsStudy.Summarise(rows);
        return Write(context, args, new CathodesJson(summary), () =>
        {
            foreach (var s in summary) context.Out.WriteLine($"{s.Blend}: SSE shell {s.SseInterfaceStrainEnergyMJPerM3:F4} +- {s.SseInterfaceStrainEnergySdMJPerM3:F4} MJ/m3, total {s.TotalStrainEnergyMJPerM3:F4} MJ/m3, sigma_zz {s.MeanAxialStressMPa:F2} MPa");
        });
    }

    sealed record CathodesJson(IReadOnlyList<TwinMechanicsSummary> Cathodes);
}
