namespace ResearchKit.Materials;

/// <summary>Skeletal (true) densities of the four solid phases, g/cm3.</summary>
public sealed record PhaseDensities(double NcwaGPerCm3, double NcmGPerCm3, double SseGPerCm3, double CarbonGPerCm3)
{
    public void Validate()
    {
        InvalidInputException.Require(NcwaGPerCm3 > 0 && double.IsFinite(NcwaGPerCm3), "ncwa_density", $"NCWA density must be positive, got {NcwaGPerCm3}");
        InvalidInputException.Require(NcmGPerCm3 > 0 && double.IsFinite(NcmGPerCm3), "ncm_density", $"NCM density must be positive, got {NcmGPerCm3}");
        InvalidInputException.Require(SseGPerCm3 > 0 && double.IsFinite(SseGPerCm3), "sse_density", $"SSE density must be positive, got {SseGPerCm3}");
        InvalidInputException.Require(CarbonGPerCm3 > 0 && double.IsFinite(CarbonGPerCm3), "carbon_density", $"carbon density must be positive, got {CarbonGPerCm3}");
    }
}

/// <summary>
/// Composition of a composite cathode by weight: CAM:SSE:carbon in wt% (must add to 100) and the NCWA share of the CAM mass
/// (NCWA:NCM = 7:3 is 0.7). The paper's cathodes are 90:9.5:0.5 (p.2).
/// </summary>
public sealed record CathodeComposition(double CamWtPercent, double SseWtPercent, double CarbonWtPercent, double NcwaMassFraction)
{
    /// <summary>The paper's composition, CAM:SSE:CC = 90:9.5:0.5, with the given NCWA share of the CAM.</summary>
    public static CathodeComposition Paper(double ncwaMassFraction) => new(90, 9.5, 0.5, ncwaMassFraction);

    public void Validate()
    {
        foreach (var (name, v) in new[] { ("cam_wt_percent", CamWtPercent), ("sse_wt_percent", SseWtPercent), ("carbon_wt_percent", CarbonWtPercent) })
            InvalidInputException.Require(double.IsFinite(v) && v >= 0 && v <= 100, name, $"weight percent must be within 0..100, got {v}");
        double sum = CamWtPercent + SseWtPercent + CarbonWtPercent;
        InvalidInputException.Require(Math.Abs(sum - 100) < 1e-6, "wt_percent", $"CAM + SSE + carbon must add to 100 wt%, got {sum:G6}");
        InvalidInputException.Require(double.IsFinite(NcwaMassFraction) && NcwaMassFraction >= 0 && NcwaMassFraction <= 1,
            "ncwa_mass_fraction", $"NCWA share of the CAM mass must be within 0..1, got {NcwaMassFraction}");
    }

    /// <summary>Mass fractions (0..1) of NCWA, NCM, SSE, carbon.</summary>
    public (double Ncwa, double Ncm, double Sse, double Carbon) MassFractions()
    {
        Validate();
        double cam = CamWtPercent / 100;
        return (cam * NcwaMassFraction, cam * (1 - NcwaMassFraction), SseWtPercent / 100, CarbonWtPercent / 100);
    }
}

/// <summary>
/// Volume fractions of a composite (add to 1 including pores): the kit's one phase-fraction record, for composition arithmetic and
/// for digital twins alike (in a twin, carbon is a sub-voxel share of the binder voxels).
/// </summary>
public sealed record PhaseVolumeFractions(double Pore, double Ncwa, double Ncm, double Sse, double Carbon)
{
    public double Cam => Ncwa + Ncm;
    public double Solid => Ncwa + Ncm + Sse + Carbon;

    /// <summary>Keyed pore, ncwa, ncm, sse, carbon (the phase names of the twin's label codes).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>
    {
        ["pore"] = Pore, ["ncwa"] = Ncwa, ["ncm"] = Ncm, ["sse"] = Sse, ["carbon"] = Carbon,
    };
}

/// <summary>
/// Composition arithmetic of a composite cathode: weight fractions and skeletal densities to volume fractions,
/// porosity to CAM packing fraction and back, theoretical and actual density.
/// All follow from mass conservation: the specific volume of the solid is v = sum_i w_i / rho_i (cm3/g).
/// </summary>
public static class Composition
{
    /// <summary>Specific solid volume v = sum w_i / rho_i, cm3 per g of composite.</summary>
    public static double SpecificSolidVolumeCm3PerG(CathodeComposition c, PhaseDensities d)
    {
        d.Validate();
        var w = c.MassFractions();
        return w.Ncwa / d.NcwaGPerCm3 + w.Ncm / d.NcmGPerCm3 + w.Sse / d.SseGPerCm3 + w.Carbon / d.CarbonGPerCm3;
    }

    /// <summary>Theoretical (pore-free) density of the composite, 1 / sum(w_i / rho_i), g/cm3.</summary>
    public static double TheoreticalDensityGPerCm3(CathodeComposition c, PhaseDensities d) => 1 / SpecificSolidVolumeCm3PerG(c, d);

    /// <summary>Actual (bulk) density of a composite with the given porosity: rho_th (1 - porosity).</summary>
    public static double ActualDensityGPerCm3(CathodeComposition c, PhaseDensities d, double porosity)
    {
        RequirePorosity(porosity);
        return TheoreticalDensityGPerCm3(c, d) * (1 - porosity);
    }

    /// <summary>Porosity from a measured bulk density: 1 - rho_bulk / rho_th.</summary>
    public static double PorosityFromDensity(CathodeComposition c, PhaseDensities d, double bulkDensityGPerCm3)
    {
        InvalidInputException.Require(bulkDensityGPerCm3 > 0, "bulk_density", $"bulk density must be positive, got {bulkDensityGPerCm3}");
        double rhoTh = TheoreticalDensityGPerCm3(c, d);
        InvalidInputException.Require(bulkDensityGPerCm3 <= rhoTh * (1 + 1e-12), "bulk_density",
            $"bulk density {bulkDensityGPerCm3:G4} g/cm3 exceeds the theoretical density {rhoTh:G4} g/cm3");
        return 1 - bulkDensityGPerCm3 / rhoTh;
    }

    /// <summary>Volume fractions of each phase and pores: phi_i = (1 - porosity) (w_i/rho_i) / sum_j (w_j/rho_j).</summary>
    public static PhaseVolumeFractions VolumeFractions(CathodeComposition c, PhaseDensities d, double porosity)
    {
        RequirePorosity(porosity);
        var w = c.MassFractions();
        double v = SpecificSolidVolumeCm3PerG(c, d);
        double s = (1 - porosity) / v;
        return new PhaseVolumeFractions(porosity, s * w.Ncwa / d.NcwaGPerCm3, s * w.Ncm / d.NcmGPerCm3, s * w.Sse / d.SseGPerCm3, s * w.Carbon / d.CarbonGPerCm3);
    }

    /// <summary>CAM packing fraction (CAM volume per composite volume) at a porosity.</summary>
    public static double CamPackingFraction(CathodeComposition c, PhaseDensities d, double porosity) => VolumeFractions(c, d, porosity).Cam;

    /// <summary>Inverse of <see cref="CamPackingFraction"/>: the porosity at which the CAM fills the given volume fraction.</summary>
    public static double PorosityFromCamPackingFraction(CathodeComposition c, PhaseDensities d, double camPackingFraction)
    {
        double camShareOfSolid = VolumeFractions(c, d, 0).Cam;
        InvalidInputException.Require(camPackingFraction > 0 && camPackingFraction <= camShareOfSolid, "cam_packing_fraction",
            $"CAM packing fraction must be within (0, {camShareOfSolid:G4}] for this composition, got {camPackingFraction}");
        return 1 - camPackingFraction / camShareOfSolid;
    }

    static void RequirePorosity(double porosity) =>
        InvalidInputException.Require(double.IsFinite(porosity) && porosity >= 0 && porosity < 1, "porosity", $"porosity must be within [0, 1), got {porosity}");
}
