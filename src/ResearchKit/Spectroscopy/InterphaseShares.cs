namespace ResearchKit.Spectroscopy;

/// <summary>
/// Inputs of the surface-spectroscopy forward models: the share of the S 2p and P 2p signals in side-reaction products
/// for the two unimodal cathodes, shaped after the paper's statements (Fig. 3c,d text: PS₄³⁻ at ~161.6 eV falls from
/// CAM10:0 to CAM0:10; after cycling ~60 % of the CAM0:10 S 2p area lies in P₂Sₓ (163.0 eV) and Li₂Sₙ (164.4 eV);
/// the CAM0:10 P 2p shows large P₂Sₓ (133.0 eV) and POₓ (134.0 eV) areas). These are INPUTS, not predictions.
/// Blends are not tuned: their shares follow from the two unimodal values by the NCM share of the CAM surface,
/// s = (1 − w)ρ / ((1 − w)ρ + w) with w the NCWA mass fraction and ρ the ratio of specific surface areas (NCM/NCWA per mass,
/// an assumed input: the paper gives no particle sizes here).
/// </summary>
public sealed record InterphaseShares
{
    /// <summary>S 2p share in P₂Sₓ + Li₂Sₙ after cycling, CAM10:0 (input).</summary>
    public double SulfurDecomposedNcwaAfter { get; init; } = 0.25;
    /// <summary>S 2p share in P₂Sₓ + Li₂Sₙ after cycling, CAM0:10 (input; the paper's ~60 %).</summary>
    public double SulfurDecomposedNcmAfter { get; init; } = 0.60;
    /// <summary>Before cycling (input; Fig. S7 shows weaker side-product peaks).</summary>
    public double SulfurDecomposedNcwaBefore { get; init; } = 0.10;
    public double SulfurDecomposedNcmBefore { get; init; } = 0.20;
    /// <summary>Fraction of the decomposed S 2p signal in P₂Sₓ (the rest is Li₂Sₙ).</summary>
    public double P2SxFractionOfDecomposed { get; init; } = 0.6;
    /// <summary>P 2p share in P₂Sₓ + POₓ after cycling for CAM10:0 and CAM0:10, and before cycling.</summary>
    public double PhosphorusDecomposedNcwaAfter { get; init; } = 0.20;
    public double PhosphorusDecomposedNcmAfter { get; init; } = 0.50;
    public double PhosphorusDecomposedNcwaBefore { get; init; } = 0.08;
    public double PhosphorusDecomposedNcmBefore { get; init; } = 0.15;
    /// <summary>Fraction of the decomposed P 2p signal in POₓ (rest P₂Sₓ).</summary>
    public double PoxFractionOfDecomposed { get; init; } = 0.5;
    /// <summary>Specific surface area ratio NCM/NCWA per unit mass (assumed: single-crystal NCM a few µm vs polycrystalline NCWA ~10 µm).</summary>
    public double SurfaceAreaRatio { get; init; } = 3.0;

    /// <summary>NCM share of the CAM surface for NCWA mass fraction w.</summary>
    public double NcmSurfaceShare(double ncwaMassFraction)
    {
        double w = Math.Clamp(ncwaMassFraction, 0, 1);
        return (1 - w) * SurfaceAreaRatio / ((1 - w) * SurfaceAreaRatio + w);
    }

    static double Mix(double ncwa, double ncm, double s) => ncwa + (ncm - ncwa) * s;

    /// <summary>S 2p shares (PS₄³⁻, P₂Sₓ, Li₂Sₙ) of a cathode.</summary>
    public (double Ps4, double P2Sx, double Li2Sn) Sulfur(double ncwaMassFraction, bool cycled)
    {
        double s = NcmSurfaceShare(ncwaMassFraction);
        double d = cycled ? Mix(SulfurDecomposedNcwaAfter, SulfurDecomposedNcmAfter, s) : Mix(SulfurDecomposedNcwaBefore, SulfurDecomposedNcmBefore, s);
        return (1 - d, d * P2SxFractionOfDecomposed, d * (1 - P2SxFractionOfDecomposed));
    }

    /// <summary>P 2p shares (PS₄³⁻, P₂Sₓ, POₓ) of a cathode.</summary>
    public (double Ps4, double P2Sx, double Pox) Phosphorus(double ncwaMassFraction, bool cycled)
    {
        double s = NcmSurfaceShare(ncwaMassFraction);
        double d = cycled ? Mix(PhosphorusDecomposedNcwaAfter, PhosphorusDecomposedNcmAfter, s) : Mix(PhosphorusDecomposedNcwaBefore, PhosphorusDecomposedNcmBefore, s);
        return (1 - d, d * (1 - PoxFractionOfDecomposed), d * PoxFractionOfDecomposed);
    }
}
