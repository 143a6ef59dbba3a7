using System.Numerics;
using ResearchKit.Impedance.Circuits;

namespace ResearchKit.Impedance.Synthesis;

/// <summary>
/// Noise added to a synthetic spectrum. Proportional: Z'_i += σ_rel |Z_i| ε'_i, Z''_i += σ_rel |Z_i| ε''_i (the usual
/// "x % noise" of DRT and KK papers, e.g. Schönleber et al. 2014); Absolute: += σ_abs ε (ohm). ε are independent standard
/// normals from <see cref="SplitMix64"/> seeded with Seed, drawn in the order ε'_0, ε''_0, ε'_1, ... .
/// </summary>
public sealed record NoiseModel(double RelativeSigma = 0, double AbsoluteSigmaOhm = 0, ulong Seed = 1)
{
    public static NoiseModel None { get; } = new();
    public static NoiseModel Proportional(double relativeSigma, ulong seed) => new(relativeSigma, 0, seed);
    public static NoiseModel Absolute(double sigmaOhm, ulong seed) => new(0, sigmaOhm, seed);
    public bool IsNone => RelativeSigma == 0 && AbsoluteSigmaOhm == 0;
}

/// <summary>Forward models: spectra from circuits (including the transmission line), with documented noise.</summary>
public static class SpectrumSynthesis
{
    /// <summary>Log-spaced frequencies from high to low (the order instruments sweep), pointsPerDecade per decade, both ends included.</summary>
    public static double[] LogFrequencies(double fHighHz, double fLowHz, int pointsPerDecade)
    {
        if (!(fHighHz > fLowHz && fLowHz > 0)) throw new InvalidInputException("expected fHighHz > fLowHz > 0", field: "frequency range");
        int n = (int)Math.Round(Math.Log10(fHighHz / fLowHz) * pointsPerDecade) + 1;
        var f = new double[n];
        for (int i = 0; i < n; i++) f[i] = fHighHz * Math.Pow(fLowHz / fHighHz, i / (double)(n - 1));
        return f;
    }

    /// <summary>Spectrum of a circuit with parameters by name, with optional noise.</summary>
    public static ImpedanceSpectrum FromCircuit(string circuit, IReadOnlyDictionary<string, double> parameters, double[] frequencyHz,
        NoiseModel? noise = null, string? sourceName = null)
    {
        var c = Circuit.Parse(circuit);
        var z = c.Impedance(c.ParametersFrom(parameters), frequencyHz);
        return new ImpedanceSpectrum((double[])frequencyHz.Clone(), AddNoise(z, noise ?? NoiseModel.None),
            sourceName ?? $"synthetic: {circuit}");
    }

    /// <summary>Adds the noise of <paramref name="noise"/> to a copy of z.</summary>
    public static Complex[] AddNoise(Complex[] z, NoiseModel noise)
    {
        var r = (Complex[])z.Clone();
        if (noise.IsNone) return r;
        var rng = new SplitMix64(noise.Seed);
        for (int i = 0; i < r.Length; i++)
        {
            double s = noise.RelativeSigma * z[i].Magnitude + noise.AbsoluteSigmaOhm;
            double a = rng.NextGaussian(), b = rng.NextGaussian();
            r[i] = new Complex(z[i].Real + s * a, z[i].Imaginary + s * b);
        }
        return r;
    }

    /// <summary>
    /// Adds drift: the spectrum is measured in sweep order, one point per max(1/f, minimumPointSeconds) seconds, while the
    /// circuit's parameter <paramref name="driftingParameter"/> grows linearly to (1 + relativeDrift) times its value by
    /// the end of the sweep. A drifting system violates causality/time-invariance, which Lin-KK must flag.
    /// </summary>
    public static ImpedanceSpectrum WithDrift(string circuit, IReadOnlyDictionary<string, double> parameters, double[] frequencyHz,
        string driftingParameter, double relativeDrift, double minimumPointSeconds = 1.0)
    {
        var c = Circuit.Parse(circuit);
        var p = c.ParametersFrom(parameters);
        int k = c.IndexOf(driftingParameter);
        if (k < 0) throw new InvalidInputException($"unknown parameter '{driftingParameter}'", field: "driftingParameter");
        var t = new double[frequencyHz.Length];
        double total = 0;
        for (int i = 0; i < t.Length; i++) { total += Math.Max(1 / frequencyHz[i], minimumPointSeconds); t[i] = total; }
        var z = new Complex[t.Length];
        for (int i = 0; i < t.Length; i++)
        {
            var q = (double[])p.Clone();
            q[k] = p[k] * (1 + relativeDrift * t[i] / total);
            z[i] = c.Impedance(q, frequencyHz[i]);
        }
        return new ImpedanceSpectrum((double[])frequencyHz.Clone(), z, $"synthetic with drift: {circuit}, {driftingParameter} +{relativeDrift:P0}");
    }

    /// <summary>
    /// Porous working electrode with a blocking (CPE) interface: series resistance plus the two-rail line with ions entering
    /// on one side and electrons leaving on the other (element TLMB). This is NOT the electron-blocking conductivity cell of
    /// Fig 2g (ions in and out on both sides, electronic rail floating): for that use <see cref="ElectronBlockingCell"/>.
    /// Parameters: RsOhm, RIonOhm, RElOhm, QInterface, alpha.
    /// </summary>
    public static ImpedanceSpectrum BlockingTransmissionLine(double rSeriesOhm, double rIonOhm, double rElOhm, double qInterface,
        double alpha, double[] frequencyHz, NoiseModel? noise = null) =>
        FromCircuit("R0-TLMB1", new Dictionary<string, double>
        {
            ["R0"] = rSeriesOhm, ["TLMB1_0"] = rIonOhm, ["TLMB1_1"] = rElOhm, ["TLMB1_2"] = qInterface, ["TLMB1_3"] = alpha,
        }, frequencyHz, noise, "synthetic: R0-TLMB1 (blocking transmission line)");
}
