namespace ResearchKit.Transport.Solvers;

/// <summary>
/// Aggregation multigrid V-cycle used as a preconditioner: red-black Gauss-Seidel smoothing (forward colour order before the
/// coarse correction, reverse after, so the cycle is a symmetric operator), piecewise-constant 2x2x2 aggregation with
/// Galerkin coarse operators, an over-corrected coarse update (Braess 1995: piecewise-constant interpolation under-estimates
/// smooth errors, a factor about 1.5-1.9 restores it) and a dense Cholesky solve on the coarsest level.
/// </summary>
internal sealed class Multigrid
{
    readonly List<ConductanceGrid> _levels = new();
    readonly List<float[]> _x = new();
    readonly List<double[]> _b = new();
    readonly int _smooth;
    readonly float _overCorrection;
    // Coarsest level: active cells and their Cholesky factor (lower triangle, row-major).
    readonly int[] _active;
    readonly double[] _chol;

    public int LevelCount => _levels.Count;

    public Multigrid(ConductanceGrid fine, float[] fineX, int smoothingSweeps = 1, float overCorrection = 1.6f, int coarsestCells = 512)
    {
        _smooth = smoothingSweeps;
        _overCorrection = overCorrection;
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

    /// <summary>z = M^-1 r (one V-cycle from a zero guess). z is the fine-level float array given at construction.</summary>
    public void Apply(double[] r)
    {
        Cycle(0, r);
    }

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
        Cycle(l + 1, bc);
        g.ProlongAdd(x, gc, _x[l + 1], _overCorrection);
        for (int s = 0; s < _smooth; s++) { g.GaussSeidelColour(x, b, 1); g.GaussSeidelColour(x, b, 0); }
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
