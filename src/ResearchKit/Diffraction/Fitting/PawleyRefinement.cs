using System.Diagnostics;

namespace ResearchKit.Diffraction.Fitting;

/// <summary>Options of a Pawley refinement of an R−3m cell.</summary>
public sealed record PawleyOptions
{
    /// <summary>Starting cell (Å); default the kit's NCWA cell (data/materials/materials.csv: 2.870, 14.19).</summary>
    public double A0 { get; init; } = 2.870;
    public double C0 { get; init; } = 14.19;
    /// <summary>Wavelengths and starting profile/zero; its U..Y and zero are refined when <see cref="RefineProfile"/>.</summary>
    public Instrument Instrument { get; init; } = new();
    public int BackgroundTerms { get; init; } = 6;
    /// <summary>2θ ranges (deg) left out of the fit, e.g. stationary Be/Al lines.</summary>
    public IReadOnlyList<(double Lo, double Hi)> Exclude { get; init; } = [];
    /// <summary>Stationary phases modelled as lines at fixed d with free non-negative intensities.</summary>
    public IReadOnlyList<StationaryPhase> ModelStationary { get; init; } = [];
    /// <summary>Half-width of the coarse grid search in a and c, as a fraction of a0, c0 (0 = start least squares at a0, c0).</summary>
    public double SearchFraction { get; init; } = 0.05;
    public bool RefineProfile { get; init; } = true;
    public int MaxIterations { get; init; } = 60;

    /// <summary>Parses "LO:HI,LO:HI" (deg) for --exclude; throws InvalidInputException naming the field.</summary>
    public static IReadOnlyList<(double Lo, double Hi)> ParseExclude(string? text, string field = "exclude")
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        var list = new List<(double, double)>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var p = item.Split(':');
            if (p.Length != 2 || !double.TryParse(p[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var lo)
                || !double.TryParse(p[1], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var hi) || !(hi > lo))
                throw new InvalidInputException($"expected LO:HI with LO < HI (deg), got '{item}'", field: field);
            list.Add((lo, hi));
        }
        return list;
    }
}

/// <summary>A refined Pawley line: representative hkl, d (Å), 2θ (deg, primary wavelength, zero included), integrated intensity (counts·deg).</summary>
public sealed record PawleyLine(string Hkl, double DAngstrom, double TwoThetaDeg, double Intensity);

/// <summary>Result of <see cref="PawleyRefinement.Refine"/>. Esd are from the curvature of the projected χ² at the minimum.</summary>
public sealed record PawleyResult
{
    public required double AAngstrom { get; init; }
    public required double CAngstrom { get; init; }
    public required double VolumeA3 { get; init; }
    public required double AAngstromEsd { get; init; }
    public required double CAngstromEsd { get; init; }
    public required double VolumeA3Esd { get; init; }
    public required double ZeroDeg { get; init; }
    public required Instrument Instrument { get; init; }
    /// <summary>Weighted profile R factor √(Σw(yo−yc)²/Σw yo²), points in the fit only.</summary>
    public required double Rwp { get; init; }
    /// <summary>Profile R factor Σ|yo−yc|/Σyo.</summary>
    public required double Rp { get; init; }
    /// <summary>Reduced χ² = Σw(yo−yc)²/(N − P).</summary>
    public required double Chi2 { get; init; }
    public required bool Converged { get; init; }
    public required int Iterations { get; init; }
    public required int Points { get; init; }
    /// <summary>Cell where least squares started (after the coarse search).</summary>
    public required double SearchA { get; init; }
    public required double SearchC { get; init; }
    public required IReadOnlyList<PawleyLine> Lines { get; init; }
    /// <summary>Calculated pattern and background at every point of the input (also excluded ones).</summary>
    public required double[] Calculated { get; init; }
    public required double[] Background { get; init; }
    public required double Seconds { get; init; }
}

/// <summary>
/// Pawley whole-pattern fit of an R−3m cell (Pawley, J. Appl. Cryst. 14, 357 (1981)): line positions from a, c and the zero
/// shift, one free non-negative integrated intensity per group of lines with identical d, TCH pseudo-Voigt profile
/// (U, V, W, X, Y refined), Chebyshev background. The linear parameters (intensities, background) are eliminated at
/// every step (variable projection, Golub &amp; Pereyra 1973, with an active set for non-negativity), so Levenberg-Marquardt
/// works on the nonlinear ones only. A coarse-to-fine grid search in (a, c) on smoothed, binned data with widened
/// profiles first puts the start inside the basin of the minimum, so a start several percent off still converges.
/// Weights 1/σ² (σ from the file, else √counts).
/// </summary>
public static class PawleyRefinement
{
    public static PawleyResult Refine(PowderPattern pattern, PawleyOptions? options = null)
    {
        var o = options ?? new PawleyOptions();
        pattern.Validate();
        InvalidInputException.Require(o.A0 > 0 && o.C0 > 0, "a0", $"expected a positive starting cell, got a0 = {o.A0}, c0 = {o.C0}");
        InvalidInputException.Require(o.SearchFraction is >= 0 and < 0.3, "search_fraction", "expected 0 <= search fraction < 0.3");
        InvalidInputException.Require(o.BackgroundTerms is >= 1 and <= 20, "background_terms", "expected 1..20 background terms");
        var sw = Stopwatch.StartNew();
        var ins = o.Instrument;
        ins.Validate();
        double lo = pattern.TwoThetaDeg[0], hi = pattern.TwoThetaDeg[^1];
        var keep = new List<int>();
        for (int i = 0; i < pattern.Count; i++)
        {
            double t = pattern.TwoThetaDeg[i];
            bool ex = false;
            foreach (var (a, b) in o.Exclude) if (t >= a && t <= b) { ex = true; break; }
            if (!ex) keep.Add(i);
        }
        if (keep.Count < 50) throw new InvalidInputException($"only {keep.Count} points left after exclusions; expected at least 50", pattern.SourceName, field: "exclude");
        var x = keep.Select(i => pattern.TwoThetaDeg[i]).ToArray();
        var y = keep.Select(i => pattern.Counts[i]).ToArray();
        var w = keep.Select(i => 1 / (pattern.Esd[i] * pattern.Esd[i])).ToArray();

        // Line groups from a cell 30 % smaller than the start, so every line that can enter the range during the search exists.
        double lamMax = Math.Max(ins.WavelengthAngstrom, ins.Wavelength2Angstrom ?? 0);
        double dMin = ins.WavelengthAngstrom / (2 * Math.Sin(Math.Min(hi + 2, 179) * Math.PI / 360)) * 0.9;
        var groups = R3m.Reflections(new HexagonalCell(o.A0 * 1.3, o.C0 * 1.3), dMin)
            .GroupBy(r => (r.H * r.H + r.H * r.K + r.K * r.K, r.L * r.L))
            .Select(g => g.First()).ToList();
        var hk = groups.Select(g => (Q: g.H * g.H + g.H * g.K + g.K * g.K, L2: g.L * g.L)).ToArray();
        var fixedD = o.ModelStationary.SelectMany(p => p.Lines.Select(l => l.DAngstrom)).ToArray();

        var model = new Model(x, y, w, hk, fixedD, o.BackgroundTerms, lo, hi, ins);
        double[] p0 = [o.A0, o.C0, ins.ZeroDeg, ins.U, ins.V, ins.W, ins.X, ins.Y];

        // Coarse-to-fine grid search in (a, c).
        double a0 = o.A0, c0 = o.C0;
        if (o.SearchFraction > 0)
        {
            double tanMax = Math.Tan(Math.Min(hi, 150) * Math.PI / 360);
            double range = o.SearchFraction;
            double native = Math.Max(x.Length > 1 ? (x[^1] - x[0]) / (x.Length - 1) : 0.01, 1e-4);
            foreach (double extra in new[] { 0.8, 0.25, 0.0 })
            {
                var (f, _) = ProfileMath.Tch(ProfileMath.Widths(hi, ins.U, ins.V, ins.W, ins.X, ins.Y).Gauss, ProfileMath.Widths(hi, ins.U, ins.V, ins.W, ins.X, ins.Y).Lorentz);
                double width = Math.Sqrt(f * f + extra * extra);
                double step = width / 2.5 / (114.59 * tanMax);
                if (step >= range) step = range / 2;
                int nStep = (int)Math.Ceiling(range / step);
                var m = extra > 0 ? model.Coarsened(Math.Max(native, width / 8), extra) : model;
                double bestA = a0, bestC = c0, best = double.PositiveInfinity;
                for (int ia = -nStep; ia <= nStep; ia++)
                    for (int ic = -nStep; ic <= nStep; ic++)
                    {
                        double aa = a0 * (1 + ia * step), cc = c0 * (1 + ic * step);
                        var q = (double[])p0.Clone(); q[0] = aa; q[1] = cc;
                        double cost = m.Cost(q, extra, 8);
                        if (cost < best) { best = cost; bestA = aa; bestC = cc; }
                    }
                a0 = bestA; c0 = bestC;
                range = 1.5 * step;
            }
        }
        p0[0] = a0; p0[1] = c0;
        int np = o.RefineProfile ? 8 : 3;
        var pFit = p0[..np];
        double[] steps = [1e-5 * a0, 1e-5 * c0, 1e-4, 1e-5, 1e-5, 1e-5, 1e-4, 1e-4];
        double[] Full(double[] q) { var f = (double[])p0.Clone(); Array.Copy(q, f, q.Length); return f; }
        var lm = LevenbergMarquardt.Minimize(q => model.Residuals(Full(q), 0, ProfileMath.WindowFwhm), pFit, steps[..np], o.MaxIterations, 1e-12);
        var pf = Full(lm.Parameters);
        var eval = model.Evaluate(pf, 0, ProfileMath.WindowFwhm);
        int nLinear = eval.ActiveLinear;
        var esd = lm.Esd(np + nLinear);
        double s2 = lm.Cost / Math.Max(x.Length - np - nLinear, 1);
        double aF = pf[0], cF = pf[1];
        double vol = Math.Sqrt(3) / 2 * aF * aF * cF;
        double dVa = Math.Sqrt(3) * aF * cF, dVc = Math.Sqrt(3) / 2 * aF * aF;
        double varV = (dVa * dVa * lm.CovarianceUnscaled[0, 0] + dVc * dVc * lm.CovarianceUnscaled[1, 1] + 2 * dVa * dVc * lm.CovarianceUnscaled[0, 1]) * s2;

        // Full calculated pattern at all input points (excluded ones too).
        var full = new Model(pattern.TwoThetaDeg, pattern.Counts, pattern.Esd.Select(e => 1 / (e * e)).ToArray(), hk, fixedD, o.BackgroundTerms, lo, hi, ins);
        var (calc, bg) = full.Synthesize(pf, eval.Coefficients, eval.ColumnIds);
        double swr = 0, swy = 0, sar = 0, say = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double yc = eval.Model[i], d = y[i] - yc;
            swr += w[i] * d * d; swy += w[i] * y[i] * y[i]; sar += Math.Abs(d); say += Math.Abs(y[i]);
        }
        var fitted = ins with { ZeroDeg = pf[2], U = pf[3], V = pf[4], W = pf[5], X = pf[6], Y = pf[7] };
        var lines = new List<PawleyLine>();
        var cell = new HexagonalCell(aF, cF);
        for (int j = 0; j < eval.ColumnIds.Length; j++)
        {
            int id = eval.ColumnIds[j];
            if (id < 0 || id >= groups.Count) continue;
            var g = groups[id];
            double d = cell.DSpacing(g.H, g.K, g.L);
            lines.Add(new PawleyLine(g.Label, d, new Reflection(g.H, g.K, g.L, d, g.Multiplicity).TwoThetaDeg(ins.WavelengthAngstrom) + pf[2], eval.Coefficients[j]));
        }
        bool ok = lm.Converged && double.IsFinite(aF) && double.IsFinite(cF) && double.IsFinite(swr);
        return new PawleyResult
        {
            AAngstrom = aF, CAngstrom = cF, VolumeA3 = vol,
            AAngstromEsd = esd[0], CAngstromEsd = esd[1], VolumeA3Esd = Math.Sqrt(Math.Max(varV, 0)),
            ZeroDeg = pf[2], Instrument = fitted,
            Rwp = Math.Sqrt(swr / swy), Rp = sar / say, Chi2 = s2,
            Converged = ok, Iterations = lm.Iterations, Points = x.Length, SearchA = a0, SearchC = c0,
            Lines = lines.OrderBy(l => l.TwoThetaDeg).ToList(), Calculated = calc, Background = bg, Seconds = sw.Elapsed.TotalSeconds,
        };
    }

    /// <summary>The data and the design of the linear part; evaluates the projected residual for given nonlinear parameters.</summary>
    sealed class Model(double[] x, double[] y, double[] w, (int Q, int L2)[] hk, double[] fixedD, int nb, double lo, double hi, Instrument ins)
    {
        readonly double[] _sw = w.Select(Math.Sqrt).ToArray();
        readonly double[][] _bg = BuildBackground(x, nb, lo, hi);

        static double[][] BuildBackground(double[] x, int nb, double lo, double hi)
        {
            var t = new double[nb][];
            for (int k = 0; k < nb; k++) t[k] = new double[x.Length];
            Span<double> tk = stackalloc double[nb];
            for (int i = 0; i < x.Length; i++)
            {
                ProfileMath.Chebyshev(x[i], lo, hi, tk);
                for (int k = 0; k < nb; k++) t[k][i] = tk[k];
            }
            return t;
        }

        /// <summary>Binned (bin width <paramref name="bin"/> deg) and Gaussian-smoothed (FWHM <paramref name="smoothFwhm"/>) copy.</summary>
        public Model Coarsened(double bin, double smoothFwhm)
        {
            var xs = new List<double>(); var ys = new List<double>();
            int i = 0;
            while (i < x.Length)
            {
                double start = x[i], sx = 0, sy = 0; int n = 0;
                while (i < x.Length && x[i] < start + bin) { sx += x[i]; sy += y[i]; n++; i++; }
                xs.Add(sx / n); ys.Add(sy / n);
            }
            var xb = xs.ToArray(); var yb = ys.ToArray();
            double sigma = smoothFwhm / 2.3548;
            var sm = new double[yb.Length];
            for (int k = 0; k < yb.Length; k++)
            {
                double s = 0, ws = 0;
                for (int j = k; j >= 0 && xb[k] - xb[j] < 3 * sigma; j--) { double g = Math.Exp(-0.5 * Math.Pow((xb[k] - xb[j]) / sigma, 2)); s += g * yb[j]; ws += g; }
                for (int j = k + 1; j < yb.Length && xb[j] - xb[k] < 3 * sigma; j++) { double g = Math.Exp(-0.5 * Math.Pow((xb[j] - xb[k]) / sigma, 2)); s += g * yb[j]; ws += g; }
                sm[k] = s / ws;
            }
            return new Model(xb, sm, sm.Select(v => 1 / Math.Max(v, 1)).ToArray(), hk, fixedD, nb, lo, hi, ins);
        }

        public double Cost(double[] p, double extra, double window)
        {
            var r = Residuals(p, extra, window);
            return LevenbergMarquardt.Dot(r, r);
        }

        public double[] Residuals(double[] p, double extra, double window) => Evaluate(p, extra, window).Residual;

        public sealed record Evaluation(double[] Residual, double[] Model, double[] Coefficients, int[] ColumnIds, int ActiveLinear);

        /// <summary>Sparse profile columns: (group id or −1−k for fixed lines, start index, values).</summary>
        List<(int Id, int Start, double[] V)> Columns(double[] xx, double[] p, double extra, double window)
        {
            double a = p[0], c = p[1];
            var cols = new List<(int, int, double[])>();
            double xlo = xx[0], xhi = xx[^1];
            for (int g = 0; g < hk.Length + fixedD.Length; g++)
            {
                double d = g < hk.Length ? 1 / Math.Sqrt(4.0 / 3.0 * hk[g].Q / (a * a) + hk[g].L2 / (c * c)) : fixedD[g - hk.Length];
                var col = Column(xx, d, p, extra, window, out int start);
                if (col is null) continue;
                cols.Add((g, start, col));
            }
            return cols;
        }

        double[]? Column(double[] xx, double d, double[] p, double extra, double window, out int start)
        {
            start = 0;
            double s1 = ins.WavelengthAngstrom / (2 * d);
            if (s1 >= 1) return null;
            double tt1 = 2 * Math.Asin(s1) * 180 / Math.PI + p[2];
            double? l2 = ins.Wavelength2Angstrom is { } l && ins.Ratio2 > 0 ? l : null;
            double tt2 = l2 is { } ll && ll / (2 * d) < 1 ? 2 * Math.Asin(ll / (2 * d)) * 180 / Math.PI + p[2] : tt1;
            // Rough extent for the range test; exact windows are applied per wavelength below.
            var (g0, l0) = ProfileMath.Widths(tt1, p[3], p[4], p[5], p[6], p[7]);
            if (extra > 0) g0 = Math.Sqrt(g0 * g0 + extra * extra);
            var (f0, _) = ProfileMath.Tch(g0, l0);
            double lo1 = tt1 - window * f0 * 1.05, hi2 = tt2 + window * f0 * 1.05;
            if (hi2 < xx[0] || lo1 > xx[^1]) return null;
            int i0 = PowderSimulator.LowerBound(xx, lo1), i1 = PowderSimulator.LowerBound(xx, hi2);
            if (i1 <= i0) return null;
            // A line whose centre lies outside the data is still kept if part of it is inside; its intensity is free.
            var v = new double[i1 - i0];
            var buf = v.AsSpan();
            var xs = xx.AsSpan(i0, i1 - i0);
            PowderSimulator.AddOne(xs, buf, d, ins.WavelengthAngstrom, 1.0, p[2], p[3], p[4], p[5], p[6], p[7], extra, window);
            if (l2 is { } lam2) PowderSimulator.AddOne(xs, buf, d, lam2, ins.Ratio2, p[2], p[3], p[4], p[5], p[6], p[7], extra, window);
            start = i0;
            return v;
        }

        public Evaluation Evaluate(double[] p, double extra, double window)
        {
            int n = x.Length;
            var cols = Columns(x, p, extra, window);
            int m = cols.Count, dim = m + nb;
            // Weighted normal equations of the linear part.
            var N = new double[dim, dim]; var b = new double[dim];
            for (int j = 0; j < m; j++)
            {
                var (_, sj, vj) = cols[j];
                double bj = 0;
                for (int t = 0; t < vj.Length; t++) bj += w[sj + t] * vj[t] * y[sj + t];
                b[j] = bj;
                for (int k = 0; k <= j; k++)
                {
                    var (_, sk, vk) = cols[k];
                    int from = Math.Max(sj, sk), to = Math.Min(sj + vj.Length, sk + vk.Length);
                    double s = 0;
                    for (int i = from; i < to; i++) s += w[i] * vj[i - sj] * vk[i - sk];
                    N[j, k] = N[k, j] = s;
                }
                for (int q = 0; q < nb; q++)
                {
                    var tq = _bg[q]; double s = 0;
                    for (int t = 0; t < vj.Length; t++) s += w[sj + t] * vj[t] * tq[sj + t];
                    N[j, m + q] = N[m + q, j] = s;
                }
            }
            for (int q = 0; q < nb; q++)
            {
                var tq = _bg[q];
                double bq = 0;
                for (int i = 0; i < n; i++) bq += w[i] * tq[i] * y[i];
                b[m + q] = bq;
                for (int r = 0; r <= q; r++)
                {
                    var tr = _bg[r]; double s = 0;
                    for (int i = 0; i < n; i++) s += w[i] * tq[i] * tr[i];
                    N[m + q, m + r] = N[m + r, m + q] = s;
                }
            }
            // Active set: intensities ≥ 0; a line driven negative is fixed at 0 and the system solved again.
            var active = new bool[dim];
            for (int j = 0; j < dim; j++) active[j] = j >= m || N[j, j] > 0;
            double[] coef = new double[dim];
            for (int pass = 0; pass <= m; pass++)
            {
                var idx = Enumerable.Range(0, dim).Where(j => active[j]).ToArray();
                var A = new double[idx.Length, idx.Length]; var rhs = new double[idx.Length];
                for (int r = 0; r < idx.Length; r++)
                {
                    rhs[r] = b[idx[r]];
                    for (int c = 0; c < idx.Length; c++) A[r, c] = N[idx[r], idx[c]];
                    A[r, r] = A[r, r] * (1 + 1e-10) + 1e-12;
                }
                var sol = LevenbergMarquardt.Solve(A, rhs) ?? new double[idx.Length];
                Array.Clear(coef);
                for (int r = 0; r < idx.Length; r++) coef[idx[r]] = sol[r];
                int worst = -1; double wv = 0;
                for (int j = 0; j < m; j++) if (active[j] && coef[j] < wv) { wv = coef[j]; worst = j; }
                if (worst < 0) break;
                active[worst] = false;
            }
            var model = new double[n];
            for (int j = 0; j < m; j++)
            {
                var (_, sj, vj) = cols[j];
                double cj = coef[j];
                if (cj == 0) continue;
                for (int t = 0; t < vj.Length; t++) model[sj + t] += cj * vj[t];
            }
            for (int q = 0; q < nb; q++)
            {
                var tq = _bg[q]; double cq = coef[m + q];
                for (int i = 0; i < n; i++) model[i] += cq * tq[i];
            }
            var res = new double[n];
            for (int i = 0; i < n; i++) res[i] = _sw[i] * (y[i] - model[i]);
            var ids = cols.Select(c => c.Id).Concat(Enumerable.Range(0, nb).Select(q => -1000 - q)).ToArray();
            return new Evaluation(res, model, coef, ids, active.Count(a => a));
        }

        /// <summary>Pattern and background from fitted coefficients (ids as returned by Evaluate).</summary>
        public (double[] Calc, double[] Bg) Synthesize(double[] p, double[] coef, int[] ids)
        {
            var calc = new double[x.Length]; var bg = new double[x.Length];
            var cols = Columns(x, p, 0, ProfileMath.WindowFwhm).ToDictionary(c => c.Id);
            for (int j = 0; j < ids.Length; j++)
            {
                if (ids[j] <= -1000) { int q = -1000 - ids[j]; for (int i = 0; i < x.Length; i++) bg[i] += coef[j] * _bg[q][i]; }
                else if (cols.TryGetValue(ids[j], out var c)) for (int t = 0; t < c.V.Length; t++) calc[c.Start + t] += coef[j] * c.V[t];
            }
            for (int i = 0; i < x.Length; i++) calc[i] += bg[i];
            return (calc, bg);
        }
    }
}
