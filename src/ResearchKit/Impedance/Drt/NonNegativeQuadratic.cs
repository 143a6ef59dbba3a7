namespace ResearchKit.Impedance.Drt;

/// <summary>
/// Exact active-set solver for the dense convex quadratic program min 1/2 x^T Q x - c^T x subject to x_i &gt;= 0
/// (Lawson and Hanson 1974, ch. 23, in the normal-equation form of Bro and De Jong 1997, "fast NNLS"). With Q = A^T A + lambda M
/// and c = A^T b it solves the non-negative Tikhonov problem; it terminates in finitely many steps with the KKT point,
/// unlike the projected-gradient or interior-point approximations. Each step refactors the passive block by Cholesky;
/// for the ~100 unknowns of a DRT that costs well under a millisecond per step.
/// </summary>
public static class NonNegativeQuadratic
{
    /// <summary>
    /// Solves the QP. <paramref name="q"/> is the symmetric positive-definite n x n matrix, row-major; <paramref name="free"/>
    /// (optional) marks variables without the sign constraint. Returns x; <paramref name="iterations"/> counts outer steps.
    /// </summary>
    public static double[] Solve(ReadOnlySpan<double> q, ReadOnlySpan<double> c, out int iterations, ReadOnlySpan<bool> free = default)
    {
        int n = c.Length;
        if (q.Length != n * n) throw new ArgumentException("q must be n x n", nameof(q));
        var x = new double[n];
        var s = new double[n];
        var w = new double[n];
        var passive = new bool[n];
        var excluded = new bool[n];
        var work = new double[n * n];
        var idx = new int[n];
        double cMax = 0;
        for (int i = 0; i < n; i++) cMax = Math.Max(cMax, Math.Abs(c[i]));
        double tol = 1e-13 * Math.Max(cMax, double.Epsilon) * n;
        // Warm start (keeps the method exact): begin from the unconstrained minimiser's positive support, dropping variables
        // that come out negative until the restricted minimiser is strictly positive; Lawson-Hanson then continues from this
        // feasible point. For a DRT this leaves a handful of outer steps instead of one per positive coefficient.
        for (int i = 0; i < n; i++) passive[i] = true;
        for (int pass = 0; pass < n; pass++)
        {
            SolvePassive(q, c, passive, s, work, idx);
            bool dropped = false;
            for (int i = 0; i < n; i++)
                if (passive[i] && (free.IsEmpty || !free[i]) && s[i] <= 0) { passive[i] = false; dropped = true; }
            if (!dropped) break;
        }
        for (int i = 0; i < n; i++) x[i] = passive[i] ? s[i] : 0;
        iterations = 0;
        int maxIter = 5 * n + 10;
        while (iterations++ < maxIter)
        {
            // Dual: w = c - Q x; the KKT conditions are w_i <= 0 on the active (zero) set.
            Gradient(q, c, x, w);
            int j = -1;
            double best = tol;
            for (int i = 0; i < n; i++)
                if (!passive[i] && !excluded[i] && w[i] > best) { best = w[i]; j = i; }
            if (j < 0) break;
            passive[j] = true;
            SolvePassive(q, c, passive, s, work, idx);
            if (s[j] <= 0)
            {
                // Rounding: the entering variable cannot move; exclude it for this round (Lawson-Hanson's guard).
                passive[j] = false; excluded[j] = true;
                continue;
            }
            Array.Clear(excluded);
            int inner = 0;
            while (inner++ < n)
            {
                double alpha = double.PositiveInfinity;
                for (int i = 0; i < n; i++)
                    if (passive[i] && (free.IsEmpty || !free[i]) && s[i] <= 0)
                        alpha = Math.Min(alpha, x[i] / (x[i] - s[i]));
                if (double.IsPositiveInfinity(alpha)) break;
                for (int i = 0; i < n; i++)
                {
                    x[i] += alpha * (s[i] - x[i]);
                    if (passive[i] && (free.IsEmpty || !free[i]) && x[i] <= 1e-15 * Math.Max(1, Math.Abs(s[i])))
                    {
                        passive[i] = false; x[i] = 0;
                    }
                }
                SolvePassive(q, c, passive, s, work, idx);
            }
            Array.Copy(s, x, n);
        }
        return x;
    }

    static void Gradient(ReadOnlySpan<double> q, ReadOnlySpan<double> c, double[] x, double[] w)
    {
        int n = c.Length;
        for (int i = 0; i < n; i++)
        {
            var row = q.Slice(i * n, n);
            double sum = 0;
            for (int k = 0; k < n; k++) if (x[k] != 0) sum += row[k] * x[k];
            w[i] = c[i] - sum;
        }
    }

    /// <summary>s_P = Q_PP^-1 c_P, s = 0 outside P, by Cholesky of the passive block.</summary>
    static void SolvePassive(ReadOnlySpan<double> q, ReadOnlySpan<double> c, bool[] passive, double[] s, double[] work, int[] idx)
    {
        int n = c.Length, k = 0;
        for (int i = 0; i < n; i++) if (passive[i]) idx[k++] = i;
        Array.Clear(s);
        if (k == 0) return;
        var a = work.AsSpan(0, k * k);
        for (int r = 0; r < k; r++)
        {
            var qRow = q.Slice(idx[r] * n, n);
            for (int t = 0; t <= r; t++) a[r * k + t] = qRow[idx[t]];
        }
        DenseCholesky.FactorInPlace(a, k);
        Span<double> rhs = k <= 256 ? stackalloc double[k] : new double[k];
        for (int r = 0; r < k; r++) rhs[r] = c[idx[r]];
        DenseCholesky.SolveInPlace(a, k, rhs);
        for (int r = 0; r < k; r++) s[idx[r]] = rhs[r];
    }

    /// <summary>
    /// Minimiser of 1/2 x^T Q x - c^T x - mu sum_{i constrained} ln x_i (the point of the interior-point central path at mu;
    /// Boyd and Vandenberghe, Convex Optimization, 2004, sec. 11.2), by damped Newton from a strictly positive start.
    /// </summary>
    public static double[] SolveBarrier(ReadOnlySpan<double> qSpan, ReadOnlySpan<double> cSpan, double mu, ReadOnlySpan<double> start, ReadOnlySpan<bool> freeSpan = default)
    {
        int n = cSpan.Length;
        var q = qSpan.ToArray();
        var c = cSpan.ToArray();
        var barred = new bool[n];
        for (int i = 0; i < n; i++) barred[i] = freeSpan.IsEmpty || !freeSpan[i];
        int nBarred = barred.Count(v => v);
        var x = start.ToArray();
        // Warm start from the exact (KKT) solution: on the central path mu / x_i = (Q x - c)_i, so a coefficient the constraint
        // holds at zero, with multiplier (Q x - c)_i > 0, starts at mu / (Q x - c)_i; a positive one keeps its value.
        double xMax = 0;
        for (int i = 0; i < n; i++) xMax = Math.Max(xMax, Math.Abs(x[i]));
        double floor = 1e-12 * xMax + 1e-300;
        for (int i = 0; i < n; i++)
        {
            if (!barred[i] || x[i] > floor) continue;
            double gi = -c[i];
            for (int j = 0; j < n; j++) gi += q[i * n + j] * x[j];
            x[i] = gi > 0 ? Math.Max(mu / gi, floor) : Math.Max(1e-6 * xMax, floor);
        }
        var g = new double[n];
        var h = new double[n * n];
        var qx = new double[n];
        var trial = new double[n];
        double F(double[] v)
        {
            double f = 0;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                var qi = q.AsSpan(i * n, n);
                for (int j = 0; j < n; j++) s += qi[j] * v[j];
                f += 0.5 * v[i] * s - c[i] * v[i];
                if (barred[i]) f -= mu * Math.Log(v[i]);
            }
            return f;
        }
        double fx = F(x);
        for (int it = 0; it < 200; it++)
        {
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                var qi = q.AsSpan(i * n, n);
                for (int j = 0; j < n; j++) s += qi[j] * x[j];
                qx[i] = s;
            }
            q.CopyTo(h);
            for (int i = 0; i < n; i++)
            {
                g[i] = qx[i] - c[i];
                if (barred[i]) { g[i] -= mu / x[i]; h[i * n + i] += mu / (x[i] * x[i]); }
            }
            DenseCholesky.FactorInPlace(h, n);
            var d = new double[n];
            for (int i = 0; i < n; i++) d[i] = -g[i];
            DenseCholesky.SolveInPlace(h, n, d);
            double dec = 0;
            for (int i = 0; i < n; i++) dec -= g[i] * d[i];
            // Half the squared Newton decrement bounds the suboptimality near the minimiser (Boyd and Vandenberghe sec. 9.5.1);
            // stop when it is a millionth of the barrier's own duality gap nb * mu (or when the line search can no longer
            // decrease the objective in floating point).
            if (0.5 * dec <= 1e-6 * mu * nBarred) break;
            double t = 1;
            for (int i = 0; i < n; i++)
                if (barred[i] && d[i] < 0) t = Math.Min(t, -0.99 * x[i] / d[i]);
            bool moved = false;
            for (int ls = 0; ls < 60; ls++)
            {
                for (int i = 0; i < n; i++) trial[i] = x[i] + t * d[i];
                double ft = F(trial);
                if (ft <= fx - 0.25 * t * dec) { Array.Copy(trial, x, n); fx = ft; moved = true; break; }
                t *= 0.5;
            }
            if (!moved) break;
        }
        return x;
    }
}

/// <summary>Small dense Cholesky factorisation (lower triangle, row-major) used by the DRT solvers.</summary>
internal static class DenseCholesky
{
    /// <summary>Overwrites the lower triangle of the k x k matrix with L (A = L L^T). A non-positive pivot gets a tiny floor (the DRT Gram is SPD up to rounding).</summary>
    public static void FactorInPlace(Span<double> a, int k)
    {
        double maxDiag = 0;
        for (int i = 0; i < k; i++) maxDiag = Math.Max(maxDiag, a[i * k + i]);
        double floor = 1e-15 * Math.Max(maxDiag, double.Epsilon);
        for (int j = 0; j < k; j++)
        {
            var rj = a.Slice(j * k, k);
            double d = rj[j];
            for (int p = 0; p < j; p++) d -= rj[p] * rj[p];
            if (d < floor) d = floor;
            d = Math.Sqrt(d);
            rj[j] = d;
            for (int i = j + 1; i < k; i++)
            {
                var ri = a.Slice(i * k, k);
                double sum = ri[j];
                for (int p = 0; p < j; p++) sum -= ri[p] * rj[p];
                ri[j] = sum / d;
            }
        }
    }

    /// <summary>Solves L L^T x = b in place.</summary>
    public static void SolveInPlace(ReadOnlySpan<double> l, int k, Span<double> b)
    {
        for (int i = 0; i < k; i++)
        {
            double sum = b[i];
            for (int p = 0; p < i; p++) sum -= l[i * k + p] * b[p];
            b[i] = sum / l[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int p = i + 1; p < k; p++) sum -= l[p * k + i] * b[p];
            b[i] = sum / l[i * k + i];
        }
    }
}
