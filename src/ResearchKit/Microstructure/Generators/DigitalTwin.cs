using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Deedle;
using ResearchKit.Packing;

namespace ResearchKit.Microstructure.Generators;

/// <summary>One CAM particle of a twin, as a row of the particle table (centre and radius in um).</summary>
public sealed record TwinParticle(int Id, double XUm, double YUm, double ZUm, double RadiusUm, int Species, string Material);

/// <summary>
/// A digital twin of a composite cathode: labelled volume (0 pore, 1 NCWA, 2 NCM, 3 SSE binder), CAM particle-id map,
/// particle list, phase fractions, thickness, contacts and provenance. Built by <see cref="TwinGenerator"/>.
/// </summary>
/// <param name="Spec">Inputs.</param>
/// <param name="Volume">Labels, C order (nz, ny, nx).</param>
/// <param name="ParticleIds">1-based particle index per voxel (0 = not CAM), or null when not requested.</param>
/// <param name="Particles">The packed CAM spheres (um).</param>
/// <param name="VolumeFractions">Phase fractions of the box; carbon is a sub-voxel share of the binder.</param>
/// <param name="ThicknessUm">Electrode thickness nz x voxel (um).</param>
/// <param name="PackedHeightUm">Height of the CAM packing found by the packer (um).</param>
/// <param name="CamPackingFraction">CAM voxel fraction of the box.</param>
/// <param name="CamPackingFractionSpheres">Analytic sphere volume / box volume (no voxelization error).</param>
/// <param name="Contacts">CAM-CAM contacts by class.</param>
/// <param name="Fill">SSE filling diagnostics.</param>
/// <param name="CarbonShareOfBinder">Carbon volume / (SSE + carbon) volume inside the binder voxels.</param>
/// <param name="Packer">Name of the packing algorithm used.</param>
/// <param name="Seconds">Wall time of the build (s).</param>
public sealed record DigitalTwin(
    TwinSpec Spec, LabelVolume Volume, int[]? ParticleIds, Sphere[] Particles, ResearchKit.Materials.PhaseVolumeFractions VolumeFractions,
    double ThicknessUm, double PackedHeightUm, double CamPackingFraction, double CamPackingFractionSpheres,
    ContactCounts Contacts, BinderFillResult Fill, double CarbonShareOfBinder, string Packer, double Seconds)
{
    /// <summary>Pore volume fraction (an output of the model).</summary>
    public double Porosity => VolumeFractions.Pore;

    /// <summary>Particle counts keyed "ncwa", "ncm".</summary>
    public IReadOnlyDictionary<string, int> ParticleCounts => new Dictionary<string, int>
    {
        ["ncwa"] = Particles.Count(p => p.Species == PhaseLabels.Ncwa),
        ["ncm"] = Particles.Count(p => p.Species == PhaseLabels.Ncm),
    };

    /// <summary>Particle rows (id 1-based as in the id map).</summary>
    public IReadOnlyList<TwinParticle> ParticleRows() =>
        Particles.Select((p, i) => new TwinParticle(i + 1, p.XUm, p.YUm, p.ZUm, p.RadiusUm, p.Species,
            PhaseLabels.Names.TryGetValue((byte)p.Species, out var name) ? name : "cam")).ToList();

    /// <summary>The particle list as a Deedle frame (columns Id, XUm, YUm, ZUm, RadiusUm, Species, Material).</summary>
    public Frame<int, string> ParticleFrame() => Frame.FromRecords(ParticleRows());

    /// <summary>SHA-256 of the label bytes (hex): the reproducibility fingerprint of a twin.</summary>
    public string VolumeHash() => Convert.ToHexString(SHA256.HashData(Volume.Labels));

    /// <summary>Writes particles.csv (id,x_um,y_um,z_um,radius_um,species,material).</summary>
    public void WriteParticlesCsv(string path)
    {
        var sb = new StringBuilder("id,x_um,y_um,z_um,radius_um,species,material\n");
        foreach (var p in ParticleRows())
            sb.Append(CultureInfo.InvariantCulture, $"{p.Id},{p.XUm:R},{p.YUm:R},{p.ZUm:R},{p.RadiusUm:R},{p.Species},{p.Material}\n");
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>The twin.json sidecar: generator, parameters, seed, kit version, label codes, shape_zyx, voxel_um, results.</summary>
    public string SidecarJson()
    {
        var s = Spec;
        var doc = new Dictionary<string, object?>
        {
            ["generator"] = "ResearchKit.Microstructure.Generators.TwinGenerator",
            ["kit_version"] = typeof(DigitalTwin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            ["packer"] = Packer,
            ["seed"] = s.Seed,
            ["shape_zyx"] = new[] { Volume.Nz, Volume.Ny, Volume.Nx },
            ["voxel_um"] = Volume.VoxelUm,
            ["order"] = "C (z slowest, x fastest); x and y periodic; z = 0 current collector side",
            ["label_codes"] = PhaseLabels.Names.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            ["carbon_representation"] = "sub-voxel share of the SSE binder voxels (label 3); label 4 unused",
            ["carbon_share_of_binder"] = CarbonShareOfBinder,
            ["parameters"] = new Dictionary<string, object?>
            {
                ["ncwa_mass_fraction"] = s.LargeMassFraction,
                ["composition_wt_percent"] = new Dictionary<string, double> { ["cam"] = s.Composition.CamWtPercent, ["sse"] = s.Composition.SseWtPercent, ["carbon"] = s.Composition.CarbonWtPercent },
                ["ncwa"] = SpeciesJson(s.Large),
                ["ncm"] = SpeciesJson(s.Small),
                ["sse_density_g_per_cm3"] = s.SseDensityGPerCm3,
                ["carbon_density_g_per_cm3"] = s.CarbonDensityGPerCm3,
                ["sse_d50_um"] = s.SseD50Um,
                ["box_x_um"] = s.BoxXUm,
                ["box_y_um"] = s.BoxYUm,
                ["cam_areal_loading_mg_per_cm2"] = s.CamArealLoadingMgPerCm2,
                ["psd_volume_quantile_min"] = s.Large.Psd.TailFraction,
                ["psd_volume_quantile_max"] = 1 - s.Large.Psd.TailFraction,
                ["contact_gap_tolerance"] = s.ContactGapTolerance,
                ["sse_interlayer_um"] = s.SseInterlayerUm,
            },
            ["results"] = new Dictionary<string, object?>
            {
                ["porosity"] = Porosity,
                ["volume_fractions"] = VolumeFractions.ToDictionary(),
                ["thickness_um"] = ThicknessUm,
                ["packed_height_um"] = PackedHeightUm,
                ["cam_packing_fraction"] = CamPackingFraction,
                ["particle_counts"] = ParticleCounts,
                ["opening_radius_um"] = Fill.OpeningRadiusVoxels * Volume.VoxelUm,
                ["labels_sha256"] = VolumeHash(),
            },
        };
        return JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true });
    }

    static Dictionary<string, object?> SpeciesJson(CamSpecies c) => new()
    {
        ["name"] = c.Name, ["label"] = c.Label, ["density_g_per_cm3"] = c.DensityGPerCm3,
        ["d10_um"] = c.Psd.D10Um, ["d50_um"] = c.Psd.D50Um, ["d90_um"] = c.Psd.D90Um,
        ["diameters_um"] = c.DiametersUm?.ToArray(),
    };

    /// <summary>Writes DIR/labels.npy, DIR/particles.csv and DIR/twin.json (and DIR/particle_ids.npy is not written: ids exceed a byte).</summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        ResearchKit.Microstructure.IO.Npy.Write(Volume, Path.Combine(directory, "labels.npy"));
        WriteParticlesCsv(Path.Combine(directory, "particles.csv"));
        File.WriteAllText(Path.Combine(directory, "twin.json"), SidecarJson());
    }
}

/// <summary>
/// Builds digital twins: composition -> CAM population -> dense packing (walls in z) -> voxelization -> SSE filling by
/// crevice width -> labelled volume, contacts and phase fractions. Porosity is an output, never an input.
/// </summary>
public static class TwinGenerator
{
    /// <summary>
    /// Builds a twin with the kit's dense packer (<see cref="DensePacking.Pack(PackingRequest, IProgress{string}?)"/>: soft-sphere jamming, x and y periodic,
    /// flat walls in z; the packer finds the pressed height).
    /// </summary>
    public static DigitalTwin Build(TwinSpec spec, IProgress<string>? progress = null, bool particleIds = true, int maxDegreeOfParallelism = -1) =>
        Build(spec, r => DensePacking.Pack(r with { MaxDegreeOfParallelism = maxDegreeOfParallelism }, progress),
            "ResearchKit.Packing.DensePacking.Pack (soft-sphere jamming, FIRE)", progress, particleIds, maxDegreeOfParallelism);

    /// <summary>
    /// Builds a twin. <paramref name="packer"/> packs the CAM spheres (periodic x, y; walls in z; it finds the height).
    /// </summary>
    public static DigitalTwin Build(TwinSpec spec, Func<PackingRequest, PackingResult> packer, string packerName,
        IProgress<string>? progress = null, bool particleIds = true, int maxDegreeOfParallelism = -1)
    {
        var sw = Stopwatch.StartNew();
        spec.Validate();
        var pop = TwinPopulation.Sample(spec);
        progress?.Report($"twin: {pop.Count} CAM particles ({pop.CountOf(PhaseLabels.Ncwa)} NCWA, {pop.CountOf(PhaseLabels.Ncm)} NCM)");
        double half = spec.SseInterlayerUm / 2;
        var packRadii = half > 0 ? pop.RadiiUm.Select(r => r + half).ToArray() : pop.RadiiUm;
        var packing = packer(new PackingRequest(packRadii, pop.Species, spec.BoxXUm, spec.BoxYUm, WallsInZ: true, spec.Seed));
        if (half > 0) // back to the CAM radii; the shells become the first crevices for the SSE
            packing = packing with { Spheres = packing.Spheres.Select(q => q with { RadiusUm = q.RadiusUm - half }).ToArray() };
        progress?.Report($"twin: packed height {packing.BoxZUm:F2} um, packing fraction {packing.PackingFraction:F4} ({sw.Elapsed.TotalSeconds:F1} s)");
        var twin = FromPacking(spec, packing, packerName, progress, particleIds, maxDegreeOfParallelism);
        return twin with { Seconds = sw.Elapsed.TotalSeconds };
    }

    /// <summary>
    /// Voxelizes a given CAM packing and fills the SSE binder whose volume follows from the composition and the CAM mass
    /// actually in the box (so the voxel phase masses reproduce the weight fractions exactly, up to one voxel).
    /// </summary>
    /// <remarks>
    /// Binder volume V_b = m_CAM (w_SSE/w_CAM)/rho_SSE + m_CAM (w_C/w_CAM)/rho_C with m_CAM = sum over CAM voxels of rho v^3.
    /// Carbon (Super P, primary particles ~40 nm, far below the voxel) is a sub-voxel share V_C/V_b of every binder voxel.
    /// If the binder exceeds the free space between the CAM particles (porosity would be negative), whole SSE planes are
    /// added on top (z = nz side) until it fits: a dense CAM skeleton cannot host more binder; the electrode gets thicker.
    /// </remarks>
    public static DigitalTwin FromPacking(TwinSpec spec, PackingResult packing, string packerName,
        IProgress<string>? progress = null, bool particleIds = true, int maxDegreeOfParallelism = -1)
    {
        var sw = Stopwatch.StartNew();
        spec.Validate();
        if (Math.Abs(packing.BoxXUm - spec.BoxXUm) > 1e-6 * spec.BoxXUm || Math.Abs(packing.BoxYUm - spec.BoxYUm) > 1e-6 * spec.BoxYUm)
            throw new InvalidInputException($"packing box {packing.BoxXUm} x {packing.BoxYUm} um differs from the spec box {spec.BoxXUm} x {spec.BoxYUm} um", field: "box_x_um");
        double v = spec.VoxelUm, v3 = v * v * v;
        int nx = spec.Nx, ny = spec.Ny;
        int nz = Math.Max(1, (int)Math.Ceiling(packing.BoxZUm / v - 1e-9));
        long plane = (long)nx * ny;
        var spheres = packing.Spheres.Select(s => s with { XUm = Wrap(s.XUm, spec.BoxXUm), YUm = Wrap(s.YUm, spec.BoxYUm) }).ToArray();
        var labels = new byte[plane * nz];
        int[]? ids = particleIds ? new int[labels.Length] : null;
        SphereVoxelizer.Voxelize(spheres, nz, ny, nx, v, labels, ids, maxDegreeOfParallelism);
        progress?.Report($"twin: voxelized {nz} x {ny} x {nx} ({sw.Elapsed.TotalSeconds:F1} s)");
        long nL = 0, nS = 0;
        foreach (var b in labels) { if (b == spec.Large.Label) nL++; else if (b == spec.Small.Label) nS++; }
        var c = spec.Composition;
        double mCam = (nL * spec.Large.DensityGPerCm3 + nS * spec.Small.DensityGPerCm3) * v3; // g/cm3 x um3 (consistent units)
        double vSse = mCam * (c.SseWtPercent / c.CamWtPercent) / spec.SseDensityGPerCm3;
        double vC = mCam * (c.CarbonWtPercent / c.CamWtPercent) / spec.CarbonDensityGPerCm3;
        long binder = (long)Math.Round((vSse + vC) / v3);
        double carbonShare = vSse + vC > 0 ? vC / (vSse + vC) : 0;
        long free = labels.LongLength - nL - nS;
        if (binder > free)
        {
            int extra = (int)((binder - free + plane - 1) / plane);
            progress?.Report($"twin: binder exceeds the space between CAM particles; adding {extra} SSE planes on top");
            Array.Resize(ref labels, (int)(plane * (nz + extra)));
            if (ids is not null) Array.Resize(ref ids, labels.Length);
            nz += extra;
        }
        var volume = new LabelVolume(nz, ny, nx, v, labels);
        var fill = BinderFilling.Fill(volume, binder, PhaseLabels.Sse, maxDegreeOfParallelism, progress);
        progress?.Report($"twin: SSE filled {fill.FilledVoxels} voxels, opening radius {fill.OpeningRadiusVoxels} voxels ({sw.Elapsed.TotalSeconds:F1} s)");
        long n = labels.LongLength, nPore = 0, nB = 0;
        foreach (var b in labels) { if (b == PhaseLabels.Pore) nPore++; else if (b == PhaseLabels.Sse) nB++; }
        double binderFrac = nB / (double)n;
        var fractions = new ResearchKit.Materials.PhaseVolumeFractions(nPore / (double)n, nL / (double)n, nS / (double)n, binderFrac * (1 - carbonShare), binderFrac * carbonShare);
        double sphereVol = spheres.Sum(s => 4.0 / 3 * Math.PI * s.RadiusUm * s.RadiusUm * s.RadiusUm);
        // With an SSE interlayer, particles separated only by it (gap <= t, plus the tolerance) count as in contact.
        double halfT = spec.SseInterlayerUm / 2;
        var contactSpheres = halfT > 0 ? spheres.Select(q => q with { RadiusUm = q.RadiusUm + halfT }).ToArray() : spheres;
        var contacts = Packing.Contacts.Count(contactSpheres, spec.BoxXUm, spec.BoxYUm, spec.ContactGapTolerance, spec.Large.Label);
        return new DigitalTwin(spec, volume, ids, spheres, fractions, nz * v, packing.BoxZUm,
            (nL + nS) / (double)n, sphereVol / (spec.BoxXUm * spec.BoxYUm * nz * v), contacts, fill, carbonShare, packerName, sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Reads a particle list written by <see cref="DigitalTwin.WriteParticlesCsv"/> (columns x_um, y_um, z_um, radius_um, species)
    /// as a packing in the given in-plane box; the height is the top of the highest particle, max(z + r).
    /// Lets a packing made elsewhere (DEM, GeoDict, tomography segmentation) enter the same voxelization and filling.
    /// </summary>
    public static PackingResult ReadParticlesCsv(string path, double boxXUm, double boxYUm)
    {
        var t = CsvTable.Load(path, ["x_um", "y_um", "z_um", "radius_um", "species"]);
        var s = new List<Sphere>();
        foreach (var r in t.Rows)
        {
            double rad = r.Number("radius_um");
            if (rad <= 0) throw new InvalidInputException($"expected a positive radius, got {rad}", path, r.Line, "radius_um");
            double sp = r.Number("species");
            if (sp != Math.Floor(sp) || sp < 1 || sp > 255) throw new InvalidInputException($"expected an integer species code 1..255, got {sp}", path, r.Line, "species");
            s.Add(new Sphere(r.Number("x_um"), r.Number("y_um"), r.Number("z_um"), rad, (int)sp));
        }
        if (s.Count == 0) throw new InvalidInputException("no particles", path);
        double h = s.Max(q => q.ZUm + q.RadiusUm);
        double box = boxXUm * boxYUm * h;
        return new PackingResult(s.ToArray(), boxXUm, boxYUm, h, s.Sum(q => 4.0 / 3 * Math.PI * q.RadiusUm * q.RadiusUm * q.RadiusUm) / box, 0, double.NaN);
    }

    static double Wrap(double x, double l)
    {
        double w = x % l;
        return w < 0 ? w + l : w;
    }
}
