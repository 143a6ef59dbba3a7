using System.Numerics;

namespace ResearchKit.Impedance.Circuits;

/// <summary>
/// Weighting of the complex residual r_i = Z_model(f_i) − Z_data(f_i) in the least-squares cost
/// S = Σ [w'_i Re r_i]² + [w''_i Im r_i]² (Boukamp, Solid State Ionics 20 (1986) 31; Orazem and Tribollet ch. 19).
/// </summary>
public enum FitWeighting
{
    /// <summary>w' = w'' = 1/|Z_i| (impedance.py's default choice of sigma ∝ |Z|; robust, relative).</summary>
    Modulus,
    /// <summary>w' = 1/|Z'_i|, w'' = 1/|Z''_i| (proportional weighting; small components weigh heavily).</summary>
    Proportional,
    /// <summary>w' = w'' = 1 (absolute; dominated by the largest impedances).</summary>
    Unit,
}

/// <summary>Why the Levenberg-Marquardt iteration stopped.</summary>
public enum CircuitFitExit
{
    /// <summary>The relative decrease of the cost in an accepted step fell below the tolerance (converged).</summary>
    RelativeTolerance,
    /// <summary>The accepted step in the transformed parameters was below 1e-10 (converged).</summary>
    SmallStep,
    /// <summary>The cost reached zero within rounding (exact data; converged).</summary>
    ZeroCost,
    /// <summary>No step decreased the cost, and the gradient is zero within rounding: a stationary point (converged).</summary>
    Stationary,
    /// <summary>No step decreased the cost although the gradient is not zero: the fit stalled (NOT converged).</summary>
    Stalled,
    /// <summary>MaxIterations reached (NOT converged).</summary>
    MaxIterations,
    /// <summary>The model is not finite at the starting point (NOT converged).</summary>
    NonFiniteStart,
    /// <summary>All parameters are fixed: nothing to fit (converged).</summary>
    NoFreeParameters,
}

/// <summary>Options for <see cref="CircuitFitter.Fit(ImpedanceSpectrum, Circuit, CircuitFitOptions?)"/>.</summary>
public sealed record CircuitFitOptions
{
    public FitWeighting Weighting { get; init; } = FitWeighting.Modulus;
    /// <summary>Initial values by parameter name; missing ones are guessed from the spectrum.</summary>
    public IReadOnlyDictionary<string, double>? Initial { get; init; }
    /// <summary>Parameters held fixed at the given values (impedance.py's "constants").</summary>
    public IReadOnlyDictionary<string, double>? Fixed { get; init; }
    /// <summary>Bounds by parameter name (lower, upper), overriding the element defaults.</summary>
    public IReadOnlyDictionary<string, (double Lower, double Upper)>? Bounds { get; init; }
    public int MaxIterations { get; init; } = 400;
    /// <summary>Stop when the relative decrease of the cost in an accepted step is below this.</summary>
    public double RelativeTolerance { get; init; } = 1e-12;
    /// <summary>Try extra starting points (spread time constants) when the first fit leaves a large residual.</summary>
    public bool MultiStart { get; init; } = true;
}

/// <summary>
/// Result of a complex nonlinear least-squares fit. ChiSquare is the weighted sum of squares S at the optimum
/// (with modulus weighting: the sum of squared relative residuals); ReducedChiSquare = S/(2N − P).
/// Standard errors are √diag(s² (JᵀJ)⁻¹) with s² = ReducedChiSquare and J the Jacobian of the weighted residuals
/// in the original parameters (the curve_fit convention of impedance.py); Correlation is the matching correlation matrix.
/// Fixed parameters have standard error 0.
/// </summary>
public sealed record CircuitFitResult(
    Circuit Circuit,
    IReadOnlyList<string> ParameterNames,
    double[] Parameters,
    double[] StandardErrors,
    double[,] Correlation,
    double ChiSquare,
    double ReducedChiSquare,
    int Iterations,
    bool Converged,
    FitWeighting Weighting,
    double[] FrequencyHz,
    Complex[] FittedOhm,
    Complex[] ResidualRelative)
{
    public double this[string name] => Parameters[ParameterNames.ToList().IndexOf(name)];

    public IReadOnlyDictionary<string, double> ParameterMap =>
        ParameterNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => Parameters[t.i]);

    public IReadOnlyDictionary<string, double> StandardErrorMap =>
        ParameterNames.Select((n, i) => (n, i)).ToDictionary(t => t.n, t => StandardErrors[t.i]);

    /// <summary>Why the iteration stopped; <see cref="Converged"/> is true only for the converged reasons of <see cref="CircuitFitExit"/>.</summary>
    public CircuitFitExit ExitReason { get; init; } = CircuitFitExit.RelativeTolerance;

    /// <summary>Largest |Z_model − Z_data|/|Z_data| over the spectrum.</summary>
    public double MaxRelativeResidual => ResidualRelative.Max(r => r.Magnitude);
}

/// <summary>
/// Complex nonlinear least squares for equivalent circuits: Levenberg-Marquardt (Marquardt's diagonal scaling) on the
/// stacked real and imaginary residuals, with bounds enforced by a change of variables (p = lo + e^u for a lower bound
/// only, a logistic map for two bounds), so every trial point is feasible. The Jacobian is by forward differences in u.
/// Initial values, where not given, come from <see cref="CircuitInitialGuess"/>.
/// </summary>
public static class CircuitFitter
{
    public static CircuitFitResult Fit(ImpedanceSpectrum spectrum, string circuit, CircuitFitOptions? options = null)
        => Fit(spectrum, Circuit.Parse(circuit), options);

    /// <summary>
    /// Fit in MathNet's Try shape: true when the fit converged; false (with the message) for bad input, where
    /// <see cref="Fit(ImpedanceSpectrum, Circuit, CircuitFitOptions?)"/> would throw, or when it did not converge (then
    /// result holds the last iterate and error names the exit reason).
    /// </summary>
    public static bool TryFit(ImpedanceSpectrum spectrum, string circuit, out CircuitFitResult? result, out string? error, CircuitFitOptions? options = null)
    {
        try
        {
            result = Fit(spectrum, circuit, options);
            error = result.Converged ? null : $"the fit did not converge ({result.ExitReason} after {result.Iterations} iterations)";
            return result.Converged;
        }
        catch (InvalidInputException e)
        {
            result = null;
            error = e.Message;
            return false;
        }
    }

    public static CircuitFitResult Fit(ImpedanceSpectrum spectrum, Circuit circuit, CircuitFitOptions? options = null)
    {
        options ??= new CircuitFitOptions();
        int n = spectrum.Count, P = circuit.ParameterCount;
        var fixedMap = options.Fixed ?? new Dictionary<string, double>();
        foreach (var k in fixedMap.Keys.Concat(options.Initial?.Keys ?? []).Concat(options.Bounds?.Keys ?? []))
            if (circuit.IndexOf(k) < 0)
                throw new InvalidInputException($"unknown parameter '{k}'; the circuit {circuit.Text} has [{string.Join(", ", circuit.ParameterNames)}]", spectrum.SourceName, field: k);
        int free = P - fixedMap.Count;
        if (n < free)
            throw new InvalidInputException($"{n} points are fewer than the {free} free parameters of {circuit.Text}", spectrum.SourceName);

        var lo = (double[])circuit.LowerBounds.Clone();
        var hi = (double[])circuit.UpperBounds.Clone();
        if (options.Bounds is not null)
            foreach (var (k, b) in options.Bounds) { int i = circuit.IndexOf(k); lo[i] = b.Lower; hi[i] = b.Upper; }

        var guess = CircuitInitialGuess.Guess(circuit, spectrum);
        if (options.Initial is not null) foreach (var (k, v) in options.Initial) guess[circuit.IndexOf(k)] = v;
        foreach (var (k, v) in fixedMap) guess[circuit.IndexOf(k)] = v;

        var problem = new Problem(circuit, spectrum, options.Weighting, lo, hi,
            Enumerable.Range(0, P).Where(i => !fixedMap.ContainsKey(circuit.ParameterNames[i])).ToArray());

        var best = problem.Solve(guess, options);
        if (options.MultiStart && options.Initial is null && problem.LooksLikeLocalMinimum(best.P))
        {
            // Alternative starts (time constants by decades, transmission-line rail ratios); keep the lowest cost.
            foreach (var alt in CircuitInitialGuess.Variants(circuit, guess, fixedMap.Keys))
            {
                var r = problem.Solve(alt, options);
                if (r.Cost < best.Cost) best = r;
                if (!problem.LooksLikeLocalMinimum(best.P)) break;
            }
        }
        // The two-rail line is symmetric in its rails (Z is unchanged when R_ion and R_el swap), so the spectrum cannot
        // say which is which: report the larger as the first (ionic) rail, the usual case in composite cathodes.
        foreach (var e in circuit.Elements.Where(e => e.Type.Symbol is "TLM" or "TLMB"))
        {
            int o = e.ParameterOffset;
            if (best.P[o + 1] > best.P[o] && !fixedMap.ContainsKey(circuit.ParameterNames[o]) && !fixedMap.ContainsKey(circuit.ParameterNames[o + 1]))
                (best.P[o], best.P[o + 1]) = (best.P[o + 1], best.P[o]);
        }
        return problem.Result(best, options);
    }

    internal readonly record struct Solution(double[] P, double Cost, int Iterations, bool Converged, CircuitFitExit Exit);

    sealed class Problem
    {
        readonly Circuit _c;
        readonly ImpedanceSpectrum _s;
        readonly double[] _omega, _wRe, _wIm, _lo, _hi;
        readonly int[] _freeIdx;
        readonly FitWeighting _weighting;
        readonly Complex[] _buf;

        public Problem(Circuit c, ImpedanceSpectrum s, FitWeighting weighting, double[] lo, double[] hi, int[] freeIdx)
        {
            _c = c; _s = s; _lo = lo; _hi = hi; _freeIdx = freeIdx; _weighting = weighting;
            int n = s.Count;
            _omega = s.FrequencyHz.Select(f => 2 * Math.PI * f).ToArray();
            _wRe = new double[n]; _wIm = new double[n];
            double floor = s.ImpedanceOhm.Max(z => z.Magnitude) * 1e-9 + double.Epsilon;
            for (int i = 0; i < n; i++)
            {
                var z = s.ImpedanceOhm[i];
                switch (weighting)
                {
                    case FitWeighting.Unit: _wRe[i] = _wIm[i] = 1; break;
                    case FitWeighting.Modulus: _wRe[i] = _wIm[i] = 1 / Math.Max(z.Magnitude, floor); break;
                    case FitWeighting.Proportional:
                        // Guard tiny components (zero crossings of Z''): never weigh a component above 1/(1e-3 |Z|).
                        _wRe[i] = 1 / Math.Max(Math.Abs(z.Real), Math.Max(1e-3 * z.Magnitude, floor));
                        _wIm[i] = 1 / Math.Max(Math.Abs(z.Imaginary), Math.Max(1e-3 * z.Magnitude, floor));
                        break;
                }
            }
            _buf = new Complex[n];
        }

        int M => 2 * _s.Count;

        double ToP(int i, double u)
        {
            double lo = _lo[i], hi = _hi[i];
            bool hasLo = double.IsFinite(lo), hasHi = double.IsFinite(hi);
            if (hasLo && hasHi) return lo + (hi - lo) / (1 + Math.Exp(-u));
            if (hasLo) return lo + Math.Exp(u);
            if (hasHi) return hi - Math.Exp(u);
            return u;
        }

        double ToU(int i, double p)
        {
            double lo = _lo[i], hi = _hi[i];
            bool hasLo = double.IsFinite(lo), hasHi = double.IsFinite(hi);
            if (hasLo && hasHi)
            {
                double t = (p - lo) / (hi - lo);
                t = Math.Clamp(t, 1e-6, 1 - 1e-6); // a start on a bound is nudged inside
                return Math.Log(t / (1 - t));
            }
            if (hasLo) { double d = p - lo; return Math.Log(d > 0 ? d : 1e-6 * Math.Max(Math.Abs(lo), 1e-6)); }
            if (hasHi) return Math.Log(Math.Max(hi - p, 1e-300));
            return p;
        }

        double[] Full(double[] template, double[] u)
        {
            var p = (double[])template.Clone();
            for (int k = 0; k < _freeIdx.Length; k++) p[_freeIdx[k]] = ToP(_freeIdx[k], u[k]);
            return p;
        }

        /// <summary>Weighted residuals for full parameters p into r (length 2N); returns the cost Σr².</summary>
        double Residuals(double[] p, double[] r)
        {
            _c.Impedance(p, _omega, _buf);
            double cost = 0;
            for (int i = 0; i < _buf.Length; i++)
            {
                var d = _buf[i] - _s.ImpedanceOhm[i];
                double a = _wRe[i] * d.Real, b = _wIm[i] * d.Imaginary;
                if (!double.IsFinite(a) || !double.IsFinite(b)) return double.PositiveInfinity;
                r[2 * i] = a; r[2 * i + 1] = b;
                cost += a * a + b * b;
            }
            return cost;
        }

        public double RelativeRms(double[] p)
        {
            var z = _c.Impedance(p, _s.FrequencyHz);
            double s = 0;
            for (int i = 0; i < z.Length; i++) { double e = (z[i] - _s.ImpedanceOhm[i]).Magnitude / _s.ImpedanceOhm[i].Magnitude; s += e * e; }
            return Math.Sqrt(s / z.Length);
        }

        /// <summary>
        /// A fit worth restarting: residuals above 0.05 % rms that are systematic (lag-1 autocorrelation along frequency
        /// above 0.5, as left by a wrong local minimum) or large (above 5 % rms). Noise alone has autocorrelation near 0.
        /// </summary>
        public bool LooksLikeLocalMinimum(double[] p)
        {
            var z = _c.Impedance(p, _s.FrequencyHz);
            int n = z.Length;
            var re = new double[n]; var im = new double[n];
            double ss = 0;
            for (int i = 0; i < n; i++)
            {
                var d = (z[i] - _s.ImpedanceOhm[i]) / _s.ImpedanceOhm[i].Magnitude;
                re[i] = d.Real; im[i] = d.Imaginary; ss += d.Real * d.Real + d.Imaginary * d.Imaginary;
            }
            double rms = Math.Sqrt(ss / (2 * n));
            if (rms < 5e-4) return false;
            if (rms > 0.05) return true;
            static double Lag1(double[] x)
            {
                double num = 0, den = 0;
                for (int i = 0; i < x.Length; i++) { den += x[i] * x[i]; if (i > 0) num += x[i] * x[i - 1]; }
                return den > 0 ? num / den : 0;
            }
            return 0.5 * (Lag1(re) + Lag1(im)) > 0.5;
        }

        public Solution Solve(double[] start, CircuitFitOptions o)
        {
            int K = _freeIdx.Length, m = M;
            var template = (double[])start.Clone();
            var u = new double[K];
            for (int k = 0; k < K; k++) u[k] = ToU(_freeIdx[k], start[_freeIdx[k]]);
            var r = new double[m]; var rTrial = new double[m]; var rh = new double[m];
            var J = new double[m, K];
            var JtJ = new double[K, K]; var g = new double[K]; var A = new double[K, K]; var step = new double[K];
            double cost = Residuals(Full(template, u), r);
            if (!double.IsFinite(cost)) return new Solution(Full(template, u), cost, 0, false, CircuitFitExit.NonFiniteStart);
            var exit = K == 0 ? CircuitFitExit.NoFreeParameters : CircuitFitExit.MaxIterations;
            double lambda = 1e-3;
            int it = 0; bool converged = K == 0;
            for (; it < o.MaxIterations && !converged; it++)
            {
                // Jacobian by forward differences in u.
                for (int k = 0; k < K; k++)
                {
                    double h = 1e-7 * Math.Max(1, Math.Abs(u[k]));
                    double keep = u[k];
                    u[k] = keep + h;
                    double c2 = Residuals(Full(template, u), rh);
                    u[k] = keep;
                    for (int j = 0; j < m; j++) J[j, k] = double.IsFinite(c2) ? (rh[j] - r[j]) / h : 0;
                }
                for (int a = 0; a < K; a++)
                {
                    double s = 0;
                    for (int j = 0; j < m; j++) s += J[j, a] * r[j];
                    g[a] = s;
                    for (int b = a; b < K; b++)
                    {
                        double t = 0;
                        for (int j = 0; j < m; j++) t += J[j, a] * J[j, b];
                        JtJ[a, b] = JtJ[b, a] = t;
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
                    var uTrial = new double[K];
                    for (int a = 0; a < K; a++) uTrial[a] = u[a] + step[a];
                    double cTrial = Residuals(Full(template, uTrial), rTrial);
                    if (double.IsFinite(cTrial) && cTrial < cost)
                    {
                        double rel = (cost - cTrial) / Math.Max(cost, 1e-300);
                        double stepNorm = 0; for (int a = 0; a < K; a++) stepNorm = Math.Max(stepNorm, Math.Abs(step[a]));
                        Array.Copy(uTrial, u, K); Array.Copy(rTrial, r, m);
                        cost = cTrial;
                        lambda = Math.Max(lambda / 10, 1e-12);
                        accepted = true;
                        if (rel < o.RelativeTolerance) { converged = true; exit = CircuitFitExit.RelativeTolerance; }
                        else if (stepNorm < 1e-10) { converged = true; exit = CircuitFitExit.SmallStep; }
                        else if (cost < 1e-28) { converged = true; exit = CircuitFitExit.ZeroCost; }
                    }
                    else lambda *= 10;
                }
                if (!accepted)
                {
                    // No descent step: a stationary point only if the gradient vanishes within rounding, i.e. the residual is
                    // orthogonal to every Jacobian column (cosine below 1e-4); otherwise the fit stalled.
                    double rn = 0; for (int j = 0; j < m; j++) rn += r[j] * r[j];
                    double worst = 0;
                    for (int a = 0; a < K; a++) worst = Math.Max(worst, Math.Abs(g[a]) / Math.Sqrt(Math.Max(JtJ[a, a] * rn, 1e-300)));
                    exit = worst < 1e-4 ? CircuitFitExit.Stationary : CircuitFitExit.Stalled;
                    converged = exit == CircuitFitExit.Stationary;
                    it++;
                    break;
                }
            }
            return new Solution(Full(template, u), cost, it, converged, exit);
        }

        public CircuitFitResult Result(Solution sol, CircuitFitOptions o)
        {
            int P = _c.ParameterCount, K = _freeIdx.Length, m = M;
            var p = sol.P;
            var r = new double[m]; var rh = new double[m];
            double cost = Residuals(p, r);
            int dof = Math.Max(1, m - K);
            double reduced = cost / dof;
            // Jacobian in the original parameters (central differences, relative step) for the covariance.
            var J = new double[m, K];
            for (int k = 0; k < K; k++)
            {
                int i = _freeIdx[k];
                double h = 1e-6 * Math.Max(Math.Abs(p[i]), 1e-300);
                var pp = (double[])p.Clone(); pp[i] = p[i] + h; Residuals(pp, rh);
                var pm = (double[])p.Clone(); pm[i] = p[i] - h; var rm = new double[m]; Residuals(pm, rm);
                for (int j = 0; j < m; j++) J[j, k] = (rh[j] - rm[j]) / (2 * h);
            }
            var JtJ = new double[K, K];
            for (int a = 0; a < K; a++)
                for (int b = a; b < K; b++)
                {
                    double t = 0;
                    for (int j = 0; j < m; j++) t += J[j, a] * J[j, b];
                    JtJ[a, b] = JtJ[b, a] = t;
                }
            var cov = LinearSolve.Inverse(JtJ);
            var se = new double[P];
            var corr = new double[P, P];
            for (int a = 0; a < P; a++) corr[a, a] = 1;
            if (cov is not null)
            {
                for (int a = 0; a < K; a++) se[_freeIdx[a]] = Math.Sqrt(Math.Max(0, cov[a, a] * reduced));
                for (int a = 0; a < K; a++)
                    for (int b = 0; b < K; b++)
                    {
                        double d = Math.Sqrt(cov[a, a] * cov[b, b]);
                        corr[_freeIdx[a], _freeIdx[b]] = d > 0 ? cov[a, b] / d : 0;
                    }
            }
            else for (int a = 0; a < K; a++) se[_freeIdx[a]] = double.NaN;
            var fitted = _c.Impedance(p, _s.FrequencyHz);
            var rel = fitted.Select((z, i) => (z - _s.ImpedanceOhm[i]) / _s.ImpedanceOhm[i].Magnitude).ToArray();
            return new CircuitFitResult(_c, _c.ParameterNames, p, se, corr, cost, reduced, sol.Iterations, sol.Converged,
                _weighting, (double[])_s.FrequencyHz.Clone(), fitted, rel) { ExitReason = sol.Exit };
        }
    }
}
