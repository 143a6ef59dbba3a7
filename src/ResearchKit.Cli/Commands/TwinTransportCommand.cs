using System.CommandLine;
using System.Globalization;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin-transport`: the simulated side of Fig 5c-5f on the kit's twins of the five cathodes.</summary>
public sealed class TwinTransportCommand : CliCommand
{
    public override string Name => "twin-transport";
    public override string Summary => "Fig 5c-5f: build the five twins, solve ionic and electronic conduction, pore size, contact area, contacts";
    public override string? Notes => """
        JSON: {"voxel_um", "seed", "cathodes": [{"sample", "seed", "porosity", "thickness_um", "sigma_ion_s_per_cm", "tau_ion",
        "sigma_e_s_per_cm", "tau_e", "mean_pore_size_um", "cam_sse_area_per_volume_per_um", "cam_cam_contacts",
        "coordination_number", "seconds"}]} (non-percolating: sigma 0 and tau "Infinity").
        Synthetic: simulated on the kit's digital twins, not measured.
        """;

    readonly Option<string?> _blend = Text("--blend", "one cathode, e.g. 7:3 (default: the five of the paper)");
    readonly Option<int> _seed = Integer("--seed", "twin seed", 1);
    readonly Option<int> _seeds = Integer("--seeds", "run seeds seed .. seed+N-1; rows per seed are written and printed", 1);
    readonly Option<double> _voxel = Number("--voxel-um", "voxel edge in um (0.1-0.2 for converged values, slower)", 0.4);
    readonly Option<string?> _out = Text("--out", "also write the rows as CSV (atomically, at the end; rows are appended to OUT.partial as each twin finishes)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        int seedArg = args.GetValue(_seed);
        if (seedArg < 0) throw new InvalidInputException($"expected a non-negative seed, got {seedArg}", field: "seed");
        ulong seed = (ulong)seedArg;
        double voxel = args.GetValue(_voxel);
        var blend = args.GetValue(_blend);
        var outPath = args.GetValue(_out);
        if (voxel <= 0) throw new UsageException("--voxel-um must be positive");
        var progress = new Progress<string>(m => context.Progress(m));
        var fractions = blend is null ? Samples.All.Select(s => s.NcwaMassFraction).ToArray() : [ResearchKit.Materials.Blend.Parse(blend)];
        // Rows go to OUT.partial as each twin finishes (an interrupted study keeps them); OUT itself is written once, at the end.
        string? partial = outPath is null ? null : outPath + ".partial";
        if (partial is not null && File.Exists(partial)) File.Delete(partial);
        var rows = SeedSweep.Run(seed, args.GetValue(_seeds), s => fractions.Select(x =>
        {
            var row = TwinTransportStudy.Run(x, s, voxel, null, progress);
            if (partial is not null) TwinTransportStudy.AppendCsv(row, partial);
            return row;
        }).ToList());
        if (outPath is not null)
        {
            TwinTransportStudy.WriteCsv(rows, outPath);
            File.Delete(partial!);
        }
        return Write(context, args, new TwinTransportJson(voxel, seed, rows.Select(r => new CathodeJson(r.Sample, r.Seed, r.Porosity, r.ThicknessUm,
                r.IonicSigmaSPerCm, r.IonicTau, r.ElectronicSigmaSPerCm, r.ElectronicTau, r.MeanPoreSizeUm, r.CamSseAreaPerVolumePerUm,
                r.CamCamContacts, r.CoordinationNumber, r.Seconds)).ToList()),
            () => context.Out.Write(FrameFormatting.ToText(TwinTransportStudy.ToFrame(rows))));
    }

    sealed record CathodeJson(string Sample, ulong Seed, double Porosity, double ThicknessUm, double SigmaIonSPerCm, double TauIon,
        double SigmaESPerCm, double TauE, double MeanPoreSizeUm, double CamSseAreaPerVolumePerUm, int CamCamContacts,
        double CoordinationNumber, double Seconds);

    sealed record TwinTransportJson(double VoxelUm, ulong Seed, List<CathodeJson> Cathodes);
}
