using System.Globalization;
using System.Text;
using Deedle;

using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Paper;

/// <summary>One twin of the porosity study: blend, seed and what the twin predicts.</summary>
public sealed record TwinStudySample(
    string Sample, double NcwaMassFraction, ulong Seed, double VoxelUm, double Porosity, double CamPackingFraction,
    double ThicknessUm, int Ncwa, int Ncm, int LargeLarge, int LargeSmall, int SmallSmall, double CoordinationNumber, double Seconds)
{
    /// <summary>Summary of a built twin.</summary>
    public static TwinStudySample From(string sample, DigitalTwin t) => new(
        sample, t.Spec.LargeMassFraction, t.Spec.Seed, t.Volume.VoxelUm, t.Porosity, t.CamPackingFraction, t.ThicknessUm,
        t.ParticleCounts["ncwa"], t.ParticleCounts["ncm"], t.Contacts.LargeLarge, t.Contacts.LargeSmall, t.Contacts.SmallSmall,
        t.Contacts.CoordinationNumber, t.Seconds);
}

/// <summary>Predicted porosity of one cathode over seeds, next to the paper's measurements (fractions, not percent).</summary>
public sealed record TwinPorosityRow(
    string Sample, double NcwaMassFraction, int Seeds, double PorosityMean, double PorositySd, double CamPackingFractionMean,
    double ThicknessUmMean, double CoordinationNumberMean, double? PorositySem, double? PorosityPycnometryMin, double? PorosityPycnometryMax);

/// <summary>
/// The prediction study of issue 3: the five paper cathodes (NCWA:NCM 10:0, 8:2, 7:3, 6:4, 0:10) built with one parameter set
/// and several seeds; predicted porosity against the paper's SEM (Table S1) and He-pycnometry ranges.
/// </summary>
/// <remarks>
/// Nothing is fitted: porosity = 1 - phi_CAM (1 + V_binder/V_CAM), where phi_CAM comes from the jammed packing of the
/// sampled populations and V_binder/V_CAM from the weight fractions and densities. The SEM values are 2-D area fractions of
/// marked pores on one cross-section each; the pycnometry values are ranges over groups (bimodal 8-11 %, unimodal 11-13 %).
/// </remarks>
public static class TwinPorosityStudy
{
    /// <summary>The paper's five cathodes: sample name and NCWA mass fraction of the CAM.</summary>
    public static IReadOnlyList<(string Sample, double NcwaMassFraction)> PaperCathodes { get; } =
        [("CAM10:0", 1.0), ("CAM8:2", 0.8), ("CAM7:3", 0.7), ("CAM6:4", 0.6), ("CAM0:10", 0.0)];

    /// <summary>
    /// Builds every paper cathode with seeds 1..<paramref name="seeds"/> at the given voxel size (slow: one dense packing per twin).
    /// </summary>
    /// <param name="seeds">Seeds 1..seeds per cathode.</param>
    /// <param name="voxelUm">Voxel edge (um).</param>
    /// <param name="progress">Progress lines.</param>
    /// <param name="build">Twin builder (default: <see cref="TwinGenerator.Build(TwinSpec, IProgress{string}?, bool, int)"/> with the default spec).</param>
    /// <param name="onTwin">Called with (sample, twin) after each twin, e.g. to save its particle list.</param>
    public static IReadOnlyList<TwinStudySample> Run(int seeds = 3, double voxelUm = 0.25, IProgress<string>? progress = null,
        Func<TwinSpec, DigitalTwin>? build = null, Action<string, DigitalTwin>? onTwin = null)
    {
        if (seeds < 1) throw new InvalidInputException($"expected at least one seed, got {seeds}", field: "seeds");
        build ??= s => TwinGenerator.Build(s, null, particleIds: false);
        var list = new List<TwinStudySample>();
        foreach (var (sample, ncwa) in PaperCathodes)
            for (int seed = 1; seed <= seeds; seed++)
            {
                var twin = build(TwinSpec.Default(ncwa, (ulong)seed, voxelUm));
                list.Add(TwinStudySample.From(sample, twin));
                onTwin?.Invoke(sample, twin);
                progress?.Report($"study: {sample} seed {seed}: porosity {twin.Porosity:F4} ({twin.Seconds:F1} s)");
            }
        return list;
    }

    /// <summary>Mean and sample standard deviation per cathode, joined with the paper's porosity values.</summary>
    public static IReadOnlyList<TwinPorosityRow> Summarize(IEnumerable<TwinStudySample> samples)
    {
        var paper = PaperPorosity();
        return samples.GroupBy(s => s.Sample).OrderByDescending(g => g.First().NcwaMassFraction).Select(g =>
        {
            var p = g.Select(s => s.Porosity).ToArray();
            double mean = p.Average();
            double sd = p.Length > 1 ? Math.Sqrt(p.Sum(x => (x - mean) * (x - mean)) / (p.Length - 1)) : double.NaN;
            double ncwa = g.First().NcwaMassFraction;
            bool bimodal = ncwa > 0 && ncwa < 1;
            paper.TryGetValue((g.Key, "porosity_sem"), out var sem);
            paper.TryGetValue((bimodal ? "BCC" : "UCC", "porosity_pycnometry_min"), out var pmin);
            paper.TryGetValue((bimodal ? "BCC" : "UCC", "porosity_pycnometry_max"), out var pmax);
            return new TwinPorosityRow(g.Key, ncwa, p.Length, mean, sd, g.Average(s => s.CamPackingFraction), g.Average(s => s.ThicknessUm),
                g.Average(s => s.CoordinationNumber), sem, pmin, pmax);
        }).ToList();
    }

    /// <summary>The summary as a Deedle frame (porosities as fractions).</summary>
    public static Frame<int, string> ToFrame(IEnumerable<TwinPorosityRow> rows) => Frame.FromRecords(rows);

    /// <summary>Per-seed samples as a Deedle frame.</summary>
    public static Frame<int, string> ToFrame(IEnumerable<TwinStudySample> samples) => Frame.FromRecords(samples);

    /// <summary>Paper porosities (fractions) keyed (sample, quantity) from data/paper/paper-values.csv.</summary>
    public static IReadOnlyDictionary<(string, string), double?> PaperPorosity()
    {
        var t = CsvTable.Parse(EmbeddedData.Read("paper", "paper-values.csv"), "data/paper/paper-values.csv", ["sample", "quantity", "value", "unit"]);
        var d = new Dictionary<(string, string), double?>();
        foreach (var r in t.Rows)
        {
            var q = r.RequiredText("quantity");
            if (!q.StartsWith("porosity_sem", StringComparison.Ordinal) && !q.StartsWith("porosity_pycnometry", StringComparison.Ordinal)) continue;
            if (q.EndsWith("_rank", StringComparison.Ordinal) || q.Contains("reduction", StringComparison.Ordinal)) continue;
            double v = r.Number("value");
            d[(r.RequiredText("sample"), q)] = r.RequiredText("unit") == "%" ? v / 100 : v;
        }
        return d;
    }

    const string SamplesHeader = "sample,ncwa_mass_fraction,seed,voxel_um,porosity,cam_packing_fraction,thickness_um,ncwa,ncm,large_large,large_small,small_small,coordination_number,seconds\n";

    static string SampleLine(TwinStudySample s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.Sample},{s.NcwaMassFraction:R},{s.Seed},{s.VoxelUm:R},{s.Porosity:R},{s.CamPackingFraction:R},{s.ThicknessUm:R},{s.Ncwa},{s.Ncm},{s.LargeLarge},{s.LargeSmall},{s.SmallSmall},{s.CoordinationNumber:R},{s.Seconds:F2}\n");

    /// <summary>Writes per-seed samples as CSV (one row per twin), atomically (a temporary file renamed over the target).</summary>
    public static void WriteSamplesCsv(IEnumerable<TwinStudySample> samples, string path)
    {
        var sb = new StringBuilder(SamplesHeader);
        foreach (var s in samples) sb.Append(SampleLine(s));
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>
    /// Appends one sample to a CSV (writing the header first when the file is new or empty) and flushes it, so that a long study
    /// interrupted after k twins keeps k complete rows (<see cref="CsvTable.AppendLineAtomically"/>).
    /// </summary>
    public static void AppendSampleCsv(TwinStudySample sample, string path) =>
        CsvTable.AppendLineAtomically(path, SamplesHeader.TrimEnd('\n'), SampleLine(sample).TrimEnd('\n'));

    /// <summary>Reads per-seed samples written by <see cref="WriteSamplesCsv"/>.</summary>
    public static IReadOnlyList<TwinStudySample> ReadSamplesCsv(string path)
    {
        var t = CsvTable.Load(path, ["sample", "ncwa_mass_fraction", "seed", "voxel_um", "porosity", "cam_packing_fraction", "thickness_um",
            "ncwa", "ncm", "large_large", "large_small", "small_small", "coordination_number", "seconds"]);
        return t.Rows.Select(r => new TwinStudySample(r.RequiredText("sample"), r.Number("ncwa_mass_fraction"), (ulong)r.Number("seed"),
            r.Number("voxel_um"), r.Number("porosity"), r.Number("cam_packing_fraction"), r.Number("thickness_um"), (int)r.Number("ncwa"),
            (int)r.Number("ncm"), (int)r.Number("large_large"), (int)r.Number("large_small"), (int)r.Number("small_small"),
            r.Number("coordination_number"), r.Number("seconds"))).ToList();
    }

    /// <summary>
    /// Reads the SSE-interlayer calibration scan (columns sample, sse_interlayer_um, seed, voxel_um, porosity,
    /// cam_packing_fraction, thickness_um) and adds the paper's SEM porosity of each (unimodal) cathode.
    /// </summary>
    public static Frame<int, string> ReadCalibrationFrame(string path)
    {
        var t = CsvTable.Load(path, ["sample", "sse_interlayer_um", "seed", "voxel_um", "porosity", "cam_packing_fraction", "thickness_um"]);
        var paper = PaperPorosity();
        return Frame.FromRecords(t.Rows.Select(r => new
        {
            Sample = r.RequiredText("sample"),
            SseInterlayerUm = r.Number("sse_interlayer_um"),
            Seed = (int)r.Number("seed"),
            Porosity = r.Number("porosity"),
            CamPackingFraction = r.Number("cam_packing_fraction"),
            ThicknessUm = r.Number("thickness_um"),
            PorositySem = paper.TryGetValue((r.RequiredText("sample"), "porosity_sem"), out var v) ? v ?? double.NaN : double.NaN,
        }));
    }
}
