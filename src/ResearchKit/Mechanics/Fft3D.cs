using System.Numerics;

namespace ResearchKit.Mechanics;

/// <summary>
/// Managed 3D complex FFT of a C-order (Nz, Ny, Nx) array, done as 1D transforms along x, y and z lines with Parallel.For over lines.
/// Power-of-two lengths use an iterative radix-2 Cooley-Tukey transform with exact (table) twiddles; other lengths use Bluestein's
/// chirp-z algorithm on top of it (Bluestein 1970), so any box size works. Each line is transformed by one thread with a fixed
/// operation order, so the result does not depend on the thread count.
/// </summary>
/// <remarks>
/// Why not MathNet.Numerics' Fourier.ForwardMultiDim: it works on one array serially (no parallelism over lines) and allocates per call;
/// MathNet's 1D Fourier.Forward is used in the benchmark (bench mechanics-256) as the reference for speed and accuracy.
/// </remarks>
public sealed class Fft3D
{
    public int Nz { get; }
    public int Ny { get; }
    public int Nx { get; }
    readonly LinePlan _px, _py, _pz;
    readonly int _threads;

    /// <param name="maxDegreeOfParallelism">-1 = all cores.</param>
    public Fft3D(int nz, int ny, int nx, int maxDegreeOfParallelism = -1)
    {
        Nz = nz; Ny = ny; Nx = nx; _threads = maxDegreeOfParallelism;
        _px = LinePlan.Create(nx); _py = ny == nx ? _px : LinePlan.Create(ny);
        _pz = nz == nx ? _px : nz == ny ? _py : LinePlan.Create(nz);
    }

    /// <summary>In-place forward transform (sign -1, no scaling).</summary>
    public void Forward(Complex[] data) => Transform(data, false);

    /// <summary>In-place inverse transform (sign +1), scaled by 1/N so that Inverse(Forward(a)) = a.</summary>
    public void Inverse(Complex[] data)
    {
        Transform(data, true);
        double s = 1.0 / ((double)Nx * Ny * Nz);
        Parallel.For(0, Nz, Options(), z =>
        {
            var span = data.AsSpan(z * Nx * Ny, Nx * Ny);
            for (int i = 0; i < span.Length; i++) span[i] *= s;
        });
    }

    ParallelOptions Options() => new() { MaxDegreeOfParallelism = _threads };

    void Transform(Complex[] data, bool inverse)
    {
        if (data.Length != (long)Nx * Ny * Nz) throw new ArgumentException("array length does not match the FFT shape");
        int nx = Nx, ny = Ny, nz = Nz, plane = nx * ny;
        // x lines are contiguous
        if (nx > 1)
            Parallel.For(0, nz * ny, Options(), () => _px.NewWork(), (line, _, w) => { _px.Run(data.AsSpan(line * nx, nx), inverse, w); return w; }, _ => { });
        if (ny > 1)
            Parallel.For(0, nz, Options(), () => (_py.NewWork(), new Complex[ny]), (z, _, st) =>
            {
                var (w, buf) = st;
                for (int x = 0; x < nx; x++)
                {
                    int b = z * plane + x;
                    for (int y = 0; y < ny; y++) buf[y] = data[b + y * nx];
                    _py.Run(buf, inverse, w);
                    for (int y = 0; y < ny; y++) data[b + y * nx] = buf[y];
                }
                return st;
            }, _ => { });
        if (nz > 1)
            Parallel.For(0, ny, Options(), () => (_pz.NewWork(), new Complex[nz]), (y, _, st) =>
            {
                var (w, buf) = st;
                for (int x = 0; x < nx; x++)
                {
                    int b = y * nx + x;
                    for (int z = 0; z < nz; z++) buf[z] = data[b + z * plane];
                    _pz.Run(buf, inverse, w);
                    for (int z = 0; z < nz; z++) data[b + z * plane] = buf[z];
                }
                return st;
            }, _ => { });
    }

    /// <summary>One 1D transform of any length n (exposed for tests and the benchmark).</summary>
    public static void Transform1D(Span<Complex> line, bool inverse)
    {
        var p = LinePlan.Create(line.Length);
        p.Run(line, inverse, p.NewWork());
    }

    /// <summary>A 1D plan: radix-2 tables, or Bluestein chirp and the transformed kernel.</summary>
    sealed class LinePlan
    {
        readonly int _n;
        readonly Radix2? _r2;           // the direct transform (n a power of two)
        readonly Radix2? _conv;         // Bluestein's convolution transform of length m
        readonly Complex[]? _chirp;     // w_k = exp(-i pi k^2 / n)
        readonly Complex[]? _kernelF;   // FFT of conj(chirp) wrapped to length m

        LinePlan(int n, Radix2? r2, Radix2? conv, Complex[]? chirp, Complex[]? kernelF) { _n = n; _r2 = r2; _conv = conv; _chirp = chirp; _kernelF = kernelF; }

        public static LinePlan Create(int n)
        {
            if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
            if ((n & (n - 1)) == 0) return new LinePlan(n, new Radix2(n), null, null, null);
            int m = 1;
            while (m < 2 * n - 1) m <<= 1;
            var chirp = new Complex[n];
            for (long k = 0; k < n; k++)
            {
                // k^2 mod 2n keeps the angle small and exact for large k
                long q = k * k % (2L * n);
                double a = -Math.PI * q / n;
                chirp[k] = new Complex(Math.Cos(a), Math.Sin(a));
            }
            var conv = new Radix2(m);
            var kernel = new Complex[m];
            kernel[0] = Complex.Conjugate(chirp[0]);
            for (int k = 1; k < n; k++) kernel[k] = kernel[m - k] = Complex.Conjugate(chirp[k]);
            conv.Run(kernel, false);
            return new LinePlan(n, null, conv, chirp, kernel);
        }

        public Complex[] NewWork() => _conv is null ? [] : new Complex[_kernelF!.Length];

        public void Run(Span<Complex> a, bool inverse, Complex[] work)
        {
            if (_r2 is not null) { _r2.Run(a, inverse); return; }
            int n = _n, m = work.Length;
            var c = _chirp!;
            // The inverse DFT is conj(DFT(conj(a))).
            for (int k = 0; k < n; k++) work[k] = (inverse ? Complex.Conjugate(a[k]) : a[k]) * c[k];
            Array.Clear(work, n, m - n);
            _conv!.Run(work, false);
            var kf = _kernelF!;
            for (int k = 0; k < m; k++) work[k] *= kf[k];
            _conv.Run(work, true);
            double s = 1.0 / m;
            for (int k = 0; k < n; k++)
            {
                var v = work[k] * c[k] * s;
                a[k] = inverse ? Complex.Conjugate(v) : v;
            }
        }
    }

    /// <summary>Iterative radix-2 decimation-in-time FFT, unscaled, with a twiddle table computed directly (no recurrence drift).</summary>
    sealed class Radix2
    {
        readonly int _n;
        readonly int[] _rev;
        readonly Complex[] _tw; // exp(-2 pi i k / n), k < n/2

        public Radix2(int n)
        {
            _n = n;
            int bits = 0;
            while ((1 << bits) < n) bits++;
            _rev = new int[n];
            for (int i = 0; i < n; i++)
            {
                int r = 0;
                for (int b = 0; b < bits; b++) if ((i & (1 << b)) != 0) r |= 1 << (bits - 1 - b);
                _rev[i] = r;
            }
            _tw = new Complex[Math.Max(1, n / 2)];
            for (int k = 0; k < n / 2; k++)
            {
                double a = -2 * Math.PI * k / n;
                _tw[k] = new Complex(Math.Cos(a), Math.Sin(a));
            }
        }

        public void Run(Span<Complex> a, bool inverse)
        {
            int n = _n;
            for (int i = 0; i < n; i++)
            {
                int j = _rev[i];
                if (j > i) (a[i], a[j]) = (a[j], a[i]);
            }
            for (int len = 2; len <= n; len <<= 1)
            {
                int half = len >> 1, step = n / len;
                for (int s = 0; s < n; s += len)
                {
                    for (int k = 0; k < half; k++)
                    {
                        var w = _tw[k * step];
                        if (inverse) w = Complex.Conjugate(w);
                        var t = w * a[s + k + half];
                        var u = a[s + k];
                        a[s + k] = u + t;
                        a[s + k + half] = u - t;
                    }
                }
            }
        }
    }
}
