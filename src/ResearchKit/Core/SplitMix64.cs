namespace ResearchKit.Core;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, OOPSLA 2014): a tiny generator whose output is bit-identical on every platform and
/// .NET version (System.Random is not), so that synthetic data with a stated seed are reproducible. Not thread-safe.
/// The kit's one copy: synthetic spectra and chronoamperometry, test geometries, cycling noise and the packing seeds use it.
/// </summary>
public sealed class SplitMix64(ulong seed)
{
    ulong _state = seed;

    public ulong NextUInt64() => Next(ref _state);

    /// <summary>One step of the generator on an explicit state (for seeding other generators, e.g. xoshiro256**).</summary>
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by the Box-Muller transform (one value per call; the second is discarded for simplicity).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
