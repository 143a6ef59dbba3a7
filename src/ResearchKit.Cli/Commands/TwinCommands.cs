using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit twin`: digital twin of a composite cathode (pack CAM, voxelize, fill SSE by crevice width).</summary>
public sealed class TwinCommand : CliCommand
{
    public override string Name => "twin";
    public override string Summary => "digital twin of a composite cathode: labelled volume, porosity, contacts (issue 3)";
    public override string? Notes => """
        Composition CAM:SSE:CC 90:9.5:0.5 by weight; porosity is an output. Label codes: 0 pore, 1 NCWA, 2 NCM, 3 SSE
        (carbon is a sub-voxel share of the SSE voxels, reported under volume_fractions.carbon). Progress on stderr.
        JSON: porosity, volume_fractions {pore, ncwa, ncm, sse, carbon}, thickness_um, cam_packing_fraction, particle_counts,
        contacts {large_large, large_small, small_small, total, coordination_number, gap_tolerance}, shape_zyx, voxel_um, seconds.
        """;

    readonly Option<string> _blend = Required("--blend", "NCWA:NCM mass ratio of the CAM, e.g. 7:3, 10:0, 0:10");
    readonly Option<int> _seed = Integer("--seed", "random seed; the same seed gives a bit-identical volume for any --threads", 1);
    readonly Option<double?> _voxel = Number("--voxel-um", "voxel edge in um (default 0.1 from data/materials/twin-defaults.csv; 0.2-0.25 for quick runs); must divide the in-plane box");
    readonly Option<string?> _out = Text("--out", "write DIR/labels.npy (uint8, C order (nz, ny, nx)), DIR/particles.csv, DIR/twin.json");
    readonly Option<double?> _box = Number("--box-um", "in-plane box edge in um (default 40, periodic)");
    readonly Option<double?> _loading = Number("--loading-mg-cm2", "CAM areal loading in mg/cm2 (default 20); the thickness follows from the packing");
    readonly Option<string?> _composition = Text("--composition", "CAM:SSE:carbon by weight in percent (default 90:9.5:0.5; must add up to 100)");
    readonly Option<double?> _interlayer = Number("--interlayer-um", "SSE interlayer kept between CAM particles in um (default from data; 0 = CAM packs without SSE)");
    readonly Option<string?> _ncwaPsa = Text("--ncwa-psa", "tabulated PSA of NCWA (CSV: size_um + volume_percent or cumulative_percent) instead of D10/D50/D90");
    readonly Option<string?> _ncmPsa = Text("--ncm-psa", "tabulated PSA of NCM");
    readonly Option<int> _threads = Integer("--threads", "max threads (default all)", -1);
    readonly Option<string?> _particles = Text("--particles", "use this particle list (particles.csv of an earlier twin or another packer) instead of packing");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var sw = Stopwatch.StartNew();
        string blend = args.GetValue(_blend)!;
        int seed = args.GetValue(_seed);
        if (seed < 0) throw new InvalidInputException($"expected a non-negative seed, got {seed}", field: "seed");
        double? voxel = args.GetValue(_voxel);
        string? outDir = args.GetValue(_out);
        double? box = args.GetValue(_box);
        double? loading = args.GetValue(_loading);
        int threads = args.GetValue(_threads);
        string? particles = args.GetValue(_particles);
        if (threads == 0 || threads < -1) throw new InvalidInputException($"expected a positive thread count, got {threads}", field: "threads");
        double ncwa = ResearchKit.Materials.Blend.Parse(blend);
        var spec = TwinSpec.Default(ncwa, (ulong)seed);
        if (voxel is { } v) spec = spec with { VoxelUm = v };
        if (box is { } b) spec = spec with { BoxXUm = b, BoxYUm = b };
        if (loading is { } m) spec = spec with { CamArealLoadingMgPerCm2 = m };
        if (args.GetValue(_ncwaPsa) is { } pl) spec = spec with { Large = spec.Large with { Psd = ResearchKit.Packing.ParticleSizeDistribution.LoadPsaCsv(pl) } };
        if (args.GetValue(_ncmPsa) is { } ps) spec = spec with { Small = spec.Small with { Psd = ResearchKit.Packing.ParticleSizeDistribution.LoadPsaCsv(ps) } };
        if (args.GetValue(_interlayer) is { } t) spec = spec with { SseInterlayerUm = t };
        if (args.GetValue(_composition) is { } comp) spec = spec with { Composition = ResearchKit.Materials.Blend.ParseComposition(comp, ncwa) };
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
        var result = new TwinJson(twin.Porosity, twin.VolumeFractions.ToDictionary(), twin.ThicknessUm, twin.CamPackingFraction, twin.ParticleCounts,
            new ContactsJson(c.LargeLarge, c.LargeSmall, c.SmallSmall, c.Total, c.CoordinationNumber, c.GapTolerance),
            [twin.Volume.Nz, twin.Volume.Ny, twin.Volume.Nx], twin.Volume.VoxelUm);
        context.Progress($"twin: {sw.Elapsed.TotalSeconds:F1} s"); // wall time on stderr: stdout depends only on the inputs (--blend 0.7 = --blend 7:3)
        if (IsJson(args)) Json.Write(context.Out, result);
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

    sealed record ContactsJson(int LargeLarge, int LargeSmall, int SmallSmall, int Total, double CoordinationNumber, double GapTolerance);

    sealed record TwinJson(double Porosity, object VolumeFractions, double ThicknessUm, double CamPackingFraction, object ParticleCounts,
        ContactsJson Contacts, int[] ShapeZyx, double VoxelUm);

    /// <summary>Progress reported synchronously on the caller's thread order (Progress&lt;T&gt; posts to the thread pool).</summary>
    sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) { lock (this) report(value); }
    }
}

/// <summary>`researchkit twin study`: the five paper cathodes with several seeds; predicted vs measured porosity.</summary>
public sealed class TwinStudyCommand : CliCommand
{
    public override string Name => "twin study";
    public override string Summary => "predicted porosity of the five paper cathodes (several seeds) vs SEM and pycnometry";
    public override string? Notes => """
        JSON: rows [{sample, ncwa_mass_fraction, seeds, porosity_mean, porosity_sd, cam_packing_fraction_mean, thickness_um_mean,
        coordination_number_mean, porosity_sem, porosity_pycnometry_min, porosity_pycnometry_max}] (fractions).
        Slow: one dense packing per twin (about a minute each on 2 cores). Progress on stderr.
        """;

    readonly Option<int> _seeds = Integer("--seeds", "seeds 1..N per cathode", 3);
    readonly Option<double> _voxel = Number("--voxel-um", "voxel edge in um", 0.25);
    readonly Option<string?> _out = Text("--out", "per-seed results as CSV (read back with TwinPorosityStudy.ReadSamplesCsv); rows are appended to OUT.partial as each twin finishes");
    readonly Option<string?> _saveDir = Text("--save-dir", "write DIR/<sample>-seed<N>-particles.csv and -twin.json (sidecar) for every twin");
    readonly Option<double?> _interlayer = Number("--interlayer-um", "SSE interlayer thickness in um (default from data/materials/twin-defaults.csv)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        int seeds = args.GetValue(_seeds);
        double voxel = args.GetValue(_voxel);
        string? outPath = args.GetValue(_out);
        double? t = args.GetValue(_interlayer);
        string? saveDir = args.GetValue(_saveDir);
        if (saveDir is not null) Directory.CreateDirectory(saveDir);
        // Rows go to OUT.partial as each twin finishes (an interrupted study keeps them); OUT itself is written once, at the end.
        string? partial = outPath is null ? null : outPath + ".partial";
        if (partial is not null && File.Exists(partial)) File.Delete(partial);
        var samples = TwinPorosityStudy.Run(seeds, voxel, new Reporter(context.Progress),
            t is null ? null : s => TwinGenerator.Build(s with { SseInterlayerUm = t.Value }, null, particleIds: false),
            (sample, twin) =>
            {
                if (partial is not null) TwinPorosityStudy.AppendSampleCsv(TwinStudySample.From(sample, twin), partial);
                if (saveDir is null) return;
                var stem = Path.Combine(saveDir, $"{sample.Replace(':', '-')}-seed{twin.Spec.Seed}");
                twin.WriteParticlesCsv(stem + "-particles.csv");
                File.WriteAllText(stem + "-twin.json", twin.SidecarJson());
            });
        if (outPath is not null)
        {
            TwinPorosityStudy.WriteSamplesCsv(samples, outPath);
            File.Delete(partial!);
        }
        var rows = TwinPorosityStudy.Summarize(samples);
        if (IsJson(args)) Json.Write(context.Out, new StudyJson(rows));
        else
        {
            context.Out.WriteLine("sample    ncwa  seeds  porosity(mean+-sd)  phi_cam  thickness_um  sem    pycnometry");
            foreach (var r in rows)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Sample,-9} {r.NcwaMassFraction,4:F1} {r.Seeds,6}  {r.PorosityMean:F4} +- {r.PorositySd:F4}    {r.CamPackingFractionMean:F4}  {r.ThicknessUmMean,12:F1}  {r.PorositySem:F3}  {r.PorosityPycnometryMin:F2}-{r.PorosityPycnometryMax:F2}"));
        }
        return 0;
    }

    sealed record StudyJson(object Rows);

    sealed class Reporter(Action<string> report) : IProgress<string>
    {
        public void Report(string value) { lock (this) report(value); }
    }
}
