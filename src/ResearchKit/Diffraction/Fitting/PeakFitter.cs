namespace ResearchKit.Diffraction.Fitting;

/// <summary>A fitted peak: Kα1 centre (deg), integrated intensity of the whole line (Kα1 + Kα2, counts·deg), FWHM (deg), η, and esd.</summary>
public sealed record FittedPeak(double CenterDeg, double CenterDegEsd, double Area, double AreaEsd, double FwhmDeg, double Eta);

/// <summary>Result of a single-peak or peak-group fit over a window, with a linear background.</summary>
public sealed record PeakFitResult(IReadOnlyList<FittedPeak> Peaks, double Background0, double Background1, double ReducedChi2, bool Converged, int Iterations, int Points);

/// <summary>I(003)/I(104) from fitted integrated intensities, with its propagated standard uncertainty.</summary>
public sealed record IntensityRatioResult(double Ratio, double RatioEsd, FittedPeak Peak003, FittedPeak Peak104);

/// <summary>
/// Fits one or several pseudo-Voigt peaks (each a Kα1/Kα2 doublet when the instrument has two wavelengths, with the
/// Kα2 position from the wavelength ratio and area Ratio2 × the Kα1 area) plus a linear background to a 2θ window,
/// by Levenberg-Marquardt with weights 1/σ². Each peak has free centre, area, FWHM and η (0..1).
/// </summary>
public static class PeakFitter
{
    public static PeakFitResult Fit(PowderPattern pattern, double loDeg, double hiDeg, IReadOnlyList<double> centersDeg, Instrument? instrument = null)
    {
        var ins = instrument ?? new Instrument();
        InvalidInputException.Require(centersDeg.Count > 0, "centers", "expected at least one peak centre");
        var w = pattern.Slice(loDeg, hiDeg);
        int n = w.Count;
        InvalidInputException.Require(n >= 4 * centersDeg.Count + 3, "window", $"window {loDeg}..{hiDeg} deg has {n} points, too few for {centersDeg.Count} peaks");
        double mid = 0.5 * (loDeg + hiDeg), half = 0.5 * (hiDeg - loDeg);
        double[] x = w.TwoThetaDeg, y = w.Counts, sw = w.Esd.Select(e => 1 / e).ToArray();
        double ratio2 = ins.Wavelength2Angstrom is null ? 0 : ins.Ratio2;
        double l2 = ins.Wavelength2Angstrom ?? ins.WavelengthAngstrom;
        double bg0 = Math.Min(y[0], y[^1]);
        var p0 = new List<double> { bg0, 0 };
        foreach (var c in centersDeg)
        {
            int i = Array.BinarySearch(x, c); if (i < 0) i = Math.Clamp(~i, 0, n - 1);
            double h = Math.Max(y[i] - bg0, 1);
            p0.AddRange([c, h * 0.1 * 1.2 / (1 + ratio2), 0.1, 0.5]);
        }
        double Eval(double[] p, double xv)
        {
            double v = p[0] + p[1] * (xv - mid) / half;
            for (int k = 0; k < centersDeg.Count; k++)
            {
                double c = p[2 + 4 * k], a = p[3 + 4 * k], f = Math.Abs(p[4 + 4 * k]) + 1e-6, eta = Math.Clamp(p[5 + 4 * k], 0, 1);
                v += a * ProfileMath.PseudoVoigt(xv - c, f, eta);
                if (ratio2 > 0)
                {
                    double th = c * Math.PI / 360, s2 = Math.Min(Math.Sin(th) * l2 / ins.WavelengthAngstrom, 0.999999);
                    double c2 = 2 * Math.Asin(s2) * 180 / Math.PI;
                    v += ratio2 * a * ProfileMath.PseudoVoigt(xv - c2, f, eta);
                }
            }
            return v;
        }
        double[] Res(double[] p)
        {
            var r = new double[n];
            for (int i = 0; i < n; i++) r[i] = sw[i] * (y[i] - Eval(p, x[i]));
            return r;
        }
        var steps = new List<double> { 1e-3 * Math.Max(bg0, 1), 1e-3 * Math.Max(bg0, 1) };
        for (int k = 0; k < centersDeg.Count; k++) steps.AddRange([1e-5, Math.Max(1e-4 * p0[3 + 4 * k], 1e-6), 1e-5, 1e-4]);
        var lm = LevenbergMarquardt.Minimize(Res, p0.ToArray(), steps.ToArray(), 200, 1e-12);
        var esd = lm.Esd(p0.Count);
        var peaks = new List<FittedPeak>();
        for (int k = 0; k < centersDeg.Count; k++)
        {
            double tot = 1 + ratio2;
            peaks.Add(new FittedPeak(lm.Parameters[2 + 4 * k], esd[2 + 4 * k], lm.Parameters[3 + 4 * k] * tot, esd[3 + 4 * k] * tot,
                Math.Abs(lm.Parameters[4 + 4 * k]), Math.Clamp(lm.Parameters[5 + 4 * k], 0, 1)));
        }
        return new PeakFitResult(peaks, lm.Parameters[0], lm.Parameters[1], lm.Cost / Math.Max(n - p0.Count, 1), lm.Converged, lm.Iterations, n);
    }

    /// <summary>
    /// I(003)/I(104) from single-peak fits. The peaks are located as the highest point in d = 4.55..4.95 Å (003) and
    /// 1.96..2.10 Å (104) for the instrument's primary wavelength; each window spans ±0.7° around it (plus the Kα2 offset).
    /// Uncertainty: σ_r = r·√((σ₁/I₁)² + (σ₂/I₂)²) from the fit covariances (areas of different windows independent).
    /// </summary>
    public static IntensityRatioResult Ratio003To104(PowderPattern pattern, Instrument? instrument = null)
    {
        var ins = instrument ?? new Instrument();
        FittedPeak One(double dLo, double dHi, string name)
        {
            double t1 = TwoTheta(dHi, ins.WavelengthAngstrom), t2 = TwoTheta(dLo, ins.WavelengthAngstrom);
            int best = -1;
            for (int i = 0; i < pattern.Count; i++)
                if (pattern.TwoThetaDeg[i] >= t1 && pattern.TwoThetaDeg[i] <= t2 && (best < 0 || pattern.Counts[i] > pattern.Counts[best])) best = i;
            if (best < 0) throw new InvalidInputException($"the pattern does not cover the ({name}) region {t1:F1}..{t2:F1} deg", pattern.SourceName, field: "two_theta");
            double c = pattern.TwoThetaDeg[best];
            double off = ins.Wavelength2Angstrom is { } l2 ? TwoTheta(ins.WavelengthAngstrom / (2 * Math.Sin(c * Math.PI / 360)), l2) - c : 0;
            var r = Fit(pattern, c - 0.7, c + 0.7 + off, [c], ins);
            return r.Peaks[0];
        }
        var p3 = One(4.55, 4.95, "003");
        var p4 = One(1.96, 2.10, "104");
        double ratio = p3.Area / p4.Area;
        double esd = ratio * Math.Sqrt(Math.Pow(p3.AreaEsd / p3.Area, 2) + Math.Pow(p4.AreaEsd / p4.Area, 2));
        return new IntensityRatioResult(ratio, esd, p3, p4);
    }

    static double TwoTheta(double d, double lambda) => 2 * Math.Asin(Math.Min(lambda / (2 * d), 1)) * 180 / Math.PI;
}
