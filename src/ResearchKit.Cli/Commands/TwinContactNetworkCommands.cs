using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin contact-network`: sigma_e,eff of one twin from the particle-contact resistor network.</summary>
public sealed class TwinContactNetworkCommand : CliCommand
{
    public override string Name => "twin contact-network";
    public override string Summary => "sigma_e,eff of one twin as a CAM particle-contact resistor network (Holm + contact film) plus a carbon path";
    public override string? Notes => """
        Nodes: the twin's CAM particles (rebuilt from the stored defaults and --seed); edges: the kit's contact search (tol 0.02);
        electrodes: the planes z = 0 (current collector) and z = packed height; x, y periodic. Carbon path: from the voxel study's
        ionic result of the same cathode and seed (--voxel-study), or --carbon-s-per-cm. Default film: the assumed nominal
        1e-6 ohm m2 (the paper's measured sigma_e are not in data/paper, so no calibrated value exists).
        JSON: {"sample", "seed", "film_ohm_m2", "sigma_e_s_per_cm", "network_sigma_e_s_per_cm", "carbon_path_s_per_cm", "contacts",
        "particles", "conducting_particles", "collector_contacts", "mean_contact_radius_um", "thickness_um", "current_mismatch",
        "iterations", "converged", "seconds"}. Synthetic: simulated on the kit's twins, not measured.
        """;

    readonly Option<string> _blend = Required("--blend", "cathode, NCWA:NCM, e.g. 7:3");
    readonly Option<int> _seed = Integer("--seed", "twin seed (>= 1)", 1);
    readonly Option<double> _film = Number("--film-ohm-m2", "contact-film resistance r_film (ohm m2, >= 0)", ContactNetworkStudy.NominalFilmOhmM2);
    readonly Option<double?> _carbon = Number("--carbon-s-per-cm", "carbon path in parallel (S/cm, >= 0); default: from --voxel-study");
    readonly Option<string?> _voxelStudy = Text("--voxel-study", "twin-transport CSV for the carbon path (default data/synthetic/twin-transport/fig5-seeds1-3-0.2um.csv)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        double x = ResearchKit.Materials.Blend.Parse(args.GetValue(_blend));
        int seedArg = args.GetValue(_seed);
        InvalidInputException.Require(seedArg >= 1, "seed", $"a seed >= 1, got {seedArg}");
        ulong seed = (ulong)seedArg;
        double film = args.GetValue(_film);
        InvalidInputException.Require(film >= 0, "film_ohm_m2", $"a non-negative film resistance, got {film}");
        double carbon = args.GetValue(_carbon) ?? CarbonFromStudy(args.GetValue(_voxelStudy), x, seed);
        InvalidInputException.Require(carbon >= 0, "carbon_s_per_cm", $"a non-negative conductivity, got {carbon}");
        context.Progress($"twin contact-network: building the {ResearchKit.Paper.Samples.NameOf(x)} twin, seed {seed} ...");
        var g = ContactNetworkStudy.TwinGeometry(x, seed);
        var r = ContactNetworkStudy.Run(g, x, seed, film, carbon);
        var json = new ContactNetworkJson(r.Sample, r.Seed, r.FilmOhmM2, r.SigmaSPerCm, r.NetworkSigmaSPerCm, r.CarbonPathSPerCm, r.Contacts, r.Particles,
            r.ConductingParticles, r.CollectorContacts, r.MeanContactRadiusUm, r.ThicknessUm, r.CurrentMismatch, r.Iterations, r.Converged, sw.Elapsed.TotalSeconds);
        return Write(context, args, json, () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Sample} seed {r.Seed}: sigma_e {1e3 * r.SigmaSPerCm:G4} mS/cm (CAM network {1e3 * r.NetworkSigmaSPerCm:G4}, carbon {1e3 * r.CarbonPathSPerCm:G4}); {r.Contacts} contacts, {r.Particles} particles, mean a {r.MeanContactRadiusUm:G3} um, r_film {film:G3} ohm m2, converged {r.Converged}")));
    }

    internal static double CarbonFromStudy(string? path, double ncwaMassFraction, ulong seed)
    {
        path ??= Path.Combine("data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv");
        if (!File.Exists(path)) throw new InvalidInputException("voxel study not found (give --voxel-study FILE or --carbon-s-per-cm)", path, field: "voxel_study");
        var row = TwinTransportStudy.ReadCsv(path).FirstOrDefault(r => Math.Abs(r.NcwaMassFraction - ncwaMassFraction) < 1e-9 && r.Seed == seed)
            ?? throw new InvalidInputException($"no row for {ResearchKit.Paper.Samples.NameOf(ncwaMassFraction)} seed {seed} (give --carbon-s-per-cm)", path, field: "seed");
        return ContactNetworkStudy.CarbonPathSPerCm(row);
    }

    sealed record ContactNetworkJson(string Sample, ulong Seed, double FilmOhmM2, [property: JsonPropertyName("sigma_e_s_per_cm")] double SigmaESPerCm,
        [property: JsonPropertyName("network_sigma_e_s_per_cm")] double NetworkSigmaESPerCm, double CarbonPathSPerCm,
        int Contacts, int Particles, int ConductingParticles, int CollectorContacts, double MeanContactRadiusUm, double ThicknessUm, double CurrentMismatch,
        int Iterations, bool Converged, double Seconds);
}

/// <summary>`researchkit twin contact-network-study`: the five cathodes x the voxel study's seeds x a sweep of r_film, stored with provenance.</summary>
public sealed class TwinContactNetworkStudyCommand : CliCommand
{
    public override string Name => "twin contact-network-study";
    public override string Summary => "contact-network sigma_e,eff of the five cathodes over the voxel study's seeds and an r_film sweep; calibration on the unimodal cathodes";
    public override string? Notes => """
        Films: 0 (Holm only), 1e-9 .. 1e-4 ohm m2 and the calibrated (or nominal) film. Calibration: r_film fitted on CAM10:0 and
        CAM0:10 only, when data/paper holds their measured sigma_e_eff; otherwise reported as not possible.
        JSON: {"out", "rows", "calibration_possible", "film_ohm_m2", "calibration_note", "orderings": [{"film_ohm_m2", "network", "total", "rises_with_ncwa"}]}.
        """;

    readonly Option<string?> _voxelStudy = Text("--voxel-study", "twin-transport CSV (seeds and carbon path; default data/synthetic/twin-transport/fig5-seeds1-3-0.2um.csv)");
    readonly Option<string> _out = Required("--out", "CSV to write (with FILE.provenance.json)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        string voxelPath = args.GetValue(_voxelStudy) ?? Path.Combine("data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv");
        if (!File.Exists(voxelPath)) throw new InvalidInputException("voxel study not found", voxelPath, field: "voxel_study");
        var voxel = TwinTransportStudy.ReadCsv(voxelPath);
        string outPath = args.GetValue(_out)!;
        var progress = new Progress<string>(m => context.Progress(m));
        var calibration = ContactNetworkStudy.Calibrate(voxel);
        var films = ContactNetworkStudy.FilmSweepOhmM2.Append(calibration.FilmOhmM2).Distinct().Order().ToList();
        var rows = ContactNetworkStudy.Sweep(voxel, films, progress);
        ContactNetworkStudy.WriteCsv(rows, calibration, voxelPath.Replace('\\', '/'), outPath,
            $"researchkit twin contact-network-study --voxel-study {voxelPath.Replace('\\', '/')} --out {Path.GetFileName(outPath)}");
        var orderings = films.Select(f => new OrderingJson(f, ContactNetworkStudy.Ordering(rows, f, networkOnly: true), ContactNetworkStudy.Ordering(rows, f),
            ContactNetworkStudy.RisesWithNcwa(rows, f))).ToList();
        return Write(context, args, new StudyJson(outPath, rows.Count, calibration.Possible, calibration.FilmOhmM2, calibration.Note, orderings), () =>
        {
            context.Out.WriteLine($"wrote {outPath} ({rows.Count} rows); calibration: {calibration.Note}");
            context.Out.Write(FrameFormatting.ToText(ContactNetworkStudy.OrderingFrame(rows)));
        });
    }

    sealed record OrderingJson(double FilmOhmM2, string Network, string Total, bool RisesWithNcwa);

    sealed record StudyJson(string Out, int Rows, bool CalibrationPossible, double FilmOhmM2, string CalibrationNote, List<OrderingJson> Orderings);
}
