namespace ResearchKit.Materials;

/// <summary>
/// Mixing rules for the stack-pressure (internal stress) change of a blended cathode from its two unimodal cathodes (Fig 4f).
/// The paper finds the blends' values close to the mass-weighted average of CAM10:0 and CAM0:10 (Fig 4f, Table S8 as quoted in the text).
/// </summary>
public static class Pressiometry
{
    /// <summary>Mass-weighted rule: d_sigma = x d_sigma_NCWA + (1 - x) d_sigma_NCM, x = NCWA share of the CAM mass.</summary>
    public static double MassWeightedMpa(double ncwaMassFraction, double ncwaOnlyMpa, double ncmOnlyMpa)
    {
        RequireFraction(ncwaMassFraction);
        return ncwaMassFraction * ncwaOnlyMpa + (1 - ncwaMassFraction) * ncmOnlyMpa;
    }

    // A "volume-change-weighted" rule (each CAM weighted by x|dV|) was removed: the unimodal stress changes already carry each
    // CAM's volume change, so weighting them again by |dV| counts it twice. The paper's own control for the mass rule is
    // experimental (CAM8+2, 7+3, 6+4: the two unimodal composites loaded one after the other gave nearly the same pressure
    // profiles as the blends), not a second formula.

    static void RequireFraction(double x) =>
        InvalidInputException.Require(x is >= 0 and <= 1, "ncwa_mass_fraction", $"NCWA mass fraction must be within 0..1, got {x}");
}
