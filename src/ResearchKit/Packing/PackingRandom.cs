namespace ResearchKit.Packing;

/// <summary>
/// Deterministic pseudo-random generator: xoshiro256** (Blackman and Vigna 2018, https://prng.di.unimi.it/) seeded by
/// SplitMix64. Used instead of System.Random because System.Random's sequence is not guaranteed stable across .NET
/// versions, and the packer promises bit-identical sphere lists for the same seed.
/// A mutable struct: pass it by ref.
/// </summary>
public struct PackingRandom
{
    ulong _s0, _s1, _s2, _s3;

    /// <summary>Seeds the four state words from SplitMix64(seed) so that any seed (including 0) gives a valid state.</summary>
    public PackingRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64.Next(ref x); _s1 = SplitMix64.Next(ref x); _s2 = SplitMix64.Next(ref x); _s3 = SplitMix64.Next(ref x);
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0; _s3 ^= _s1; _s1 ^= _s2; _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform double in (0, 1): never 0, safe for logarithms.</summary>
    public double NextOpenDouble() => ((NextUInt64() >> 11) + 0.5) * (1.0 / 9007199254740992.0);

    /// <summary>Standard normal deviate by the Box-Muller transform (one of the pair; simple and deterministic).</summary>
    public double NextGaussian()
    {
        double u1 = NextOpenDouble(), u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift; the tiny bias for huge n is irrelevant here).</summary>
    public int NextInt(int n) => (int)((NextUInt64() >> 32) * (ulong)n >> 32);

    static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
