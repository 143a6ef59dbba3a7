namespace ResearchKit.Spectroscopy.Xps;

/// <summary>Inelastic background models.</summary>
public enum BackgroundMethod
{
    /// <summary>Straight line between the end-point means.</summary>
    Linear,
    /// <summary>Iterative Shirley (Proctor and Sherwood, Anal. Chem. 54 (1982) 13).</summary>
    Shirley,
    /// <summary>Tougaard universal cross-section (two-parameter, C = 1643 eV²; Tougaard, Surf. Interface Anal. 11 (1988) 453).</summary>
    Tougaard,
    /// <summary>Tougaard three-parameter cross-section B T/((C − T²)² + D T²) (Tougaard, Surf. Interface Anal. 25 (1997) 137).</summary>
    Tougaard3,
}

/// <summary>Options of the background routines.</summary>
public sealed record BackgroundOptions
{
    /// <summary>Points averaged at each end for the end-point intensities (CasaXPS and most codes: 5 is common).</summary>
    public int EndPoints { get; init; } = 5;
    /// <summary>Shirley: converged when max |B_k+1 − B_k| ≤ Tolerance·|I_high − I_low|.</summary>
    public double Tolerance { get; init; } = 1e-6;
    /// <summary>Shirley: iteration limit.</summary>
    public int MaxIterations { get; init; } = 100;
    /// <summary>Tougaard C (eV²): 1643 for the universal cross-section; 551 for the three-parameter polymer set.</summary>
    public double TougaardC { get; init; } = double.NaN;
    /// <summary>Tougaard three-parameter D (eV²): 436 for polymers (Tougaard 1997).</summary>
    public double TougaardD { get; init; } = 436;
    /// <summary>Sloping end point: flagged when the local slope (regression over 2·EndPoints, at least 8, points) is
    /// significant (|t| &gt; 3) and changes the intensity across that window by more than this fraction of the region's
    /// intensity range max(I) − min(I) (the peak height, in practice).</summary>
    public double SlopeFraction { get; init; } = 0.1;
}

/// <summary>
/// A background under a region, on an ascending binding-energy axis. NetArea is ∫(I − B) dE by the trapezoid rule
/// (intensity units × eV). Converged is false, with a Warning, where the Shirley iteration did not settle or is ill-posed
/// (an end point on a slope, a net area that is not positive); BEv2 is the fitted Tougaard B (eV²), NaN otherwise.
/// </summary>
public sealed record BackgroundResult(
    BackgroundMethod Method, double[] BindingEnergyEv, double[] Intensity, double[] Background,
    double NetArea, int Iterations, bool Converged, string? Warning,
    double LowEndIntensity, double HighEndIntensity, double BEv2, int EndPoints)
{
    /// <summary>I − B per channel.</summary>
    public double[] Net => Intensity.Select((y, i) => y - Background[i]).ToArray();
}

/// <summary>
/// Linear, Shirley and Tougaard backgrounds. Arrays are ascending in binding energy (index 0 = low-BE end, where the
/// background is lowest; the inelastic tail rises towards high BE). End-point intensities are means of
/// <see cref="BackgroundOptions.EndPoints"/> channels at each end.
/// </summary>
public static class XpsBackgrounds
{
    /// <summary>Background of a spectrum in the window HI:LO (binding energy, eV). The spectrum must be on binding energy.</summary>
    public static BackgroundResult Compute(XpsSpectrum spectrum, BackgroundMethod method, double highEv, double lowEv, BackgroundOptions? options = null)
    {
        var (be, y) = spectrum.AscendingWindow(highEv, lowEv);
        return Compute(be, y, method, options);
    }

    public static BackgroundResult Compute(double[] be, double[] y, BackgroundMethod method, BackgroundOptions? options = null) => method switch
    {
        BackgroundMethod.Linear => Linear(be, y, options),
        BackgroundMethod.Shirley => Shirley(be, y, options),
        BackgroundMethod.Tougaard => Tougaard(be, y, options),
        BackgroundMethod.Tougaard3 => Tougaard(be, y, (options ?? new()) is var o && double.IsNaN(o.TougaardC) ? o with { TougaardC = 551 } : o, threeParameter: true),
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Parses shirley|tougaard|tougaard3|linear.</summary>
    public static BackgroundMethod ParseMethod(string s, string field = "method") => s.Trim().ToLowerInvariant() switch
    {
        "linear" => BackgroundMethod.Linear,
        "shirley" => BackgroundMethod.Shirley,
        "tougaard" => BackgroundMethod.Tougaard,
        "tougaard3" => BackgroundMethod.Tougaard3,
        _ => throw new InvalidInputException($"unknown background '{s}'; expected shirley, tougaard, tougaard3 or linear", field: field),
    };

    static (double Lo, double Hi, int N) Ends(double[] be, double[] y, BackgroundOptions o)
    {
        Check(be, y);
        int n = y.Length;
        if (o.EndPoints < 1 || 2 * o.EndPoints > n)
            throw new InvalidInputException($"end-points {o.EndPoints} must be at least 1 and at most half the {n} points of the region", field: "end-points");
        double lo = 0, hi = 0;
        for (int i = 0; i < o.EndPoints; i++) { lo += y[i]; hi += y[n - 1 - i]; }
        return (lo / o.EndPoints, hi / o.EndPoints, o.EndPoints);
    }

    static void Check(double[] be, double[] y)
    {
        if (be.Length != y.Length) throw new InvalidInputException("energy and intensity differ in length", field: "intensity");
        if (be.Length < 5) throw new InvalidInputException($"{be.Length} points; at least 5 are needed", field: "range");
        for (int i = 1; i < be.Length; i++)
            if (!(be[i] > be[i - 1])) throw new InvalidInputException($"binding energies must increase strictly (point {i})", field: "energy");
    }

    /// <summary>Straight line through the two end-point means (placed at the mean energies of the end windows).</summary>
    public static BackgroundResult Linear(double[] be, double[] y, BackgroundOptions? options = null)
    {
        var o = options ?? new BackgroundOptions();
        var (lo, hi, N) = Ends(be, y, o);
        int n = y.Length;
        double e0 = be.Take(N).Average(), e1 = be.Skip(n - N).Average();
        var b = be.Select(e => lo + (hi - lo) * (e - e0) / (e1 - e0)).ToArray();
        return new BackgroundResult(BackgroundMethod.Linear, be, y, b, NetArea(be, y, b), 0, true, null, lo, hi, double.NaN, N);
    }

    /// <summary>
    /// Iterative Shirley background (Proctor and Sherwood 1982; Végh, J. Electron Spectrosc. 151 (2006) 159 on convergence):
    /// B_{k+1}(E) = I_low + (I_high − I_low) Q_k(E)/Q_k(E_max), Q_k(E) = ∫_{E_min}^{E} (I − B_k) dE', from B_0 = I_low.
    /// Converged when max |B_{k+1} − B_k| ≤ Tolerance·|I_high − I_low|. Not converged (with a warning) when the limit
    /// is reached, when Q(E_max) ≤ 0, or when an end point sits on a slope (then the step height, and so the whole
    /// background, depends on where the window ends: the problem is ill-posed).
    /// </summary>
    public static BackgroundResult Shirley(double[] be, double[] y, BackgroundOptions? options = null)
    {
        var o = options ?? new BackgroundOptions();
        var (lo, hi, N) = Ends(be, y, o);
        int n = y.Length;
        var b = new double[n]; var bNew = new double[n]; var q = new double[n];
        Array.Fill(b, lo);
        double scale = Math.Abs(hi - lo);
        int it = 0; bool converged = false; string? warning = null;
        if (scale == 0) { converged = true; }
        else
        {
            for (it = 1; it <= o.MaxIterations; it++)
            {
                q[0] = 0;
                for (int i = 1; i < n; i++)
                    q[i] = q[i - 1] + 0.5 * (be[i] - be[i - 1]) * ((y[i] - b[i]) + (y[i - 1] - b[i - 1]));
                double total = q[n - 1];
                if (!(total > 0))
                {
                    warning = $"net peak area {total:G4} is not positive: the data lie below the background (no peak, or end points on the wrong side)";
                    break;
                }
                double change = 0;
                for (int i = 0; i < n; i++)
                {
                    bNew[i] = lo + (hi - lo) * q[i] / total;
                    change = Math.Max(change, Math.Abs(bNew[i] - b[i]));
                }
                (b, bNew) = (bNew, b);
                if (change <= o.Tolerance * scale) { converged = true; break; }
            }
            if (!converged && warning is null) warning = $"no convergence in {o.MaxIterations} iterations (max change above {o.Tolerance:G2} of the step)";
            it = Math.Min(it, o.MaxIterations);
        }
        var slope = SlopeWarning(be, y, o, lo, hi);
        if (slope is not null) { converged = false; warning = warning is null ? slope : warning + "; " + slope; }
        return new BackgroundResult(BackgroundMethod.Shirley, be, y, b, NetArea(be, y, b), it, converged, warning, lo, hi, double.NaN, N);
    }

    /// <summary>
    /// The end-point test: regression of I on E over the last w = max(2N, 8) channels at each end; an end is on a slope
    /// when |t| of the slope exceeds 3 and |slope|·(width of the window) exceeds SlopeFraction·(max I − min I).
    /// </summary>
    internal static string? SlopeWarning(double[] be, double[] y, BackgroundOptions o, double lo, double hi)
    {
        int n = y.Length, w = Math.Min(Math.Max(2 * o.EndPoints, 8), n / 2);
        double step = y.Max() - y.Min();
        var msgs = new List<string>();
        foreach (var (start, name) in new[] { (0, "low-BE"), (n - w, "high-BE") })
        {
            var (s, t) = Regression(be, y, start, w);
            double width = be[start + w - 1] - be[start];
            double change = Math.Abs(s) * width;
            if (Math.Abs(t) > 3 && change > o.SlopeFraction * Math.Max(step, 1e-300))
                msgs.Add($"the {name} end point sits on a slope ({s:G3} per eV over {width:0.##} eV, {100 * change / Math.Max(step, 1e-300):0}% of the intensity range): widen the range past the peak tail");
        }
        return msgs.Count == 0 ? null : string.Join("; ", msgs);
    }

    static (double Slope, double T) Regression(double[] x, double[] y, int start, int w)
    {
        double mx = 0, my = 0;
        for (int i = start; i < start + w; i++) { mx += x[i]; my += y[i]; }
        mx /= w; my /= w;
        double sxx = 0, sxy = 0;
        for (int i = start; i < start + w; i++) { sxx += (x[i] - mx) * (x[i] - mx); sxy += (x[i] - mx) * (y[i] - my); }
        double s = sxy / sxx, a = my - s * mx, rss = 0;
        for (int i = start; i < start + w; i++) { double e = y[i] - a - s * x[i]; rss += e * e; }
        double se = Math.Sqrt(rss / Math.Max(1, w - 2) / sxx);
        return (s, se > 0 ? s / se : (s == 0 ? 0 : double.PositiveInfinity));
    }

    /// <summary>
    /// Tougaard background B(E) = I_low + B ∫_{E_min}^{E} K(E − E') [J(E') − I_low] dE' with the universal cross-section
    /// K(T) = T/(C + T²)² (C = 1643 eV²) or the three-parameter K(T) = T/((C − T²)² + D T²). The prefactor B (eV²) is
    /// chosen so the background meets the data at the high-BE end (mean of the last N channels); J is the measured spectrum
    /// (Tougaard's formula F = J − B∫K J needs no iteration).
    /// </summary>
    public static BackgroundResult Tougaard(double[] be, double[] y, BackgroundOptions? options = null, bool threeParameter = false)
    {
        var o = options ?? new BackgroundOptions();
        var (lo, hi, N) = Ends(be, y, o);
        double C = double.IsNaN(o.TougaardC) ? (threeParameter ? 551 : 1643) : o.TougaardC;
        var integral = TougaardIntegral(be, y, lo, C, threeParameter ? o.TougaardD : double.NaN);
        int n = y.Length;
        double endIntegral = 0;
        for (int i = n - N; i < n; i++) endIntegral += integral[i];
        endIntegral /= N;
        string? warning = null;
        bool ok = endIntegral > 0 && hi > lo;
        double B = ok ? (hi - lo) / endIntegral : 0;
        if (!ok) warning = "the high-BE end is not above the low-BE end: no inelastic step to scale B to";
        var bg = integral.Select(v => lo + B * v).ToArray();
        return new BackgroundResult(threeParameter ? BackgroundMethod.Tougaard3 : BackgroundMethod.Tougaard, be, y, bg, NetArea(be, y, bg),
            1, ok, warning, lo, hi, B, N);
    }

    /// <summary>∫_{E_min}^{E_i} K(E_i − E') (J(E') − offset) dE' by the trapezoid rule (K(0) = 0), O(n²).</summary>
    internal static double[] TougaardIntegral(double[] be, double[] y, double offset, double C, double D)
    {
        int n = be.Length;
        var res = new double[n];
        bool three = !double.IsNaN(D);
        for (int i = 1; i < n; i++)
        {
            double s = 0, prev = 0;
            for (int j = 0; j <= i; j++)
            {
                double T = be[i] - be[j];
                double k = three ? T / ((C - T * T) * (C - T * T) + D * T * T) : T / ((C + T * T) * (C + T * T));
                double f = k * (y[j] - offset);
                if (j > 0) s += 0.5 * (be[j] - be[j - 1]) * (f + prev);
                prev = f;
            }
            res[i] = s;
        }
        return res;
    }

    /// <summary>Trapezoid ∫(y − b) dE.</summary>
    public static double NetArea(double[] be, double[] y, double[] b)
    {
        double a = 0;
        for (int i = 1; i < be.Length; i++) a += 0.5 * (be[i] - be[i - 1]) * ((y[i] - b[i]) + (y[i - 1] - b[i - 1]));
        return a;
    }
}
