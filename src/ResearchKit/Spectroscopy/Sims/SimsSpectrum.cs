using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResearchKit.Spectroscopy.Sims;

/// <summary>
/// A ToF-SIMS mass spectrum (or a window of one): m/z (u per elementary charge) ascending, counts per channel, and the
/// total ion count of the whole spectrum (for normalisation; NaN when the file does not give it).
/// </summary>
public sealed record SimsSpectrum(double[] Mz, double[] Counts, double TotalIonCount, string? SourceName, string Polarity = "negative")
{
    public int Count => Mz.Length;

    /// <summary>The channels with lo ≤ m/z ≤ hi.</summary>
    public SimsSpectrum Window(double lo, double hi)
    {
        var idx = Enumerable.Range(0, Count).Where(i => Mz[i] >= lo && Mz[i] <= hi).ToArray();
        if (idx.Length < 8) throw new InvalidInputException($"the window m/z {lo}-{hi} holds {idx.Length} channels; at least 8 are needed", SourceName, field: "window");
        return this with { Mz = idx.Select(i => Mz[i]).ToArray(), Counts = idx.Select(i => Counts[i]).ToArray() };
    }
}

/// <summary>
/// Text exports of mass spectra: two or more columns (m/z, counts; further columns ignored) separated by tabs, commas,
/// semicolons or spaces, after header lines. A header line "# total_ion_count: N" (also "total counts", "TIC") gives the
/// normalisation; "# polarity: negative|positive" the polarity. IONTOF SurfaceLab ASCII exports ("# Channel ... Mass (u)
/// ... Intensity") are read by the same rule when their first two numeric columns are mass and intensity; no public
/// documentation of that layout was found, so a three-column export (channel, mass, intensity) is recognised by its header.
/// </summary>
public static partial class SimsTextReader
{
    [GeneratedRegex(@"(?:total[_ ]ion[_ ]count|total[_ ]counts|\bTIC\b)\s*[:=]\s*([0-9.eE+]+)", RegexOptions.IgnoreCase)]
    private static partial Regex TicRegex();

    public static SimsSpectrum Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var lines = File.ReadAllLines(path);
        var header = new List<string>();
        var mz = new List<double>(); var y = new List<double>();
        int massCol = 0, intensityCol = 1;
        char[] seps = ['\t', ',', ';', ' '];
        for (int li = 0; li < lines.Length; li++)
        {
            var line = lines[li].Trim();
            if (line.Length == 0) continue;
            var parts = line.Split(seps, StringSplitOptions.RemoveEmptyEntries);
            bool numeric = parts.Length >= 2 && parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
            if (!numeric)
            {
                if (mz.Count > 0) throw new InvalidInputException($"expected numbers (m/z, counts) after the data began, got '{line}'", path, li + 1, "data");
                header.Add(line);
                if (Regex.IsMatch(line, @"channel", RegexOptions.IgnoreCase) && Regex.IsMatch(line, @"mass", RegexOptions.IgnoreCase)) { massCol = 1; intensityCol = 2; }
                continue;
            }
            if (parts.Length <= intensityCol) throw new InvalidInputException($"expected {intensityCol + 1} columns, got {parts.Length}", path, li + 1, "data");
            double m = double.Parse(parts[massCol], CultureInfo.InvariantCulture), c = double.Parse(parts[intensityCol], CultureInfo.InvariantCulture);
            if (mz.Count > 0 && !(m > mz[^1])) throw new InvalidInputException($"m/z must increase (got {m} after {mz[^1]})", path, li + 1, "m/z");
            mz.Add(m); y.Add(c);
        }
        if (mz.Count < 8) throw new InvalidInputException($"found {mz.Count} data rows; at least 8 are needed", path, field: "data");
        var h = string.Join("\n", header);
        double tic = TicRegex().Match(h) is { Success: true } t ? double.Parse(t.Groups[1].Value, CultureInfo.InvariantCulture) : double.NaN;
        string pol = Regex.IsMatch(h, @"polarity\s*[:=]\s*positive", RegexOptions.IgnoreCase) ? "positive" : "negative";
        return new SimsSpectrum(mz.ToArray(), y.ToArray(), tic, path, pol);
    }

    /// <summary>Writes a spectrum as a two-column text export with a provenance header (temp file, then move).</summary>
    public static void Write(string path, SimsSpectrum s, IEnumerable<string> headerLines)
    {
        var sb = new StringBuilder();
        foreach (var l in headerLines) sb.Append("# ").Append(l).Append('\n');
        sb.Append("# polarity: ").Append(s.Polarity).Append('\n');
        if (double.IsFinite(s.TotalIonCount)) sb.Append("# total_ion_count: ").Append(s.TotalIonCount.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("# m/z (u/e)\tcounts\n");
        for (int i = 0; i < s.Count; i++)
            sb.Append(s.Mz[i].ToString("F5", CultureInfo.InvariantCulture)).Append('\t').Append(s.Counts[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(tmp, sb.ToString());
        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>One fitted species: centre, FWHM, area (counts summed over the peak's channels), its standard error, and area per total ion count.</summary>
public sealed record SimsPeakResult(string Species, double ExactMz, double CenterMz, double CenterErrorMz, double FwhmMz, double Area, double AreaError, double NormalizedIntensity);

/// <summary>A two-peak fit in a window: both species, the area ratio (first/second), the resolving power m/Δm found, χ².</summary>
public sealed record SimsPairFit(SimsPeakResult First, SimsPeakResult Second, double AreaRatio, double AreaRatioError, double ResolvingPower,
    double WindowLowMz, double WindowHighMz, double Baseline, double ChiSquare, double ReducedChiSquare, bool Converged, int Iterations,
    double[] Mz, double[] Counts, double[] Model);

/// <summary>
/// Two Gaussian peaks of a common resolving power R = m/Δm (Δm the FWHM, so both widths scale with m/z), on a constant
/// baseline, fitted by bounded Levenberg-Marquardt with Poisson weights σ² = max(counts, 1). Centres start at the exact
/// anion m/z and may move ±0.004 u (mass-calibration error); R is bounded to 500–50,000.
/// </summary>
public static class SimsFitter
{
    /// <summary>The paper's two windows (Fig. 3e, 3f): m/z 62.93–62.98 and 63.93–63.98.</summary>
    public static IReadOnlyList<(string First, string Second, double Lo, double Hi)> PaperPairs { get; } =
    [
        ("PS-", "PO2-", 62.93, 62.98),
        ("S2-", "SO2-", 63.93, 63.98),
    ];

    static readonly double Ln2 = Math.Log(2);

    /// <summary>Fits a pair "PS-,PO2-" in the window ± 0.025 u around their mean m/z (the paper's windows for its pairs).</summary>
    public static SimsPairFit FitPair(SimsSpectrum spectrum, string pair)
    {
        var ions = IonFormula.ParseList(pair, "pairs");
        if (ions.Count != 2) throw new InvalidInputException($"a pair names exactly two species, got {ions.Count} in '{pair}'", spectrum.SourceName, field: "pairs");
        var paper = PaperPairs.FirstOrDefault(p => p.First == ions[0].Formula && p.Second == ions[1].Formula);
        double lo, hi;
        if (paper.First is not null) (lo, hi) = (paper.Lo, paper.Hi);
        else { double mid = 0.5 * (ions[0].Mz + ions[1].Mz), half = Math.Max(0.025, Math.Abs(ions[1].Mz - ions[0].Mz)); (lo, hi) = (mid - half, mid + half); }
        return FitPair(spectrum, ions[0], ions[1], lo, hi);
    }

    public static SimsPairFit FitPair(SimsSpectrum spectrum, IonMass a, IonMass b, double lowMz, double highMz)
    {
        var w = spectrum.Window(lowMz, highMz);
        int n = w.Count;
        var x = w.Mz; var y = w.Counts;
        var sigma = y.Select(v => Math.Sqrt(Math.Max(v, 1))).ToArray();
        // parameters: c1, c2, R, A1, A2, baseline
        double baseGuess = Math.Max(0, Percentile(y, 0.1));
        double step = (x[^1] - x[0]) / (n - 1);
        double Near(double c) { double s = 0; for (int i = 0; i < n; i++) if (Math.Abs(x[i] - c) < 0.003) s += Math.Max(0, y[i] - baseGuess); return Math.Max(s, 1); }
        var start = new[] { a.Mz, b.Mz, 7000, Near(a.Mz), Near(b.Mz), baseGuess };
        var lower = new[] { a.Mz - 0.004, b.Mz - 0.004, 500, 0, 0, 0 };
        var upper = new[] { a.Mz + 0.004, b.Mz + 0.004, 50000, double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity };
        var model = new double[n];
        void Eval(ReadOnlySpan<double> p, double[] m)
        {
            double f1 = p[0] / p[2], f2 = p[1] / p[2];
            // areas in counts (summed over channels): height per channel = A·Δ/(f √(π/4 ln2)), Δ the channel width
            double n1 = p[3] * step / (f1 * Math.Sqrt(Math.PI / (4 * Ln2))), n2 = p[4] * step / (f2 * Math.Sqrt(Math.PI / (4 * Ln2)));
            for (int i = 0; i < n; i++)
            {
                double u1 = (x[i] - p[0]) / f1, u2 = (x[i] - p[1]) / f2;
                m[i] = p[5] + n1 * Math.Exp(-4 * Ln2 * u1 * u1) + n2 * Math.Exp(-4 * Ln2 * u2 * u2);
            }
        }
        void Res(ReadOnlySpan<double> p, Span<double> r) { Eval(p, model); for (int i = 0; i < n; i++) r[i] = (y[i] - model[i]) / sigma[i]; }
        var fit = LevenbergMarquardt.Minimize(Res, n, start, lower, upper);
        var p = fit.Parameters; var se = fit.StandardErrors;
        Eval(p, model);
        double tic = spectrum.TotalIonCount;
        SimsPeakResult Peak(IonMass ion, int k) => new(ion.Formula, ion.Mz, p[k], se[k], p[k] / p[2], p[3 + k], se[3 + k], double.IsFinite(tic) && tic > 0 ? p[3 + k] / tic : double.NaN);
        double ratio = p[4] > 0 ? p[3] / p[4] : double.PositiveInfinity;
        double ratioErr = double.NaN;
        if (fit.Covariance is { } cov && p[4] > 0)
        {
            double g3 = 1 / p[4], g4 = -p[3] / (p[4] * p[4]);
            ratioErr = Math.Sqrt(Math.Max(0, g3 * g3 * cov[3, 3] + 2 * g3 * g4 * cov[3, 4] + g4 * g4 * cov[4, 4]));
        }
        return new SimsPairFit(Peak(a, 0), Peak(b, 1), ratio, ratioErr, p[2], lowMz, highMz, p[5], fit.Cost, fit.ReducedChiSquare, fit.Converged, fit.Iterations,
            x, y, (double[])model.Clone());
    }

    static double Percentile(double[] v, double q) { var s = (double[])v.Clone(); Array.Sort(s); return s[(int)(q * (s.Length - 1))]; }
}
