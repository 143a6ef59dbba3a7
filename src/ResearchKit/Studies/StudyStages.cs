using System.Diagnostics;
using ResearchKit.Materials;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport;

namespace ResearchKit.Studies;

/// <summary>What one stage did at one point: ok, or not available (with the reason), its outputs and its run time.</summary>
public sealed record StageResult(string Stage, string Status, IReadOnlyDictionary<string, double> Outputs, double Seconds, string? Reason = null)
{
    public const string Ok = "ok";
    public const string NotAvailable = "not_available";
}

/// <summary>
/// The chain a what-if point runs: twin -> transport -> morphology (-> mechanics -> cell, declared but not yet wired in).
/// Each stage declares the stages whose outputs it needs and the outputs it produces (names with units), so a point's result
/// records its full provenance. Nothing is faked: a stage whose model is not in the kit reports "not_available".
/// </summary>
public static class StudyStages
{
    /// <summary>Voxel edge (um) when a study does not say: coarse enough for a sweep, not for converged numbers.</summary>
    public const double DefaultVoxelUm = 0.5;
    /// <summary>In-plane box edge (um) when a study does not say: the paper's 40 um (it must exceed the largest NCWA particle).</summary>
    public const double DefaultBoxUm = 40;

    /// <summary>Stage names in chain order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["twin", "transport", "morphology", "mechanics", "cell"];

    /// <summary>The stages whose outputs a stage needs.</summary>
    public static IReadOnlyList<string> Requires(string stage) => stage switch
    {
        "transport" or "morphology" or "mechanics" => ["twin"],
        "cell" => ["twin", "transport", "morphology"],
        _ => [],
    };

    /// <summary>The outputs each stage produces (units in the names).</summary>
    public static IReadOnlyList<string> Outputs(string stage) => stage switch
    {
        "twin" => ["porosity", "thickness_um", "cam_packing_fraction", "cam_cam_contacts", "coordination_number"],
        "transport" => ["sigma_ion_s_per_cm", "tau_ion", "sigma_e_s_per_cm", "tau_e", "ionic_percolating"],
        "morphology" => ["mean_pore_size_um", "cam_sse_area_per_volume_per_um"],
        "mechanics" => ["sse_interface_strain_energy_mj_per_m3"],
        "cell" => ["capacity_0p1c_mah_per_g", "capacity_0p5c_mah_per_g", "capacity_2c_mah_per_g", "retention_pct"],
        _ => [],
    };

    /// <summary>The twin specification of a point: the kit's defaults with the point's inputs applied.</summary>
    public static TwinSpec TwinSpecOf(StudyPoint p)
    {
        double Get(string k, double d) => p.Values.TryGetValue(k, out var v) ? v : d;
        var spec = TwinSpec.Default(Get("ncwa_mass_fraction", 0.7), (ulong)Get("seed", 1), Get("voxel_um", DefaultVoxelUm));
        double box = Get("box_um", DefaultBoxUm);
        spec = spec with { BoxXUm = box, BoxYUm = box };
        spec = spec with { Large = spec.Large with { Psd = Psd(spec.Large.Psd, p, "ncwa") }, Small = spec.Small with { Psd = Psd(spec.Small.Psd, p, "ncm") } };
        if (p.Values.TryGetValue("cam_wt_percent", out var cam))
        {
            double carbon = spec.Composition.CarbonWtPercent;
            if (cam + carbon >= 100) throw new InvalidInputException($"cam_wt_percent {cam} leaves no room for the SSE next to {carbon} wt% carbon", field: "cam_wt_percent");
            spec = spec with { Composition = spec.Composition with { CamWtPercent = cam, SseWtPercent = 100 - cam - carbon } };
        }
        if (p.Values.TryGetValue("sse_interlayer_um", out var t)) spec = spec with { SseInterlayerUm = t };
        if (p.Values.TryGetValue("cam_loading_mg_per_cm2", out var m)) spec = spec with { CamArealLoadingMgPerCm2 = m };
        spec.Validate();
        return spec;
    }

    /// <summary>A CAM's PSD with the point's D50 (D10, D90 scaled with it) and lognormal spread (sigma, ln units) applied.</summary>
    static ResearchKit.Packing.ParticleSizeDistribution Psd(ResearchKit.Packing.ParticleSizeDistribution psd, StudyPoint p, string cam)
    {
        bool hasD50 = p.Values.TryGetValue(cam + "_d50_um", out var d50), hasSpread = p.Values.TryGetValue(cam + "_spread", out var sigma);
        if (!hasD50 && !hasSpread) return psd; // the default PSD exactly as the material table gives it
        return psd.WithMedianAndSigma(hasD50 ? d50 : psd.D50Um, hasSpread ? sigma : psd.Sigma);
    }

    /// <summary>
    /// Runs the study's stages at one point. <paramref name="threads"/> bounds the parallelism inside the point (twin packing and
    /// voxelization, conduction solves); results do not depend on it.
    /// </summary>
    public static IReadOnlyList<StageResult> Run(StudyPoint p, IReadOnlyList<string> stages, int threads = -1, CancellationToken cancel = default)
    {
        var results = new List<StageResult>();
        DigitalTwin? twin = null;
        LabelVolume? bulk = null;
        foreach (var stage in stages)
        {
            cancel.ThrowIfCancellationRequested();
            var sw = Stopwatch.StartNew();
            switch (stage)
            {
                case "twin":
                    twin = TwinGenerator.Build(TwinSpecOf(p), null, particleIds: false, maxDegreeOfParallelism: threads);
                    bulk = ResearchKit.Microstructure.Filters.VolumeFilters.BulkRegion(twin.Volume, out _);
                    results.Add(new StageResult(stage, StageResult.Ok, new Dictionary<string, double>
                    {
                        ["porosity"] = twin.Porosity, ["thickness_um"] = twin.ThicknessUm, ["cam_packing_fraction"] = twin.CamPackingFraction,
                        ["cam_cam_contacts"] = twin.Contacts.Total, ["coordination_number"] = twin.Contacts.CoordinationNumber,
                    }, sw.Elapsed.TotalSeconds));
                    break;
                case "transport":
                {
                    var pc = PhaseConductivities.Default();
                    double sse = pc.SseIonicSPerCm, cam = pc.CamElectronicSPerCm, carbon = pc.CarbonElectronicSPerCm;
                    double phiC = twin!.CarbonShareOfBinder;
                    var options = new ConductionOptions { Axis = VolumeAxis.Z, RelativeTolerance = 1e-6 };
                    // Binder voxels hold SSE with a sub-voxel carbon share phi_C: Bruggeman inside the voxel for both carriers
                    // (the convention of the Fig 5c-f study).
                    var ionic = ConductionSolver.Solve(bulk!, new Dictionary<byte, double> { [PhaseLabels.Sse] = sse * Math.Pow(1 - phiC, 1.5) }, options);
                    var electronic = ConductionSolver.Solve(bulk!, new Dictionary<byte, double>
                    {
                        [PhaseLabels.Ncwa] = cam, [PhaseLabels.Ncm] = cam, [PhaseLabels.Sse] = carbon * Math.Pow(phiC, 1.5),
                    }, options);
                    results.Add(new StageResult(stage, StageResult.Ok, new Dictionary<string, double>
                    {
                        ["sigma_ion_s_per_cm"] = ionic.EffectiveConductivity, ["tau_ion"] = ionic.Tau,
                        ["sigma_e_s_per_cm"] = electronic.EffectiveConductivity, ["tau_e"] = electronic.Tau,
                        ["ionic_percolating"] = ionic.Percolating ? 1 : 0,
                    }, sw.Elapsed.TotalSeconds));
                    break;
                }
                case "morphology":
                {
                    var morphology = Morphology.Analyse(bulk!, VolumeAxis.Z, PhaseLabels.Pore);
                    double area = Interfaces.AreaPerVolumePerUm(bulk!, PhaseLabels.Ncwa, PhaseLabels.Sse) + Interfaces.AreaPerVolumePerUm(bulk!, PhaseLabels.Ncm, PhaseLabels.Sse);
                    results.Add(new StageResult(stage, StageResult.Ok, new Dictionary<string, double>
                    {
                        ["mean_pore_size_um"] = morphology.MeanPoreSizeUm, ["cam_sse_area_per_volume_per_um"] = area,
                    }, sw.Elapsed.TotalSeconds));
                    break;
                }
                case "mechanics":
                    results.Add(new StageResult(stage, StageResult.NotAvailable, new Dictionary<string, double>(), 0,
                        "the strain-energy solver is not wired into the studio yet"));
                    break;
                case "cell":
                    results.Add(new StageResult(stage, StageResult.NotAvailable, new Dictionary<string, double>(), 0,
                        "the cell model is not wired into the studio yet"));
                    break;
                default:
                    throw new InvalidInputException($"unknown stage '{stage}'", field: "stages");
            }
        }
        return results;
    }
}
