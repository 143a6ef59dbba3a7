namespace ResearchKit.Impedance.Drt;

/// <summary>One band of time constants the paper assigns to a process (Fig 3a/3b: D1..D4).</summary>
public sealed record DrtBand(string Name, double TauMinS, double TauMaxS, string Process);

/// <summary>A peak of gamma: where it is, how high, its resistance (area in ln tau of its deconvolved Gaussian) and band.</summary>
/// <param name="TauS">Time constant of the maximum of gamma (s).</param>
/// <param name="GammaOhm">gamma at the maximum (ohm).</param>
/// <param name="ResistanceOhm">Area of the fitted Gaussian, h sigma sqrt(2 pi) (ohm).</param>
/// <param name="GaussianTauS">Centre of the fitted Gaussian (s).</param>
/// <param name="WidthDecades">Standard deviation of the fitted Gaussian in decades of tau.</param>
/// <param name="Band">Name of the band that holds <paramref name="TauS"/> (e.g. "D2"), or null when none does.</param>
public sealed record DrtPeak(double TauS, double GammaOhm, double ResistanceOhm, double GaussianTauS, double WidthDecades, string? Band);

/// <summary>The paper's DRT bands, read from data/paper/paper-values.csv (quantities drt_dK_tau_min / drt_dK_tau_max).</summary>
public static class DrtBands
{
    /// <summary>D1..D4 as the paper states them (Sec. DRT, p. 5): D1 1e-6..1e-4 s, D2 1e-4..1e-1 s, D3 1e-1..1e1 s, D4 1e1..1e2 s.</summary>
    public static IReadOnlyList<DrtBand> FromPaper()
    {
        var table = CsvTable.Parse(EmbeddedData.Read("paper", "paper-values.csv"), "data/paper/paper-values.csv", ["quantity", "value", "note"]);
        var bands = new List<DrtBand>();
        for (int k = 1; k <= 9; k++)
        {
            var lo = table.Rows.FirstOrDefault(r => r.Text("quantity") == $"drt_d{k}_tau_min");
            var hi = table.Rows.FirstOrDefault(r => r.Text("quantity") == $"drt_d{k}_tau_max");
            if (lo is null || hi is null) break;
            double a = lo.Number("value"), b = hi.Number("value");
            if (!(a > 0 && b > a)) throw new InvalidInputException($"band D{k}: expected 0 < tau_min < tau_max, got {a} and {b}", lo.SourceName, lo.Line, "value");
            bands.Add(new DrtBand($"D{k}", a, b, lo.Text("note")));
        }
        if (bands.Count == 0) throw new InvalidInputException("no drt_d1_tau_min/drt_d1_tau_max rows", "data/paper/paper-values.csv");
        return bands;
    }

    /// <summary>The band holding tau (lower edge inclusive), or null.</summary>
    public static string? Assign(double tauS, IReadOnlyList<DrtBand> bands)
    {
        foreach (var b in bands) if (tauS >= b.TauMinS && tauS < b.TauMaxS) return b.Name;
        return null;
    }
}

/// <summary>
/// Peaks of a DRT and their Gaussian deconvolution: local maxima of gamma(ln tau) with enough prominence, then a
/// least-squares fit of gamma by a sum of Gaussians in ln tau (one per peak, Levenberg-Marquardt), whose areas are the
/// resistances of the processes (as pyDRTtools' peak analysis; Ciucci and Chen 2015).
/// </summary>
public static class DrtPeakAnalysis
{
    /// <summary>
    /// Finds and deconvolves the peaks of <paramref name="drt"/>. <paramref name="minProminence"/> is relative to the highest peak
    /// (default 0.05); <paramref name="bands"/> default to the paper's D1..D4.
    /// </summary>
    public static IReadOnlyList<DrtPeak> Find(DrtResult drt, double minProminence = 0.05, IReadOnlyList<DrtBand>? bands = null)
    {
        bands ??= DrtBands.FromPaper();
        var tau = drt.TauS;
        var g = drt.GammaOhm;
        int n = g.Length;
        if (n < 3) return [];
        var y = tau.Select(t => Math.Log(t)).ToArray();
        double gMax = g.Max();
        if (!(gMax > 0)) return [];
        var idx = new List<int>();
        for (int i = 1; i < n - 1; i++)
        {
            if (!(g[i] > g[i - 1] && g[i] >= g[i + 1])) continue;
            // Prominence: height above the higher of the two lowest points separating it from higher ground.
            double left = g[i], right = g[i];
            for (int k = i - 1; k >= 0 && g[k] <= g[i]; k--) left = Math.Min(left, g[k]);
            for (int k = i + 1; k < n && g[k] <= g[i]; k++) right = Math.Min(right, g[k]);
            if (g[i] - Math.Max(left, right) >= minProminence * gMax) idx.Add(i);
        }
        if (idx.Count == 0) return [];

        // Initial Gaussians: height, centre and half-width at half maximum (or to the valley).
        int kp = idx.Count;
        var p = new double[3 * kp];
        var peakY = new double[kp];
        var peakG = new double[kp];
        for (int k = 0; k < kp; k++)
        {
            int i = idx[k];
            // Parabolic refinement of the maximum in ln tau.
            double den = g[i - 1] - 2 * g[i] + g[i + 1];
            double shift = den < 0 ? 0.5 * (g[i - 1] - g[i + 1]) / den : 0;
            shift = Math.Clamp(shift, -0.5, 0.5);
            double h = y[1] - y[0];
            peakY[k] = y[i] + shift * h;
            peakG[k] = g[i] - 0.25 * (g[i - 1] - g[i + 1]) * shift;
            int l = i, r = i;
            while (l > 0 && g[l] > 0.5 * g[i] && g[l - 1] <= g[l]) l--;
            while (r < n - 1 && g[r] > 0.5 * g[i] && g[r + 1] <= g[r]) r++;
            double hwhm = Math.Max(0.5 * (y[r] - y[l]), h);
            p[3 * k] = Math.Log(g[i]);
            p[3 * k + 1] = peakY[k];
            p[3 * k + 2] = Math.Log(hwhm / Math.Sqrt(2 * Math.Log(2)));
        }
        FitGaussians(y, g, p);
        var peaks = new List<DrtPeak>(kp);
        for (int k = 0; k < kp; k++)
        {
            double hk = Math.Exp(p[3 * k]), mu = p[3 * k + 1], sigma = Math.Exp(p[3 * k + 2]);
            double tauPeak = Math.Exp(peakY[k]);
            peaks.Add(new DrtPeak(tauPeak, peakG[k], hk * sigma * Math.Sqrt(2 * Math.PI), Math.Exp(mu), sigma / Math.Log(10),
                DrtBands.Assign(tauPeak, bands)));
        }
        return peaks;
    }

    /// <summary>Levenberg-Marquardt on sum_k exp(a_k) exp(-(y - mu_k)^2 / (2 exp(2 b_k))) against g (parameters in place).</summary>
    static void FitGaussians(double[] y, double[] g, double[] p)
    {
        int np = p.Length, n = y.Length;
        var jac = new double[n * np];
        var res = new double[n];
        var jtj = new double[np * np];
        var jtr = new double[np];
        var trial = new double[np];
        double mu = 1e-3;
        double cost = Residual(y, g, p, res, null);
        for (int it = 0; it < 200; it++)
        {
            Residual(y, g, p, res, jac);
            Array.Clear(jtj); Array.Clear(jtr);
            for (int i = 0; i < n; i++)
            {
                var ji = jac.AsSpan(i * np, np);
                for (int a = 0; a < np; a++)
                {
                    jtr[a] += ji[a] * res[i];
                    for (int b = 0; b <= a; b++) jtj[a * np + b] += ji[a] * ji[b];
                }
            }
            bool improved = false;
            for (int tries = 0; tries < 20 && !improved; tries++)
            {
                var m = new double[np * np];
                for (int a = 0; a < np; a++)
                    for (int b = 0; b <= a; b++) m[a * np + b] = jtj[a * np + b] + (a == b ? mu * (jtj[a * np + a] + 1e-12) : 0);
                var step = (double[])jtr.Clone();
                DenseCholesky.FactorInPlace(m, np);
                DenseCholesky.SolveInPlace(m, np, step);
                for (int a = 0; a < np; a++) trial[a] = p[a] - step[a];
                double newCost = Residual(y, g, trial, res, null);
                if (newCost < cost && double.IsFinite(newCost))
                {
                    double rel = (cost - newCost) / Math.Max(cost, 1e-300);
                    Array.Copy(trial, p, np);
                    cost = newCost;
                    mu = Math.Max(mu / 3, 1e-12);
                    improved = true;
                    if (rel < 1e-12) return;
                }
                else mu *= 4;
            }
            if (!improved) return;
        }
    }

    static double Residual(double[] y, double[] g, double[] p, double[] res, double[]? jac)
    {
        int kp = p.Length / 3, n = y.Length;
        double cost = 0;
        for (int i = 0; i < n; i++)
        {
            double model = 0;
            for (int k = 0; k < kp; k++)
            {
                double h = Math.Exp(p[3 * k]), c = p[3 * k + 1], s = Math.Exp(p[3 * k + 2]);
                double u = (y[i] - c) / s, e = h * Math.Exp(-0.5 * u * u);
                model += e;
                if (jac is not null)
                {
                    jac[i * 3 * kp + 3 * k] = e;             // d/d ln h
                    jac[i * 3 * kp + 3 * k + 1] = e * u / s; // d/d mu
                    jac[i * 3 * kp + 3 * k + 2] = e * u * u; // d/d ln s
                }
            }
            res[i] = model - g[i];
            cost += res[i] * res[i];
        }
        return cost;
    }
}
