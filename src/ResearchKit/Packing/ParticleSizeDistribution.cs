using System.Globalization;
using MathNet.Numerics.Distributions;

namespace ResearchKit.Packing;

/// <summary>
/// A particle size distribution given as a VOLUME distribution (what laser diffraction reports: D10, D50, D90 are the
/// diameters below which 10, 50, 90 % of the particle VOLUME lies), and sampling of particle diameters by NUMBER so
/// that the sampled particles' volume distribution matches it.
/// <para>
/// Two forms. <b>Lognormal</b> (<see cref="FromD10D50D90"/>): ln D of the volume distribution is normal with median
/// D50 and spread sigma. With mu = ln D50 fixed, sigma is the least-squares fit of the two quantile equations
/// ln D10 = mu - z sigma and ln D90 = mu + z sigma (z = Phi^-1(0.9) = 1.2816), i.e. sigma = ln(D90/D10) / (2 z);
/// <see cref="QuantileMisfit"/> reports how asymmetric the given quantiles are about D50 (0 for an exact lognormal).
/// The NUMBER distribution of a lognormal volume distribution is lognormal with the same sigma and median
/// D50,n = D50,v exp(-3 sigma^2) (Hatch and Choate, J. Franklin Inst. 207, 369 (1929)); diameters are drawn from it.
/// The distribution is truncated to the volume quantiles [TailFraction, 1 - TailFraction] (default 0.5 %), so no
/// vanishing fines or giant outliers are drawn.
/// <b>Tabulated</b> (<see cref="FromPsaCsv"/>): classes of a particle size analyser, as differential volume % per class
/// or cumulative volume % undersize. Within each class the volume is taken uniform in ln D (log-linear interpolation of
/// the cumulative curve), so the number density in a class is proportional to D^-3 per unit ln D; a class is chosen by
/// its number weight w (a^-3 - b^-3) / (3 ln(b/a)) and the diameter by inverting D^-3 within [a, b].
/// </para>
/// Sampling uses <see cref="PackingRandom"/> with an explicit seed: the same seed gives the same diameters everywhere.
/// </summary>
public sealed class ParticleSizeDistribution
{
    /// <summary>z = Phi^-1(0.9): the 10 % and 90 % quantiles of a normal lie at mean -/+ z sigma.</summary>
    public const double Z90 = 1.2815515655446004;

    // Classes in diameter (um): lower edge, upper edge, volume fraction, number weight (unnormalised then normalised cumulative).
    readonly double[] _lo, _hi, _volumeFraction, _numberCdf;
    readonly bool _lognormal;

    /// <summary>Volume-median diameter D50 (um).</summary>
    public double D50Um { get; }
    /// <summary>Lognormal: sigma of ln D. Tabulated: the sigma of the lognormal with the same D10 and D90 (for reference).</summary>
    public double Sigma { get; }
    /// <summary>Lognormal: rms residual (in ln D) of the least-squares fit of sigma to D10 and D90 with mu = ln D50.</summary>
    public double QuantileMisfit { get; }
    /// <summary>Smallest and largest diameters that can be drawn (um).</summary>
    public double MinDiameterUm { get; }
    public double MaxDiameterUm { get; }
    /// <summary>Where the distribution came from ("lognormal D10/D50/D90" or the PSA file name).</summary>
    public string Source { get; }
    /// <summary>Lognormal: the D10 it was given (um). Tabulated: the 10 % volume quantile of the classes.</summary>
    public double D10Um { get; }
    /// <summary>Lognormal: the D90 it was given (um). Tabulated: the 90 % volume quantile of the classes.</summary>
    public double D90Um { get; }
    /// <summary>Volume fraction cut from each tail of a lognormal (0 for a tabulated distribution, which is used as measured).</summary>
    public double TailFraction { get; }

    ParticleSizeDistribution(bool lognormal, double d10, double d50, double d90, double sigma, double misfit, double tailFraction,
        double[] lo, double[] hi, double[] volumeFraction, string source)
    {
        _lognormal = lognormal; D10Um = d10; D50Um = d50; D90Um = d90; Sigma = sigma; QuantileMisfit = misfit; TailFraction = tailFraction;
        _lo = lo; _hi = hi; _volumeFraction = volumeFraction; Source = source;
        MinDiameterUm = lo[0]; MaxDiameterUm = hi[^1];
        _numberCdf = new double[lo.Length];
        double acc = 0;
        for (int k = 0; k < lo.Length; k++)
        {
            acc += NumberWeight(lo[k], hi[k], volumeFraction[k]);
            _numberCdf[k] = acc;
        }
        for (int k = 0; k < lo.Length; k++) _numberCdf[k] /= acc;
    }

    static double NumberWeight(double a, double b, double w) =>
        b > a ? w * (Math.Pow(a, -3) - Math.Pow(b, -3)) / (3 * Math.Log(b / a)) : w * Math.Pow(a, -3);

    /// <summary>
    /// Lognormal volume distribution from laser-diffraction quantiles (um). Requires 0 &lt; D10 &lt; D50 &lt; D90.
    /// <paramref name="tailFraction"/>: volume fraction cut from each tail (default 0.005).
    /// </summary>
    public static ParticleSizeDistribution FromD10D50D90(double d10Um, double d50Um, double d90Um, double tailFraction = 0.005)
    {
        Check(d10Um, "D10Um"); Check(d50Um, "D50Um"); Check(d90Um, "D90Um");
        if (!(d10Um < d50Um)) throw new InvalidInputException($"expected D10 ({d10Um} um) < D50 ({d50Um} um)", field: "D10Um");
        if (!(d50Um < d90Um)) throw new InvalidInputException($"expected D50 ({d50Um} um) < D90 ({d90Um} um)", field: "D90Um");
        InvalidInputException.Require(tailFraction > 0 && tailFraction < 0.25, "tailFraction", "expected a tail volume fraction in (0, 0.25)");
        double mu = Math.Log(d50Um);
        double sigma = Math.Log(d90Um / d10Um) / (2 * Z90);
        double r10 = Math.Log(d10Um) - (mu - Z90 * sigma), r90 = Math.Log(d90Um) - (mu + Z90 * sigma);
        double misfit = Math.Sqrt(0.5 * (r10 * r10 + r90 * r90));
        double zt = Normal.InvCDF(0, 1, 1 - tailFraction);
        double dMin = Math.Exp(mu - zt * sigma), dMax = Math.Exp(mu + zt * sigma);
        // A fine log grid of classes carries the exact lognormal volume fractions; within a class the D^-3 number
        // sampling is exact for volume uniform in ln D, which is accurate to O(class width^2) here (400 classes).
        const int classes = 400;
        var lo = new double[classes]; var hi = new double[classes]; var w = new double[classes];
        double lnA = Math.Log(dMin), lnB = Math.Log(dMax);
        double cPrev = Normal.CDF(mu, sigma, lnA), total = 1 - 2 * tailFraction;
        for (int k = 0; k < classes; k++)
        {
            double l0 = lnA + (lnB - lnA) * k / classes, l1 = lnA + (lnB - lnA) * (k + 1) / classes;
            double c1 = Normal.CDF(mu, sigma, l1);
            lo[k] = Math.Exp(l0); hi[k] = Math.Exp(l1); w[k] = (c1 - cPrev) / total;
            cPrev = c1;
        }
        return new ParticleSizeDistribution(true, d10Um, d50Um, d90Um, sigma, misfit, tailFraction, lo, hi, w, "lognormal D10/D50/D90");
    }

    static void Check(double d, string field)
    {
        if (!(d > 0) || !double.IsFinite(d)) throw new InvalidInputException($"expected a finite diameter > 0 um, got {d}", field: field);
    }

    /// <summary>
    /// Tabulated PSA file (CSV, '#' comments allowed). Columns: <c>size_um</c> (class upper edge, ascending, &gt; 0) and
    /// either <c>volume_percent</c> (volume % in the class from the previous size to this one; must add up to 100 within
    /// 0.5) or <c>cumulative_percent</c> (volume % undersize; non-decreasing, ending at 100 within 0.5). The first row's
    /// class starts at size_1^2 / size_2 (one geometric step below), unless its cumulative value is 0, when the first
    /// row only marks where the distribution starts.
    /// </summary>
    public static ParticleSizeDistribution FromPsaCsv(string csvText, string sourceName)
    {
        var table = CsvTable.Parse(csvText, sourceName, ["size_um"]);
        bool differential = table.Columns.Contains("volume_percent", StringComparer.OrdinalIgnoreCase);
        bool cumulative = table.Columns.Contains("cumulative_percent", StringComparer.OrdinalIgnoreCase);
        if (differential == cumulative)
            throw new InvalidInputException("expected exactly one of the columns volume_percent or cumulative_percent", sourceName, 1,
                differential ? "cumulative_percent" : "volume_percent");
        string col = differential ? "volume_percent" : "cumulative_percent";
        if (table.Rows.Count < 2) throw new InvalidInputException("expected at least two size classes", sourceName, null, "size_um");
        var size = new List<double>(); var cum = new List<double>();
        double acc = 0, prevSize = 0, prevCum = 0;
        foreach (var row in table.Rows)
        {
            double s = row.Number("size_um"), p = row.Number(col);
            if (!(s > 0)) throw new InvalidInputException($"expected a size > 0 um, found {s.ToString(CultureInfo.InvariantCulture)}", sourceName, row.Line, "size_um");
            if (!(s > prevSize)) throw new InvalidInputException($"sizes must increase; {s.ToString(CultureInfo.InvariantCulture)} um follows {prevSize.ToString(CultureInfo.InvariantCulture)} um", sourceName, row.Line, "size_um");
            if (p < 0) throw new InvalidInputException($"expected a percentage >= 0, found {p.ToString(CultureInfo.InvariantCulture)}", sourceName, row.Line, col);
            if (differential) acc += p;
            else
            {
                if (p > 100.5) throw new InvalidInputException($"cumulative percentage above 100 ({p.ToString(CultureInfo.InvariantCulture)})", sourceName, row.Line, col);
                if (p < prevCum) throw new InvalidInputException($"cumulative percentage must not decrease ({p.ToString(CultureInfo.InvariantCulture)} after {prevCum.ToString(CultureInfo.InvariantCulture)})", sourceName, row.Line, col);
                acc = p; prevCum = p;
            }
            size.Add(s); cum.Add(acc);
            prevSize = s;
        }
        int last = table.Rows[^1].Line;
        if (Math.Abs(acc - 100) > 0.5)
            throw new InvalidInputException(differential
                ? $"volume percentages add up to {acc.ToString("G6", CultureInfo.InvariantCulture)}, expected 100 (within 0.5)"
                : $"cumulative percentage ends at {acc.ToString("G6", CultureInfo.InvariantCulture)}, expected 100 (within 0.5)", sourceName, last, col);
        // Classes (a, b] with volume fraction from the cumulative curve, normalised to exactly 1.
        var lo = new List<double>(); var hi = new List<double>(); var w = new List<double>();
        double firstLower = size[0] * size[0] / size[1];
        for (int k = 0; k < size.Count; k++)
        {
            double a = k == 0 ? firstLower : size[k - 1], b = size[k];
            double frac = (cum[k] - (k == 0 ? 0 : cum[k - 1])) / acc;
            if (frac <= 0) continue;
            lo.Add(a); hi.Add(b); w.Add(frac);
        }
        var dist = new ParticleSizeDistribution(false, 0, 0, 0, 0, 0, 0, lo.ToArray(), hi.ToArray(), w.ToArray(), sourceName);
        double d10 = dist.VolumeQuantileUm(0.1), d50 = dist.VolumeQuantileUm(0.5), d90 = dist.VolumeQuantileUm(0.9);
        return new ParticleSizeDistribution(false, d10, d50, d90, Math.Log(d90 / d10) / (2 * Z90), 0, 0, lo.ToArray(), hi.ToArray(), w.ToArray(), sourceName);
    }

    /// <summary>
    /// The same lognormal with a new median and spread (D10 and D90 placed symmetrically in ln D at -/+ z sigma), keeping the
    /// tail cut: what a study axis that sweeps D50 or sigma needs. Throws for a tabulated distribution.
    /// </summary>
    public ParticleSizeDistribution WithMedianAndSigma(double d50Um, double sigma)
    {
        if (!_lognormal) throw new InvalidInputException("a tabulated PSA distribution has no lognormal median and spread to change", Source, null, "psd");
        InvalidInputException.Require(double.IsFinite(sigma) && sigma > 0, "sigma", $"expected a positive log-standard deviation, got {sigma}");
        return FromD10D50D90(d50Um * Math.Exp(-Z90 * sigma), d50Um, d50Um * Math.Exp(Z90 * sigma), TailFraction);
    }

    /// <summary>Reads a PSA CSV file (see <see cref="FromPsaCsv"/>).</summary>
    public static ParticleSizeDistribution LoadPsaCsv(string path) => FromPsaCsv(File.ReadAllText(path), path);

    /// <summary>Diameter (um) below which the fraction <paramref name="p"/> of the particle VOLUME lies (e.g. 0.5 for D50).</summary>
    public double VolumeQuantileUm(double p)
    {
        InvalidInputException.Require(p >= 0 && p <= 1, "p", "expected a fraction in [0, 1]");
        double acc = 0;
        for (int k = 0; k < _lo.Length; k++)
        {
            if (acc + _volumeFraction[k] >= p || k == _lo.Length - 1)
            {
                double f = _volumeFraction[k] > 0 ? Math.Clamp((p - acc) / _volumeFraction[k], 0, 1) : 0;
                return Math.Exp(Math.Log(_lo[k]) + f * Math.Log(_hi[k] / _lo[k]));
            }
            acc += _volumeFraction[k];
        }
        return _hi[^1];
    }

    /// <summary>Mean particle volume (um^3) of the NUMBER distribution: the volume drawn per particle on average.</summary>
    public double MeanParticleVolumeUm3()
    {
        // Per class, the number density per ln D is c D^-3 and the volume density c pi/6 (constant): the mean volume is
        // (total volume weight) / (total number weight) with the shared constants.
        double num = 0;
        for (int k = 0; k < _lo.Length; k++) num += NumberWeight(_lo[k], _hi[k], _volumeFraction[k]);
        return Math.PI / 6 / num;
    }

    /// <summary>Draws one diameter (um) from the NUMBER distribution.</summary>
    public double SampleDiameterUm(ref PackingRandom rng)
    {
        double u = rng.NextDouble();
        int k = Array.BinarySearch(_numberCdf, u);
        if (k < 0) k = ~k;
        if (k >= _lo.Length) k = _lo.Length - 1;
        double a3 = Math.Pow(_lo[k], -3), b3 = Math.Pow(_hi[k], -3);
        double v = rng.NextDouble();
        return Math.Pow(a3 - v * (a3 - b3), -1.0 / 3.0);
    }

    /// <summary><paramref name="count"/> RADII (um) drawn by number with the given seed.</summary>
    public double[] SampleRadii(int count, ulong seed)
    {
        InvalidInputException.Require(count >= 0, "count", "expected a non-negative particle count");
        var rng = new PackingRandom(seed);
        var r = new double[count];
        for (int i = 0; i < count; i++) r[i] = 0.5 * SampleDiameterUm(ref rng);
        return r;
    }

    /// <summary>
    /// RADII (um) drawn by number until their total volume reaches <paramref name="targetVolumeUm3"/>: particles are drawn
    /// while the total is below the target, and the last one is kept only if that leaves the total closer to the target
    /// than without it (so the total is within half a particle volume of the target). Deterministic for a seed.
    /// This is the call the twin generator uses to fill a box with a given solid volume of one species.
    /// </summary>
    public double[] SampleRadiiForVolume(double targetVolumeUm3, ulong seed)
    {
        InvalidInputException.Require(targetVolumeUm3 >= 0 && double.IsFinite(targetVolumeUm3), "targetVolumeUm3", "expected a finite volume >= 0 um^3");
        var rng = new PackingRandom(seed);
        var radii = new List<double>();
        double total = 0;
        while (total < targetVolumeUm3)
        {
            double r = 0.5 * SampleDiameterUm(ref rng);
            double v = 4.0 / 3.0 * Math.PI * r * r * r;
            if (total + v > targetVolumeUm3 && (total + v - targetVolumeUm3) > (targetVolumeUm3 - total)) break;
            radii.Add(r);
            total += v;
            if (radii.Count > 50_000_000) throw new InvalidInputException("more than 5e7 particles needed: target volume too large for the sizes", field: "targetVolumeUm3");
        }
        return radii.ToArray();
    }

    /// <summary>Volume-weighted quantile of a set of radii (for checking a sample against the distribution): diameter in um.</summary>
    public static double SampleVolumeQuantileUm(IReadOnlyList<double> radiiUm, double p)
    {
        var d = radiiUm.Select(r => 2 * r).OrderBy(x => x).ToArray();
        double total = d.Sum(x => x * x * x), acc = 0;
        foreach (var x in d)
        {
            acc += x * x * x;
            if (acc >= p * total) return x;
        }
        return d.Length > 0 ? d[^1] : double.NaN;
    }

    /// <summary>True for the lognormal form.</summary>
    public bool IsLognormal => _lognormal;
}
