using System.Diagnostics;
using System.Globalization;
using ResearchKit.Packing;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit packing`: a bare dense random sphere packing (periodic cube) and its packing fraction.</summary>
public sealed class PackingCommand : ICommand
{
    public string Name => "packing";
    public string Summary => "dense random sphere packing (mono or binary) in a periodic cube: packing fraction";
    public string Usage => """
        researchkit packing --psd mono|binary|lognormal [--size-ratio R --large-fraction X] [--d10 A --d50 B --d90 C] --count N --seed S [--threads T] [--walls] [--box-um L] [--json]
          --psd             mono: equal spheres; binary: two sizes; lognormal: volume PSD from D10/D50/D90 (um), sampled by number
          --size-ratio      binary: small/large diameter ratio, 0 < R <= 1 (default 0.4)
          --large-fraction  binary: VOLUME fraction of large spheres among the solids, 0..1 (default 0.7)
          --d10/--d50/--d90 lognormal: volume-distribution quantiles in um (default 2.2/3.5/5.5)
          --count N         number of spheres (default 2000)
          --seed S          random seed (default 1)
          --threads T       max threads (results are identical for any T)
          --walls           walls in z (periodic x, y) instead of a periodic cube
          --box-um L        with --walls: in-plane box edge in um (default 8 largest diameters)
          --json            one JSON object: packing_fraction, count, iterations, max_relative_overlap, seconds
        Radii: mono and binary large spheres have radius 1 um. Progress on stderr.
        """;
    public IReadOnlyCollection<string> Switches => ["json", "walls"];

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json"), walls = args.Flag("walls");
        string psd = args.Option("psd") ?? "mono";
        int count = args.Int("count") ?? 2000;
        ulong seed = (ulong)(args.Int("seed") ?? 1);
        int threads = args.Int("threads") ?? -1;
        double ratio = args.Double("size-ratio") ?? 0.4;
        double largeFraction = args.Double("large-fraction") ?? 0.7;
        if (count < 2) throw new UsageException("--count: expected at least 2 spheres");
        double[] radii;
        switch (psd)
        {
            case "mono":
                radii = Enumerable.Repeat(1.0, count).ToArray();
                break;
            case "binary":
                if (!(ratio > 0 && ratio <= 1)) throw new UsageException($"--size-ratio: expected 0 < R <= 1, got {ratio.ToString(CultureInfo.InvariantCulture)}");
                if (!(largeFraction >= 0 && largeFraction <= 1)) throw new UsageException($"--large-fraction: expected a volume fraction in [0, 1], got {largeFraction.ToString(CultureInfo.InvariantCulture)}");
                radii = BinaryMixtures.Radii(count, 1.0, ratio, largeFraction);
                break;
            case "lognormal":
                var dist = ParticleSizeDistribution.FromD10D50D90(args.Double("d10") ?? 2.2, args.Double("d50") ?? 3.5, args.Double("d90") ?? 5.5);
                radii = dist.SampleRadii(count, seed + 1000);
                break;
            default:
                throw new UsageException($"--psd: expected mono, binary or lognormal, got '{psd}'");
        }
        double rmax = radii.Max();
        var species = radii.Select(r => r == rmax ? 1 : 2).ToArray();
        double box = args.Double("box-um") ?? 16.0 * rmax;
        var request = new PackingRequest(radii, species, box, box, walls, seed) { MaxDegreeOfParallelism = threads };
        var sw = Stopwatch.StartNew();
        var result = DensePacking.Pack(request, new SyncProgress(context.Progress));
        double seconds = sw.Elapsed.TotalSeconds;
        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["packing_fraction"] = result.PackingFraction,
                ["count"] = radii.Length,
                ["iterations"] = result.Iterations,
                ["max_relative_overlap"] = result.MaxRelativeOverlap,
                ["seconds"] = Math.Round(seconds, 3),
            });
        }
        else
        {
            context.Out.WriteLine(FormattableString.Invariant($"packing_fraction = {result.PackingFraction:F4}"));
            context.Out.WriteLine(FormattableString.Invariant($"count = {radii.Length}"));
            context.Out.WriteLine(FormattableString.Invariant($"iterations = {result.Iterations}"));
            context.Out.WriteLine(FormattableString.Invariant($"max_relative_overlap = {result.MaxRelativeOverlap:E2}"));
            context.Out.WriteLine(FormattableString.Invariant($"box_um = {result.BoxXUm:F3} x {result.BoxYUm:F3} x {result.BoxZUm:F3}"));
            context.Out.WriteLine(FormattableString.Invariant($"seconds = {seconds:F2}"));
            var q = PackingMetrics.BondOrientationalOrder(result, walls);
            var z = PackingMetrics.Contacts(result, walls);
            context.Out.WriteLine(FormattableString.Invariant($"q6_global = {q.GlobalQ:F4} (fcc 0.575), q6_local_mean = {q.MeanLocalQ:F3}, mean_contacts = {z.MeanCoordination:F2}"));
        }
        return 0;
    }

    /// <summary>Reports synchronously on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
