using System.Globalization;
using ResearchKit.Packing;

namespace ResearchKit.Microstructure.Generators;

/// <summary>
/// One cathode active material (CAM) species of a twin: name, label code in the volume (1 NCWA, 2 NCM),
/// size distribution and density. <paramref name="Psd"/> is the kit's one PSD type (lognormal from D10/D50/D90 with its tail
/// cut, or a tabulated PSA file), sampled by its one sampler (<see cref="ParticleSizeDistribution.SampleRadiiForVolume"/>).
/// <paramref name="DiametersUm"/>, when given, replaces sampling: the listed diameters are used in turn (cyclically) until the
/// species' mass is placed (a measured population).
/// </summary>
public sealed record CamSpecies(string Name, byte Label, ParticleSizeDistribution Psd, double DensityGPerCm3, IReadOnlyList<double>? DiametersUm = null);

/// <summary>
/// Everything that defines a digital twin of a composite cathode (issue 3). Defaults come from
/// data/materials/twin-defaults.csv (see <see cref="Default"/>); one parameter set serves every blend.
/// </summary>
/// <param name="Large">The large CAM (NCWA, label 1).</param>
/// <param name="Small">The small CAM (NCM, label 2).</param>
/// <param name="Composition">CAM : SSE : carbon by weight and the NCWA share of the CAM mass (the kit's one composition record,
/// <see cref="ResearchKit.Materials.CathodeComposition"/>; blend 7:3 = NcwaMassFraction 0.7).</param>
/// <param name="SseDensityGPerCm3">SSE density (g/cm3).</param>
/// <param name="CarbonDensityGPerCm3">Carbon density (g/cm3).</param>
/// <param name="SseD50Um">SSE D50 (um); recorded only (the pressed ductile SSE is a continuum below the CAM scale).</param>
/// <param name="BoxXUm">In-plane box edge x (um), periodic.</param>
/// <param name="BoxYUm">In-plane box edge y (um), periodic.</param>
/// <param name="VoxelUm">Voxel edge (um); must divide both in-plane edges.</param>
/// <param name="CamArealLoadingMgPerCm2">CAM mass per electrode area (mg/cm2); sets the particle count, thickness follows from the packing.</param>
/// <param name="Seed">Random seed (population and packing).</param>
/// <param name="ContactGapTolerance">Relative gap below which two CAM particles count as touching.</param>
public sealed record TwinSpec(
    CamSpecies Large,
    CamSpecies Small,
    ResearchKit.Materials.CathodeComposition Composition,
    double SseDensityGPerCm3,
    double CarbonDensityGPerCm3,
    double SseD50Um,
    double BoxXUm,
    double BoxYUm,
    double VoxelUm,
    double CamArealLoadingMgPerCm2,
    ulong Seed,
    double ContactGapTolerance)
{
    /// <summary>
    /// SSE interlayer thickness t (um) kept between CAM particles by the pressed electrolyte: the CAM is packed as spheres of
    /// radius r + t/2 (so two particles stay at least t apart) and voxelized at radius r; the narrow shells are the first
    /// crevices the SSE fills. 0 = CAM packs as if the SSE were absent (the uncalibrated baseline).
    /// The only calibratable parameter of the twin; calibrate it on the unimodal cathodes only.
    /// </summary>
    public double SseInterlayerUm { get; init; }

    /// <summary>NCWA : (NCWA + NCM) by mass, 0..1 (blend 7:3 = 0.7): the composition's NCWA share.</summary>
    public double LargeMassFraction => Composition.NcwaMassFraction;

    /// <summary>The paper's parameter set (data/materials/twin-defaults.csv) for a given NCWA mass fraction of the CAM.</summary>
    public static TwinSpec Default(double largeMassFraction = 0.7, ulong seed = 1, double voxelUm = 0.1)
    {
        var d = TwinDefaults.Load();
        // Densities come from the one material table (data/materials/materials.csv, DEFAULT rows; issue 9), not from twin-defaults.csv.
        var rho = ResearchKit.Materials.MaterialLibrary.Default.Densities();
        double tail = d["all/psd_tail_fraction"];
        return new TwinSpec(
            new CamSpecies("NCWA", PhaseLabels.Ncwa, ParticleSizeDistribution.FromD10D50D90(d["NCWA/d10"], d["NCWA/d50"], d["NCWA/d90"], tail), rho.NcwaGPerCm3),
            new CamSpecies("NCM", PhaseLabels.Ncm, ParticleSizeDistribution.FromD10D50D90(d["NCM/d10"], d["NCM/d50"], d["NCM/d90"], tail), rho.NcmGPerCm3),
            new ResearchKit.Materials.CathodeComposition(d["all/cam_wt_percent"], d["all/sse_wt_percent"], d["all/carbon_wt_percent"], largeMassFraction),
            rho.SseGPerCm3, rho.CarbonGPerCm3, d["SSE/d50"],
            d["all/box_x"], d["all/box_y"], voxelUm, d["all/cam_areal_loading"], seed, d["all/contact_gap_tolerance"])
        { SseInterlayerUm = d.TryGetValue("all/sse_interlayer", out var t) ? t : 0 };
    }

    /// <summary>Checks every field; throws <see cref="InvalidInputException"/> naming the first bad one.</summary>
    public void Validate()
    {
        InvalidInputException.Require(Composition is not null, "composition", "expected a composition");
        Composition!.Validate();
        foreach (var (s, f) in new[] { (Large, "large"), (Small, "small") })
        {
            InvalidInputException.Require(s.Psd is not null, f + ".psd", "expected a particle size distribution");
            InvalidInputException.Require(double.IsFinite(s.DensityGPerCm3) && s.DensityGPerCm3 > 0, f + ".density_g_per_cm3", $"expected a positive density, got {s.DensityGPerCm3}");
            if (s.DiametersUm is { } list)
            {
                InvalidInputException.Require(list.Count > 0, f + ".diameters_um", "expected at least one diameter");
                for (int i = 0; i < list.Count; i++)
                    InvalidInputException.Require(double.IsFinite(list[i]) && list[i] > 0, f + ".diameters_um", $"expected positive diameters, item {i} is {list[i]}");
            }
        }
        InvalidInputException.Require(double.IsFinite(SseDensityGPerCm3) && SseDensityGPerCm3 > 0, "sse_density_g_per_cm3", $"expected a positive density, got {SseDensityGPerCm3}");
        InvalidInputException.Require(double.IsFinite(CarbonDensityGPerCm3) && CarbonDensityGPerCm3 > 0, "carbon_density_g_per_cm3", $"expected a positive density, got {CarbonDensityGPerCm3}");
        InvalidInputException.Require(double.IsFinite(VoxelUm) && VoxelUm > 0, "voxel_um", $"expected a positive voxel size, got {VoxelUm}");
        InvalidInputException.Require(double.IsFinite(BoxXUm) && BoxXUm > 0, "box_x_um", $"expected a positive box edge, got {BoxXUm}");
        InvalidInputException.Require(double.IsFinite(BoxYUm) && BoxYUm > 0, "box_y_um", $"expected a positive box edge, got {BoxYUm}");
        InvalidInputException.Require(IsMultiple(BoxXUm, VoxelUm), "voxel_um", $"voxel size {VoxelUm} um must divide the in-plane box edge {BoxXUm} um");
        InvalidInputException.Require(IsMultiple(BoxYUm, VoxelUm), "voxel_um", $"voxel size {VoxelUm} um must divide the in-plane box edge {BoxYUm} um");
        InvalidInputException.Require(double.IsFinite(CamArealLoadingMgPerCm2) && CamArealLoadingMgPerCm2 > 0, "cam_areal_loading_mg_per_cm2", $"expected a positive areal loading, got {CamArealLoadingMgPerCm2}");
        InvalidInputException.Require(double.IsFinite(SseInterlayerUm) && SseInterlayerUm >= 0, "sse_interlayer_um", $"expected a non-negative thickness, got {SseInterlayerUm}");
        InvalidInputException.Require(ContactGapTolerance >= 0 && ContactGapTolerance < 1, "contact_gap_tolerance", $"expected 0 <= tolerance < 1, got {ContactGapTolerance}");
        double largest = Math.Max(MaxDiameterUm(Large, LargeMassFraction > 0), MaxDiameterUm(Small, LargeMassFraction < 1));
        InvalidInputException.Require(Math.Min(BoxXUm, BoxYUm) >= largest, "box_x_um",
            $"in-plane box {BoxXUm} x {BoxYUm} um is smaller than the largest particle ({largest:F2} um diameter)");
    }

    /// <summary>Largest diameter the population of a species can contain (um).</summary>
    internal double MaxDiameterUm(CamSpecies s, bool present) =>
        !present ? 0 : s.DiametersUm is { } l ? l.Max() : s.Psd.MaxDiameterUm;

    static bool IsMultiple(double box, double voxel)
    {
        double n = box / voxel;
        return Math.Abs(n - Math.Round(n)) < 1e-6 * Math.Max(1, n) && Math.Round(n) >= 1;
    }

    /// <summary>Number of voxels along x and y.</summary>
    public int Nx => (int)Math.Round(BoxXUm / VoxelUm);
    public int Ny => (int)Math.Round(BoxYUm / VoxelUm);
}

/// <summary>Reads data/materials/twin-defaults.csv (embedded) into "material/quantity" -> value.</summary>
public static class TwinDefaults
{
    /// <summary>All default values keyed "material/quantity" (e.g. "NCWA/d50").</summary>
    public static IReadOnlyDictionary<string, double> Load()
    {
        var table = CsvTable.Parse(EmbeddedData.Read("materials", "twin-defaults.csv"), "data/materials/twin-defaults.csv",
            ["material", "quantity", "value", "unit", "source", "status", "note"]);
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var r in table.Rows) d[r.RequiredText("material") + "/" + r.RequiredText("quantity")] = r.Number("value");
        return d;
    }

    /// <summary>The defaults table as CSV rows (material, quantity, value, unit, source, status, note) for display.</summary>
    public static CsvTable Table() =>
        CsvTable.Parse(EmbeddedData.Read("materials", "twin-defaults.csv"), "data/materials/twin-defaults.csv");
}
