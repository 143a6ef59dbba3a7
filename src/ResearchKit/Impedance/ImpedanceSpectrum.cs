using System.Numerics;

namespace ResearchKit.Impedance;

/// <summary>
/// An impedance spectrum: frequencies in Hz with complex impedance Z = Z' + i Z'' in ohm (Z'' negative for a capacitive arc,
/// the physics convention; readers convert files that store -Z''). Optional dc current/voltage per point. Immutable.
/// </summary>
public sealed record ImpedanceSpectrum(double[] FrequencyHz, Complex[] ImpedanceOhm, string SourceName)
{
    /// <summary>
    /// Fewest points the analyses (DRT, Lin-KK, blocking-cell fit) accept: ten points span at least one decade at the usual
    /// 10 points per decade, and below that a DRT grid of 5 centres per decade plus R_inf, L (and C) has about as many unknowns
    /// as data, so GCV and the Lin-KK element floor (two per decade) have nothing left to judge by.
    /// </summary>
    public const int MinimumAnalysisPoints = 10;

    public double[]? DcCurrentA { get; init; }
    public double[]? DcVoltageV { get; init; }
    public int Count => FrequencyHz.Length;

    /// <summary>
    /// Checks that the spectrum can be analysed: as many frequencies as impedance values, at least
    /// <paramref name="minimumPoints"/> points (field "points"), frequencies positive, finite and strictly monotonic (field
    /// "frequency_hz"), impedance finite and non-zero (field "impedance_ohm"). Readers already enforce most of this; spectra built
    /// in code are checked here.
    /// </summary>
    /// <param name="analysis">what needs the spectrum, for the message (e.g. "a DRT")</param>
    /// <param name="minimumPoints">fewest points accepted</param>
    /// <exception cref="InvalidInputException">naming <see cref="SourceName"/> and the field</exception>
    public void RequireAnalysable(string analysis, int minimumPoints = MinimumAnalysisPoints)
    {
        if (FrequencyHz.Length != ImpedanceOhm.Length)
            throw new InvalidInputException($"{FrequencyHz.Length} frequencies but {ImpedanceOhm.Length} impedance values", SourceName, field: "points");
        if (Count < minimumPoints)
            throw new InvalidInputException($"{analysis} needs at least {minimumPoints} points, found {Count}", SourceName, field: "points");
        int sign = 0;
        for (int i = 0; i < Count; i++)
        {
            double fi = FrequencyHz[i];
            if (!double.IsFinite(fi) || fi <= 0)
                throw new InvalidInputException($"point {i + 1}: frequency {fi} Hz is not positive and finite", SourceName, field: "frequency_hz");
            var zi = ImpedanceOhm[i];
            if (!double.IsFinite(zi.Real) || !double.IsFinite(zi.Imaginary) || zi.Magnitude == 0)
                throw new InvalidInputException($"point {i + 1}: impedance {zi} is not finite and non-zero", SourceName, field: "impedance_ohm");
            if (i == 0) continue;
            int s = Math.Sign(fi - FrequencyHz[i - 1]);
            if (s == 0)
                throw new InvalidInputException($"point {i + 1}: duplicate frequency {fi} Hz", SourceName, field: "frequency_hz");
            if (sign != 0 && s != sign)
                throw new InvalidInputException($"frequencies must be strictly monotonic; point {i + 1} ({fi} Hz) breaks the order", SourceName, field: "frequency_hz");
            sign = s;
        }
    }
}
