using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin-mechanics`: Fig 5b/5f strain energy in the SSE of the five cathode twins under CAM contraction.</summary>
public sealed class TwinMechanicsCommand : ICommand
{
    public string Name => "twin-mechanics";
    public string Summary => "Fig 5b/5f: strain energy in the SSE of the five twins when the CAM contracts on charge to 4.3 V";
    public string Usage => """
        researchkit twin-mechanics [--seed 1] [--seeds N] [--voxel-um 0.5] [--out FILE.csv] [--json]
          --seed, --seeds  twin seeds seed .. seed+N-1 (default 1, 1)
          --voxel-um       voxel edge in um (default 0.5)
          --out            write the per-blend CSV (data/synthetic/mechanics/strain-energy-by-blend.csv shape) and its .provenance.json
          --json           {"cathodes": [{blend, ncwa_mass_fraction, seed_count, voxel_um, sse_interface_strain_energy_mj_per_m3,
                           sse_interface_strain_energy_sd_mj_per_m3, total_strain_energy_mj_per_m3, mean_axial_stress_mpa}]}
        Eigenstrains: linear strains from the Fig 4e volume changes; moduli from data/materials/materials.csv. Synthetic, not measured.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        ulong seed = (ulong)(args.Int("seed") ?? 1);
        int seeds = args.Int("seeds") ?? 1;
        double voxel = args.Double("voxel-um") ?? 0.5;
        if (!(voxel > 0)) throw new InvalidInputException($"expected a positive voxel size, got {voxel}", field: "voxel-um");
        var rows = TwinMechanicsStudy.PaperCathodes(seeds, seed, voxel, new Progress<string>(context.Progress));
        if (args.Option("out") is { } path) TwinMechanicsStudy.WriteCsv(rows, path);
        var summary = TwinMechanicsStudy.Summarise(rows);
        if (args.Flag("json"))
            Json.Write(context.Out, new Dictionary<string, object> { ["cathodes"] = summary });
        else
            foreach (var s in summary) context.Out.WriteLine($"{s.Blend}: SSE shell {s.SseInterfaceStrainEnergyMJPerM3:F4} +- {s.SseInterfaceStrainEnergySdMJPerM3:F4} MJ/m3, total {s.TotalStrainEnergyMJPerM3:F4} MJ/m3, sigma_zz {s.MeanAxialStressMPa:F2} MPa");
        return 0;
    }
    public IReadOnlyCollection<string> Switches => ["json"];
}
