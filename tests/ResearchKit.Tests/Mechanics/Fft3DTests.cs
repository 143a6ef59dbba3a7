using System.Numerics;
using ResearchKit.Mechanics;

namespace ResearchKit.Tests.Mechanics;

/// <summary>The managed FFT against the defining sum (naive DFT), for powers of two, Bluestein lengths and the real-field half spectrum.</summary>
public sealed class Fft3DTests
{
    static Complex[] RandomComplex(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
    }

    static double[] RandomReal(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => rng.NextDouble() - 0.5).ToArray();
    }

    /// <summary>X_k = sum_j a_j exp(sign 2 pi i j k / n), angles reduced mod n so that large n stay exact.</summary>
    static Complex[] NaiveDft(IReadOnlyList<Complex> a, int sign)
    {
        int n = a.Count;
        var x = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            Complex s = 0;
            for (int j = 0; j < n; j++) s += a[j] * Complex.FromPolarCoordinates(1, sign * 2 * Math.PI * ((long)j * k % n) / n);
            x[k] = s;
        }
        return x;
    }

    /// <summary>Separable naive 3D DFT of a C-order (nz, ny, nx) array.</summary>
    static Complex[] NaiveDft3D(Complex[] a, int nz, int ny, int nx, int sign)
    {
        var x = (Complex[])a.Clone();
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++)
        {
            var line = new Complex[nx];
            for (int i = 0; i < nx; i++) line[i] = x[(z * ny + y) * nx + i];
            var t = NaiveDft(line, sign);
            for (int i = 0; i < nx; i++) x[(z * ny + y) * nx + i] = t[i];
        }
        for (int z = 0; z < nz; z++) for (int i = 0; i < nx; i++)
        {
            var line = new Complex[ny];
            for (int y = 0; y < ny; y++) line[y] = x[(z * ny + y) * nx + i];
            var t = NaiveDft(line, sign);
            for (int y = 0; y < ny; y++) x[(z * ny + y) * nx + i] = t[y];
        }
        for (int y = 0; y < ny; y++) for (int i = 0; i < nx; i++)
        {
            var line = new Complex[nz];
            for (int z = 0; z < nz; z++) line[z] = x[(z * ny + y) * nx + i];
            var t = NaiveDft(line, sign);
            for (int z = 0; z < nz; z++) x[(z * ny + y) * nx + i] = t[z];
        }
        return x;
    }

    static double MaxError(IReadOnlyList<Complex> a, IReadOnlyList<Complex> b)
    {
        double e = 0;
        for (int i = 0; i < a.Count; i++) e = Math.Max(e, (a[i] - b[i]).Magnitude);
        return e;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(32)]
    [InlineData(256)]
    [InlineData(3)]
    [InlineData(96)]
    [InlineData(200)]
    [InlineData(334)]
    public void Transform1D_PowerOfTwoAndBluesteinLengths_MatchesNaiveDftBothSigns(int n)
    {
        var a = RandomComplex(n, n);
        foreach (bool inverse in new[] { false, true })
        {
            var b = (Complex[])a.Clone();
            Fft3D.Transform1D(b, inverse);
            var exact = NaiveDft(a, inverse ? 1 : -1);
            // round-off grows like log n for the FFT; the inputs are O(1), the outputs O(sqrt n)
            Assert.True(MaxError(b, exact) < 1e-12 * Math.Sqrt(n) * Math.Max(1, Math.Log2(n)), $"n={n} inverse={inverse}: {MaxError(b, exact)}");
        }
    }

    [Theory]
    [InlineData(4, 6, 8)]
    [InlineData(3, 5, 12)]
    [InlineData(8, 16, 2)]
    [InlineData(1, 9, 7)]
    public void Forward_MixedShapes_MatchesSeparableNaiveDftAndInverseRestores(int nz, int ny, int nx)
    {
        var a = RandomComplex(nz * ny * nx, 11);
        var fft = new Fft3D(nz, ny, nx);
        var b = (Complex[])a.Clone();
        fft.Forward(b);
        var exact = NaiveDft3D(a, nz, ny, nx, -1);
        Assert.True(MaxError(b, exact) < 1e-11, $"forward error {MaxError(b, exact)}");
        fft.Inverse(b);
        Assert.True(MaxError(b, a) < 1e-14 * 100, $"round trip error {MaxError(b, a)}");
    }

    [Theory]
    [InlineData(4, 6, 8)]
    [InlineData(5, 7, 9)]
    [InlineData(3, 10, 12)]
    [InlineData(6, 4, 1)]
    [InlineData(2, 3, 2)]
    [InlineData(3, 17, 16)]
    public void ForwardReal_EvenAndOddNx_IsTheKeptHalfOfTheComplexTransform(int nz, int ny, int nx)
    {
        var f = RandomReal(nz * ny * nx, 5);
        var fft = new Fft3D(nz, ny, nx);
        var half = new Complex[fft.HalfSpectrumLength];
        fft.ForwardReal(f, half);
        var exact = NaiveDft3D(f.Select(x => new Complex(x, 0)).ToArray(), nz, ny, nx, -1);
        int h = nx / 2 + 1;
        double e = 0;
        for (int zy = 0; zy < nz * ny; zy++) for (int k = 0; k < h; k++) e = Math.Max(e, (half[zy * h + k] - exact[zy * nx + k]).Magnitude);
        Assert.True(e < 1e-11, $"half-spectrum error {e}");
        var back = new double[f.Length];
        fft.InverseReal(half, back);
        for (int i = 0; i < f.Length; i++) Assert.True(Math.Abs(back[i] - f[i]) < 1e-13, $"round trip at {i}: {back[i]} vs {f[i]}");
    }

    [Fact]
    public void InverseRealAndApplyDiagonalReal_EvenRealMultiplierBluesteinShape_EqualRealPartOfTheComplexInverse()
    {
        // what the elastic preconditioner does: multiply the spectrum by a real function even in k, transform back
        const int nz = 6, ny = 5, nx = 10;
        var f = RandomReal(nz * ny * nx, 9);
        var fft = new Fft3D(nz, ny, nx);
        double G(int kz, int ky, int kx) => 1 + Math.Cos(2 * Math.PI * kx / nx) * Math.Cos(2 * Math.PI * ky / ny) + Math.Sin(Math.PI * kz / nz);
        var full = f.Select(x => new Complex(x, 0)).ToArray();
        fft.Forward(full);
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) full[(z * ny + y) * nx + x] *= G(z, y, x);
        fft.Inverse(full);
        var half = new Complex[fft.HalfSpectrumLength];
        fft.ForwardReal(f, half);
        int h = nx / 2 + 1;
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < h; x++) half[(z * ny + y) * h + x] *= G(z, y, x);
        var back = new double[f.Length];
        fft.InverseReal(half, back);
        for (int i = 0; i < f.Length; i++) Assert.True(Math.Abs(back[i] - full[i].Real) < 1e-13, $"at {i}: {back[i]} vs {full[i].Real}");
        // the fused form (z transforms, operator and inverse z per block) on two fields at once: field 1 = 2 f gets twice the answer
        var g = f.Select(x => 2 * x).ToArray();
        var outputs = new[] { new double[f.Length], new double[f.Length] };
        fft.ApplyDiagonalReal([f, g], [new Complex[fft.HalfSpectrumLength], new Complex[fft.HalfSpectrumLength]], outputs, blk =>
        {
            for (int field = 0; field < 2; field++)
            {
                var re = blk.Re(field); var im = blk.Im(field);
                for (int b = 0; b < blk.Lines; b++)
                    for (int kz = 0; kz < blk.Nz; kz++)
                    {
                        double m = G(kz, blk.Ky(b), blk.Kx(b));
                        re[kz * Fft3D.BlockLines + b] *= m; im[kz * Fft3D.BlockLines + b] *= m;
                    }
            }
        });
        for (int i = 0; i < f.Length; i++)
        {
            Assert.True(Math.Abs(outputs[0][i] - full[i].Real) < 1e-13, $"fused at {i}: {outputs[0][i]} vs {full[i].Real}");
            Assert.True(Math.Abs(outputs[1][i] - 2 * full[i].Real) < 2e-13, $"fused field 1 at {i}");
        }
    }

    [Fact]
    public void ForwardReal_OneAndTwoThreads_BitIdentical()
    {
        const int nz = 12, ny = 20, nx = 34;
        var f = RandomReal(nz * ny * nx, 2);
        Complex[] Run(int threads)
        {
            var fft = new Fft3D(nz, ny, nx, threads);
            var half = new Complex[fft.HalfSpectrumLength];
            fft.ForwardReal(f, half);
            return half;
        }
        Assert.Equal(Run(1), Run(2));
    }
}
