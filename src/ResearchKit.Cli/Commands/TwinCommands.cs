using System.Diagnostics;
using System.Globalization;
using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin`: digital twin of a composite cathode (pack CAM, voxelize, fill SSE by crevice width).</summary>
public sealed class TwinCommand : ICommand
{
    public string Name => "twin";
    public string Summary => "digital twin of a composite cathode: labelled volume, porosity, contacts (issue 3)";
    public string Usage => """
        researchkit twin --blend A:B [--seed S] [--voxel-um V] [--out DIR] [--box-um L] [--loading-mg-cm2 M] [--composition C:S:K] [--threads T] [--json]
          --blend A:B          NCWA:NCM mass ratio of the CAM, e.g. 7:3, 10:0, 0:10 (required)
          --seed S             random seed (default 1); same seed -> bit-identical volume for any --threads
          --voxel-um V         voxel edge in um (default 0.1 from data/materials/twin-defaults.csv; 0.2-0.25 for quick runs);
                               must divide the in-plane box
          --out DIR            write DIR/labels.npy (uint8, C order (nz, ny, nx)), DIR/particles.csv, DIR/twin.json
          --box-um L           in-plane box edge (default 40, periodic)
          --loading-mg-cm2 M   CAM areal loading (default 20); the thickness follows from the packing
          --composition C:S:K  CAM:SSE:carbon by weight in percent (default 90:9.5:0.5; must add up to 100)
          --interlayer-um T    SSE interlayer kept between CAM particles (default from data; 0 = CAM packs without SSE)
          --ncwa-psa FILE      tabulated PSA of NCWA (CSV: size_um + volume_percent or cumulative_percent) instead of D10/D50/D90
          --ncm-psa FILE       tabulated PSA of NCM
          --threads T          max threads (default all)
          --particles FILE     use this particle list (particles.csv of an earlier twin or another packer) instead of packing
          --json               one JSON object: porosity, volume_fractions {pore, ncwa, ncm, sse, carbon}, thickness_um,
                               cam_packing_fraction, particle_counts, contacts, shape_zyx, voxel_um (wall time on stderr)
        Composition CAM:SSE:CC 90:9.5:0.5 by weight; porosity is an output. Label codes: 0 pore, 1 NCWA, 2 NCM, 3 SSE
        (carbon is a sub-voxel share of the SSE voxels, reported under volume_fractions.carbon). Progress on stderr.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var sw = Stopwatch.StartNew();
        bool json = args.Flag("json");
        string blend = args.RequiredOption("blend");
        int seed = args.Int("seed") ?? 1;
        if (seed < 0) throw new InvalidInputException($"expected a non-negative seed, got {seed}", field: "seed");
        double? voxel = args.Double("voxel-um");
        string? outDir = args.Option("out");
        double? box = args.Double("box-um");
        double? loading = args.Double("loading-mg-cm2");
        int threads = args.Int("threads") ?? -1;
        string? particles = args.Option("particles");
        if (threads == 0 || threads < -1) throw new InvalidInputException($"expected a positive thread count, got {threads}", field: "threads");
        double ncwa = ResearchKit.Materials.Blend.Parse(blend);
        var spec = TwinSpec.Default(ncwa, (ulong)seed);
        if (voxel is { } v) spec = spec with { VoxelUm = v };
        if (box is { } b) spec = spec with { BoxXUm = b, BoxYUm = b };
        if (loading is { } m) spec = spec with { CamArealLoadingMgPerCm2 = m };
        if (args.Option("ncwa-psa") is { } pl) spec = spec with { Large = spec.Large with { Tabulated = ResearchKit.Packing.ParticleSizeDistribution.LoadPsaCsv(pl) } };
        if (args.Option("ncm-psa") is { } ps) spec = spec with { Small = spec.Small with { Tabulated = ResearchKit.Packing.ParticleSizeDistribution.LoadPsaCsv(ps) } };
        if (args.Double("interlayer-um") is { } t) spec = spec with { SseInterlayerUm = t };
        if (args.Option("composition") is { } comp) spec = spec with { Composition = TwinComposition.From(ResearchKit.Materials.Blend.ParseComposition(comp, ncwa)) };
        spec.Validate();
        var report = new SyncProgress(context.Progress);
        var twin = particles is null
            ? TwinGenerator.Build(spec, report, particleIds: false, maxDegreeOfParallelism: threads)
            : TwinGenerator.FromPacking(spec, TwinGenerator.ReadParticlesCsv(particles, spec.BoxXUm, spec.BoxYUm), "particles from " + particles, report, false, threads);
        if (outDir is not null)
        {
            twin.Save(outDir);
            context.Progress($"twin: wrote {Path.Combine(outDir, "labels.npy")}, particles.csv, twin.json");
        }
        var c = twin.Contacts;
        var result = new Dictionary<string, object>
        {
            ["porosity"] = twin.Porosity,
            ["volume_fractions"] = twin.VolumeFractions.ToDictionary(),
            ["thickness_um"] = twin.ThicknessUm,
            ["cam_packing_fraction"] = twin.CamPackingFraction,
            ["particle_counts"] = twin.ParticleCounts,
            ["contacts"] = new Dictionary<string, object>
            {
                ["large_large"] = c.LargeLarge, ["large_small"] = c.LargeSmall, ["small_small"] = c.SmallSmall,
                ["total"] = c.Total, ["coordination_number"] = c.CoordinationNumber, ["gap_tolerance"] = c.GapTolerance,
            },
            ["shape_zyx"] = new[] { twin.Volume.Nz, twin.Volume.Ny, twin.Volume.Nx },
            ["voxel_um"] = twin.Volume.VoxelUm,
        };
        context.Progress($"twin: {sw.Elapsed.TotalSeconds:F1} s"); // wall time on stderr: stdout depends only on the inputs (--blend 0.7 = --blend 7:3)
        if (json) Json.Write(context.Out, result);
        else
        {
            var f = twin.VolumeFractions;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"twin {ResearchKit.Paper.Samples.NameOf(ncwa)} seed {seed}: porosity {twin.Porosity:F4}, thickness {twin.ThicknessUm:F2} um, CAM packing {twin.CamPackingFraction:F4}"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  fractions: pore {f.Pore:F4} ncwa {f.Ncwa:F4} ncm {f.Ncm:F4} sse {f.Sse:F4} carbon {f.Carbon:F5}"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  particles: {twin.ParticleCounts["ncwa"]} NCWA, {twin.ParticleCounts["ncm"]} NCM; contacts LL {c.LargeLarge} LS {c.LargeSmall} SS {c.SmallSmall}, Z = {c.CoordinationNumber:F2}"));
            context.Out.WriteLine($"  shape (z, y, x) = ({twin.Volume.Nz}, {twin.Volume.Ny}, {twin.Volume.Nx}), voxel {twin.Volume.VoxelUm} um");
        }
        return 0;
    }

    /// <summary>Progress reported synchronously on the caller's thread order (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) { lock (this) report(value); }
    }
}

/// <summary>`researchkit twin study`: the five paper cathodes with several seeds; predicted vs measured porosity.</summary>
public sealed class TwinStudyCommand : ICommand
{
    public string Name => "twin study";
    public string Summary => "predicted porosity of the five paper cathodes (several seeds) vs SEM and pycnometry";
    public string Usage => """
        researchkit twin study [--seeds N] [--voxel-um V] [--interlayer-um T] [--out FILE.csv] [--save-dir DIR] [--json]
          --seeds N      seeds 1..N per cathode (default 3)
          --voxel-um V   voxel edge (default 0.25)
          --out FILE     per-seed results as CSV (read back with TwinPorosityStudy.ReadSamplesCsv)
          --save-dir DIR write DIR/<sample>-seed<N>-particles.csv and .json (sidecar) for every twin
          --interlayer-um T  SSE interlayer thickness (default from data/materials/twin-defaults.csv)
          --json         one JSON object: rows [{sample, ncwa_mass_fraction, seeds, porosity_mean, porosity_sd,
                         cam_packing_fraction_mean, thickness_um_mean, coordination_number_mean, porosity_sem,
                         porosity_pycnometry_min, porosity_pycnometry_max}] (fractions)
        Slow: one dense packing per twin (about a minute each on 2 cores). Progress on stderr.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        int seeds = args.Int("seeds") ?? 3;
        double voxel = args.Double("voxel-um") ?? 0.25;
        string? outPath = args.Option("out");
        double? t = args.Double("interlayer-um");
        string? saveDir = args.Option("save-dir");
        if (saveDir is not null) Directory.CreateDirectory(saveDir);
        var samples = TwinPorosityStudy.Run(seeds, voxel, new Reporter(context.Progress),
            t is null ? null : s => TwinGenerator.Build(s with { SseInterlayerUm = t.Value }, null, particleIds: false),
            saveDir is null ? null : (sample, twin) =>
            {
                var stem = Path.Combine(saveDir, $"{sample.Replace(':', '-')}-seed{twin.Spec.Seed}");
                twin.WriteParticlesCsv(stem + "-particles.csv");
                File.WriteAllText(stem + "-twin.json", twin.SidecarJson());
            });
        if (outPath is not null) TwinPorosityStudy.WriteSamplesCsv(samples, outPath);
        var rows = TwinPorosityStudy.Summarize(samples);
        if (json) Json.Write(context.Out, new Dictionary<string, object> { ["rows"] = rows });
        else
        {
            context.Out.WriteLine("sample    ncwa  seeds  porosity(mean+-sd)  phi_cam  thickness_um  sem    pycnometry");
            foreach (var r in rows)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Sample,-9} {r.NcwaMassFraction,4:F1} {r.Seeds,6}  {r.PorosityMean:F4} +- {r.PorositySd:F4}    {r.CamPackingFractionMean:F4}  {r.ThicknessUmMean,12:F1}  {r.PorositySem:F3}  {r.PorosityPycnometryMin:F2}-{r.PorosityPycnometryMax:F2}"));
        }
        return 0;
    }

    sealed class Reporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) { lock (this) report(value); }
    }
}
