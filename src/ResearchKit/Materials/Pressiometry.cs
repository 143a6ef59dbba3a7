namespace ResearchKit.Materials;

/// <summary>
/// Mixing rules for the stack-pressure (internal stress) change of a blended cathode from its two unimodal cathodes (Fig 4f).
/// The paper finds the blends' values close to the mass-weighted average of CAM10:0 and CAM0:10 (p.7).
/// </summary>
public static class Pressiometry
{
    /// <summary>Mass-weighted rule: d_sigma = x d_sigma_NCWA + (1 - x) d_sigma_NCM, x = NCWA share of the CAM mass.</summary>
    public static double MassWeightedMpa(double ncwaMassFraction, double ncwaOnlyMpa, double ncmOnlyMpa)
    {
        RequireFraction(ncwaMassFraction);
        return ncwaMassFraction * ncwaOnlyMpa + (1 - ncwaMassFraction) * ncmOnlyMpa;
    }

    /// <summary>
    /// Volume-change-weighted rule: each CAM contributes in proportion to the volume change it brings,
    /// w = x |dV_NCWA| / (x |dV_NCWA| + (1 - x) |dV_NCM|), then d_sigma = w d_sigma_NCWA + (1 - w) d_sigma_NCM.
    /// dV are the unit-cell volume changes of Fig 4e (-6.5 % and -4.8 %). This assumes equal CAM densities, so mass and volume shares coincide;
    /// the densities differ by about 1 % (data/materials), which is below the precision of the rule.
    /// </summary>
    public static double VolumeChangeWeightedMpa(double ncwaMassFraction, double ncwaOnlyMpa, double ncmOnlyMpa, double ncwaVolumeChangePercent, double ncmVolumeChangePercent)
    {
        RequireFraction(ncwaMassFraction);
        double a = ncwaMassFraction * Math.Abs(ncwaVolumeChangePercent), b = (1 - ncwaMassFraction) * Math.Abs(ncmVolumeChangePercent);
        InvalidInputException.Require(a + b > 0, "volume_change", "at least one CAM must change volume");
        double w = a / (a + b);
        return w * ncwaOnlyMpa + (1 - w) * ncmOnlyMpa;
    }

    static void RequireFraction(double x) =>
        InvalidInputException.Require(x is >= 0 and <= 1, "ncwa_mass_fraction", $"NCWA mass fraction must be within 0..1, got {x}");
}
