using System.Globalization;
using System.Text;
using Deedle;
using ResearchKit.Mechanics;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Paper;

/// <summary>Which eigenstrain the CAM of a twin gets.</summary>
public enum TwinEigenstrainKind
{
    /// <summary>eps I from the Fig 4e unit-cell volume change (NCWA -6.5 %, NCM -4.8 %): the net contraction, orientation-free.</summary>
    Isotropic,
    /// <summary>a- and c-axis strains of Fig 4d (NCWA -2.0 / -4.6 %, NCM -2.0 / -2.8 %), one uniformly random orientation per particle.</summary>
    Anisotropic,
}

/// <summary>Settings of a twin mechanics run (the options of `twin-mechanics`).</summary>
public sealed record TwinMechanicsSettings
{
    /// <summary>
    /// Mean-strain control. Default die: a pressed pellet in its sleeve, lateral strain held, free along the pressing axis. The die can
    /// take several times more CG iterations than fixed strain on a twin whose periodically joined top and bottom are weakly bonded
    /// (CAM8:2 at 1 um, seed 1: 1325 iterations; the stored fixed-strain study on the older twins took 253).
    /// </summary>
    public MechanicsBoundary Boundary { get; init; } = MechanicsBoundary.Die;
    public TwinEigenstrainKind Eigenstrain { get; init; } = TwinEigenstrainKind.Isotropic;
    /// <summary>Seed of the per-particle crystal orientations (anisotropic only); null = the twin's seed.</summary>
    public ulong? OrientationSeed { get; init; }
    /// <summary>Relative CG tolerance (default 1e-5).</summary>
    public double Tolerance { get; init; } = 1e-5;

    /// <summary>Boundary name as on the command line: die, zero-stress, fixed-strain.</summary>
    public string BoundaryName => BoundaryText(Boundary);
    /// <summary>isotropic or anisotropic.</summary>
    public string EigenstrainName => Eigenstrain == TwinEigenstrainKind.Anisotropic ? "anisotropic" : "isotropic";

    public static string BoundaryText(MechanicsBoundary b) => b switch
    {
        MechanicsBoundary.Die => "die", MechanicsBoundary.FixedStrain => "fixed-strain", _ => "zero-stress",
    };

    /// <summary>"isotropic" or "anisotropic" (field eigenstrain).</summary>
    public static TwinEigenstrainKind ParseEigenstrain(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "isotropic" => TwinEigenstrainKind.Isotropic,
        "anisotropic" => TwinEigenstrainKind.Anisotropic,
        _ => throw new InvalidInputException($"expected isotropic or anisotropic, got '{text}'", field: "eigenstrain"),
    };
}

/// <summary>Fig 5b/5f quantities of one twin under CAM contraction on charge to 4.3 V.</summary>
/// <param name="SseInterfaceStrainEnergyMJPerM3">Mean strain energy density of the SSE voxels within one voxel of a CAM voxel (MJ/m3).</param>
/// <param name="TotalStrainEnergyMJPerM3">Volume mean over the whole twin (pores count zero), MJ/m3.</param>
/// <param name="MeanAxialStressMPa">Mean sigma_zz (MPa, tension positive): with fixed strain a positive value is a drop of stack pressure; zero by construction in a die.</param>
/// <param name="Boundary">die, fixed-strain or zero-stress.</param>
/// <param name="Eigenstrain">isotropic or anisotropic.</param>
/// <param name="OrientationSeed">Seed of the crystal orientations (0 for isotropic).</param>
/// <param name="MeanAxialStrain">Mean eps_zz: the thickness change where z is free (die, zero stress; negative = the pellet thins), 0 at fixed strain.</param>
/// <param name="MeanLateralStressMPa">Mean of sigma_xx and sigma_yy (MPa, tension positive).</param>
public sealed record TwinMechanicsRow(string Sample, double NcwaMassFraction, ulong Seed, double VoxelUm, double Porosity, int CamCamContacts,
    double SseInterfaceStrainEnergyMJPerM3, double TotalStrainEnergyMJPerM3, double SseStrainEnergyMJPerM3, double MeanAxialStressMPa,
    int Iterations, double Residual, bool Converged, double Seconds,
    string Boundary = "fixed-strain", string Eigenstrain = "isotropic", ulong OrientationSeed = 0, double MeanAxialStrain = 0, double MeanLateralStressMPa = double.NaN);

/// <summary>Per-blend summary (mean and sample standard deviation over seeds), the row of data/synthetic/mechanics/strain-energy-by-blend.csv.</summary>
public sealed record TwinMechanicsSummary(string Blend, double NcwaMassFraction, int SeedCount, double VoxelUm,
    double SseInterfaceStrainEnergyMJPerM3, double SseInterfaceStrainEnergySdMJPerM3, double TotalStrainEnergyMJPerM3,
    double MeanAxialStressMPa, double Porosity, double CamCamContacts,
    string Boundary = "fixed-strain", string Eigenstrain = "isotropic", double MeanAxialStrain = double.NaN, double MeanLateralStressMPa = double.NaN);

/// <summary>
/// The simulated side of Fig 5b/5f: each cathode's twin (the same twins as <see cref="TwinTransportStudy"/>, bulk slab) with the
/// CAM contracting as on charge to 4.3 V, moduli from data/materials/materials.csv (CAM 190 GPa / 0.25, SSE 22 GPa / 0.37; binder
/// voxels take the SSE moduli; pores zero), solved with <see cref="ElasticSolver"/>. Eigenstrain: isotropic (default) from the
/// Fig 4e volume change (NCWA -6.5 %, NCM -4.8 % -> linear -2.21 %, -1.63 %), or anisotropic from the Fig 4d a- and c-axis strains
/// with a uniformly random crystal orientation per particle of the twin's particle list. Boundary: die (default; lateral mean
/// strain held by the sleeve, zero mean axial stress: the pellet thins freely), fixed-strain (thickness held as well: the Fig 4f sign
/// shows as a tensile sigma_zz) or zero-stress. Nothing is tuned per cathode.
/// </summary>
/// <remarks>
/// The solver is periodic in z as well: the slab's top and bottom faces are joined, where the paper's box sits between a current
/// collector and a separator. The moduli do not depend on the state of charge. The numbers are the relative ordering of the five
/// cathodes, not calibrated energies.
/// </remarks>
public static class TwinMechanicsStudy
{
    public const string CsvHeader = "blend,ncwa_mass_fraction,seed_count,voxel_um,sse_interface_strain_energy_mj_per_m3,sse_interface_strain_energy_sd_mj_per_m3,total_strain_energy_mj_per_m3,mean_axial_stress_mpa,porosity,cam_cam_contacts,bc,eigenstrain,mean_axial_strain,mean_lateral_stress_mpa";

    /// <summary>Header of the per-twin rows file (one row per finished cathode and seed, written as each finishes).</summary>
    public const string PerTwinCsvHeader = "sample,ncwa_mass_fraction,seed,voxel_um,bc,eigenstrain,orientation_seed,porosity,cam_cam_contacts,sse_interface_strain_energy_mj_per_m3,total_strain_energy_mj_per_m3,sse_strain_energy_mj_per_m3,mean_axial_stress_mpa,mean_lateral_stress_mpa,mean_axial_strain,iterations,residual,converged,seconds";

    /// <summary>Simulates one cathode twin. Returns also the solver result (energy field) for maps.</summary>
    /// <param name="settings">Boundary, eigenstrain kind, orientation seed, tolerance (default: die, isotropic, 1e-5).</param>
    public static (TwinMechanicsRow Row, ElasticResult Result, LabelVolume Volume) RunWithField(double ncwaMassFraction, ulong seed = 1, double voxelUm = 0.5,
        TwinMechanicsSettings? settings = null, IProgress<string>? progress = null)
    {
        settings ??= new TwinMechanicsSettings();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        bool aniso = settings.Eigenstrain == TwinEigenstrainKind.Anisotropic;
        var twin = TwinGenerator.Build(TwinSpec.Default(ncwaMassFraction, seed, voxelUm), progress, particleIds: aniso);
        var (z0, z1) = ResearchKit.Microstructure.Filters.VolumeFilters.BulkRegionPlanes(twin.Volume);
        var v = ResearchKit.Microstructure.Filters.VolumeFilters.BulkRegion(twin.Volume, out _);
        ulong orientationSeed = aniso ? settings.OrientationSeed ?? seed : 0;
        GrainEigenstrainField? grains = null;
        if (aniso)
        {
            // crop the twin's particle id map to the same slab as the labels
            var ids = twin.ParticleIds!.AsSpan((int)((long)z0 * v.Nx * v.Ny), (int)v.Count).ToArray();
            grains = GrainEigenstrainField.Layered(v, ids, LayeredEigenstrain.Cathode(), orientationSeed);
        }
        var r = ElasticSolver.Solve(v, MechanicsInputs.CathodeModuli(), aniso ? new Dictionary<byte, double>() : MechanicsInputs.CathodeEigenstrains(),
            new ElasticOptions { Boundary = settings.Boundary, RelativeTolerance = settings.Tolerance, ShellWidthVoxels = 1, Grains = grains });
        var name = Samples.NameOf(ncwaMassFraction);
        progress?.Report($"{name} seed {seed} ({settings.BoundaryName}, {settings.EigenstrainName}): SSE shell {r.ShellStrainEnergyMJPerM3:F3} MJ/m3, total {r.StrainEnergyDensityMJPerM3:F3} MJ/m3, {r.Iterations} it ({sw.Elapsed.TotalSeconds:F1} s)");
        var row = new TwinMechanicsRow(name, ncwaMassFraction, seed, voxelUm, twin.Porosity, twin.Contacts.Total,
            r.ShellStrainEnergyMJPerM3, r.StrainEnergyDensityMJPerM3,
            r.StrainEnergyByLabelMJPerM3.TryGetValue(PhaseLabels.Sse, out var s) ? s : 0, r.MeanStressMPa[2], r.Iterations, r.Residual, r.Converged, sw.Elapsed.TotalSeconds,
            settings.BoundaryName, settings.EigenstrainName, orientationSeed, r.MeanStrain[2], 0.5 * (r.MeanStressMPa[0] + r.MeanStressMPa[1]));
        return (row, r, v);
    }

    /// <summary>
    /// A small live solve for a Fig 5b-style map: the central window of at most <paramref name="size"/> voxels per axis of the twin's
    /// bulk slab, solved as the study (fixed mean strain, periodic). The window's faces are joined periodically where the twin
    /// continues, so its energies are not those of the full twin: use it for where the energy sits, not for the table.
    /// </summary>
    public static (ElasticResult Result, LabelVolume Window) SolveWindow(double ncwaMassFraction, ulong seed = 1, double voxelUm = 1.0, int size = 24, double tolerance = 1e-4)
    {
        InvalidInputException.Require(size >= 4, "size", $"expected a window of at least 4 voxels, got {size}");
        var twin = TwinGenerator.Build(TwinSpec.Default(ncwaMassFraction, seed, voxelUm), particleIds: false);
        var v = ResearchKit.Microstructure.Filters.VolumeFilters.BulkRegion(twin.Volume, out _);
        int nz = Math.Min(size, v.Nz), ny = Math.Min(size, v.Ny), nx = Math.Min(size, v.Nx);
        int z0 = (v.Nz - nz) / 2, y0 = (v.Ny - ny) / 2, x0 = (v.Nx - nx) / 2;
        var w = new LabelVolume(nz, ny, nx, v.VoxelUm);
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) w[z, y, x] = v[z0 + z, y0 + y, x0 + x];
        var r = ElasticSolver.Solve(w, MechanicsInputs.CathodeModuli(), MechanicsInputs.CathodeEigenstrains(),
            new ElasticOptions { Boundary = MechanicsBoundary.FixedStrain, RelativeTolerance = tolerance, ShellWidthVoxels = 1 });
        return (r, w);
    }

    public static TwinMechanicsRow Run(double ncwaMassFraction, ulong seed = 1, double voxelUm = 0.5, TwinMechanicsSettings? settings = null, IProgress<string>? progress = null) =>
        RunWithField(ncwaMassFraction, seed, voxelUm, settings, progress).Row;

    /// <summary>The five cathodes, seeds firstSeed .. firstSeed + seedCount - 1: the one library call behind the stored file.</summary>
    /// <param name="finished">Called with each row as soon as its twin is solved (the command appends it to the per-twin file).</param>
    /// <param name="done">Rows of an interrupted run: a cathode/seed with a matching row (same voxel, boundary, eigenstrain, orientation seed) is not solved again.</param>
    public static IReadOnlyList<TwinMechanicsRow> PaperCathodes(int seedCount = 1, ulong firstSeed = 1, double voxelUm = 0.5, IProgress<string>? progress = null,
        TwinMechanicsSettings? settings = null, Action<TwinMechanicsRow>? finished = null, IReadOnlyList<TwinMechanicsRow>? done = null)
    {
        InvalidInputException.Require(seedCount >= 1, "seeds", $"expected at least one seed, got {seedCount}");
        settings ??= new TwinMechanicsSettings();
        var rows = new List<TwinMechanicsRow>();
        foreach (var s in Samples.All)
            for (ulong k = 0; k < (ulong)seedCount; k++)
            {
                ulong seed = firstSeed + k;
                ulong orientation = settings.Eigenstrain == TwinEigenstrainKind.Anisotropic ? settings.OrientationSeed ?? seed : 0;
                var old = done?.FirstOrDefault(r => r.Sample == Samples.NameOf(s.NcwaMassFraction) && r.Seed == seed && Math.Abs(r.VoxelUm - voxelUm) < 1e-12
                    && r.Boundary == settings.BoundaryName && r.Eigenstrain == settings.EigenstrainName && r.OrientationSeed == orientation);
                if (old is not null) { progress?.Report($"{old.Sample} seed {seed}: kept from the per-twin file"); rows.Add(old); continue; }
                var row = Run(s.NcwaMassFraction, seed, voxelUm, settings, progress);
                finished?.Invoke(row);
                rows.Add(row);
            }
        return rows;
    }

    /// <summary>
    /// Appends one row to the per-twin file atomically: the old content plus the new line goes to FILE.tmp, which then replaces
    /// FILE, so an interrupted run leaves either the old or the new file, never half a row.
    /// </summary>
    public static void AppendPerTwinRow(string path, TwinMechanicsRow r)
    {
        var ci = CultureInfo.InvariantCulture;
        string line = string.Join(",", new object[] { r.Sample, r.NcwaMassFraction, r.Seed, r.VoxelUm, r.Boundary, r.Eigenstrain, r.OrientationSeed, r.Porosity, r.CamCamContacts,
            r.SseInterfaceStrainEnergyMJPerM3, r.TotalStrainEnergyMJPerM3, r.SseStrainEnergyMJPerM3, r.MeanAxialStressMPa, r.MeanLateralStressMPa, r.MeanAxialStrain,
            r.Iterations, r.Residual, r.Converged ? "true" : "false", Math.Round(r.Seconds, 2) }.Select(o => Convert.ToString(o, ci)));
        CsvTable.AppendLineAtomically(path, PerTwinCsvHeader, line, "rows");
    }

    /// <summary>Reads a per-twin rows file (<see cref="PerTwinCsvHeader"/>); empty when the file does not exist.</summary>
    public static IReadOnlyList<TwinMechanicsRow> ReadPerTwinRows(string path)
    {
        if (!File.Exists(path)) return [];
        var t = CsvTable.Load(path, PerTwinCsvHeader.Split(','));
        return t.Rows.Select(r => new TwinMechanicsRow(r.RequiredText("sample"), r.Number("ncwa_mass_fraction"), (ulong)r.Number("seed"), r.Number("voxel_um"),
            r.Number("porosity"), (int)r.Number("cam_cam_contacts"), r.Number("sse_interface_strain_energy_mj_per_m3"), r.Number("total_strain_energy_mj_per_m3"),
            r.Number("sse_strain_energy_mj_per_m3"), r.Number("mean_axial_stress_mpa"), (int)r.Number("iterations"), r.Number("residual"),
            r.RequiredText("converged") == "true", r.Number("seconds"), r.RequiredText("bc"), r.RequiredText("eigenstrain"), (ulong)r.Number("orientation_seed"),
            r.Number("mean_axial_strain"), r.Number("mean_lateral_stress_mpa"))).ToList();
    }

    /// <summary>Mean and sample SD over seeds per cathode, paper order.</summary>
    public static IReadOnlyList<TwinMechanicsSummary> Summarise(IReadOnlyList<TwinMechanicsRow> rows) =>
        rows.GroupBy(r => r.Sample).OrderByDescending(g => g.First().NcwaMassFraction).Select(g =>
        {
            var l = g.ToList();
            double m = l.Average(r => r.SseInterfaceStrainEnergyMJPerM3);
            double sd = l.Count > 1 ? Math.Sqrt(l.Sum(r => (r.SseInterfaceStrainEnergyMJPerM3 - m) * (r.SseInterfaceStrainEnergyMJPerM3 - m)) / (l.Count - 1)) : 0;
            return new TwinMechanicsSummary(g.Key, l[0].NcwaMassFraction, l.Count, l[0].VoxelUm, m, sd, l.Average(r => r.TotalStrainEnergyMJPerM3),
                l.Average(r => r.MeanAxialStressMPa), l.Average(r => r.Porosity), l.Average(r => (double)r.CamCamContacts),
                l[0].Boundary, l[0].Eigenstrain, l.Average(r => r.MeanAxialStrain), l.Average(r => r.MeanLateralStressMPa));
        }).ToList();

    /// <summary>Writes the per-blend CSV (atomically) and its provenance sidecar FILE.provenance.json.</summary>
    public static void WriteCsv(IReadOnlyList<TwinMechanicsRow> rows, string path)
    {
        InvalidInputException.Require(rows.Count > 0, "rows", "no twin rows to summarise");
        InvalidInputException.Require(rows.Select(r => (r.Boundary, r.Eigenstrain, r.VoxelUm)).Distinct().Count() == 1, "rows", "rows mix boundary conditions, eigenstrains or voxel sizes");
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(CsvHeader + "\n");
        foreach (var s in Summarise(rows))
            sb.AppendLine(string.Join(",", new object[] { s.Blend, s.NcwaMassFraction, s.SeedCount, s.VoxelUm,
                Math.Round(s.SseInterfaceStrainEnergyMJPerM3, 6), Math.Round(s.SseInterfaceStrainEnergySdMJPerM3, 6), Math.Round(s.TotalStrainEnergyMJPerM3, 6),
                Math.Round(s.MeanAxialStressMPa, 4) + 0.0, Math.Round(s.Porosity, 5), s.CamCamContacts, s.Boundary, s.Eigenstrain, // + 0.0: no "-0" in a die
                Math.Round(s.MeanAxialStrain, 8), Math.Round(s.MeanLateralStressMPa, 4) }.Select(o => Convert.ToString(o, ci))));
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
        var seeds = rows.Select(r => r.Seed).Distinct().Order().ToArray();
        var sidecar = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["kind"] = "synthetic",
            ["generator"] = $"ResearchKit.Paper.TwinMechanicsStudy (TwinGenerator.Build + VolumeFilters.BulkRegion + Mechanics.ElasticSolver, {rows[0].Boundary}, {rows[0].Eigenstrain} eigenstrain)",
            ["command"] = $"researchkit twin-mechanics --voxel-um {rows[0].VoxelUm.ToString(ci)} --seed {seeds[0]} --seeds {seeds.Length} --bc {rows[0].Boundary} --eigenstrain {rows[0].Eigenstrain} --out {Path.GetFileName(path)}",
            ["parameters"] = new Dictionary<string, object?>
            {
                ["voxel_um"] = rows[0].VoxelUm, ["twin_defaults"] = "data/materials/twin-defaults.csv",
                ["moduli"] = MechanicsInputs.CathodeModuli().ToDictionary(p => PhaseLabels.Names[p.Key], p => $"{p.Value.YoungModulusGPa} GPa / {p.Value.PoissonRatio}"),
                ["linear_eigenstrains"] = rows[0].Eigenstrain == "anisotropic"
                    ? LayeredEigenstrain.Cathode().ToDictionary(p => PhaseLabels.Names[p.Key], p => (object)new { a_axis = p.Value.AAxisStrain, c_axis = p.Value.CAxisStrain })
                    : MechanicsInputs.CathodeEigenstrains().ToDictionary(p => PhaseLabels.Names[p.Key], p => (object)p.Value),
                ["orientations"] = rows[0].Eigenstrain == "anisotropic" ? "uniformly random per particle (Shoemake quaternion), SplitMix64 keyed by (orientation seed, particle id)" : null,
                ["boundary"] = $"{rows[0].Boundary} (periodic x, y, z)", ["shell"] = "SSE voxels within 1 face step of NCWA/NCM",
            },
            ["seeds"] = seeds,
            ["per_twin"] = rows.Select(r => new { r.Sample, r.Seed, r.OrientationSeed, r.SseInterfaceStrainEnergyMJPerM3, r.TotalStrainEnergyMJPerM3, r.MeanAxialStressMPa, r.MeanAxialStrain, r.Iterations, r.Residual, r.Converged, r.Seconds }).ToArray(),
            ["kit_version"] = typeof(TwinMechanicsStudy).Assembly.GetName().Version?.ToString(),
            ["note"] = "simulated on digital twins; not a measurement",
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path + ".provenance.json", sidecar);
    }

    /// <summary>Reads data/synthetic/mechanics/strain-energy-by-blend.csv (or a file of its shape).</summary>
    public static IReadOnlyList<TwinMechanicsSummary> ReadCsv(string path)
    {
        var t = CsvTable.Load(path, ["blend", "ncwa_mass_fraction", "seed_count", "voxel_um", "sse_interface_strain_energy_mj_per_m3", "sse_interface_strain_energy_sd_mj_per_m3", "total_strain_energy_mj_per_m3"]);
        double Opt(CsvRow r, string c) => string.IsNullOrEmpty(r.Text(c)) ? double.NaN : r.Number(c);
        return t.Rows.Select(r => new TwinMechanicsSummary(r.RequiredText("blend"), r.Number("ncwa_mass_fraction"), (int)r.Number("seed_count"), r.Number("voxel_um"),
            r.Number("sse_interface_strain_energy_mj_per_m3"), r.Number("sse_interface_strain_energy_sd_mj_per_m3"), r.Number("total_strain_energy_mj_per_m3"),
            Opt(r, "mean_axial_stress_mpa"), Opt(r, "porosity"), Opt(r, "cam_cam_contacts"),
            // files written before the bc / eigenstrain columns were computed at fixed strain with the isotropic eigenstrain
            t.Columns.Contains("bc") && !string.IsNullOrEmpty(r.Text("bc")) ? r.Text("bc")! : "fixed-strain",
            t.Columns.Contains("eigenstrain") && !string.IsNullOrEmpty(r.Text("eigenstrain")) ? r.Text("eigenstrain")! : "isotropic",
            t.Columns.Contains("mean_axial_strain") ? Opt(r, "mean_axial_strain") : double.NaN,
            t.Columns.Contains("mean_lateral_stress_mpa") ? Opt(r, "mean_lateral_stress_mpa") : double.NaN)).ToList();
    }

    /// <summary>The per-blend summary as a frame (one row per cathode, paper order).</summary>
    public static Frame<string, string> ToFrame(IReadOnlyList<TwinMechanicsSummary> rows) =>
        new FrameColumns(rows.Select(r => r.Blend))
            .Add("NCWA mass fraction", rows.Select(r => r.NcwaMassFraction))
            .Add("seeds", rows.Select(r => (double)r.SeedCount))
            .Add("voxel [um]", rows.Select(r => r.VoxelUm))
            .Add("SSE-interface strain energy [MJ/m3]", rows.Select(r => Math.Round(r.SseInterfaceStrainEnergyMJPerM3, 2)))
            .Add("SD over seeds [MJ/m3]", rows.Select(r => Math.Round(r.SseInterfaceStrainEnergySdMJPerM3, 2)))
            .Add("total strain energy [MJ/m3]", rows.Select(r => Math.Round(r.TotalStrainEnergyMJPerM3, 2)))
            .Add("mean sigma_zz [MPa]", rows.Select(r => Math.Round(r.MeanAxialStressMPa, 1)))
            .Add("porosity [%]", rows.Select(r => Math.Round(100 * r.Porosity, 2)))
            .Add("CAM-CAM contacts", rows.Select(r => r.CamCamContacts))
            .Build();
}
