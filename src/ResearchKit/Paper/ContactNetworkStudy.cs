using System.Globalization;
using System.Text;
using Deedle;
using ResearchKit.Materials;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Transport;

namespace ResearchKit.Paper;

/// <summary>sigma_e,eff of one twin from the particle-contact network at one film resistance.</summary>
/// <param name="Sample">Cathode name.</param>
/// <param name="NcwaMassFraction">NCWA share of the CAM mass.</param>
/// <param name="Seed">Twin seed.</param>
/// <param name="FilmOhmM2">Contact-film resistance r_film (ohm m2).</param>
/// <param name="SigmaSPerCm">sigma_e,eff = CAM network + carbon path (S/cm).</param>
/// <param name="NetworkSigmaSPerCm">CAM contact network alone (S/cm).</param>
/// <param name="CarbonPathSPerCm">Carbon path in parallel (S/cm).</param>
/// <param name="Particles">CAM particles.</param>
/// <param name="ConductingParticles">Particles in clusters joining both electrodes.</param>
/// <param name="Contacts">CAM-CAM contacts (edges).</param>
/// <param name="CollectorContacts">Particle-current collector contacts (z = 0).</param>
/// <param name="MeanContactRadiusUm">Mean CAM-CAM contact radius (um).</param>
/// <param name="ThicknessUm">Electrode-plane separation L (the packer's height, um).</param>
/// <param name="CurrentMismatch">|I_in - I_out| / I.</param>
/// <param name="Iterations">CG iterations.</param>
/// <param name="Residual">Final relative residual.</param>
/// <param name="Converged">Residual at or below the tolerance.</param>
/// <param name="Seconds">Solve wall time (s; the twin build is not included).</param>
public sealed record ContactNetworkRow(string Sample, double NcwaMassFraction, ulong Seed, double FilmOhmM2, double SigmaSPerCm, double NetworkSigmaSPerCm,
    double CarbonPathSPerCm, int Particles, int ConductingParticles, int Contacts, int CollectorContacts, double MeanContactRadiusUm, double ThicknessUm,
    double CurrentMismatch, int Iterations, double Residual, bool Converged, double Seconds);

/// <summary>Outcome of the one-parameter calibration on the two unimodal cathodes.</summary>
/// <param name="Possible">Whether measured sigma_e,eff of CAM10:0 and CAM0:10 are in the paper data.</param>
/// <param name="FilmOhmM2">Fitted r_film (ohm m2); <see cref="ContactNetworkStudy.NominalFilmOhmM2"/> when not possible.</param>
/// <param name="MeasuredSPerCm">Measured values used (CAM10:0, CAM0:10), empty when not possible.</param>
/// <param name="ModelSPerCm">Model values at the fitted film (seed means), empty when not possible.</param>
/// <param name="Note">What was done, in words.</param>
public sealed record ContactNetworkCalibration(bool Possible, double FilmOhmM2, IReadOnlyList<double> MeasuredSPerCm, IReadOnlyList<double> ModelSPerCm, string Note);

/// <summary>
/// The paper's electronic picture (Fig 2h, 5e-f, p.8: CAM-CAM interfacial resistance governs sigma_e,eff; more, smaller NCM particles
/// mean more contacts) on the kit's twins: the particle-contact network of <see cref="ContactNetwork"/> on each twin's CAM particle
/// list, with a carbon path in parallel. One contact-film resistance for every cathode, calibrated on the unimodal cathodes only.
/// </summary>
/// <remarks>
/// <para>Twins: <see cref="TwinGenerator.Build(TwinSpec, IProgress{string}?, bool, int)"/> with the stored defaults (TwinSpec.Default)
/// and the seed; only the particle list and the packer's height are used (so the voxel edge does not matter; 1 um is used to keep
/// the build cheap). Electrodes: the packer's walls, z = 0 (current collector) and z = packed height; x and y periodic.</para>
/// <para>Carbon path: the voxel model's carbon share phi_C of the SSE binder (Super P, sub-voxel) conducting at
/// sigma_C phi_C^1.5 (Bruggeman inside the binder, as in <see cref="TwinTransportStudy"/>) through the binder network of the same twin,
/// whose geometric factor is the ionic result of the voxel study: F = sigma_ion,eff / (sigma_SSE (1 - phi_C)^1.5). So
/// sigma_carbon = sigma_C phi_C^1.5 F: the carbon follows the SSE paths, and the twin-transport study supplies F per cathode and seed.</para>
/// <para>Calibration: the paper's measured sigma_e,eff per cathode is in Fig 2h and Table S5 (SI); the main text gives no numbers.
/// When data/paper holds them (quantity <see cref="MeasuredQuantity"/> for CAM10:0 and CAM0:10), r_film is fitted on those two
/// (<see cref="ContactNetwork.FitFilm"/>); otherwise the study reports a sweep over r_film and the ordering it gives at each.</para>
/// </remarks>
public static class ContactNetworkStudy
{
    /// <summary>Quantity name of the measured sigma_e,eff (S/cm) in data/paper/paper-values.csv.</summary>
    public const string MeasuredQuantity = "sigma_e_eff";

    /// <summary>
    /// 1e-6 ohm m2 (10 ohm cm2): an assumed film where Holm and film terms are comparable for the twins' contacts (a ~ 0.5 um,
    /// rho = 1 ohm m: rho / (2a) = 1e6 ohm, r_film / (pi a^2) = 1.3e6 ohm). Used only while no measured values calibrate it.
    /// </summary>
    public const double NominalFilmOhmM2 = 1e-6;

    /// <summary>The sweep of the stored study: no film (Holm only), then 1e-9 .. 1e-4 ohm m2 in decades (film-dominated at the top).</summary>
    public static IReadOnlyList<double> FilmSweepOhmM2 { get; } = [0, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4];

    /// <summary>The particle network of one twin: stored defaults, the given seed, the packer's walls as electrodes.</summary>
    public static ContactNetworkGeometry TwinGeometry(double ncwaMassFraction, ulong seed, IProgress<string>? progress = null)
    {
        var spec = TwinSpec.Default(ncwaMassFraction, seed, voxelUm: 1.0);
        var twin = TwinGenerator.Build(spec, progress, particleIds: false);
        return FromTwin(twin);
    }

    /// <summary>The particle network of a built twin (its CAM radii, its interlayer t/2 as the contact shell, walls 0 and packed height).</summary>
    public static ContactNetworkGeometry FromTwin(DigitalTwin twin) =>
        new(twin.Particles, twin.Spec.BoxXUm, twin.Spec.BoxYUm, 0, twin.PackedHeightUm, twin.Spec.SseInterlayerUm / 2);

    /// <summary>Carbon volume share phi_C of the SSE + carbon binder, from the composition and densities of <paramref name="spec"/>.</summary>
    public static double CarbonShareOfBinder(TwinSpec spec)
    {
        double vC = spec.Composition.CarbonWtPercent / spec.CarbonDensityGPerCm3, vS = spec.Composition.SseWtPercent / spec.SseDensityGPerCm3;
        return vC / (vC + vS);
    }

    /// <summary>sigma_carbon = sigma_C phi_C^1.5 F with F = sigma_ion,eff / (sigma_SSE (1 - phi_C)^1.5) from a voxel-study row (S/cm).</summary>
    public static double CarbonPathSPerCm(TwinTransportRow voxelRow, PhaseConductivities? conductivities = null)
    {
        var c = conductivities ?? PhaseConductivities.Default();
        double phiC = CarbonShareOfBinder(TwinSpec.Default(voxelRow.NcwaMassFraction));
        double f = voxelRow.IonicSigmaSPerCm / (c.SseIonicSPerCm * Math.Pow(1 - phiC, 1.5));
        return c.CarbonElectronicSPerCm * Math.Pow(phiC, 1.5) * f;
    }

    /// <summary>Network parameters: the material table's CAM resistivity for both species, the twins' contact tolerance.</summary>
    public static ContactNetworkParameters Parameters(double filmOhmM2, double carbonPathSPerCm, PhaseConductivities? conductivities = null)
    {
        var c = conductivities ?? PhaseConductivities.Default();
        double rho = 1 / (c.CamElectronicSPerCm * 100); // S/cm -> ohm m
        return new ContactNetworkParameters
        {
            FilmOhmM2 = filmOhmM2, DefaultResistivityOhmM = rho, CarbonPathSPerCm = carbonPathSPerCm,
            GapTolerance = TwinSpec.Default().ContactGapTolerance,
        };
    }

    /// <summary>Solves one twin at one film.</summary>
    public static ContactNetworkRow Run(ContactNetworkGeometry geometry, double ncwaMassFraction, ulong seed, double filmOhmM2, double carbonPathSPerCm)
    {
        var r = ContactNetwork.Solve(geometry, Parameters(filmOhmM2, carbonPathSPerCm));
        return new ContactNetworkRow(Samples.NameOf(ncwaMassFraction), ncwaMassFraction, seed, filmOhmM2, r.SigmaSPerCm, r.NetworkSigmaSPerCm, r.CarbonPathSPerCm,
            r.Particles, r.ConductingParticles, r.Contacts, r.BottomContacts, r.MeanContactRadiusUm, geometry.ThicknessUm, r.CurrentMismatch,
            r.Iterations, r.Residual, r.Converged, r.Seconds);
    }

    /// <summary>
    /// The study: the five cathodes x the seeds of <paramref name="voxelRows"/> (the twin-transport study, for the carbon path) x the
    /// films. Each twin is built once.
    /// </summary>
    public static IReadOnlyList<ContactNetworkRow> Sweep(IReadOnlyList<TwinTransportRow> voxelRows, IReadOnlyList<double> filmsOhmM2, IProgress<string>? progress = null)
    {
        var rows = new List<ContactNetworkRow>();
        foreach (var v in voxelRows.OrderBy(r => r.Seed).ThenByDescending(r => r.NcwaMassFraction))
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var g = TwinGeometry(v.NcwaMassFraction, v.Seed);
            double carbon = CarbonPathSPerCm(v);
            foreach (var film in filmsOhmM2) rows.Add(Run(g, v.NcwaMassFraction, v.Seed, film, carbon));
            progress?.Report($"{v.Sample} seed {v.Seed}: {g.Spheres.Count} particles, twin + {filmsOhmM2.Count} solves {sw.Elapsed.TotalSeconds:F1} s");
        }
        return rows;
    }

    /// <summary>
    /// Fits r_film on CAM10:0 and CAM0:10 (all their seeds) when <paramref name="paper"/> holds their measured sigma_e,eff
    /// (<see cref="MeasuredQuantity"/>, S/cm); the blends are never used. Otherwise returns Possible = false with the nominal film.
    /// </summary>
    public static ContactNetworkCalibration Calibrate(IReadOnlyList<TwinTransportRow> voxelRows, PaperData? paper = null, IReadOnlyDictionary<(double, ulong), ContactNetworkGeometry>? geometries = null)
    {
        paper ??= PaperData.Default;
        var unimodal = new[] { Samples.Cam10_0, Samples.Cam0_10 };
        var measured = unimodal.Select(s => paper.Values.FirstOrDefault(v => v.Sample == s.Name && v.Quantity == MeasuredQuantity)).ToList();
        if (measured.Any(m => m is null))
            return new ContactNetworkCalibration(false, NominalFilmOhmM2, [], [],
                $"not possible: data/paper holds no measured {MeasuredQuantity} for CAM10:0 and CAM0:10 (the paper gives them in Fig 2h and Table S5 of the SI, not in the main text); r_film set to the assumed {NominalFilmOhmM2:G3} ohm m2 and swept");
        var cal = new List<(ContactNetworkGeometry, ContactNetworkParameters, double)>();
        var cathodeOf = new List<int>();
        for (int k = 0; k < unimodal.Length; k++)
            foreach (var v in voxelRows.Where(r => r.Sample == unimodal[k].Name))
            {
                var g = geometries is not null && geometries.TryGetValue((v.NcwaMassFraction, v.Seed), out var gg) ? gg : TwinGeometry(v.NcwaMassFraction, v.Seed);
                cal.Add((g, Parameters(0, CarbonPathSPerCm(v)), measured[k]!.Value));
                cathodeOf.Add(k);
            }
        InvalidInputException.Require(cathodeOf.Contains(0) && cathodeOf.Contains(1), "sample", "voxel-study rows for both CAM10:0 and CAM0:10");
        var (film, model) = ContactNetwork.FitFilm(cal);
        var byCathode = Enumerable.Range(0, unimodal.Length).Select(k => cathodeOf.Select((c, i) => (c, i)).Where(p => p.c == k).Average(p => model[p.i])).ToList();
        return new ContactNetworkCalibration(true, film, measured.Select(m => m!.Value).ToList(), byCathode,
            $"r_film fitted on CAM10:0 and CAM0:10 only ({string.Join(", ", measured.Select(m => $"{m!.Sample} {m.Value:G4} S/cm, {m.Source}"))}); least squares in ln sigma over {cal.Count} twins");
    }

    /// <summary>Seed means of sigma_e (S/cm) per cathode (paper order) at one film.</summary>
    public static IReadOnlyList<(string Sample, double MeanSPerCm, double NetworkMeanSPerCm, double CarbonMeanSPerCm, double MeanContacts)> MeansAt(IReadOnlyList<ContactNetworkRow> rows, double filmOhmM2) =>
        Samples.All.Select(s =>
        {
            var l = rows.Where(r => r.Sample == s.Name && r.FilmOhmM2 == filmOhmM2).ToList();
            return l.Count == 0 ? (s.Name, double.NaN, double.NaN, double.NaN, double.NaN)
                : (s.Name, l.Average(r => r.SigmaSPerCm), l.Average(r => r.NetworkSigmaSPerCm), l.Average(r => r.CarbonPathSPerCm), l.Average(r => (double)r.Contacts));
        }).ToList();

    /// <summary>
    /// The cathodes ordered by seed-mean sigma_e at one film, highest first (e.g. "CAM10:0 > CAM8:2 > ..."); <paramref name="networkOnly"/>
    /// orders the CAM network without the carbon path.
    /// </summary>
    public static string Ordering(IReadOnlyList<ContactNetworkRow> rows, double filmOhmM2, bool networkOnly = false) =>
        string.Join(" > ", MeansAt(rows, filmOhmM2).Where(m => double.IsFinite(m.MeanSPerCm)).OrderByDescending(m => networkOnly ? m.NetworkMeanSPerCm : m.MeanSPerCm).Select(m => m.Sample));

    /// <summary>Whether the seed means rise strictly with the NCWA share (the paper's Fig 2h statement: CAM0:10 &lt; CAM6:4 &lt; CAM7:3 &lt; CAM8:2 &lt; CAM10:0).</summary>
    public static bool RisesWithNcwa(IReadOnlyList<ContactNetworkRow> rows, double filmOhmM2, bool networkOnly = false)
    {
        var m = MeansAt(rows, filmOhmM2).Select(x => networkOnly ? x.NetworkMeanSPerCm : x.MeanSPerCm).ToList(); // paper order: 10:0 first
        return m.Zip(m.Skip(1)).All(p => p.First > p.Second);
    }

    /// <summary>
    /// The paper's Fig 2h statement as adjacent claims (CAM10:0 &gt; CAM8:2 &gt; CAM7:3 &gt; CAM6:4 &gt; CAM0:10, sigma_e rising with the
    /// NCWA share), each checked against the seed scatter at one film: resolved when the difference of the seed means exceeds twice
    /// its standard error sqrt(s_a^2/n_a + s_b^2/n_b) in the claimed direction; also the seeds on which the order is reversed.
    /// </summary>
    public static IReadOnlyList<ConductivityComparison> PaperElectronicOrder(IReadOnlyList<ContactNetworkRow> rows, double filmOhmM2, bool networkOnly = false)
    {
        var s = Samples.All;
        return Enumerable.Range(0, s.Count - 1).Select(i => Compare(rows, filmOhmM2, s[i].Name, s[i + 1].Name, networkOnly)).ToList();
    }

    static ConductivityComparison Compare(IReadOnlyList<ContactNetworkRow> rows, double film, string higher, string lower, bool networkOnly)
    {
        Dictionary<ulong, double> Of(string name) => rows.Where(r => r.Sample == name && r.FilmOhmM2 == film)
            .ToDictionary(r => r.Seed, r => networkOnly ? r.NetworkSigmaSPerCm : r.SigmaSPerCm);
        return ConductivityComparison.Between(higher, lower, Of(higher), Of(lower));
    }

    /// <summary>Columns of the stored study, in order.</summary>
    public const string CsvHeader = "sample,ncwa_mass_fraction,seed,film_ohm_m2,sigma_e_s_per_cm,network_sigma_e_s_per_cm,carbon_path_s_per_cm,particles,conducting_particles,contacts,collector_contacts,mean_contact_radius_um,thickness_um,current_mismatch,iterations,residual,converged,seconds";

    static string CsvLine(ContactNetworkRow r) => string.Join(",", new object[] { r.Sample, r.NcwaMassFraction, r.Seed, r.FilmOhmM2, r.SigmaSPerCm, r.NetworkSigmaSPerCm,
        r.CarbonPathSPerCm, r.Particles, r.ConductingParticles, r.Contacts, r.CollectorContacts, r.MeanContactRadiusUm, r.ThicknessUm, r.CurrentMismatch,
        r.Iterations, r.Residual, r.Converged, Math.Round(r.Seconds, 3) }.Select(o => Convert.ToString(o, CultureInfo.InvariantCulture)));

    /// <summary>
    /// Writes the rows as CSV with '#' header lines (what, calibration) and a provenance sidecar FILE.provenance.json (atomic).
    /// </summary>
    public static void WriteCsv(IReadOnlyList<ContactNetworkRow> rows, ContactNetworkCalibration calibration, string voxelStudy, string path, string command)
    {
        var sb = new StringBuilder();
        sb.Append("# Synthetic: sigma_e,eff of the kit's twins from the particle-contact network (ResearchKit.Transport.ContactNetwork); not a measurement.\n");
        sb.Append("# Edge: Holm constriction rho/(4a) per grain + film r_film/(pi a^2); a = sqrt(R_eff delta), delta = overlap of the spheres inflated by (1 + 0.02); electrodes z = 0 and the packed height; carbon path in parallel from the voxel study's binder network.\n");
        sb.Append("# Calibration: ").Append(calibration.Note).Append('\n');
        sb.Append(CsvHeader).Append('\n');
        foreach (var r in rows) sb.Append(CsvLine(r)).Append('\n');
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
        var c = PhaseConductivities.Default();
        var sidecar = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["kind"] = "synthetic",
            ["generator"] = "ResearchKit.Paper.ContactNetworkStudy (TwinGenerator.Build particle lists -> Transport.ContactNetwork)",
            ["command"] = command,
            ["parameters"] = new Dictionary<string, object?>
            {
                ["twin_defaults"] = "data/materials/twin-defaults.csv (TwinSpec.Default; the particle list and packed height only)",
                ["cam_electronic_conductivity_s_per_cm"] = c.CamElectronicSPerCm,
                ["carbon_electronic_conductivity_s_per_cm"] = c.CarbonElectronicSPerCm,
                ["carbon_share_of_binder"] = CarbonShareOfBinder(TwinSpec.Default()),
                ["carbon_path"] = "sigma_C phi_C^1.5 sigma_ion,eff / (sigma_SSE (1 - phi_C)^1.5), sigma_ion,eff from the voxel study row of the same cathode and seed",
                ["voxel_study"] = voxelStudy,
                ["contact_gap_tolerance"] = TwinSpec.Default().ContactGapTolerance,
                ["contact_shell_um"] = TwinSpec.Default().SseInterlayerUm / 2,
                ["contact_radius"] = "a = sqrt(R_eff delta), delta = (1 + tol)(rho_i + rho_j) - d_ij with rho = r + t/2 (Hertz geometric); plates: a = sqrt(rho ((1 + tol) rho - h))",
                ["edge_resistance"] = "rho_i/(4a) + rho_j/(4a) + r_film/(pi a^2); particle-plate rho/(4a) + (r_film/2)/(pi a^2)",
                ["electrodes"] = "planes z = 0 (current collector) and z = packed height (the packer's walls); x, y periodic",
                ["films_ohm_m2"] = rows.Select(r => r.FilmOhmM2).Distinct().ToArray(),
                ["solver"] = "Jacobi-preconditioned CG, relative residual 1e-10",
            },
            ["calibration"] = new Dictionary<string, object?>
            {
                ["possible"] = calibration.Possible, ["film_ohm_m2"] = calibration.FilmOhmM2, ["measured_s_per_cm"] = calibration.MeasuredSPerCm,
                ["model_s_per_cm"] = calibration.ModelSPerCm, ["note"] = calibration.Note,
            },
            ["seeds"] = rows.Select(r => r.Seed).Distinct().Order().ToArray(),
            ["commit"] = Provenance.GitCommit(),
            ["note"] = "simulated on digital twins; not a measurement",
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path + ".provenance.json", sidecar);
    }

    /// <summary>Reads rows written by <see cref="WriteCsv"/>.</summary>
    public static IReadOnlyList<ContactNetworkRow> ReadCsv(string path)
    {
        var t = CsvTable.Load(path, CsvHeader.Split(','));
        bool B(CsvRow r, string c) => bool.TryParse(r.RequiredText(c), out var b) ? b : throw new InvalidInputException($"expected True or False, got '{r.Text(c)}'", path, r.Line, c);
        return t.Rows.Select(r => new ContactNetworkRow(r.RequiredText("sample"), r.Number("ncwa_mass_fraction"), (ulong)r.Number("seed"), r.Number("film_ohm_m2"),
            r.Number("sigma_e_s_per_cm"), r.Number("network_sigma_e_s_per_cm"), r.Number("carbon_path_s_per_cm"), (int)r.Number("particles"),
            (int)r.Number("conducting_particles"), (int)r.Number("contacts"), (int)r.Number("collector_contacts"), r.Number("mean_contact_radius_um"),
            r.Number("thickness_um"), r.Number("current_mismatch"), (int)r.Number("iterations"), r.Number("residual"), B(r, "converged"), r.Number("seconds"))).ToList();
    }

    /// <summary>
    /// Per cathode (paper order): contacts, network sigma_e, carbon path and total at one film, beside the voxel model's sigma_e
    /// (seed means; mS/cm), with the rank of each (1 = highest) and the paper's rank: its text says sigma_e rises with the NCWA
    /// share (Fig 2h, p.4); its measured values (Table S5, SI) are not in the kit.
    /// </summary>
    public static Frame<string, string> ComparisonFrame(IReadOnlyList<ContactNetworkRow> rows, IReadOnlyList<TwinTransportRow> voxelRows, double filmOhmM2)
    {
        var means = MeansAt(rows, filmOhmM2);
        var voxel = TwinTransportStudy.MeanOverSeeds(voxelRows).ToDictionary(r => r.Sample, r => r.ElectronicSigmaSPerCm);
        return new FrameColumns(means.Select(m => m.Sample))
            .Add("CAM-CAM contacts", means.Select(m => Math.Round(m.MeanContacts, 0)))
            .Add("network sigma_e [mS/cm]", means.Select(m => Math.Round(1e3 * m.NetworkMeanSPerCm, 4)))
            .Add("carbon path [mS/cm]", means.Select(m => Math.Round(1e3 * m.CarbonMeanSPerCm, 4)))
            .Add("network + carbon [mS/cm]", means.Select(m => Math.Round(1e3 * m.MeanSPerCm, 4)))
            .Add("voxel model sigma_e [mS/cm]", means.Select(m => voxel.TryGetValue(m.Sample, out var v) ? Math.Round(1e3 * v, 3) : double.NaN))
            .Add("network rank", means.Select(m => (double)(1 + means.Count(o => o.NetworkMeanSPerCm > m.NetworkMeanSPerCm))))
            .Add("network + carbon rank", means.Select(m => (double)(1 + means.Count(o => o.MeanSPerCm > m.MeanSPerCm))))
            .Add("paper rank (Fig 2h text)", means.Select(m => (double)(1 + Samples.All.TakeWhile(x => x.Name != m.Sample).Count())))
            .Build();
    }

    /// <summary>Ordering per film: the CAM network alone and with the carbon path, and whether each rises with the NCWA share.</summary>
    public static Frame<string, string> OrderingFrame(IReadOnlyList<ContactNetworkRow> rows)
    {
        var films = rows.Select(r => r.FilmOhmM2).Distinct().Order().ToList();
        return new FrameColumns(films.Select(f => f.ToString("G3", CultureInfo.InvariantCulture) + " ohm m2"))
            .Add("CAM network, highest first", films.Select(f => Ordering(rows, f, networkOnly: true)))
            .Add("network rises with NCWA", films.Select(f => RisesWithNcwa(rows, f, networkOnly: true) ? "yes" : "no"))
            .Add("network + carbon, highest first", films.Select(f => Ordering(rows, f)))
            .Add("total rises with NCWA", films.Select(f => RisesWithNcwa(rows, f) ? "yes" : "no"))
            .Build();
    }
}
