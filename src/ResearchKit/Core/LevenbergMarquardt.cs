namespace ResearchKit;

/// <summary>Residuals r(p) of a least-squares problem (already weighted: cost = Σ r²).</summary>
public delegate void ResidualFunction(ReadOnlySpan<double> parameters, Span<double> residuals);

/// <summary>Jacobian ∂r_j/∂p_k (m × k) at p, given the residuals r(p) already computed there.</summary>
public delegate void JacobianFunction(ReadOnlySpan<double> parameters, ReadOnlySpan<double> residuals, double[,] jacobian);

/// <summary>Options of <see cref="LevenbergMarquardt.Minimize"/>.</summary>
public sealed record LevenbergMarquardtOptions
{
    public int MaxIterations { get; init; } = 200;
    /// <summary>Converged when an accepted step lowers the cost by less than this fraction.</summary>
    public double RelativeTolerance { get; init; } = 1e-10;
}

/// <summary>
/// Result of a bounded least-squares minimisation. Covariance = s² (JᵀJ)⁻¹ with s² = ReducedChiSquare = Cost/(m − k) and
/// J the Jacobian in the original parameters (scipy's curve_fit convention, as the circuit fitter uses); null when JᵀJ is singular.
/// </summary>
public sealed record LevenbergMarquardtResult(
    double[] Parameters, double[] StandardErrors, double[,]? Covariance,
    double Cost, double ReducedChiSquare, int Iterations, bool Converged);

/// <summary>
/// Levenberg-Marquardt with Marquardt's diagonal scaling and bounds by a change of variables (p = lo + (hi − lo)/(1 + e^−u)
/// for two bounds, lo + e^u or hi − e^u for one), the scheme of <c>Impedance.Circuits.CircuitFitter</c> made generic:
/// any residual function, an optional analytic Jacobian (forward differences otherwise). Every trial point is feasible.
/// Reference: Marquardt, J. Soc. Ind. Appl. Math. 11 (1963) 431; Press et al., Numerical Recipes 3rd ed. §15.5.
/// </summary>
public static class LevenbergMarquardt
{
    /// <summary>Minimises Σ r(p)² over lower ≤ p ≤ upper (infinite bounds allowed) from <paramref name="start"/>.</summary>
    /// <param name="residuals">weighted residuals r(p), length <paramref name="m"/></param>
    /// <param name="m">number of residuals</param>
    /// <param name="start">starting parameters (moved just inside a bound they sit on)</param>
    /// <param name="lower">lower bounds (−∞ for none)</param>
    /// <param name="upper">upper bounds (+∞ for none)</param>
    /// <param name="jacobian">∂r/∂p; forward differences when null</param>
    /// <param name="options">tolerances and iteration limit (defaults when null)</param>
    public static LevenbergMarquardtResult Minimize(ResidualFunction residuals, int m, double[] start, double[] lower, double[] upper,
        JacobianFunction? jacobian = null, LevenbergMarquardtOptions? options = null)
    {
        options ??= new LevenbergMarquardtOptions();
        int K = start.Length;
        if (lower.Length != K || upper.Length != K) throw new ArgumentException("bounds and start differ in length");
        if (m < K) throw new InvalidInputException($"{m} residuals are fewer than the {K} free parameters");
        var u = new double[K];
        for (int k = 0; k < K; k++) u[k] = ToU(lower[k], upper[k], start[k]);
        var p = new double[K];
        void ToP(double[] uu, double[] pp) { for (int k = 0; k < K; k++) pp[k] = Map(lower[k], upper[k], uu[k]); }

        var r = new double[m]; var rTrial = new double[m]; var rh = new double[m];
        var Jp = new double[m, K];
        var JtJ = new double[K, K]; var g = new double[K]; var A = new double[K, K]; var step = new double[K];
        var uTrial = new double[K]; var pTrial = new double[K]; var dpdu = new double[K];
        ToP(u, p);
        double cost = Cost(residuals, p, r);
        if (!double.IsFinite(cost)) throw new InvalidInputException("the model is not finite at the starting parameters");
        double lambda = 1e-3;
        int it = 0; bool converged = K == 0;
        for (; it < options.MaxIterations && !converged; it++)
        {
            Jacobian(residuals, jacobian, p, r, rh, Jp, lower, upper);
            for (int k = 0; k < K; k++) dpdu[k] = Derivative(lower[k], upper[k], u[k]);
            for (int a = 0; a < K; a++)
            {
                double s = 0;
                for (int j = 0; j < m; j++) s += Jp[j, a] * r[j];
                g[a] = s * dpdu[a];
                for (int b = a; b < K; b++)
                {
                    double t = 0;
                    for (int j = 0; j < m; j++) t += Jp[j, a] * Jp[j, b];
                    JtJ[a, b] = JtJ[b, a] = t * dpdu[a] * dpdu[b];
                }
            }
            bool accepted = false;
            for (int tries = 0; tries < 30 && !accepted; tries++)
            {
                for (int a = 0; a < K; a++)
                {
                    for (int b = 0; b < K; b++) A[a, b] = JtJ[a, b];
                    A[a, a] += lambda * Math.Max(JtJ[a, a], 1e-12);
                    step[a] = -g[a];
                }
                if (!LinearSolve.Cholesky(A, step)) { lambda *= 10; continue; }
                for (int a = 0; a < K; a++) uTrial[a] = u[a] + step[a];
                ToP(uTrial, pTrial);
                double cTrial = Cost(residuals, pTrial, rTrial);
                if (double.IsFinite(cTrial) && cTrial < cost)
                {
                    double rel = (cost - cTrial) / Math.Max(cost, 1e-300);
                    double stepNorm = 0; for (int a = 0; a < K; a++) stepNorm = Math.Max(stepNorm, Math.Abs(step[a]));
                    Array.Copy(uTrial, u, K); Array.Copy(pTrial, p, K); Array.Copy(rTrial, r, m);
                    cost = cTrial;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    accepted = true;
                    if (rel < options.RelativeTolerance || stepNorm < 1e-12 || cost < 1e-28) converged = true;
                }
                else lambda *= 10;
            }
            if (!accepted) { converged = true; break; } // no descent direction left: a (local) minimum
        }

        // Covariance in the original parameters.
        Jacobian(residuals, jacobian, p, r, rh, Jp, lower, upper);
        for (int a = 0; a < K; a++)
            for (int b = a; b < K; b++)
            {
                double t = 0;
                for (int j = 0; j < m; j++) t += Jp[j, a] * Jp[j, b];
                JtJ[a, b] = JtJ[b, a] = t;
            }
        double reduced = cost / Math.Max(1, m - K);
        var inv = K > 0 ? LinearSolve.Inverse(JtJ) : new double[0, 0];
        var se = new double[K];
        if (inv is not null)
        {
            for (int a = 0; a < K; a++) for (int b = 0; b < K; b++) inv[a, b] *= reduced;
            for (int a = 0; a < K; a++) se[a] = Math.Sqrt(Math.Max(0, inv[a, a]));
        }
        else Array.Fill(se, double.NaN);
        return new LevenbergMarquardtResult(p, se, inv, cost, reduced, it, converged);
    }

    static double Cost(ResidualFunction f, double[] p, double[] r)
    {
        f(p, r);
        double c = 0;
        for (int j = 0; j < r.Length; j++) c += r[j] * r[j];
        return double.IsFinite(c) ? c : double.PositiveInfinity;
    }

    static void Jacobian(ResidualFunction f, JacobianFunction? jac, double[] p, double[] r, double[] rh, double[,] J, double[] lo, double[] hi)
    {
        if (jac is not null) { jac(p, r, J); return; }
        int K = p.Length, m = r.Length;
        for (int k = 0; k < K; k++)
        {
            double keep = p[k];
            double h = 1e-7 * Math.Max(Math.Abs(keep), 1e-3);
            if (keep + h > hi[k]) h = -h; // stay feasible at an upper bound
            p[k] = keep + h;
            f(p, rh);
            p[k] = keep;
            for (int j = 0; j < m; j++) J[j, k] = (rh[j] - r[j]) / h;
        }
    }

    static double Map(double lo, double hi, double u)
    {
        bool hasLo = double.IsFinite(lo), hasHi = double.IsFinite(hi);
        if (hasLo && hasHi) return lo + (hi - lo) / (1 + Math.Exp(-u));
        if (hasLo) return lo + Math.Exp(u);
        if (hasHi) return hi - Math.Exp(u);
        return u;
    }

    static double Derivative(double lo, double hi, double u)
    {
        bool hasLo = double.IsFinite(lo), hasHi = double.IsFinite(hi);
        if (hasLo && hasHi) { double s = 1 / (1 + Math.Exp(-u)); return (hi - lo) * s * (1 - s); }
        if (hasLo) return Math.Exp(u);
        if (hasHi) return -Math.Exp(u);
        return 1;
    }

    static double ToU(double lo, double hi, double p)
    {
        bool hasLo = double.IsFinite(lo), hasHi = double.IsFinite(hi);
        if (hasLo && hasHi)
        {
            double t = Math.Clamp((p - lo) / (hi - lo), 1e-6, 1 - 1e-6); // a start on a bound is nudged inside
            return Math.Log(t / (1 - t));
        }
        if (hasLo) { double d = p - lo; return Math.Log(d > 0 ? d : 1e-6 * Math.Max(Math.Abs(lo), 1e-6)); }
        if (hasHi) { double d = hi - p; return Math.Log(d > 0 ? d : 1e-6 * Math.Max(Math.Abs(hi), 1e-6)); }
        return p;
    }
}
