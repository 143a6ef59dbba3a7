using System.Globalization;
using System.Text;
using Deedle;
using ResearchKit.Mechanics;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Paper;

/// <summary>Fig 5b/5f quantities of one twin under CAM contraction on charge to 4.3 V.</summary>
/// <param name="SseInterfaceStrainEnergyMJPerM3">Mean strain energy density of the SSE voxels within one voxel of a CAM voxel (MJ/m3).</param>
/// <param name="TotalStrainEnergyMJPerM3">Volume mean over the whole twin (pores count zero), MJ/m3.</param>
/// <param name="MeanAxialStressMPa">Mean sigma_zz (MPa, tension positive) with the thickness held fixed: a positive value is a drop of stack pressure.</param>
public sealed record TwinMechanicsRow(string Sample, double NcwaMassFraction, ulong Seed, double VoxelUm, double Porosity, int CamCamContacts,
    double SseInterfaceStrainEnergyMJPerM3, double TotalStrainEnergyMJPerM3, double SseStrainEnergyMJPerM3, double MeanAxialStressMPa,
    int Iterations, double Residual, bool Converged, double Seconds);

/// <summary>Per-blend summary (mean and sample standard deviation over seeds), the row of data/synthetic/mechanics/strain-energy-by-blend.csv.</summary>
public sealed record TwinMechanicsSummary(string Blend, double NcwaMassFraction, int SeedCount, double VoxelUm,
    double SseInterfaceStrainEnergyMJPerM3, double SseInterfaceStrainEnergySdMJPerM3, double TotalStrainEnergyMJPerM3,
    double MeanAxialStressMPa, double Porosity, double CamCamContacts);

/// <summary>
/// The simulated side of Fig 5b/5f: each cathode's twin (the same twins as <see cref="TwinTransportStudy"/>, bulk slab) with the
/// CAM contracting by the linear eigenstrain of its Fig 4e volume change (NCWA -6.5 %, NCM -4.8 % -> -2.21 %, -1.63 %), moduli from
/// data/materials/materials.csv (CAM 190 GPa / 0.25, SSE 22 GPa / 0.37; binder voxels take the SSE moduli; pores zero), solved with
/// <see cref="ElasticSolver"/> with the mean strain held at zero (the cell at fixed thickness as in operando pressiometry, Fig 4f,
/// and the lateral sleeve). Nothing is tuned per cathode.
/// </summary>
/// <remarks>
/// The solver is periodic in z as well: the slab's top and bottom faces are joined, where the paper's box sits between a current
/// collector and a separator. The twin's CAM is isotropic (no a/c anisotropy, no orientation), and the moduli do not depend on the
/// state of charge. The numbers are the relative ordering of the five cathodes, not calibrated energies.
/// </remarks>
public static class TwinMechanicsStudy
{
    public const string CsvHeader = "blend,ncwa_mass_fraction,seed_count,voxel_um,sse_interface_strain_energy_mj_per_m3,sse_interface_strain_energy_sd_mj_per_m3,total_strain_energy_mj_per_m3,mean_axial_stress_mpa,porosity,cam_cam_contacts";

    /// <summary>Simulates one cathode twin. Returns also the solver result (energy field) for maps.</summary>
    public static (TwinMechanicsRow Row, ElasticResult Result, LabelVolume Volume) RunWithField(double ncwaMassFraction, ulong seed = 1, double voxelUm = 0.5, double tolerance = 1e-5, IProgress<string>? progress = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var twin = TwinGenerator.Build(TwinSpec.Default(ncwaMassFraction, seed, voxelUm), progress, particleIds: false);
        var v = ResearchKit.Microstructure.Filters.VolumeFilters.BulkRegion(twin.Volume, out _);
        var r = ElasticSolver.Solve(v, MechanicsInputs.CathodeModuli(), MechanicsInputs.CathodeEigenstrains(),
            new ElasticOptions { Boundary = MechanicsBoundary.FixedStrain, RelativeTolerance = tolerance, ShellWidthVoxels = 1 });
        var name = Samples.NameOf(ncwaMassFraction);
        progress?.Report($"{name} seed {seed}: SSE shell {r.ShellStrainEnergyMJPerM3:F3} MJ/m3, total {r.StrainEnergyDensityMJPerM3:F3} MJ/m3, {r.Iterations} it ({sw.Elapsed.TotalSeconds:F1} s)");
        var row = new TwinMechanicsRow(name, ncwaMassFraction, seed, voxelUm, twin.Porosity, twin.Contacts.Total,
            r.ShellStrainEnergyMJPerM3, r.StrainEnergyDensityMJPerM3,
            r.StrainEnergyByLabelMJPerM3.TryGetValue(PhaseLabels.Sse, out var s) ? s : 0, r.MeanStressMPa[2], r.Iterations, r.Residual, r.Converged, sw.Elapsed.TotalSeconds);
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

    public static TwinMechanicsRow Run(double ncwaMassFraction, ulong seed = 1, double voxelUm = 0.5, double tolerance = 1e-5, IProgress<string>? progress = null) =>
        RunWithField(ncwaMassFraction, seed, voxelUm, tolerance, progress).Row;

    /// <summary>The five cathodes, seeds firstSeed .. firstSeed + seedCount - 1: the one library call behind the stored file.</summary>
    public static IReadOnlyList<TwinMechanicsRow> PaperCathodes(int seedCount = 1, ulong firstSeed = 1, double voxelUm = 0.5, IProgress<string>? progress = null)
    {
        InvalidInputException.Require(seedCount >= 1, "seeds", $"expected at least one seed, got {seedCount}");
        var rows = new List<TwinMechanicsRow>();
        foreach (var s in Samples.All)
            for (ulong k = 0; k < (ulong)seedCount; k++) rows.Add(Run(s.NcwaMassFraction, firstSeed + k, voxelUm, progress: progress));
        return rows;
    }

    /// <summary>Mean and sample SD over seeds per cathode, paper order.</summary>
    public static IReadOnlyList<TwinMechanicsSummary> Summarise(IReadOnlyList<TwinMechanicsRow> rows) =>
        rows.GroupBy(r => r.Sample).OrderByDescending(g => g.First().NcwaMassFraction).Select(g =>
        {
            var l = g.ToList();
            double m = l.Average(r => r.SseInterfaceStrainEnergyMJPerM3);
            double sd = l.Count > 1 ? Math.Sqrt(l.Sum(r => (r.SseInterfaceStrainEnergyMJPerM3 - m) * (r.SseInterfaceStrainEnergyMJPerM3 - m)) / (l.Count - 1)) : 0;
            return new TwinMechanicsSummary(g.Key, l[0].NcwaMassFraction, l.Count, l[0].VoxelUm, m, sd, l.Average(r => r.TotalStrainEnergyMJPerM3),
                l.Average(r => r.MeanAxialStressMPa), l.Average(r => r.Porosity), l.Average(r => (double)r.CamCamContacts));
        }).ToList();

    /// <summary>Writes the per-blend CSV (atomically) and its provenance sidecar FILE.provenance.json.</summary>
    public static void WriteCsv(IReadOnlyList<TwinMechanicsRow> rows, string path)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(CsvHeader + "\n");
        foreach (var s in Summarise(rows))
            sb.AppendLine(string.Join(",", new object[] { s.Blend, s.NcwaMassFraction, s.SeedCount, s.VoxelUm,
                Math.Round(s.SseInterfaceStrainEnergyMJPerM3, 6), Math.Round(s.SseInterfaceStrainEnergySdMJPerM3, 6), Math.Round(s.TotalStrainEnergyMJPerM3, 6),
                Math.Round(s.MeanAxialStressMPa, 4), Math.Round(s.Porosity, 5), s.CamCamContacts }.Select(o => Convert.ToString(o, ci))));
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
        var seeds = rows.Select(r => r.Seed).Distinct().Order().ToArray();
        var sidecar = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["kind"] = "synthetic",
            ["generator"] = "ResearchKit.Paper.TwinMechanicsStudy (TwinGenerator.Build + TwinTransportStudy.BulkRegion + Mechanics.ElasticSolver, fixed mean strain, tolerance 1e-5)",
            ["command"] = $"researchkit twin-mechanics --voxel-um {rows[0].VoxelUm.ToString(ci)} --seed {seeds[0]} --seeds {seeds.Length} --out {Path.GetFileName(path)}",
            ["parameters"] = new Dictionary<string, object?>
            {
                ["voxel_um"] = rows[0].VoxelUm, ["twin_defaults"] = "data/materials/twin-defaults.csv",
                ["moduli"] = MechanicsInputs.CathodeModuli().ToDictionary(p => PhaseLabels.Names[p.Key], p => $"{p.Value.YoungModulusGPa} GPa / {p.Value.PoissonRatio}"),
                ["linear_eigenstrains"] = MechanicsInputs.CathodeEigenstrains().ToDictionary(p => PhaseLabels.Names[p.Key], p => p.Value),
                ["boundary"] = "fixed-strain (periodic x, y, z)", ["shell"] = "SSE voxels within 1 face step of NCWA/NCM",
            },
            ["seeds"] = seeds,
            ["per_twin"] = rows.Select(r => new { r.Sample, r.Seed, r.SseInterfaceStrainEnergyMJPerM3, r.TotalStrainEnergyMJPerM3, r.MeanAxialStressMPa, r.Iterations, r.Residual, r.Converged, r.Seconds }).ToArray(),
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
            Opt(r, "mean_axial_stress_mpa"), Opt(r, "porosity"), Opt(r, "cam_cam_contacts"))).ToList();
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
