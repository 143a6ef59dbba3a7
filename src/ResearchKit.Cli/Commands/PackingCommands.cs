using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ResearchKit.Packing;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit packing`: a bare dense random sphere packing (periodic cube) and its packing fraction.</summary>
public sealed class PackingCommand : CliCommand
{
    public override string Name => "packing";
    public override string Summary => "dense random sphere packing (mono or binary) in a periodic cube: packing fraction";
    public override string? Notes => """
        JSON: packing_fraction, count, iterations, max_relative_overlap, seconds.
        Radii: mono and binary large spheres have radius 1 um. Progress on stderr.
        """;

    readonly Option<string> _psd = Choice("--psd", "mono: equal spheres; binary: two sizes; lognormal: volume PSD from D10/D50/D90 (um), sampled by number", "mono", "mono", "binary", "lognormal");
    readonly Option<double> _ratio = Number("--size-ratio", "binary: small/large diameter ratio, 0 < R <= 1", 0.4);
    readonly Option<double> _largeFraction = Number("--large-fraction", "binary: VOLUME fraction of large spheres among the solids, 0..1", 0.7);
    readonly Option<double> _d10 = Number("--d10", "lognormal: D10 of the volume distribution in um", 2.2);
    readonly Option<double> _d50 = Number("--d50", "lognormal: D50 in um", 3.5);
    readonly Option<double> _d90 = Number("--d90", "lognormal: D90 in um", 5.5);
    readonly Option<int> _count = Integer("--count", "number of spheres", 2000);
    readonly Option<int> _seed = Integer("--seed", "random seed", 1);
    readonly Option<int> _threads = Integer("--threads", "max threads (results are identical for any T; default all)", -1);
    readonly Option<bool> _walls = Flag("--walls", "walls in z (periodic x, y) instead of a periodic cube");
    readonly Option<double?> _box = Number("--box-um", "with --walls: in-plane box edge in um (default 16 largest radii)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        bool walls = args.GetValue(_walls);
        string psd = args.GetValue(_psd)!;
        int count = args.GetValue(_count);
        ulong seed = (ulong)args.GetValue(_seed);
        int threads = args.GetValue(_threads);
        double ratio = args.GetValue(_ratio);
        double largeFraction = args.GetValue(_largeFraction);
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
            default:
                var dist = ParticleSizeDistribution.FromD10D50D90(args.GetValue(_d10), args.GetValue(_d50), args.GetValue(_d90));
                radii = dist.SampleRadii(count, seed + 1000);
                break;
        }
        double rmax = radii.Max();
        var species = radii.Select(r => r == rmax ? 1 : 2).ToArray();
        double box = args.GetValue(_box) ?? 16.0 * rmax;
        var request = new PackingRequest(radii, species, box, box, walls, seed) { MaxDegreeOfParallelism = threads };
        var sw = Stopwatch.StartNew();
        var result = DensePacking.Pack(request, new SyncProgress(context.Progress));
        double seconds = sw.Elapsed.TotalSeconds;
        if (IsJson(args))
            Json.Write(context.Out, new PackingJson(result.PackingFraction, radii.Length, result.Iterations, result.MaxRelativeOverlap, Math.Round(seconds, 3)));
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

    sealed record PackingJson(double PackingFraction, int Count, int Iterations, double MaxRelativeOverlap, double Seconds);

    /// <summary>Reports synchronously on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    sealed class SyncProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
