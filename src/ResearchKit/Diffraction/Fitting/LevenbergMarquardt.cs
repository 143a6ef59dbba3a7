namespace ResearchKit.Diffraction.Fitting;

/// <summary>Result of a Levenberg-Marquardt minimisation of Σ r_i².</summary>
public sealed record LmResult(double[] Parameters, double[,] CovarianceUnscaled, double Cost, int Iterations, bool Converged, int Residuals)
{
    /// <summary>Standard errors √(C_jj · cost/(N − P_total)), with P_total the number of fitted parameters (nonlinear + linear).</summary>
    public double[] Esd(int totalParameters)
    {
        double s2 = Cost / Math.Max(Residuals - totalParameters, 1);
        var e = new double[Parameters.Length];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Sqrt(Math.Max(CovarianceUnscaled[j, j], 0) * s2);
        return e;
    }
}

/// <summary>
/// A small dense Levenberg-Marquardt (Marquardt's diagonal scaling, forward-difference Jacobian) for fits with up to a few
/// tens of nonlinear parameters. Used by the peak fitter and, on the variable-projection residual, by the Pawley refinement.
/// </summary>
public static class LevenbergMarquardt
{
    public static LmResult Minimize(Func<double[], double[]> residuals, double[] p0, double[] steps, int maxIterations = 100, double relativeTolerance = 1e-10)
    {
        int np = p0.Length;
        var p = (double[])p0.Clone();
        var r = residuals(p);
        double cost = Dot(r, r), lambda = 1e-3;
        bool converged = false;
        int it = 0;
        var jt = new double[np][];
        for (; it < maxIterations; it++)
        {
            Jacobian(residuals, p, r, steps, jt);
            var (a, g) = Normal(jt, r);
            bool improved = false;
            for (int tries = 0; tries < 12; tries++)
            {
                var m = (double[,])a.Clone();
                for (int j = 0; j < np; j++) m[j, j] += lambda * Math.Max(a[j, j], 1e-30);
                var delta = Solve(m, g.Select(v => -v).ToArray());
                if (delta is null) { lambda *= 10; continue; }
                var pn = new double[np];
                for (int j = 0; j < np; j++) pn[j] = p[j] + delta[j];
                var rn = residuals(pn);
                double cn = Dot(rn, rn);
                if (double.IsFinite(cn) && cn <= cost)
                {
                    double rel = (cost - cn) / Math.Max(cost, 1e-300);
                    p = pn; r = rn; cost = cn;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = true;
                    double stepRel = 0;
                    for (int j = 0; j < np; j++) stepRel = Math.Max(stepRel, Math.Abs(delta[j]) / (10 * steps[j]));
                    if (rel < relativeTolerance || stepRel < 1e-3) converged = true;
                    break;
                }
                lambda *= 10;
            }
            if (!improved) { converged = true; break; }
            if (converged) break;
        }
        Jacobian(residuals, p, r, steps, jt);
        var (af, _) = Normal(jt, r);
        var cov = Invert(af) ?? new double[np, np];
        return new LmResult(p, cov, cost, it + 1, converged, r.Length);
    }

    static void Jacobian(Func<double[], double[]> f, double[] p, double[] r, double[] steps, double[][] jt)
    {
        for (int j = 0; j < p.Length; j++)
        {
            var q = (double[])p.Clone();
            q[j] += steps[j];
            var rq = f(q);
            var col = jt[j] ??= new double[r.Length];
            if (col.Length != r.Length) col = jt[j] = new double[r.Length];
            for (int i = 0; i < r.Length; i++) col[i] = (rq[i] - r[i]) / steps[j];
        }
    }

    static (double[,] A, double[] G) Normal(double[][] jt, double[] r)
    {
        int np = jt.Length;
        var a = new double[np, np]; var g = new double[np];
        for (int j = 0; j < np; j++)
        {
            g[j] = Dot(jt[j], r);
            for (int k = 0; k <= j; k++) a[j, k] = a[k, j] = Dot(jt[j], jt[k]);
        }
        return (a, g);
    }

    internal static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    /// <summary>Solves a symmetric positive-definite system by Cholesky; null when not positive definite.</summary>
    internal static double[]? Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var l = Cholesky(a);
        if (l is null) return null;
        var y = new double[n];
        for (int i = 0; i < n; i++) { double s = b[i]; for (int k = 0; k < i; k++) s -= l[i, k] * y[k]; y[i] = s / l[i, i]; }
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--) { double s = y[i]; for (int k = i + 1; k < n; k++) s -= l[k, i] * x[k]; x[i] = s / l[i, i]; }
        return x;
    }

    internal static double[,]? Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                if (i == j) { if (!(s > 0)) return null; l[i, i] = Math.Sqrt(s); }
                else l[i, j] = s / l[j, j];
            }
        return l;
    }

    internal static double[,]? Invert(double[,] a)
    {
        int n = a.GetLength(0);
        var inv = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            var e = new double[n]; e[c] = 1;
            var x = Solve(a, e);
            if (x is null) return null;
            for (int r = 0; r < n; r++) inv[r, c] = x[r];
        }
        return inv;
    }
}
