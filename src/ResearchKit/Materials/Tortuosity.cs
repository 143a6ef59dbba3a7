namespace ResearchKit.Materials;

/// <summary>
/// Tortuosity factor from conductivities, in the convention of Fig 2f and of TauFactor:
/// sigma_eff = (epsilon / tau) sigma_bulk, so tau = epsilon sigma_bulk / sigma_eff, with epsilon the volume fraction of the
/// conducting phase (the SSE for Li+ transport). Bruggeman's relation sigma_eff = epsilon^alpha sigma_bulk (alpha = 1.5 for spheres)
/// gives tau = epsilon^(1 - alpha), the usual comparison.
/// </summary>
public static class Tortuosity
{
    /// <summary>tau = epsilon sigma_bulk / sigma_eff (+infinity when sigma_eff = 0: no percolating path).</summary>
    /// <param name="volumeFraction">volume fraction epsilon of the conducting phase, in (0, 1] (dimensionless)</param>
    /// <param name="sigmaBulkSPerCm">bulk conductivity of the conducting phase, S/cm</param>
    /// <param name="sigmaEffSPerCm">effective (measured or simulated) conductivity of the composite, S/cm, &gt;= 0</param>
    /// <returns>the tortuosity factor tau (dimensionless, &gt;= 1 for a physical medium)</returns>
    public static double FromConductivity(double volumeFraction, double sigmaBulkSPerCm, double sigmaEffSPerCm)
    {
        Require(volumeFraction, sigmaBulkSPerCm);
        InvalidInputException.Require(sigmaEffSPerCm >= 0 && double.IsFinite(sigmaEffSPerCm), "sigma_eff", $"effective conductivity must be non-negative, got {sigmaEffSPerCm}");
        return sigmaEffSPerCm == 0 ? double.PositiveInfinity : volumeFraction * sigmaBulkSPerCm / sigmaEffSPerCm;
    }

    /// <summary>Inverse: sigma_eff = epsilon sigma_bulk / tau.</summary>
    /// <param name="volumeFraction">volume fraction epsilon of the conducting phase, in (0, 1]</param>
    /// <param name="sigmaBulkSPerCm">bulk conductivity of the conducting phase, S/cm</param>
    /// <param name="tau">tortuosity factor, &gt;= 1 (+infinity gives 0)</param>
    /// <returns>effective conductivity, S/cm</returns>
    public static double EffectiveConductivity(double volumeFraction, double sigmaBulkSPerCm, double tau)
    {
        Require(volumeFraction, sigmaBulkSPerCm);
        InvalidInputException.Require(tau >= 1 || double.IsPositiveInfinity(tau), "tau", $"tortuosity factor must be >= 1, got {tau}");
        return double.IsPositiveInfinity(tau) ? 0 : volumeFraction * sigmaBulkSPerCm / tau;
    }

    /// <summary>Bruggeman tortuosity factor tau = epsilon^(1 - alpha); alpha = 1.5 for a packing of spheres.</summary>
    /// <param name="volumeFraction">volume fraction epsilon of the conducting phase, in (0, 1]</param>
    /// <param name="alpha">Bruggeman exponent (dimensionless; 1.5 for spheres)</param>
    public static double Bruggeman(double volumeFraction, double alpha = 1.5)
    {
        InvalidInputException.Require(volumeFraction is > 0 and <= 1, "volume_fraction", $"volume fraction must be within (0, 1], got {volumeFraction}");
        return Math.Pow(volumeFraction, 1 - alpha);
    }

    static void Require(double volumeFraction, double sigmaBulk)
    {
        InvalidInputException.Require(volumeFraction is > 0 and <= 1, "volume_fraction", $"volume fraction must be within (0, 1], got {volumeFraction}");
        InvalidInputException.Require(sigmaBulk > 0 && double.IsFinite(sigmaBulk), "sigma_bulk", $"bulk conductivity must be positive, got {sigmaBulk}");
    }
}
