using System.Globalization;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin-transport`: the simulated side of Fig 5c-5f on the kit's twins of the five cathodes.</summary>
public sealed class TwinTransportCommand : ICommand
{
    public string Name => "twin-transport";
    public string Summary => "Fig 5c-5f: build the five twins, solve ionic and electronic conduction, pore size, contact area, contacts";
    public string Usage => """
        researchkit twin-transport [--blend 7:3] [--seed 1] [--seeds N] [--voxel-um 0.4] [--out FILE.csv] [--json]
          --blend     one cathode (default: the five of the paper)
          --seed      twin seed (default 1)
          --seeds     run seeds seed .. seed+N-1 (default 1); rows per seed are written and printed
          --voxel-um  voxel edge in um (default 0.4; 0.1-0.2 for converged values, slower)
          --out       also write the rows as CSV (atomically)
          --json      {"cathodes": [{"sample", "porosity", "thickness_um", "sigma_ion_s_per_cm", "tau_ion", "sigma_e_s_per_cm", "tau_e",
                       "mean_pore_size_um", "cam_sse_area_per_volume_per_um", "cam_cam_contacts", "coordination_number", "seconds"}]}
                      (non-percolating: sigma 0 and tau "Infinity")
        Synthetic: simulated on the kit's digital twins, not measured.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        ulong seed = (ulong)(args.Int("seed") ?? 1);
        double voxel = args.Double("voxel-um") ?? 0.4;
        var blend = args.Option("blend");
        var outPath = args.Option("out");
        if (voxel <= 0) throw new UsageException("--voxel-um must be positive");
        var progress = new Progress<string>(m => context.Progress(m));
        int seeds = args.Int("seeds") ?? 1;
        if (seeds < 1) throw new UsageException("--seeds must be at least 1");
        var rows = new List<TwinTransportRow>();
        for (ulong s = seed; s < seed + (ulong)seeds; s++)
            rows.AddRange(blend is null
                ? TwinTransportStudy.PaperCathodes(s, voxel, null, progress)
                : [TwinTransportStudy.Run(ResearchKit.Materials.Blend.Parse(blend), s, voxel, null, progress)]);
        if (outPath is not null) TwinTransportStudy.WriteCsv(rows, outPath);
        if (json)
        {
            object Num(double v) => double.IsFinite(v) ? v : "Infinity";
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["voxel_um"] = voxel, ["seed"] = seed,
                ["cathodes"] = rows.Select(r => new Dictionary<string, object>
                {
                    ["sample"] = r.Sample, ["seed"] = r.Seed, ["porosity"] = r.Porosity, ["thickness_um"] = r.ThicknessUm,
                    ["sigma_ion_s_per_cm"] = r.IonicSigmaSPerCm, ["tau_ion"] = Num(r.IonicTau),
                    ["sigma_e_s_per_cm"] = r.ElectronicSigmaSPerCm, ["tau_e"] = Num(r.ElectronicTau),
                    ["mean_pore_size_um"] = r.MeanPoreSizeUm, ["cam_sse_area_per_volume_per_um"] = r.CamSseAreaPerVolumePerUm,
                    ["cam_cam_contacts"] = r.CamCamContacts, ["coordination_number"] = r.CoordinationNumber, ["seconds"] = r.Seconds,
                }).ToList(),
            });
        }
        else context.Out.Write(FrameFormatting.ToText(TwinTransportStudy.ToFrame(rows)));
        return 0;
    }
}
