namespace ResearchKit.Diffraction;

/// <summary>
/// One computed powder line: reflection, Bragg angle for the primary wavelength (deg, before zero shift), structure factor
/// (electrons), Lorentz-polarisation factor, integrated intensity m·F²·LP·P (P: March-Dollase texture factor, 1 for a random
/// powder; arbitrary units, primary wavelength) and the
/// intensity relative to the strongest line in range (100).
/// </summary>
public sealed record PowderLine(Reflection Reflection, double TwoThetaDeg, double StructureFactor, double LorentzPolarisation,
    double Intensity, double RelativeIntensity);

/// <summary>Profile-pattern options: 2θ grid (deg), scale, background and stationary phases.</summary>
public sealed record SimulationOptions
{
    public double TwoThetaMinDeg { get; init; } = 10;
    public double TwoThetaMaxDeg { get; init; } = 90;
    public double StepDeg { get; init; } = 0.01;
    /// <summary>Peak height (counts above background) of the highest point of the sample's profile.</summary>
    public double StrongestCounts { get; init; } = 1e4;
    /// <summary>Chebyshev background coefficients (counts) over the 2θ range.</summary>
    public IReadOnlyList<double> BackgroundChebyshev { get; init; } = [200.0, -40.0, 15.0];
    /// <summary>Stationary phases with the area of their strongest line relative to the sample's strongest line.</summary>
    public IReadOnlyList<(StationaryPhase Phase, double RelativeScale)> Stationary { get; init; } = [];

    /// <summary>Parses "MIN:MAX:STEP" (deg), e.g. "10:90:0.01"; throws InvalidInputException naming <paramref name="field"/>.</summary>
    public static (double Min, double Max, double Step) ParseRange(string text, string field = "two-theta")
    {
        var parts = text.Split(':');
        if (parts.Length != 3) throw new InvalidInputException($"expected MIN:MAX:STEP, got '{text}'", field: field);
        var v = new double[3];
        for (int i = 0; i < 3; i++)
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out v[i]) || !double.IsFinite(v[i]))
                throw new InvalidInputException($"expected a number, got '{parts[i]}'", field: field);
        if (!(v[0] > 0 && v[1] > v[0] && v[1] < 180 && v[2] > 0 && (v[1] - v[0]) / v[2] <= 2e6))
            throw new InvalidInputException($"expected 0 < MIN < MAX < 180 and 0 < STEP with at most 2e6 points, got '{text}'", field: field);
        return (v[0], v[1], v[2]);
    }
}

/// <summary>Result of <see cref="PowderSimulator.Simulate"/>: lines, the (003)/(104) ratio and the profile pattern (expected counts).</summary>
public sealed record SimulatedPowder(IReadOnlyList<PowderLine> Lines, double Ratio003To104, PowderPattern Pattern);

/// <summary>
/// Forward model of a Bragg-Brentano powder pattern of an R−3m layered oxide: kinematic intensities m·|F|²·LP, one
/// TCH pseudo-Voigt per line and wavelength (Kα2 at ratio <see cref="Instrument.Ratio2"/> with the Kα1 area), Chebyshev
/// background, zero shift, fixed stationary-phase lines. No absorption, texture, asymmetry or anomalous dispersion.
/// </summary>
public static class PowderSimulator
{
    /// <summary>All lines with 2θ ≤ <paramref name="twoThetaMaxDeg"/> for the primary wavelength, sorted by 2θ.</summary>
    public static IReadOnlyList<PowderLine> Lines(LayeredOxide structure, Instrument instrument, double twoThetaMaxDeg = 90)
    {
        structure.Validate(); instrument.Validate();
        double lam = instrument.WavelengthAngstrom;
        double dMin = lam / (2 * Math.Sin(Math.Min(twoThetaMaxDeg, 179.9) * Math.PI / 360));
        var raw = new List<(Reflection R, double Tt, double F, double Lp, double I)>();
        foreach (var r in R3m.Reflections(structure.Cell, dMin))
        {
            double tt = r.TwoThetaDeg(lam);
            if (double.IsNaN(tt) || tt > twoThetaMaxDeg) continue;
            double f = structure.StructureFactor(r), lp = instrument.LorentzPolarisation(tt);
            raw.Add((r, tt, f, lp, r.Multiplicity * f * f * lp * structure.PreferredOrientation(r)));
        }
        double max = raw.Count == 0 ? 1 : raw.Max(x => x.I);
        return raw.OrderBy(x => x.Tt).Select(x => new PowderLine(x.R, x.Tt, x.F, x.Lp, x.I, 100 * x.I / max)).ToList();
    }

    /// <summary>I(003)/I(104) from integrated line intensities m·F²·LP (primary wavelength).</summary>
    public static double Ratio003To104(LayeredOxide structure, Instrument instrument)
    {
        var lines = Lines(structure, instrument, 60);
        var l003 = lines.First(l => l.Reflection is { H: 0, K: 0, L: 3 });
        var l104 = lines.First(l => l.Reflection is { H: 1, K: 0, L: 4 });
        return l003.Intensity / l104.Intensity;
    }

    /// <summary>Lines, ratio and the profile pattern on the grid of <paramref name="options"/> (noise-free expected counts).</summary>
    public static SimulatedPowder Simulate(LayeredOxide structure, Instrument instrument, SimulationOptions? options = null)
    {
        var o = options ?? new SimulationOptions();
        InvalidInputException.Require(o.StepDeg > 0 && o.TwoThetaMaxDeg > o.TwoThetaMinDeg && o.TwoThetaMinDeg > 0, "two-theta", "expected 0 < MIN < MAX and STEP > 0");
        InvalidInputException.Require(o.StrongestCounts > 0, "strongest_counts", "expected a positive peak height");
        var lines = Lines(structure, instrument, Math.Min(o.TwoThetaMaxDeg + 5, 179));
        int n = (int)Math.Floor((o.TwoThetaMaxDeg - o.TwoThetaMinDeg) / o.StepDeg + 1e-9) + 1;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = o.TwoThetaMinDeg + i * o.StepDeg;
        var peaks = new double[n];
        double imax = lines.Count == 0 ? 1 : lines.Max(l => l.Intensity);
        foreach (var l in lines) AddLine(x, peaks, l.Reflection.DAngstrom, l.Intensity / imax, instrument);
        var stat = new double[n];
        foreach (var (phase, rel) in o.Stationary)
            foreach (var fl in phase.Lines) AddLine(x, stat, fl.DAngstrom, rel * fl.RelativeIntensity / 100, instrument);
        double hmax = peaks.Max();
        double s = hmax > 0 ? o.StrongestCounts / hmax : 1;
        var y = new double[n];
        Span<double> t = stackalloc double[Math.Max(o.BackgroundChebyshev.Count, 1)];
        for (int i = 0; i < n; i++)
        {
            ProfileMath.Chebyshev(x[i], x[0], x[^1], t);
            double bg = 0;
            for (int k = 0; k < o.BackgroundChebyshev.Count; k++) bg += o.BackgroundChebyshev[k] * t[k];
            y[i] = Math.Max(bg, 0) + s * (peaks[i] + stat[i]);
        }
        double r = 0;
        var l003 = lines.FirstOrDefault(l => l.Reflection is { H: 0, K: 0, L: 3 });
        var l104 = lines.FirstOrDefault(l => l.Reflection is { H: 1, K: 0, L: 4 });
        if (l003 is not null && l104 is not null) r = l003.Intensity / l104.Intensity;
        var esd = y.Select(v => Math.Sqrt(Math.Max(v, 1))).ToArray();
        // Lines reported: those inside the 2θ range, renormalised so that the strongest of them is 100.
        var inRange = lines.Where(l => l.TwoThetaDeg >= o.TwoThetaMinDeg && l.TwoThetaDeg <= o.TwoThetaMaxDeg).ToList();
        double rmax = inRange.Count == 0 ? 1 : inRange.Max(l => l.Intensity);
        lines = inRange.Select(l => l with { RelativeIntensity = 100 * l.Intensity / rmax }).ToList();
        var meta = new Dictionary<string, string>
        {
            ["wavelength"] = instrument.WavelengthAngstrom.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["a_angstrom"] = structure.Cell.AAngstrom.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["c_angstrom"] = structure.Cell.CAngstrom.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        };
        return new SimulatedPowder(lines, r, new PowderPattern(x, y, esd) { SourceName = "simulated", Metadata = meta, WavelengthAngstrom = instrument.WavelengthAngstrom });
    }

    /// <summary>
    /// Counting noise: each point replaced by a Poisson draw with the expected counts as mean (exact inversion below 50 counts,
    /// the normal approximation rounded to an integer above). SplitMix64 with <paramref name="seed"/>: the same seed gives the same pattern.
    /// </summary>
    public static PowderPattern WithPoissonNoise(PowderPattern expected, ulong seed)
    {
        var rng = new SplitMix64(seed);
        var y = new double[expected.Count];
        for (int i = 0; i < y.Length; i++)
        {
            double m = expected.Counts[i];
            if (m < 50)
            {
                double l = Math.Exp(-m), p = 1; int k = 0;
                do { k++; p *= rng.NextDouble(); } while (p > l);
                y[i] = k - 1;
            }
            else y[i] = Math.Max(0, Math.Round(m + Math.Sqrt(m) * rng.NextGaussian()));
        }
        return expected with { Counts = y, Esd = y.Select(v => Math.Sqrt(Math.Max(v, 1))).ToArray() };
    }

    /// <summary>
    /// Adds the unit-area-scaled profile of a line at spacing d (Å) with area <paramref name="area"/> for the primary wavelength
    /// (and <c>Ratio2·area</c> for the second), zero shift included, over ±<see cref="ProfileMath.WindowFwhm"/> FWHM.
    /// </summary>
    public static void AddLine(ReadOnlySpan<double> x, Span<double> y, double dAngstrom, double area, Instrument ins)
    {
        AddOne(x, y, dAngstrom, ins.WavelengthAngstrom, area, ins.ZeroDeg, ins.U, ins.V, ins.W, ins.X, ins.Y, 0);
        if (ins.Wavelength2Angstrom is { } l2 && ins.Ratio2 > 0)
            AddOne(x, y, dAngstrom, l2, area * ins.Ratio2, ins.ZeroDeg, ins.U, ins.V, ins.W, ins.X, ins.Y, 0);
    }

    /// <summary>One wavelength of one line; <paramref name="extraGaussDeg"/> adds Gaussian width in quadrature (coarse search).</summary>
    internal static void AddOne(ReadOnlySpan<double> x, Span<double> y, double d, double lambda, double area, double zero,
        double u, double v, double w, double xl, double yl, double extraGaussDeg, double windowFwhm = ProfileMath.WindowFwhm)
    {
        double s = lambda / (2 * d);
        if (s >= 1) return;
        double tt = 2 * Math.Asin(s) * 180 / Math.PI;
        var (g, l) = ProfileMath.Widths(tt, u, v, w, xl, yl);
        if (extraGaussDeg > 0) g = Math.Sqrt(g * g + extraGaussDeg * extraGaussDeg);
        var (f, eta) = ProfileMath.Tch(g, l);
        double c = tt + zero, half = windowFwhm * f;
        int i0 = LowerBound(x, c - half), i1 = LowerBound(x, c + half);
        for (int i = i0; i < i1; i++) y[i] += area * ProfileMath.PseudoVoigt(x[i] - c, f, eta);
    }

    internal static int LowerBound(ReadOnlySpan<double> x, double v)
    {
        int lo = 0, hi = x.Length;
        while (lo < hi) { int m = (lo + hi) >> 1; if (x[m] < v) lo = m + 1; else hi = m; }
        return lo;
    }
}
