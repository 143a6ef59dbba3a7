namespace ResearchKit.Transport.Solvers;

/// <summary>
/// Aggregation multigrid preconditioner with a K-cycle (Notay and Vassilevski 2008, Numer. Linear Algebra Appl. 15, 473):
/// red-black Gauss-Seidel smoothing (forward colour order before the coarse correction, reverse after), piecewise-constant
/// 2x2x2 aggregation with Galerkin coarse operators, and on every coarse level two steps of a Krylov (flexible CG)
/// iteration preconditioned by the next level instead of a single recursive call. Plain piecewise-constant aggregation
/// V-cycles lose accuracy level by level (iterations grow with size); the K-cycle restores size-independent convergence.
/// The coarsest level (at most a few hundred cells) is solved by dense Cholesky.
/// Because the K-cycle is a nonlinear operator, the outer iteration must be a flexible CG.
/// </summary>
internal sealed class Multigrid
{
    readonly List<ConductanceGrid> _levels = new();
    readonly List<float[]> _x = new();
    readonly List<double[]> _b = new();
    // K-cycle work vectors per coarse level (index = level; unused at 0 and at the coarsest).
    readonly List<float[]> _v1 = new(), _v2 = new();
    readonly List<double[]> _w1 = new(), _w2 = new(), _r2 = new();
    readonly int _smooth;
    readonly float _overCorrection;
    readonly bool _kCycle;
    readonly int[] _active;
    readonly double[] _chol;

    public int LevelCount => _levels.Count;

    public Multigrid(ConductanceGrid fine, float[] fineX, int smoothingSweeps = 1, float overCorrection = 1.0f, bool kCycle = true, int coarsestCells = 512)
    {
        _smooth = smoothingSweeps;
        _overCorrection = overCorrection;
        _kCycle = kCycle;
        _levels.Add(fine);
        _x.Add(fineX);
        _b.Add(Array.Empty<double>()); // the fine right-hand side is supplied per call
        var g = fine;
        while (g.Count > coarsestCells && (g.N0 > 1 || g.N1 > 1 || g.N2 > 1))
        {
            g = g.Coarsen();
            _levels.Add(g);
            _x.Add(new float[g.Count]);
            _b.Add(new double[g.Count]);
        }
        for (int l = 0; l < _levels.Count; l++)
        {
            bool work = kCycle && l > 0 && l < _levels.Count - 1;
            int n = work ? _levels[l].Count : 0;
            _v1.Add(new float[n]); _v2.Add(new float[n]);
            _w1.Add(new double[n]); _w2.Add(new double[n]); _r2.Add(new double[n]);
        }
        // Dense Cholesky of the coarsest operator restricted to active cells (SPD: every active aggregate belongs to
        // a cluster that touches a Dirichlet face).
        var c = _levels[^1];
        var diag = new double[c.Count];
        for (int i = 0; i < c.Count; i++) diag[i] = c.Diagonal(i / c.Plane, i / c.N2 % c.N1, i % c.N2);
        _active = Enumerable.Range(0, c.Count).Where(i => diag[i] > 0).ToArray();
        int m = _active.Length;
        var pos = new int[c.Count];
        Array.Fill(pos, -1);
        for (int k = 0; k < m; k++) pos[_active[k]] = k;
        var a = new double[m * m];
        for (int k = 0; k < m; k++)
        {
            int i = _active[k];
            a[k * m + k] = diag[i];
            int i0 = i / c.Plane, i1 = i / c.N2 % c.N1, i2 = i % c.N2;
            void Link(int j, float gij)
            {
                if (gij == 0f || j == i || pos[j] < 0) return;
                a[k * m + pos[j]] -= gij;
                a[pos[j] * m + k] -= gij;
            }
            if (i0 + 1 < c.N0) Link(i + c.Plane, c.G0[i]);
            Link((i0 * c.N1 + (i1 + 1) % c.N1) * c.N2 + i2, c.G1[i]);
            Link((i0 * c.N1 + i1) * c.N2 + (i2 + 1) % c.N2, c.G2[i]);
        }
        for (int j = 0; j < m; j++)
        {
            double d = a[j * m + j];
            for (int k = 0; k < j; k++) d -= a[j * m + k] * a[j * m + k];
            if (!(d > 0)) d = 1e-300; // cannot happen for an SPD operator; keep the factor finite
            d = Math.Sqrt(d);
            a[j * m + j] = d;
            for (int i = j + 1; i < m; i++)
            {
                double s = a[i * m + j];
                for (int k = 0; k < j; k++) s -= a[i * m + k] * a[j * m + k];
                a[i * m + j] = s / d;
            }
        }
        _chol = a;
    }

    /// <summary>z = M^-1 r (one cycle from a zero guess). z is the fine-level float array given at construction.</summary>
    public void Apply(double[] r) => Cycle(0, r);

    void Cycle(int l, double[] b)
    {
        var g = _levels[l];
        var x = _x[l];
        if (l == _levels.Count - 1)
        {
            SolveCoarsest(b, x);
            return;
        }
        Array.Clear(x);
        for (int s = 0; s < _smooth; s++) { g.GaussSeidelColour(x, b, 0); g.GaussSeidelColour(x, b, 1); }
        var gc = _levels[l + 1];
        var bc = _b[l + 1];
        g.RestrictResidual(x, b, gc, bc);
        if (_kCycle) CoarseKrylov(l + 1, bc); else Cycle(l + 1, bc);
        g.ProlongAdd(x, gc, _x[l + 1], _overCorrection);
        for (int s = 0; s < _smooth; s++) { g.GaussSeidelColour(x, b, 1); g.GaussSeidelColour(x, b, 0); }
    }

    /// <summary>Two flexible-CG steps on level c for A_c x = rc, preconditioned by Cycle(c); the result is left in _x[c].</summary>
    void CoarseKrylov(int c, double[] rc)
    {
        if (c == _levels.Count - 1) { SolveCoarsest(rc, _x[c]); return; }
        var g = _levels[c];
        var x = _x[c];
        var v1 = _v1[c]; var v2 = _v2[c]; var w1 = _w1[c]; var w2 = _w2[c]; var r2 = _r2[c];
        Cycle(c, rc);
        Array.Copy(x, v1, x.Length);
        g.ApplyFloat(v1, w1);
        double rho1 = Dot(v1, w1), a1 = Dot(v1, rc);
        if (!(rho1 > 0)) return; // zero right-hand side: x = 0 already
        double s1 = a1 / rho1;
        double rcn = 0, r2n = 0;
        for (int i = 0; i < rc.Length; i++) { r2[i] = rc[i] - s1 * w1[i]; rcn += rc[i] * rc[i]; r2n += r2[i] * r2[i]; }
        if (r2n <= 0.0625 * rcn) // ||r2|| <= 0.25 ||rc||: one step is enough (Notay's threshold)
        {
            for (int i = 0; i < x.Length; i++) x[i] = (float)(s1 * v1[i]);
            return;
        }
        Cycle(c, r2);
        Array.Copy(x, v2, x.Length);
        g.ApplyFloat(v2, w2);
        double gamma = Dot(v2, w1), beta = Dot(v2, w2), a2 = Dot(v2, r2);
        double rho2 = beta - gamma * gamma / rho1;
        if (!(rho2 > 0)) { for (int i = 0; i < x.Length; i++) x[i] = (float)(s1 * v1[i]); return; }
        double c1 = s1 - gamma * a2 / (rho1 * rho2), c2 = a2 / rho2;
        for (int i = 0; i < x.Length; i++) x[i] = (float)(c1 * v1[i] + c2 * v2[i]);
    }

    static double Dot(float[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    void SolveCoarsest(double[] b, float[] x)
    {
        int m = _active.Length;
        Array.Clear(x);
        if (m == 0) return;
        var y = new double[m];
        for (int i = 0; i < m; i++)
        {
            double s = b[_active[i]];
            for (int k = 0; k < i; k++) s -= _chol[i * m + k] * y[k];
            y[i] = s / _chol[i * m + i];
        }
        for (int i = m - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < m; k++) s -= _chol[k * m + i] * y[k];
            y[i] = s / _chol[i * m + i];
        }
        for (int i = 0; i < m; i++) x[_active[i]] = (float)y[i];
    }
}
