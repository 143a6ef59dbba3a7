using MathNet.Numerics.Distributions;

namespace ResearchKit.Impedance.Drt;

/// <summary>
/// Pointwise credible band of gamma(tau) on the result's output grid: gamma between <see cref="GammaLowerOhm"/> and
/// <see cref="GammaUpperOhm"/> with probability <see cref="Credibility"/> under the posterior of <see cref="DrtCredibleBands"/>.
/// </summary>
public sealed record DrtCredibleBand(double[] TauS, double[] GammaOhm, double[] GammaLowerOhm, double[] GammaUpperOhm, double Credibility,
    double NoiseStdOhm, double EffectiveParameters, int FreeCoefficients);

/// <summary>
/// Credible bands of a Tikhonov DRT, read as a Bayesian posterior (the view of Ciucci and Chen, Electrochim. Acta 167 (2015) 439,
/// and of pyDRTtools' Bayesian run): with Gaussian noise of variance sigma^2 on the weighted residuals and the Gaussian prior
/// exp(-lambda x^T P x / (2 sigma^2)) that the penalty defines, the posterior of the coefficients is Gaussian with mean the Tikhonov
/// solution and covariance sigma^2 (A^T A + lambda P)^-1. Non-negativity is handled conditionally on the active set: coefficients the
/// solve put at zero stay at zero and the covariance is that of the free ones (a Laplace-type approximation; it understates the
/// spread where gamma touches zero). sigma^2 is estimated from the residual, RSS / (rows - tr H) with H the influence matrix of
/// the free problem (Wahba 1983). The band is gamma +- z sigma_gamma with z the two-sided normal quantile, clipped at zero below.
/// The Tikhonov bias is not in the band: where the smoothing flattens a sharp peak the band can miss the truth, so coverage on
/// analytic spectra is below the nominal level (measured in the tests).
/// </summary>
public static class DrtCredibleBands
{
    /// <summary>The band of <paramref name="drt"/> at <paramref name="credibility"/> (default 0.99).</summary>
    /// <exception cref="InvalidInputException">credibility outside (0, 1), or a result without coefficients</exception>
    public static DrtCredibleBand Compute(DrtResult drt, double credibility = 0.99)
    {
        InvalidInputException.Require(credibility > 0 && credibility < 1, "credibility", "a probability strictly between 0 and 1");
        var o = drt.Options;
        int m = drt.Coefficients.Length;
        InvalidInputException.Require(m >= 2, "Coefficients", "a DRT result with its basis expansion");
        var y = drt.CentreTauS.Select(t => Math.Log(t)).ToArray();
        var d = DrtSolver.Design(drt.FrequencyHz, drt.ImpedanceOhm, y, drt.Epsilon, o, drt.SeriesCapacitanceF is not null);
        int p = d.Columns, p0 = d.NuisanceColumns, rows = d.Rows;

        // The solution vector in the design's columns.
        var x = new double[p];
        int col = 0;
        if (d.RInfColumn) x[col++] = drt.RInfOhm;
        if (d.InductanceColumn) x[col++] = drt.InductanceH * d.OmegaMax;
        if (d.CapacitorColumn) x[col++] = drt.SeriesCapacitanceF is double c && double.IsFinite(c) && c > 0 ? 1 / (c * d.OmegaMin) : 0;
        Array.Copy(drt.Coefficients, 0, x, p0, m);

        // Free columns: off their bound (R_inf is always free when it may be negative).
        var free = Enumerable.Range(0, p).Where(j => x[j] > 0 || (j == 0 && d.RInfColumn && !o.NonNegativeRInf)).ToArray();
        int k = free.Length;

        double rss = 0;
        var gram = new double[k * k];
        for (int r = 0; r < rows; r++)
        {
            var ar = d.Matrix.AsSpan(r * p, p);
            double res = d.Rhs[r];
            for (int j = 0; j < p; j++) res -= ar[j] * x[j];
            rss += res * res;
            for (int i = 0; i < k; i++)
            {
                double ai = ar[free[i]];
                if (ai == 0) continue;
                for (int j = 0; j <= i; j++) gram[i * k + j] += ai * ar[free[j]];
            }
        }
        for (int i = 0; i < k; i++) for (int j = 0; j < i; j++) gram[j * k + i] = gram[i * k + j];
        var q = (double[])gram.Clone();
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++)
                if (free[i] >= p0 && free[j] >= p0) q[i * k + j] += drt.Lambda * d.Penalty[(free[i] - p0) * m + free[j] - p0];
        DenseCholesky.FactorInPlace(q, k);
        var inverse = new double[k * k];
        var e = new double[k];
        for (int j = 0; j < k; j++)
        {
            Array.Clear(e);
            e[j] = 1;
            DenseCholesky.SolveInPlace(q, k, e);
            for (int i = 0; i < k; i++) inverse[i * k + j] = e[i];
        }
        double traceH = 0;
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) traceH += inverse[i * k + j] * gram[j * k + i];
        double sigma2 = rss / Math.Max(rows - traceH, 1);

        double zq = Normal.InvCDF(0, 1, 0.5 * (1 + credibility));
        int nOut = drt.TauS.Length;
        var lower = new double[nOut];
        var upper = new double[nOut];
        var phi = new double[k];
        for (int t = 0; t < nOut; t++)
        {
            for (int i = 0; i < k; i++) phi[i] = free[i] >= p0 ? drt.BasisAt(free[i] - p0, drt.TauS[t]) : 0;
            double v = 0;
            for (int i = 0; i < k; i++)
            {
                if (phi[i] == 0) continue;
                double s = 0;
                for (int j = 0; j < k; j++) s += inverse[i * k + j] * phi[j];
                v += phi[i] * s;
            }
            double half = zq * Math.Sqrt(Math.Max(0, sigma2 * v));
            lower[t] = Math.Max(0, drt.GammaOhm[t] - half);
            upper[t] = drt.GammaOhm[t] + half;
        }
        return new DrtCredibleBand((double[])drt.TauS.Clone(), (double[])drt.GammaOhm.Clone(), lower, upper, credibility, Math.Sqrt(sigma2), traceH, k);
    }
}
