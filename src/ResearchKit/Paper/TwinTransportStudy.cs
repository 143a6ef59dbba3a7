using Deedle;
using ResearchKit.Materials;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport;

namespace ResearchKit.Paper;

/// <summary>Conductivities of the phases of a twin, S/cm (defaults from data/materials/materials.csv).</summary>
public sealed record PhaseConductivities(double SseIonicSPerCm, double CamElectronicSPerCm, double CarbonElectronicSPerCm)
{
    public static PhaseConductivities Default(MaterialLibrary? materials = null)
    {
        materials ??= MaterialLibrary.Default;
        return new(materials.Value("SSE", "ionic_conductivity"), materials.Value("CAM", "electronic_conductivity"), materials.Value("Carbon", "electronic_conductivity"));
    }
}

/// <summary>Fig 5c-f quantities simulated on one digital twin.</summary>
public sealed record TwinTransportRow(
    string Sample, double NcwaMassFraction, ulong Seed, double VoxelUm, double ThicknessUm, double Porosity, double BinderVolumeFraction,
    double IonicRelativeConductivity, double IonicSigmaSPerCm, double IonicTau, bool IonicPercolating,
    double ElectronicSigmaSPerCm, double ElectronicTau,
    double MeanPoreSizeUm, double CamSseAreaPerVolumePerUm, int CamCamContacts, double CoordinationNumber, double Seconds);

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
    /// <summary>Simulates one cathode. Voxel 0.4 um keeps a 40 x 40 um box under a second per solve; use 0.1-0.2 um for converged numbers.</summary>
    public static TwinTransportRow Run(double ncwaMassFraction, ulong seed = 1, double voxelUm = 0.4, PhaseConductivities? conductivities = null, IProgress<string>? progress = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var c = conductivities ?? PhaseConductivities.Default();
        var twin = TwinGenerator.Build(TwinSpec.Default(ncwaMassFraction, seed, voxelUm), progress, particleIds: false);
        var v = BulkRegion(twin.Volume, out int trimmedPlanes);
        double phiC = twin.CarbonShareOfBinder;
        var options = new ConductionOptions { Axis = VolumeAxis.Z, RelativeTolerance = 1e-6 };
        var ionic = ConductionSolver.Solve(v, new Dictionary<byte, double> { [PhaseLabels.Sse] = c.SseIonicSPerCm * Math.Pow(1 - phiC, 1.5) }, options);
        var electronic = ConductionSolver.Solve(v, new Dictionary<byte, double>
        {
            [PhaseLabels.Ncwa] = c.CamElectronicSPerCm, [PhaseLabels.Ncm] = c.CamElectronicSPerCm,
            [PhaseLabels.Sse] = c.CarbonElectronicSPerCm * Math.Pow(phiC, 1.5),
        }, options);
        var morphology = Morphology.Analyse(v, VolumeAxis.Z, PhaseLabels.Pore);
        double area = Interfaces.AreaPerVolumePerUm(v, PhaseLabels.Ncwa, PhaseLabels.Sse) + Interfaces.AreaPerVolumePerUm(v, PhaseLabels.Ncm, PhaseLabels.Sse);
        progress?.Report($"{Samples.NameOf(ncwaMassFraction)} seed {seed}: porosity {twin.Porosity:P1}, tau_ion {ionic.Tau:F2}, tau_e {electronic.Tau:F2} ({sw.Elapsed.TotalSeconds:F1} s)");
        return new TwinTransportRow(Samples.NameOf(ncwaMassFraction), ncwaMassFraction, seed, voxelUm, twin.ThicknessUm, twin.Porosity,
            twin.VolumeFractions.Sse + twin.VolumeFractions.Carbon,
            ionic.EffectiveConductivity / c.SseIonicSPerCm, ionic.EffectiveConductivity, ionic.Tau, ionic.Percolating,
            electronic.EffectiveConductivity, electronic.Tau,
            morphology.MeanPoreSizeUm, area, twin.Contacts.Total, twin.Contacts.CoordinationNumber, sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The through-plane slab between the two wall layers. The packing's first and last voxel planes touch the flat walls and can be
    /// mostly pore (the voxel plane straddling the top of the packing is empty where no sphere reaches it), which would block every
    /// path in z; tomography studies crop such boundary layers too. Planes are dropped from each end while their pore fraction exceeds
    /// twice the median plane's (at most a tenth of the thickness per side).
    /// </summary>
    public static LabelVolume BulkRegion(LabelVolume v, out int trimmedPlanes)
    {
        long plane = (long)v.Nx * v.Ny;
        var poreFraction = new double[v.Nz];
        for (int z = 0; z < v.Nz; z++)
        {
            long n = 0;
            for (long i = z * plane; i < (z + 1) * plane; i++) if (v.Labels[i] == PhaseLabels.Pore) n++;
            poreFraction[z] = n / (double)plane;
        }
        double median = poreFraction.Order().ElementAt(v.Nz / 2);
        double limit = Math.Max(2 * median, 0.02);
        int maxTrim = v.Nz / 10, z0 = 0, z1 = v.Nz;
        while (z0 < maxTrim && poreFraction[z0] > limit) z0++;
        while (v.Nz - z1 < maxTrim && poreFraction[z1 - 1] > limit) z1--;
        trimmedPlanes = z0 + (v.Nz - z1);
        if (trimmedPlanes == 0) return v;
        var labels = new byte[(z1 - z0) * plane];
        Array.Copy(v.Labels, z0 * plane, labels, 0, labels.LongLength);
        return new LabelVolume(z1 - z0, v.Ny, v.Nx, v.VoxelUm, labels);
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
                (int)Math.Round(M(r => r.CamCamContacts)), M(r => r.CoordinationNumber), l.Sum(r => r.Seconds));
        }).ToList();

    /// <summary>Writes the rows as CSV (one line per twin; invariant culture; atomic).</summary>
    public static void WriteCsv(IReadOnlyList<TwinTransportRow> rows, string path)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        var sb = new System.Text.StringBuilder("sample,ncwa_mass_fraction,seed,voxel_um,thickness_um,porosity,binder_volume_fraction,sigma_ion_s_per_cm,tau_ion,ionic_percolating,sigma_e_s_per_cm,tau_e,mean_pore_size_um,cam_sse_area_per_volume_per_um,cam_cam_contacts,coordination_number,seconds\n");
        foreach (var r in rows)
            sb.AppendLine(string.Join(",", new object[] { r.Sample, r.NcwaMassFraction, r.Seed, r.VoxelUm, r.ThicknessUm, r.Porosity, r.BinderVolumeFraction,
                r.IonicSigmaSPerCm, r.IonicTau, r.IonicPercolating, r.ElectronicSigmaSPerCm, r.ElectronicTau, r.MeanPoreSizeUm,
                r.CamSseAreaPerVolumePerUm, r.CamCamContacts, r.CoordinationNumber, Math.Round(r.Seconds, 2) }.Select(o => Convert.ToString(o, ci))));
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
            ["parameters"] = new Dictionary<string, object?> { ["voxel_um"] = first?.VoxelUm, ["twin_defaults"] = "data/materials/twin-defaults.csv", ["conductivities"] = PhaseConductivities.Default() },
            ["seeds"] = rows.Select(r => r.Seed).Distinct().Order().ToArray(),
            ["kit_version"] = typeof(TwinTransportStudy).Assembly.GetName().Version?.ToString(),
            ["note"] = "simulated on digital twins; not a measurement",
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        File.WriteAllText(path + ".provenance.json", sidecar);
    }

    /// <summary>Reads rows written by <see cref="WriteCsv"/>.</summary>
    public static IReadOnlyList<TwinTransportRow> ReadCsv(string path)
    {
        var t = CsvTable.Load(path, ["sample", "seed", "voxel_um", "sigma_ion_s_per_cm", "tau_ion"]);
        double D(CsvRow r, string c)
        {
            var s = r.Text(c);
            if (s is "∞" or "Infinity" or "inf") return double.PositiveInfinity;
            return r.Number(c);
        }
        return t.Rows.Select(r => new TwinTransportRow(r.RequiredText("sample"), D(r, "ncwa_mass_fraction"), (ulong)D(r, "seed"), D(r, "voxel_um"),
            D(r, "thickness_um"), D(r, "porosity"), D(r, "binder_volume_fraction"), D(r, "sigma_ion_s_per_cm") / Math.Max(1e-300, PhaseConductivities.Default().SseIonicSPerCm),
            D(r, "sigma_ion_s_per_cm"), D(r, "tau_ion"), bool.Parse(r.RequiredText("ionic_percolating")), D(r, "sigma_e_s_per_cm"), D(r, "tau_e"),
            D(r, "mean_pore_size_um"), D(r, "cam_sse_area_per_volume_per_um"), (int)D(r, "cam_cam_contacts"), D(r, "coordination_number"), D(r, "seconds"))).ToList();
    }

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
