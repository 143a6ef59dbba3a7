namespace ResearchKit.Spectroscopy.Xps;

/// <summary>One fitted component. Area is the doublet's total (both lines); AreaShare = Area/Σ areas.
/// Errors are one standard error from the fit covariance (0 for fixed parameters; tied ones carry their reference's).</summary>
public sealed record XpsComponentResult(
    string Name, string? Level, string Shape,
    double CenterEv, double CenterErrorEv, double FwhmEv, double FwhmErrorEv,
    double Area, double AreaError, double AreaShare, double AreaShareError,
    double SplittingEv, double AreaRatio);

/// <summary>
/// Result of an XPS peak fit on an ascending binding-energy window. ChiSquare = Σ (y − model)²/σ² with Poisson σ² = max(y, 1)
/// on the intensities as recorded (meaningful for counts; for count rates a relative measure only); ReducedChiSquare divides by
/// N − P. RelativeRmsResidual = rms(y − model)/(largest net peak height above the background). Curves: Background, Model (background
/// plus peaks), Components (each component's peaks alone).
/// </summary>
public sealed record XpsFitResult(
    IReadOnlyList<XpsComponentResult> Components,
    double ChiSquare, double ReducedChiSquare, double RmsResidual, double RelativeRmsResidual,
    int Iterations, bool Converged, FitBackground Background, string? Warning,
    double[] BindingEnergyEv, double[] Intensity, double[] BackgroundCurve, double[] Model, double[][] ComponentCurves,
    double ShirleyOffset, double ShirleyFactor, double TougaardBEv2);

/// <summary>
/// Least-squares fit of <see cref="XpsFitModel"/> components (bounded Levenberg-Marquardt, <see cref="LevenbergMarquardt"/>,
/// with an analytic Jacobian in the areas and finite differences per component in centre and width).
/// A doublet is two lines of the same shape and width at E and E + ΔE with areas r/(1 + r) and 1/(1 + r) of its total.
/// </summary>
public static class XpsFitter
{
    /// <summary>Fits a spectrum (must be on binding energy) in the model's window, or the whole block.</summary>
    public static XpsFitResult Fit(XpsSpectrum spectrum, XpsFitModel model)
    {
        var (be, y) = spectrum.AscendingWindow(model.RangeHighEv, model.RangeLowEv);
        return Fit(be, y, model, spectrum.SourceName);
    }

    /// <summary>Fit without exceptions: false and the message where <see cref="Fit(XpsSpectrum, XpsFitModel)"/> would throw for bad input.</summary>
    public static bool TryFit(XpsSpectrum spectrum, XpsFitModel model, out XpsFitResult? result, out string? error)
    {
        try { result = Fit(spectrum, model); error = null; return true; }
        catch (InvalidInputException e) { result = null; error = e.Message; return false; }
    }

    /// <summary>Fits ascending binding energies <paramref name="be"/> (eV) and intensities <paramref name="y"/>.</summary>
    public static XpsFitResult Fit(double[] be, double[] y, XpsFitModel model, string? source = null)
    {
        int n = be.Length, C = model.Components.Count;
        var bgOpt = new BackgroundOptions { EndPoints = model.EndPoints };
        double[] fixedBg; BackgroundResult? bgRes = null;
        bool active = model.Background == FitBackground.ShirleyFitted;
        bgRes = model.Background switch
        {
            FitBackground.Linear => XpsBackgrounds.Linear(be, y, bgOpt),
            FitBackground.Tougaard => XpsBackgrounds.Tougaard(be, y, bgOpt),
            FitBackground.Tougaard3 => XpsBackgrounds.Compute(be, y, BackgroundMethod.Tougaard3, bgOpt),
            _ => XpsBackgrounds.Shirley(be, y, bgOpt), // also the start of the fitted Shirley term
        };
        fixedBg = bgRes.Background;

        // Full parameter vector: per component centre, fwhm, area; then c0, k of an active Shirley term.
        int P = 3 * C + (active ? 2 : 0);
        var names = new string[P];
        var start = new double[P];
        var lo = new double[P]; var hi = new double[P];
        var doublets = model.Components.Select(c => c.Level is null ? null : SpinOrbitTable.Get(c.Level)).ToArray();
        double netTotal = Math.Max(bgRes.NetArea, 1e-12);
        var netAtCenter = model.Components.Select(c => Math.Max(Interp(be, bgRes.Net, c.CenterEv), 0) + 1e-12).ToArray();
        double sumNet = netAtCenter.Sum();
        for (int c = 0; c < C; c++)
        {
            var s = model.Components[c];
            names[3 * c] = s.Name + ".center"; names[3 * c + 1] = s.Name + ".fwhm"; names[3 * c + 2] = s.Name + ".area";
            start[3 * c] = s.CenterEv; start[3 * c + 1] = s.FwhmEv;
            start[3 * c + 2] = s.Area ?? netTotal * netAtCenter[c] / sumNet;
            (lo[3 * c], hi[3 * c]) = (s.CenterEv - 1.5, s.CenterEv + 1.5);
            (lo[3 * c + 1], hi[3 * c + 1]) = (0.1, 5);
            (lo[3 * c + 2], hi[3 * c + 2]) = (0, double.PositiveInfinity);
        }
        if (active)
        {
            names[3 * C] = "bg.offset"; names[3 * C + 1] = "bg.k";
            start[3 * C] = bgRes.LowEndIntensity;
            start[3 * C + 1] = (bgRes.HighEndIntensity - bgRes.LowEndIntensity) / netTotal;
            (lo[3 * C], hi[3 * C]) = (double.NegativeInfinity, double.PositiveInfinity);
            (lo[3 * C + 1], hi[3 * C + 1]) = (double.NegativeInfinity, double.PositiveInfinity);
        }
        var index = names.Select((nm, i) => (nm, i)).ToDictionary(t => t.nm, t => t.i);
        foreach (var (k, b) in model.Bounds) { int i = index[k]; lo[i] = b.Lower; hi[i] = b.Upper; start[i] = Math.Clamp(start[i], b.Lower, b.Upper); }
        foreach (var (k, v) in model.Fixed) start[index[k]] = v;

        // Map full parameters to free ones: fixed, free, or tied (factor·ref + offset) to a free or fixed root.
        var freeOf = new int[P]; var factor = new double[P]; var offset = new double[P];
        var free = new List<int>();
        var state = new int[P]; // 0 unvisited, 1 in progress, 2 done
        void Resolve(int i)
        {
            if (state[i] == 2) return;
            if (state[i] == 1) throw new InvalidInputException($"the ties around '{names[i]}' form a cycle", source, field: names[i]);
            state[i] = 1;
            if (model.Ties.TryGetValue(names[i], out var t))
            {
                if (model.Fixed.ContainsKey(names[i])) throw new InvalidInputException($"'{names[i]}' is both fixed and tied", source, field: names[i]);
                if (!index.TryGetValue(t.Reference, out var r)) throw new InvalidInputException($"tie of '{names[i]}' names unknown parameter '{t.Reference}'", source, field: names[i]);
                Resolve(r);
                freeOf[i] = freeOf[r]; factor[i] = t.Factor * factor[r]; offset[i] = t.Factor * offset[r] + t.Offset;
            }
            else if (model.Fixed.ContainsKey(names[i])) { freeOf[i] = -1; factor[i] = 0; offset[i] = start[i]; }
            else { freeOf[i] = free.Count; free.Add(i); factor[i] = 1; offset[i] = 0; }
            state[i] = 2;
        }
        for (int i = 0; i < P; i++) Resolve(i);
        int K = free.Count;
        if (n <= K) throw new InvalidInputException($"{n} points are too few for {K} free parameters", source, field: "range");

        var sigma = y.Select(v => Math.Sqrt(Math.Max(v, 1))).ToArray();
        var full = new double[P];
        void Expand(ReadOnlySpan<double> q)
        {
            for (int i = 0; i < P; i++) full[i] = freeOf[i] >= 0 ? factor[i] * q[freeOf[i]] + offset[i] : offset[i];
        }

        var prof = new double[C][]; var cum = new double[C][];
        for (int c = 0; c < C; c++) { prof[c] = new double[n]; cum[c] = new double[n]; }
        var tmp = new double[n]; var tmpCum = new double[n];
        var model_ = new double[n];

        void Profile(int c, double center, double fwhm, double[] outp, double[] outCum)
        {
            var s = model.Components[c];
            var d = doublets[c];
            double r = d?.AreaRatio ?? 0, major = d is null ? 1 : r / (1 + r), minor = d is null ? 0 : 1 / (1 + r), split = d?.SplittingEv ?? 0;
            double inv = 1 / s.Shape.Area(fwhm);
            for (int i = 0; i < n; i++)
            {
                double v = major * s.Shape.Height(be[i] - center, fwhm);
                if (d is not null) v += minor * s.Shape.Height(be[i] - center - split, fwhm);
                outp[i] = v * inv;
            }
            if (active)
            {
                outCum[0] = 0;
                for (int i = 1; i < n; i++) outCum[i] = outCum[i - 1] + 0.5 * (be[i] - be[i - 1]) * (outp[i] + outp[i - 1]);
            }
        }

        void Evaluate(double[] p)
        {
            for (int c = 0; c < C; c++) Profile(c, p[3 * c], p[3 * c + 1], prof[c], cum[c]);
            double c0 = active ? p[3 * C] : 0, k = active ? p[3 * C + 1] : 0;
            for (int i = 0; i < n; i++)
            {
                double m = active ? c0 : fixedBg[i];
                for (int c = 0; c < C; c++) m += p[3 * c + 2] * (prof[c][i] + (active ? k * cum[c][i] : 0));
                model_[i] = m;
            }
        }

        void Residuals(ReadOnlySpan<double> q, Span<double> r)
        {
            Expand(q);
            Evaluate(full);
            for (int i = 0; i < n; i++) r[i] = (y[i] - model_[i]) / sigma[i];
        }

        var Jfull = new double[n, P];
        void Jacobian(ReadOnlySpan<double> q, ReadOnlySpan<double> r, double[,] J)
        {
            Expand(q);
            Evaluate(full);
            double k = active ? full[3 * C + 1] : 0;
            Array.Clear(Jfull);
            for (int c = 0; c < C; c++)
            {
                double A = full[3 * c + 2];
                for (int i = 0; i < n; i++) Jfull[i, 3 * c + 2] = prof[c][i] + (active ? k * cum[c][i] : 0);
                for (int which = 0; which < 2; which++)
                {
                    int j = 3 * c + which;
                    if (freeOf[j] < 0) continue;
                    double h = which == 0 ? 1e-5 : 1e-5 * Math.Max(full[j], 0.1);
                    double cc = full[3 * c] + (which == 0 ? h : 0), ff = full[3 * c + 1] + (which == 1 ? h : 0);
                    Profile(c, cc, ff, tmp, tmpCum);
                    for (int i = 0; i < n; i++)
                        Jfull[i, j] = A * ((tmp[i] - prof[c][i]) + (active ? k * (tmpCum[i] - cum[c][i]) : 0)) / h;
                }
            }
            if (active)
                for (int i = 0; i < n; i++)
                {
                    Jfull[i, 3 * C] = 1;
                    double s = 0;
                    for (int c = 0; c < C; c++) s += full[3 * c + 2] * cum[c][i];
                    Jfull[i, 3 * C + 1] = s;
                }
            Array.Clear(J);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < P; j++)
                    if (freeOf[j] >= 0) J[i, freeOf[j]] -= factor[j] * Jfull[i, j] / sigma[i];
        }

        var q0 = free.Select(i => start[i]).ToArray();
        var qlo = free.Select(i => lo[i]).ToArray(); var qhi = free.Select(i => hi[i]).ToArray();
        var lm = LevenbergMarquardt.Minimize(Residuals, n, q0, qlo, qhi, Jacobian, new LevenbergMarquardtOptions { MaxIterations = 200, RelativeTolerance = 1e-10 });

        Expand(lm.Parameters);
        var pFinal = (double[])full.Clone();
        Evaluate(pFinal);
        var modelCurve = (double[])model_.Clone();
        double c0f = active ? pFinal[3 * C] : 0, kf = active ? pFinal[3 * C + 1] : 0;
        var bgCurve = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!active) { bgCurve[i] = fixedBg[i]; continue; }
            double b = c0f;
            for (int c = 0; c < C; c++) b += kf * pFinal[3 * c + 2] * cum[c][i];
            bgCurve[i] = b;
        }
        var compCurves = new double[C][];
        for (int c = 0; c < C; c++) compCurves[c] = prof[c].Select(v => v * pFinal[3 * c + 2]).ToArray();

        // Errors: a full parameter's variance is factor² var(free root); area shares by the delta method.
        double Se(int j) => freeOf[j] >= 0 ? Math.Abs(factor[j]) * lm.StandardErrors[freeOf[j]] : 0;
        double Cov(int a, int b)
        {
            if (freeOf[a] < 0 || freeOf[b] < 0 || lm.Covariance is null) return 0;
            return factor[a] * factor[b] * lm.Covariance[freeOf[a], freeOf[b]];
        }
        double total = 0; for (int c = 0; c < C; c++) total += pFinal[3 * c + 2];
        var comps = new List<XpsComponentResult>(C);
        for (int c = 0; c < C; c++)
        {
            double share = total > 0 ? pFinal[3 * c + 2] / total : double.NaN;
            double v = 0;
            for (int d = 0; d < C; d++)
                for (int e = 0; e < C; e++)
                {
                    double gd = ((c == d ? 1 : 0) - share) / total, ge = ((c == e ? 1 : 0) - share) / total;
                    v += gd * ge * Cov(3 * d + 2, 3 * e + 2);
                }
            var s = model.Components[c];
            comps.Add(new XpsComponentResult(s.Name, s.Level, s.Shape.ToString(),
                pFinal[3 * c], Se(3 * c), pFinal[3 * c + 1], Se(3 * c + 1), pFinal[3 * c + 2], Se(3 * c + 2),
                share, Math.Sqrt(Math.Max(v, 0)), doublets[c]?.SplittingEv ?? 0, doublets[c]?.AreaRatio ?? 0));
        }
        double ss = 0; for (int i = 0; i < n; i++) { double e = y[i] - modelCurve[i]; ss += e * e; }
        double rms = Math.Sqrt(ss / n);
        double peakMax = 0; for (int i = 0; i < n; i++) peakMax = Math.Max(peakMax, modelCurve[i] - bgCurve[i]);
        string? warning = active ? null : bgRes.Warning;
        if (!lm.Converged) warning = (warning is null ? "" : warning + "; ") + $"the fit did not converge in {lm.Iterations} iterations";
        return new XpsFitResult(comps, lm.Cost, lm.ReducedChiSquare, rms, peakMax > 0 ? rms / peakMax : double.NaN,
            lm.Iterations, lm.Converged && (active || bgRes.Converged), model.Background, warning,
            be, y, bgCurve, modelCurve, compCurves, c0f, kf, bgRes.BEv2);
    }

    static double Interp(double[] x, double[] y, double at)
    {
        if (at <= x[0]) return y[0];
        if (at >= x[^1]) return y[^1];
        int j = Array.BinarySearch(x, at);
        if (j >= 0) return y[j];
        j = ~j;
        double t = (at - x[j - 1]) / (x[j] - x[j - 1]);
        return y[j - 1] + t * (y[j] - y[j - 1]);
    }
}
