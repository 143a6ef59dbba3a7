using Deedle;
using ResearchKit.Materials;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Microstructure.Filters;
using ResearchKit.Transport;

namespace ResearchKit.Paper;

/// <summary>Fig 5c-f quantities simulated on one digital twin.</summary>
public sealed record TwinTransportRow(
    string Sample, double NcwaMassFraction, ulong Seed, double VoxelUm, double ThicknessUm, double Porosity, double BinderVolumeFraction,
    double IonicRelativeConductivity, double IonicSigmaSPerCm, double IonicTau, bool IonicPercolating,
    double ElectronicSigmaSPerCm, double ElectronicTau,
    double MeanPoreSizeUm, double CamSseAreaPerVolumePerUm, int CamCamContacts, double CoordinationNumber, double Seconds)
{
    /// <summary>SSE volume fraction (carbon excluded) of the solved bulk region: the epsilon of tau_ion = eps sigma_0 / sigma_eff (Fig 2f's convention).</summary>
    public double SseVolumeFraction { get; init; } = double.NaN;
    /// <summary>Voxel planes dropped at the walls before the solves (<see cref="ResearchKit.Microstructure.Filters.VolumeFilters.BulkRegion"/>).</summary>
    public int TrimmedPlanes { get; init; }
    /// <summary>Diagnostics of the ionic solve.</summary>
    public SolveDiagnostics Ionic { get; init; } = SolveDiagnostics.Unknown;
    /// <summary>Diagnostics of the electronic solve.</summary>
    public SolveDiagnostics Electronic { get; init; } = SolveDiagnostics.Unknown;
}

/// <summary>One claimed ionic ordering "higher &gt; lower" checked against the seed scatter.</summary>
/// <param name="Higher">Cathode claimed higher.</param>
/// <param name="Lower">Cathode claimed lower.</param>
/// <param name="MeanHigherSPerCm">Seed mean conductivity (sigma_ion or sigma_e) of <paramref name="Higher"/> (S/cm).</param>
/// <param name="MeanLowerSPerCm">Seed mean conductivity of <paramref name="Lower"/> (S/cm).</param>
/// <param name="RelativeDifference">MeanHigher / MeanLower - 1 (negative: the twins order them the other way).</param>
/// <param name="StdErrorSPerCm">Standard error of the difference of the means (S/cm); NaN with one seed.</param>
/// <param name="Resolved">Difference above twice its standard error, in the claimed direction.</param>
/// <param name="SeedsReversed">Seeds on which the twins give the opposite order.</param>
/// <param name="SeedsCompared">Seeds present for both cathodes.</param>
public sealed record ConductivityComparison(string Higher, string Lower, double MeanHigherSPerCm, double MeanLowerSPerCm, double RelativeDifference,
    double StdErrorSPerCm, bool Resolved, int SeedsReversed, int SeedsCompared)
{
    /// <summary>The comparison of two cathodes' per-seed conductivities (S/cm, keyed by seed): the one rule for ionic and electronic claims.</summary>
    public static ConductivityComparison Between(string higher, string lower, IReadOnlyDictionary<ulong, double> a, IReadOnlyDictionary<ulong, double> b)
    {
        InvalidInputException.Require(a.Count > 0 && b.Count > 0, "sample", $"no rows for {(a.Count == 0 ? higher : lower)}");
        static (double M, double Se) Stats(IEnumerable<double> values)
        {
            var x = values.ToList();
            double m = x.Average();
            double var = x.Count > 1 ? x.Sum(v => (v - m) * (v - m)) / (x.Count - 1) : double.NaN;
            return (m, Math.Sqrt(var / x.Count));
        }
        var (ma, sa) = Stats(a.Values);
        var (mb, sb) = Stats(b.Values);
        double se = Math.Sqrt(sa * sa + sb * sb);
        var common = a.Keys.Intersect(b.Keys).ToList();
        return new ConductivityComparison(higher, lower, ma, mb, mb > 0 ? ma / mb - 1 : double.PositiveInfinity, se,
            double.IsFinite(se) && ma - mb > 2 * se, common.Count(k => a[k] <= b[k]), common.Count);
    }
}

/// <summary>What a conduction solve reported.</summary>
/// <param name="Iterations">Preconditioned CG iterations.</param>
/// <param name="Residual">Final relative residual ||b - A x|| / ||b||.</param>
/// <param name="Converged">Residual at or below the requested tolerance (the solver stops silently at its iteration cap otherwise).</param>
public sealed record SolveDiagnostics(int Iterations, double Residual, bool Converged)
{
    /// <summary>Placeholder for rows that carry no diagnostics.</summary>
    public static SolveDiagnostics Unknown { get; } = new(0, double.NaN, false);

    /// <summary>From a solve with the given relative tolerance (a non-percolating volume has nothing to solve: converged).</summary>
    public static SolveDiagnostics From(ConductionResult r, double relativeTolerance) =>
        new(r.Iterations, r.Residual, !r.Percolating || r.Residual <= relativeTolerance);
}

/// <summary>
/// The simulated side of Fig 5c-5f: build the digital twin of a cathode (Packing -> SSE filling), then solve Li+ conduction through
/// the SSE binder and electron conduction through CAM + carbon along the thickness (z, current collector to separator), and measure
/// pore size, CAM-SSE contact area and CAM-CAM contacts. One parameter set for every blend (data/materials and twin-defaults);
/// nothing is tuned per cathode.
/// </summary>
/// <remarks>
/// Phase conductivities in the binder voxels (SSE with a sub-voxel carbon share phi_C): ionic sigma_SSE (1 - phi_C)^1.5 and
/// electronic sigma_C phi_C^1.5 (Bruggeman inside the voxel). The CAM conducts electrons with a uniform sigma_CAM; CAM-CAM contact
/// resistance, which the paper names as the governing factor for electrons (p.8), is not modelled, so the electronic values are an upper
/// bound and their trend with blend ratio reflects geometry only.
/// </remarks>
public static class TwinTransportStudy
{
    /// <summary>Relative residual at which the two solves stop.</summary>
    public const double SolverTolerance = 1e-6;

    /// <summary>Simulates one cathode. Voxel 0.4 um keeps a 40 x 40 um box under a second per solve; use 0.1-0.2 um for converged numbers.</summary>
    /// <param name="ncwaMassFraction">NCWA share of the CAM mass (0..1).</param>
    /// <param name="seed">Twin seed.</param>
    /// <param name="voxelUm">Voxel edge (um).</param>
    /// <param name="conductivities">Phase conductivities (S/cm); default: the material table.</param>
    /// <param name="progress">Progress lines.</param>
    public static TwinTransportRow Run(double ncwaMassFraction, ulong seed = 1, double voxelUm = 0.4, PhaseConductivities? conductivities = null, IProgress<string>? progress = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var c = conductivities ?? PhaseConductivities.Default();
        var twin = TwinGenerator.Build(TwinSpec.Default(ncwaMassFraction, seed, voxelUm), progress, particleIds: false);
        var v = VolumeFilters.BulkRegion(twin.Volume, out int trimmedPlanes);
        double phiC = twin.CarbonShareOfBinder;
        var options = new ConductionOptions { Axis = VolumeAxis.Z, RelativeTolerance = SolverTolerance };
        var ionic = ConductionSolver.Solve(v, new Dictionary<byte, double> { [PhaseLabels.Sse] = c.SseIonicSPerCm * Math.Pow(1 - phiC, 1.5) }, options);
        var electronic = ConductionSolver.Solve(v, new Dictionary<byte, double>
        {
            [PhaseLabels.Ncwa] = c.CamElectronicSPerCm, [PhaseLabels.Ncm] = c.CamElectronicSPerCm,
            [PhaseLabels.Sse] = c.CarbonElectronicSPerCm * Math.Pow(phiC, 1.5),
        }, options);
        // Fig 2f's convention: tau = eps_SSE sigma_0 / sigma_eff with eps_SSE the SSE volume fraction (carbon excluded) and sigma_0
        // the bulk SSE conductivity. (The solver's own tau uses the binder voxels' conductivity sigma_0 (1 - phi_C)^1.5 and their
        // fraction; that is (1 - phi_C)^0.5 of this value.)
        double epsSse = ionic.VolumeFraction * (1 - phiC);
        double tauIon = ionic.Percolating && ionic.EffectiveConductivity > 0 ? Tortuosity.FromConductivity(epsSse, c.SseIonicSPerCm, ionic.EffectiveConductivity) : double.PositiveInfinity;
        var morphology = Morphology.Analyse(v, VolumeAxis.Z, PhaseLabels.Pore);
        double area = Interfaces.AreaPerVolumePerUm(v, PhaseLabels.Ncwa, PhaseLabels.Sse) + Interfaces.AreaPerVolumePerUm(v, PhaseLabels.Ncm, PhaseLabels.Sse);
        progress?.Report($"{Samples.NameOf(ncwaMassFraction)} seed {seed}: porosity {twin.Porosity:P1}, tau_ion {tauIon:F2}, tau_e {electronic.Tau:F2} ({sw.Elapsed.TotalSeconds:F1} s)");
        return new TwinTransportRow(Samples.NameOf(ncwaMassFraction), ncwaMassFraction, seed, voxelUm, twin.ThicknessUm, twin.Porosity,
            twin.VolumeFractions.Sse + twin.VolumeFractions.Carbon,
            ionic.EffectiveConductivity / c.SseIonicSPerCm, ionic.EffectiveConductivity, tauIon, ionic.Percolating,
            electronic.EffectiveConductivity, electronic.Tau,
            morphology.MeanPoreSizeUm, area, twin.Contacts.Total, twin.Contacts.CoordinationNumber, sw.Elapsed.TotalSeconds)
        {
            SseVolumeFraction = epsSse, TrimmedPlanes = trimmedPlanes,
            Ionic = SolveDiagnostics.From(ionic, SolverTolerance), Electronic = SolveDiagnostics.From(electronic, SolverTolerance),
        };
    }

    /// <summary>The five cathodes of the paper with one seed each.</summary>
    public static IReadOnlyList<TwinTransportRow> PaperCathodes(ulong seed = 1, double voxelUm = 0.4, PhaseConductivities? conductivities = null, IProgress<string>? progress = null) =>
        Samples.All.Select(s => Run(s.NcwaMassFraction, seed, voxelUm, conductivities, progress)).ToList();

    /// <summary>
    /// Mean over seeds per cathode (paper order). Porosity, conductivities and metrics are arithmetic means; tau is recomputed from the
    /// mean conductivity, so one non-percolating seed makes the cathode's mean conductivity lower, not its tau infinite.
    /// </summary>
    public static IReadOnlyList<TwinTransportRow> MeanOverSeeds(IReadOnlyList<TwinTransportRow> rows) =>
        rows.GroupBy(r => r.Sample).OrderByDescending(g => g.First().NcwaMassFraction).Select(g =>
        {
            var l = g.ToList();
            double M(Func<TwinTransportRow, double> f) => l.Average(f);
            double sigmaIon = M(r => r.IonicSigmaSPerCm), sigmaE = M(r => r.ElectronicSigmaSPerCm);
            // tau = eps sigma_phase / sigma_eff with the seeds' mean of eps sigma_phase (= tau sigma_eff per seed).
            double epsSigmaIon = M(r => double.IsFinite(r.IonicTau) ? r.IonicTau * r.IonicSigmaSPerCm : 0);
            double epsSigmaE = M(r => double.IsFinite(r.ElectronicTau) ? r.ElectronicTau * r.ElectronicSigmaSPerCm : 0);
            return new TwinTransportRow(g.Key, l[0].NcwaMassFraction, 0, l[0].VoxelUm, M(r => r.ThicknessUm), M(r => r.Porosity), M(r => r.BinderVolumeFraction),
                M(r => r.IonicRelativeConductivity), sigmaIon, sigmaIon > 0 ? epsSigmaIon / sigmaIon : double.PositiveInfinity, l.All(r => r.IonicPercolating),
                sigmaE, sigmaE > 0 ? epsSigmaE / sigmaE : double.PositiveInfinity, M(r => r.MeanPoreSizeUm), M(r => r.CamSseAreaPerVolumePerUm),
                (int)Math.Round(M(r => r.CamCamContacts)), M(r => r.CoordinationNumber), l.Sum(r => r.Seconds))
            {
                SseVolumeFraction = M(r => r.SseVolumeFraction), TrimmedPlanes = l.Max(r => r.TrimmedPlanes),
                Ionic = Worst(l.Select(r => r.Ionic)), Electronic = Worst(l.Select(r => r.Electronic)),
            };
        }).ToList();

    static SolveDiagnostics Worst(IEnumerable<SolveDiagnostics> d)
    {
        var l = d.ToList();
        return new(l.Max(x => x.Iterations), l.Max(x => x.Residual), l.All(x => x.Converged));
    }

    static string CsvLine(TwinTransportRow r)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        return string.Join(",", new object[] { r.Sample, r.NcwaMassFraction, r.Seed, r.VoxelUm, r.ThicknessUm, r.Porosity, r.BinderVolumeFraction,
            r.IonicSigmaSPerCm, r.IonicTau, r.IonicPercolating, r.ElectronicSigmaSPerCm, r.ElectronicTau, r.MeanPoreSizeUm,
            r.CamSseAreaPerVolumePerUm, r.CamCamContacts, r.CoordinationNumber, Math.Round(r.Seconds, 2),
            r.IonicRelativeConductivity, r.SseVolumeFraction, r.TrimmedPlanes, r.Ionic.Iterations, r.Ionic.Residual, r.Ionic.Converged,
            r.Electronic.Iterations, r.Electronic.Residual, r.Electronic.Converged }.Select(o => Convert.ToString(o, ci))) + "\n";
    }

    /// <summary>
    /// Appends one row (the header first when the file is new or empty): a long study interrupted after k twins keeps k complete
    /// rows, readable with <see cref="ReadCsv"/>.
    /// </summary>
    public static void AppendCsv(TwinTransportRow row, string path) => CsvTable.AppendLineAtomically(path, CsvHeader, CsvLine(row).TrimEnd('\n'));

    /// <summary>Writes the rows as CSV (one line per twin; invariant culture; atomic).</summary>
    public static void WriteCsv(IReadOnlyList<TwinTransportRow> rows, string path)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder(CsvHeader + "\n");
        foreach (var r in rows) sb.Append(CsvLine(r));
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
        // Provenance sidecar (data policy): generator, parameters, seed, kit version.
        var first = rows.Count > 0 ? rows[0] : null;
        var sidecar = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["kind"] = "synthetic",
            ["generator"] = "ResearchKit.Paper.TwinTransportStudy (TwinGenerator.Build + ConductionSolver + Morphology)",
            ["command"] = "researchkit twin-transport --voxel-um " + first?.VoxelUm.ToString(ci) + " --seed " + rows.Min(r => r.Seed) + " --seeds " + rows.Select(r => r.Seed).Distinct().Count() + " --out " + Path.GetFileName(path),
            ["parameters"] = new Dictionary<string, object?>
            {
                ["voxel_um"] = first?.VoxelUm, ["twin_defaults"] = "data/materials/twin-defaults.csv", ["materials"] = "data/materials/materials.csv",
                ["densities_g_per_cm3"] = ResearchKit.Materials.MaterialLibrary.Default.Densities(),
                ["sse_interlayer_um"] = TwinSpec.Default().SseInterlayerUm,
                ["conductivities"] = PhaseConductivities.Default(), ["solver_relative_tolerance"] = SolverTolerance,
                ["tau_ion_convention"] = "tau = eps_SSE sigma_0 / sigma_eff (Fig 2f; eps_SSE = SSE volume fraction of the solved region, carbon excluded)",
            },
            ["seeds"] = rows.Select(r => r.Seed).Distinct().Order().ToArray(),
            ["commit"] = Provenance.GitCommit(),
            ["note"] = "simulated on digital twins; not a measurement",
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path + ".provenance.json", sidecar);
    }

    /// <summary>Reads rows written by <see cref="WriteCsv"/>.</summary>
    public static IReadOnlyList<TwinTransportRow> ReadCsv(string path)
    {
        // Legacy files (written before issue 9) lack the diagnostics columns: those rows get SolveDiagnostics.Unknown, a NaN SSE
        // fraction, and their relative conductivity divided by today's sigma_0 (the one value that is recomputed, and only for them).
        var t = CsvTable.Load(path, LegacyColumns);
        bool legacy = !t.Columns.Contains("ionic_converged");
        double D(CsvRow r, string c)
        {
            var s = r.Text(c);
            if (s is "∞" or "Infinity" or "inf") return double.PositiveInfinity;
            return r.Number(c);
        }
        bool B(CsvRow r, string c) => bool.TryParse(r.RequiredText(c), out var b) ? b
            : throw new InvalidInputException($"expected True or False, got '{r.Text(c)}'", path, r.Line, c);
        // Every value of a current file is read as stored: nothing is recomputed from today's defaults.
        return t.Rows.Select(r =>
        {
            double sigma = D(r, "sigma_ion_s_per_cm");
            var row = new TwinTransportRow(r.RequiredText("sample"), D(r, "ncwa_mass_fraction"), (ulong)D(r, "seed"), D(r, "voxel_um"),
                D(r, "thickness_um"), D(r, "porosity"), D(r, "binder_volume_fraction"),
                legacy ? sigma / PhaseConductivities.Default().SseIonicSPerCm : D(r, "sigma_ion_relative"),
                sigma, D(r, "tau_ion"), B(r, "ionic_percolating"), D(r, "sigma_e_s_per_cm"), D(r, "tau_e"),
                D(r, "mean_pore_size_um"), D(r, "cam_sse_area_per_volume_per_um"), (int)D(r, "cam_cam_contacts"), D(r, "coordination_number"), D(r, "seconds"));
            return legacy ? row : row with
            {
                SseVolumeFraction = D(r, "sse_volume_fraction"), TrimmedPlanes = (int)D(r, "trimmed_planes"),
                Ionic = new SolveDiagnostics((int)D(r, "ionic_iterations"), D(r, "ionic_residual"), B(r, "ionic_converged")),
                Electronic = new SolveDiagnostics((int)D(r, "electronic_iterations"), D(r, "electronic_residual"), B(r, "electronic_converged")),
            };
        }).ToList();
    }

    static readonly string[] LegacyColumns = CsvHeader.Split(',')[..17];

    /// <summary>Columns of the stored study, in order.</summary>
    public const string CsvHeader = "sample,ncwa_mass_fraction,seed,voxel_um,thickness_um,porosity,binder_volume_fraction,sigma_ion_s_per_cm,tau_ion,ionic_percolating,sigma_e_s_per_cm,tau_e,mean_pore_size_um,cam_sse_area_per_volume_per_um,cam_cam_contacts,coordination_number,seconds,sigma_ion_relative,sse_volume_fraction,trimmed_planes,ionic_iterations,ionic_residual,ionic_converged,electronic_iterations,electronic_residual,electronic_converged";

    /// <summary>
    /// Whether the seed-mean ionic conductivity of cathode <paramref name="higher"/> exceeds that of <paramref name="lower"/> by more
    /// than the seed scatter: resolved when the difference of the means exceeds twice its standard error
    /// sqrt(s_a^2/n_a + s_b^2/n_b); also counts the seeds on which the order is reversed (same seed for both cathodes).
    /// </summary>
    /// <param name="perSeed">One row per twin (several seeds per cathode).</param>
    /// <param name="higher">Cathode the claim ranks higher (e.g. "CAM7:3").</param>
    /// <param name="lower">Cathode the claim ranks lower.</param>
    public static ConductivityComparison CompareIonic(IReadOnlyList<TwinTransportRow> perSeed, string higher, string lower) =>
        ConductivityComparison.Between(higher, lower,
            perSeed.Where(r => r.Sample == higher).ToDictionary(r => r.Seed, r => r.IonicSigmaSPerCm),
            perSeed.Where(r => r.Sample == lower).ToDictionary(r => r.Seed, r => r.IonicSigmaSPerCm));

    /// <summary>The paper's Fig 5c ionic order as adjacent claims (CAM7:3 &gt; CAM8:2 &gt; CAM6:4 &gt; CAM10:0 &gt; CAM0:10), each checked with <see cref="CompareIonic"/>.</summary>
    public static IReadOnlyList<ConductivityComparison> PaperIonicOrder(IReadOnlyList<TwinTransportRow> perSeed) =>
        [CompareIonic(perSeed, "CAM7:3", "CAM8:2"), CompareIonic(perSeed, "CAM8:2", "CAM6:4"), CompareIonic(perSeed, "CAM6:4", "CAM10:0"), CompareIonic(perSeed, "CAM10:0", "CAM0:10")];

    public static Frame<string, string> ToFrame(IReadOnlyList<TwinTransportRow> rows) =>
        new FrameColumns(rows.Select(r => r.Sample + (rows.Count(q => q.Sample == r.Sample) > 1 ? $" s{r.Seed}" : "")))
            .Add("thickness [um]", rows.Select(r => Math.Round(r.ThicknessUm, 1)))
            .Add("porosity [%]", rows.Select(r => Math.Round(100 * r.Porosity, 2)))
            .Add("SSE+C [vol%]", rows.Select(r => Math.Round(100 * r.BinderVolumeFraction, 2)))
            .Add("sigma_ion [mS/cm]", rows.Select(r => Math.Round(1e3 * r.IonicSigmaSPerCm, 4)))
            .Add("tau_ion", rows.Select(r => Math.Round(r.IonicTau, 3)))
            .Add("sigma_e [mS/cm]", rows.Select(r => Math.Round(1e3 * r.ElectronicSigmaSPerCm, 4)))
            .Add("tau_e", rows.Select(r => Math.Round(r.ElectronicTau, 3)))
            .Add("mean pore size [um]", rows.Select(r => Math.Round(r.MeanPoreSizeUm, 3)))
            .Add("CAM-SSE area [1/um]", rows.Select(r => Math.Round(r.CamSseAreaPerVolumePerUm, 4)))
            .Add("CAM-CAM contacts", rows.Select(r => (double)r.CamCamContacts))
            .Add("coordination", rows.Select(r => Math.Round(r.CoordinationNumber, 2)))
            .Build();
}
