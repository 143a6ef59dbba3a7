namespace ResearchKit.Packing.Theory;

/// <summary>
/// Analytic packing fraction of binary sphere mixtures as a function of the fines (small-particle) VOLUME fraction of
/// the solids, at a size ratio r = d_small / d_large (0 &lt; r &lt;= 1).
/// <para>
/// <b>Westman / Yu-Standish.</b> Westman's conic (A.E.R. Westman, J. Am. Ceram. Soc. 19, 127 (1936)) in specific volumes
/// V = 1/phi (V_L, V_S of the two size classes alone, X_L + X_S = 1 their volume fractions):
/// ((V - V_L X_L)/V_S)^2 + 2 G ((V - V_L X_L)/V_S)((V - X_L - V_S X_S)/(V_L - 1)) + ((V - X_L - V_S X_S)/(V_L - 1))^2 = 1.
/// The two straight lines it interpolates are the limits of infinite size ratio: coarse-dominated V = V_L X_L (fines hide
/// in the voids) and fines-dominated V = X_L + V_S X_S (coarse particles are solid lumps in the fine packing).
/// G from Yu and Standish (Ind. Eng. Chem. Res. 30, 1372 (1991)): 1/G = 1.355 r^1.566 for r &lt;= 0.824, 1/G = 1 above
/// (G = 1 makes V linear in X, no mixing gain). The physical root has both bracketed terms non-negative.
/// </para>
/// <para>
/// <b>Compressible packing model</b> (F. de Larrard, Concrete Mixture Proportioning, E&amp;FN Spon 1999, ch. 1; de Larrard
/// and Sedran, Cem. Concr. Res. 24, 997 (1994)). Classes 1 = coarse, 2 = fine with virtual (infinitely compacted)
/// packing densities beta_1, beta_2 and volume fractions y_1, y_2. Virtual density when a class dominates:
/// gamma_1 = beta_1 / (1 - (1 - a_12 beta_1/beta_2) y_2)                     (fines loosen the coarse skeleton)
/// gamma_2 = beta_2 / (1 - (1 - beta_2 + b_21 beta_2 (1 - 1/beta_1)) y_1)    (coarse walls disturb the fine packing)
/// with a_12 = sqrt(1 - (1 - r)^1.02) and b_21 = 1 - (1 - r)^1.50; virtual density gamma = min(gamma_1, gamma_2).
/// The actual packing fraction phi follows from the compaction index K:
/// K = sum_i (y_i/beta_i) / (1/phi - 1/gamma_i), solved for phi &lt; gamma (K = 4.1 poured, 4.5 rodded, 9 vibrated and
/// pressed; K -&gt; infinity gives phi -&gt; gamma). A single class gives phi = beta / (1 + 1/K).
/// </para>
/// </summary>
public static class BimodalPackingModels
{
    /// <summary>Yu-Standish interaction parameter G(r) of Westman's equation.</summary>
    public static double YuStandishG(double sizeRatio)
    {
        CheckRatio(sizeRatio);
        return sizeRatio > 0.824 ? 1.0 : 1.0 / (1.355 * Math.Pow(sizeRatio, 1.566));
    }

    /// <summary>
    /// Westman / Yu-Standish packing fraction of the mixture. <paramref name="phiLarge"/> and <paramref name="phiSmall"/>:
    /// packing fractions of each class alone (equal for spheres: the monodisperse value); <paramref name="finesFraction"/>:
    /// VOLUME fraction of the small particles among the solids.
    /// </summary>
    public static double Westman(double finesFraction, double sizeRatio, double phiLarge, double phiSmall)
    {
        CheckFraction(finesFraction); CheckRatio(sizeRatio);
        InvalidInputException.Require(phiLarge > 0 && phiLarge < 1, "phiLarge", "expected a packing fraction in (0, 1)");
        InvalidInputException.Require(phiSmall > 0 && phiSmall < 1, "phiSmall", "expected a packing fraction in (0, 1)");
        double g = YuStandishG(sizeRatio);
        double vl = 1 / phiLarge, vs = 1 / phiSmall, xs = finesFraction, xl = 1 - xs;
        // A = a1 V + a0, B = b1 V + b0.
        double a1 = 1 / vs, a0 = -vl * xl / vs;
        double b1 = 1 / (vl - 1), b0 = -(xl + vs * xs) / (vl - 1);
        double qa = a1 * a1 + 2 * g * a1 * b1 + b1 * b1;
        double qb = 2 * (a1 * a0 + g * (a1 * b0 + a0 * b1) + b1 * b0);
        double qc = a0 * a0 + 2 * g * a0 * b0 + b0 * b0 - 1;
        double disc = Math.Max(0, qb * qb - 4 * qa * qc);
        double best = double.NaN;
        foreach (double v in new[] { (-qb - Math.Sqrt(disc)) / (2 * qa), (-qb + Math.Sqrt(disc)) / (2 * qa) })
        {
            double a = a1 * v + a0, b = b1 * v + b0;
            if (a >= -1e-9 && b >= -1e-9 && (double.IsNaN(best) || v < best)) best = v;
        }
        if (double.IsNaN(best)) throw new InvalidOperationException("Westman equation has no physical root");
        return 1 / best;
    }

    /// <summary>CPM loosening coefficient a_12 (effect of fines on the coarse class), de Larrard 1999.</summary>
    public static double LooseningA(double sizeRatio) { CheckRatio(sizeRatio); return Math.Sqrt(1 - Math.Pow(1 - sizeRatio, 1.02)); }

    /// <summary>CPM wall-effect coefficient b_21 (effect of coarse on the fine class), de Larrard 1999.</summary>
    public static double WallEffectB(double sizeRatio) { CheckRatio(sizeRatio); return 1 - Math.Pow(1 - sizeRatio, 1.50); }

    /// <summary>CPM virtual packing density gamma = min(gamma_1, gamma_2) of the binary mixture (K -&gt; infinity).</summary>
    public static double CpmVirtual(double finesFraction, double sizeRatio, double betaLarge, double betaSmall)
    {
        var (g1, g2) = CpmGammas(finesFraction, sizeRatio, betaLarge, betaSmall);
        return Math.Min(g1, g2);
    }

    static (double G1, double G2) CpmGammas(double finesFraction, double sizeRatio, double betaLarge, double betaSmall)
    {
        CheckFraction(finesFraction); CheckRatio(sizeRatio);
        InvalidInputException.Require(betaLarge > 0 && betaLarge < 1, "betaLarge", "expected a virtual packing density in (0, 1)");
        InvalidInputException.Require(betaSmall > 0 && betaSmall < 1, "betaSmall", "expected a virtual packing density in (0, 1)");
        double y2 = finesFraction, y1 = 1 - y2, b1 = betaLarge, b2 = betaSmall;
        double a12 = LooseningA(sizeRatio), b21 = WallEffectB(sizeRatio);
        double g1 = b1 / (1 - (1 - a12 * b1 / b2) * y2);
        double g2 = b2 / (1 - (1 - b2 + b21 * b2 * (1 - 1 / b1)) * y1);
        return (g1, g2);
    }

    /// <summary>
    /// CPM actual packing fraction at compaction index <paramref name="compactionIndexK"/> (solves
    /// K = sum y_i/beta_i / (1/phi - 1/gamma_i) by bisection). betas are VIRTUAL densities: for a class whose actual
    /// monodisperse packing fraction phi_mono was measured with the same K, beta = phi_mono (1 + 1/K)
    /// (see <see cref="VirtualFromActual"/>).
    /// </summary>
    public static double Cpm(double finesFraction, double sizeRatio, double betaLarge, double betaSmall, double compactionIndexK)
    {
        InvalidInputException.Require(compactionIndexK > 0, "compactionIndexK", "expected a compaction index K > 0");
        var (g1, g2) = CpmGammas(finesFraction, sizeRatio, betaLarge, betaSmall);
        double y2 = finesFraction, y1 = 1 - y2;
        double gamma = Math.Min(g1, g2);
        double K(double phi)
        {
            double k = 0;
            if (y1 > 0) k += y1 / betaLarge / (1 / phi - 1 / g1);
            if (y2 > 0) k += y2 / betaSmall / (1 / phi - 1 / g2);
            return k;
        }
        double lo = 1e-6, hi = gamma * (1 - 1e-15);
        for (int it = 0; it < 200; it++)
        {
            double mid = 0.5 * (lo + hi);
            if (K(mid) < compactionIndexK) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>Virtual packing density of a monodisperse class from its actual packing fraction: beta = phi (1 + 1/K).</summary>
    public static double VirtualFromActual(double phiMono, double compactionIndexK) => phiMono * (1 + 1 / compactionIndexK);

    /// <summary>Fines fraction of the maximum of a model curve on [0, 1] (golden-section on a fine grid; the curves are unimodal).</summary>
    public static (double FinesFraction, double PackingFraction) Maximum(Func<double, double> phiOfFines)
    {
        double bestX = 0, bestPhi = double.NegativeInfinity;
        for (int k = 0; k <= 1000; k++)
        {
            double x = k / 1000.0, p = phiOfFines(x);
            if (p > bestPhi) { bestPhi = p; bestX = x; }
        }
        return (bestX, bestPhi);
    }

    static void CheckRatio(double r) => InvalidInputException.Require(r > 0 && r <= 1, "sizeRatio", "expected 0 < d_small/d_large <= 1");
    static void CheckFraction(double x) => InvalidInputException.Require(x >= 0 && x <= 1, "finesFraction", "expected a volume fraction in [0, 1]");
}
