using System.Numerics;

namespace ResearchKit.Impedance;

/// <summary>
/// An impedance spectrum: frequencies in Hz with complex impedance Z = Z' + i Z'' in ohm (Z'' negative for a capacitive arc,
/// the physics convention; readers convert files that store -Z''). Optional dc current/voltage per point. Immutable.
/// </summary>
public sealed record ImpedanceSpectrum(double[] FrequencyHz, Complex[] ImpedanceOhm, string SourceName)
{
    public double[]? DcCurrentA { get; init; }
    public double[]? DcVoltageV { get; init; }
    public int Count => FrequencyHz.Length;
}
