using System.CommandLine;
using ResearchKit.Mechanics;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin-mechanics`: Fig 5b/5f strain energy in the SSE of the five cathode twins under CAM contraction.</summary>
public sealed class TwinMechanicsCommand : CliCommand
{
    public override string Name => "twin-mechanics";
    public override string Summary => "Fig 5b/5f: strain energy in the SSE of the five twins when the CAM contracts on charge to 4.3 V";
    public override string? Notes => """
        Twin seeds are seed .. seed+N-1.
        --bc die (default): a pressed pellet in its sleeve: lateral mean strains xx, yy, xy held at zero, mean stresses zz, yz, xz zero
        (z is the pressing axis; the pellet thins freely, mean_axial_strain < 0). fixed-strain: the thickness is held as well (the
        Fig 4f stack-pressure drop shows as a tensile mean sigma_zz). zero-stress: a free periodic body.
        --eigenstrain isotropic (default): eps I with eps = (1 + dV/V)^(1/3) - 1 from the Fig 4e volume changes (NCWA -6.5 %, NCM -4.8 %).
        anisotropic: Fig 4d a- and c-axis LINEAR strains (NCWA a -2.0 %, c -4.6 %; NCM a -2.0 %, c -2.8 %),
        eps* = eps_a I + (eps_c - eps_a) n n^T with the c axis n of one uniformly random orientation per particle of the twin's
        particle list, from --orientation-seed (default: the twin seed); the same on any thread count.
        --out FILE writes FILE (per-blend summary) and FILE.provenance.json at the end; each finished twin is appended atomically to
        the per-twin file (--rows, default FILE with .per-twin.csv) as soon as it is solved, so an interrupted run keeps its rows;
        --resume skips the cathode/seeds already in that file with the same voxel, bc, eigenstrain and orientation seed.
        JSON: {"cathodes": [{blend, ncwa_mass_fraction, seed_count, voxel_um, sse_interface_strain_energy_mj_per_m3,
        sse_interface_strain_energy_sd_mj_per_m3, total_strain_energy_mj_per_m3, mean_axial_stress_mpa, porosity, cam_cam_contacts,
        boundary, eigenstrain, mean_axial_strain, mean_lateral_stress_mpa}]}
        Moduli from data/materials/materials.csv. Synthetic, not measured.
        """;

    readonly Option<int> _seed = Integer("--seed", "first twin seed", 1);
    readonly Option<int> _seeds = Integer("--seeds", "number of twin seeds", 1);
    readonly Option<double> _voxel = Number("--voxel-um", "voxel edge in um", 0.5);
    readonly Option<string?> _bc = Text("--bc", "die (default; lateral strain held, free along z), fixed-strain or zero-stress");
    readonly Option<string?> _eigenstrain = Text("--eigenstrain", "isotropic (default; Fig 4e volume change) or anisotropic (Fig 4d a/c strains, random orientation per particle)");
    readonly Option<int?> _orientationSeed = Integer("--orientation-seed", "seed of the per-particle crystal orientations (anisotropic; default: the twin seed)");
    readonly Option<double?> _tolerance = Number("--tolerance", "relative CG tolerance (default 1e-5)");
    readonly Option<string?> _out = Text("--out", "write the per-blend CSV (data/synthetic/mechanics/strain-energy-by-blend.csv shape) and its .provenance.json");
    readonly Option<string?> _rows = Text("--rows", "per-twin rows file, appended as each twin finishes (default: --out with .per-twin.csv)");
    readonly Option<bool> _resume = Flag("--resume", "keep the rows already in the per-twin file instead of solving them again");

    protected override int Run(ParseResult args, CommandContext context)
    {
        ulong seed = (ulong)args.GetValue(_seed);
        int seeds = args.GetValue(_seeds);
        double voxel = args.GetValue(_voxel);
        if (!(voxel > 0)) throw new InvalidInputException($"expected a positive voxel size, got {voxel}", field: "voxel-um");
        var bc = MechanicsInputs.ParseBoundary(args.GetValue(_bc) ?? "die");
        var kind = TwinMechanicsSettings.ParseEigenstrain(args.GetValue(_eigenstrain));
        int? orientation = args.GetValue(_orientationSeed);
        if (orientation is < 0) throw new InvalidInputException($"expected a non-negative seed, got {orientation}", field: "orientation-seed");
        double tol = args.GetValue(_tolerance) ?? 1e-5;
        InvalidInputException.Require(tol > 0 && tol < 1, "tolerance", $"expected 0 < tolerance < 1, got {tol}");
        var settings = new TwinMechanicsSettings { Boundary = bc, Eigenstrain = kind, OrientationSeed = orientation is { } o ? (ulong)o : null, Tolerance = tol };
        var outPath = args.GetValue(_out);
        var rowsPath = args.GetValue(_rows) ?? (outPath is null ? null : Path.ChangeExtension(outPath, null) + ".per-twin.csv");
        if (args.GetValue(_resume) && rowsPath is null) throw new InvalidInputException("--resume needs --rows or --out", field: "resume");
        var done = args.GetValue(_resume) && rowsPath is not null ? TwinMechanicsStudy.ReadPerTwinRows(rowsPath) : [];
        if (!args.GetValue(_resume) && rowsPath is not null && File.Exists(rowsPath)) File.Delete(rowsPath);
        var rows = TwinMechanicsStudy.PaperCathodes(seeds, seed, voxel, new Progress<string>(context.Progress), settings,
            rowsPath is null ? null : r => TwinMechanicsStudy.AppendPerTwinRow(rowsPath, r), done);
        if (outPath is not null) TwinMechanicsStudy.WriteCsv(rows, outPath);
        var summary = TwinMechanicsStudy.Summarise(rows);
        return Write(context, args, new CathodesJson(summary), () =>
        {
            foreach (var s in summary) context.Out.WriteLine($"{s.Blend}: SSE shell {s.SseInterfaceStrainEnergyMJPerM3:F4} +- {s.SseInterfaceStrainEnergySdMJPerM3:F4} MJ/m3, total {s.TotalStrainEnergyMJPerM3:F4} MJ/m3, sigma_zz {s.MeanAxialStressMPa:F2} MPa, eps_zz {s.MeanAxialStrain:E3} ({s.Boundary}, {s.Eigenstrain})");
        });
    }

    sealed record CathodesJson(IReadOnlyList<TwinMechanicsSummary> Cathodes);
}
