using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ResearchKit.Mechanics;

/// <summary>
/// Managed 3D FFT of a C-order (Nz, Ny, Nx) array: complex to complex (<see cref="Forward"/>, <see cref="Inverse"/>) and real to
/// half spectrum (<see cref="ForwardReal"/>, <see cref="InverseReal"/>), done as 1D transforms along x, y and z lines.
/// Power-of-two lengths use an iterative radix-2 Cooley-Tukey transform with exact (table) twiddles, two stages fused per pass over
/// the data; other lengths use Bluestein's chirp-z algorithm on top of it (Bluestein 1970), so any box size works.
/// </summary>
/// <remarks>
/// <para>Lines are transformed in blocks of <see cref="BlockLines"/>: a block is gathered into a small buffer with the lines side by side
/// (row j holds element j of every line, real and imaginary parts in separate arrays), so every butterfly works on whole SIMD vectors
/// with one twiddle, and the strided y and z passes read and write runs of adjacent x columns (whole cache lines) instead of one
/// strided element at a time. The block partition is fixed by the shape and each block is done by one thread with a fixed operation
/// order, so the result does not depend on the thread count.</para>
/// <para>Real fields (<see cref="ForwardReal"/>): two real x lines are transformed as one complex line (a + i b) and separated with the
/// Hermitian symmetry, A_k = (Z_k + conj Z_{n-k}) / 2, B_k = (Z_k - conj Z_{n-k}) / 2i (Press et al., Numerical Recipes 3rd ed.,
/// section 12.3); only the kx = 0 .. Nx/2 half of the spectrum is kept, so the y and z passes do half the work of a complex transform.</para>
/// <para>Why not a NuGet library: MathNet.Numerics' Fourier.ForwardMultiDim is serial over one array and allocates per call, and its 1D
/// transform is slower than this one on the same lines (bench mechanics-256 compares them); FftSharp is 1D only, allocates per call and has
/// no strided or batched form. Native FFTW/MKL wrappers are not managed.</para>
/// </remarks>
public sealed class Fft3D
{
    /// <summary>Lines per block (a multiple of the SIMD width; 8 complex doubles = 128 bytes = two cache lines per gathered row).</summary>
    public const int BlockLines = 16;

    public int Nz { get; }
    public int Ny { get; }
    public int Nx { get; }
    /// <summary>Width of the half spectrum along x: Nx / 2 + 1.</summary>
    public int NxHalf => Nx / 2 + 1;
    /// <summary>Length of the half-spectrum array of <see cref="ForwardReal"/>: Nz Ny (Nx / 2 + 1).</summary>
    public long HalfSpectrumLength => (long)Nz * Ny * NxHalf;

    readonly LinePlan _px, _py, _pz;
    readonly int _threads;
    readonly int _rows; // buffer rows: the largest plan length (Bluestein: its convolution length)
    readonly ConcurrentBag<Work> _pool = [];

    static readonly int VectorsPerRow = BlockLines / Vector<double>.Count;

    /// <param name="nz">Length along z (slowest index).</param>
    /// <param name="ny">Length along y.</param>
    /// <param name="nx">Length along x (contiguous).</param>
    /// <param name="maxDegreeOfParallelism">-1 = all cores.</param>
    public Fft3D(int nz, int ny, int nx, int maxDegreeOfParallelism = -1)
    {
        if (BlockLines % Vector<double>.Count != 0) throw new PlatformNotSupportedException($"SIMD width {Vector<double>.Count} does not divide {BlockLines}");
        Nz = nz; Ny = ny; Nx = nx; _threads = maxDegreeOfParallelism;
        _px = LinePlan.Create(nx); _py = ny == nx ? _px : LinePlan.Create(ny);
        _pz = nz == nx ? _px : nz == ny ? _py : LinePlan.Create(nz);
        _rows = Math.Max(_px.Rows, Math.Max(_py.Rows, _pz.Rows));
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

    /// <summary>
    /// Forward transform (sign -1, no scaling) of a real field into its half spectrum: element (kz, ky, kx) for kx = 0 .. Nx/2 at
    /// (kz Ny + ky) (Nx/2 + 1) + kx; the other half is the complex conjugate at (-kz, -ky, -kx).
    /// </summary>
    public void ForwardReal(double[] field, Complex[] halfSpectrum)
    {
        CheckReal(field, halfSpectrum);
        int h = NxHalf;
        // x and y per plane; z lines: columns (y, kx) are adjacent, element z at stride Ny h
        PlaneForward(field, halfSpectrum);
        StridedPass(halfSpectrum, _pz, Ny * h, Ny * h, 0, 1, Ny * h, false);
    }

    /// <summary>
    /// Inverse of <see cref="ForwardReal"/> (sign +1, scaled by 1/N): the real field whose half spectrum is given. The spectrum is
    /// overwritten. The imaginary parts at kx = 0 and kx = Nx/2 (even Nx) are taken as their Hermitian part, i.e. the result is the
    /// real part of the inverse of the Hermitian extension.
    /// </summary>
    public void InverseReal(Complex[] halfSpectrum, double[] field)
    {
        CheckReal(field, halfSpectrum);
        int h = NxHalf;
        StridedPass(halfSpectrum, _pz, Ny * h, Ny * h, 0, 1, Ny * h, true);
        PlaneInverse(halfSpectrum, field, 1.0 / ((double)Nx * Ny * Nz));
    }

    /// <summary>
    /// outputs[c] = F^-1 (Op F inputs)[c] for an operator that acts on the fields' values at one wavevector at a time (a Fourier
    /// multiplier, e.g. a Green operator): the x and y passes of <see cref="ForwardReal"/> per field, then per block of z lines the
    /// forward z transforms of all fields, <paramref name="op"/> on the block, and the inverse z transforms while the block is in cache
    /// (one trip through memory instead of three), then the y and x passes of <see cref="InverseReal"/>. The operator must map the half
    /// spectrum of real fields to that of real fields (real and even in k, as Green operators of real media are).
    /// </summary>
    /// <param name="inputs">Real fields (C order), not modified.</param>
    /// <param name="spectra">Work space: one half-spectrum array (<see cref="HalfSpectrumLength"/>) per field.</param>
    /// <param name="outputs">Real results (may be the inputs).</param>
    /// <param name="op">Applied to each block; it must only use lines b &lt; <see cref="SpectralBlock.Lines"/> and be safe to call concurrently.</param>
    public void ApplyDiagonalReal(double[][] inputs, Complex[][] spectra, double[][] outputs, Action<SpectralBlock> op)
    {
        int fields = inputs.Length;
        if (spectra.Length != fields || outputs.Length != fields) throw new ArgumentException("inputs, spectra and outputs need one array per field");
        for (int c = 0; c < fields; c++) { CheckReal(inputs[c], spectra[c]); CheckReal(outputs[c], spectra[c]); }
        int h = NxHalf, nz = Nz, columns = Ny * h;
        for (int c = 0; c < fields; c++)
        {
            PlaneForward(inputs[c], spectra[c]);
        }
        var plan = _pz;
        long stride = (long)Ny * h;
        int blocks = (columns + BlockLines - 1) / BlockLines;
        Parallel.For(0, blocks, Options(), Rent, (blk, _, w) =>
        {
            int c0 = blk * BlockLines, used = Math.Min(BlockLines, columns - c0);
            var block = w.Block;
            block.W = w; block.Lines = used; block.Nz = nz;
            for (int b = 0; b < used; b++) { block.KyOf[b] = (c0 + b) / h; block.KxOf[b] = (c0 + b) % h; }
            for (int c = 0; c < fields; c++)
            {
                var (reA, imA) = w.Field(c);
                var src = MemoryMarshal.Cast<Complex, double>(spectra[c].AsSpan());
                var re = Doubles(reA); var im = Doubles(imA);
                for (int j = 0; j < nz; j++) LoadLines(src, c0 + j * stride, used, re, im, plan.InputRow(j));
                plan.Run(reA, imA, w, false);
            }
            op(block);
            for (int c = 0; c < fields; c++)
            {
                var (reA, imA) = w.Field(c);
                var dst = MemoryMarshal.Cast<Complex, double>(spectra[c].AsSpan());
                Vector<double>[] outRe = reA, outIm = imA;
                if (!plan.NaturalInput)
                {
                    // the inverse takes bit-reversed rows: permute into the scratch block
                    int v = VectorsPerRow;
                    for (int j = 0; j < nz; j++)
                    {
                        int d = plan.InputRow(j) * v, sIdx = j * v;
                        for (int q = 0; q < v; q++) { w.Re2[d + q] = reA[sIdx + q]; w.Im2[d + q] = imA[sIdx + q]; }
                    }
                    outRe = w.Re2; outIm = w.Im2;
                }
                plan.Run(outRe, outIm, w, true);
                var re = Doubles(outRe); var im = Doubles(outIm);
                for (int k = 0; k < nz; k++) StoreLines(dst, c0 + k * stride, used, re, im, k);
            }
            block.W = null;
            return w;
        }, Return);
        double scale = 1.0 / ((double)Nx * Ny * Nz);
        for (int c = 0; c < fields; c++)
        {
            PlaneInverse(spectra[c], outputs[c], scale);
        }
    }

    /// <summary>Deinterleaves <paramref name="used"/> adjacent complex numbers starting at complex index <paramref name="first"/> into block row <paramref name="row"/> (zeros after them).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void LoadLines(Span<double> src, long first, int used, Span<double> re, Span<double> im, int row)
    {
        int o = row * BlockLines;
        var run = src.Slice((int)(2 * first), 2 * used);
        if (used == BlockLines && Avx2.IsSupported)
        {
            ref double s = ref MemoryMarshal.GetReference(run);
            ref double r = ref re[o]; ref double i = ref im[o];
            for (int q = 0; q < BlockLines; q += 4)
            {
                var v0 = Vector256.LoadUnsafe(ref s, (nuint)(2 * q)); var v1 = Vector256.LoadUnsafe(ref s, (nuint)(2 * q + 4));
                // [r0 i0 r1 i1], [r2 i2 r3 i3] -> [r0 r2 r1 r3], [i0 i2 i1 i3] -> natural order
                Avx2.Permute4x64(Avx.UnpackLow(v0, v1), 0b11_01_10_00).StoreUnsafe(ref r, (nuint)q);
                Avx2.Permute4x64(Avx.UnpackHigh(v0, v1), 0b11_01_10_00).StoreUnsafe(ref i, (nuint)q);
            }
            return;
        }
        for (int b = 0; b < used; b++) { re[o + b] = run[2 * b]; im[o + b] = run[2 * b + 1]; }
        for (int b = used; b < BlockLines; b++) { re[o + b] = 0; im[o + b] = 0; }
    }

    /// <summary>Inverse of <see cref="LoadLines"/>: interleaves block row <paramref name="row"/> back into <paramref name="used"/> adjacent complex numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void StoreLines(Span<double> dst, long first, int used, Span<double> re, Span<double> im, int row)
    {
        int o = row * BlockLines;
        var run = dst.Slice((int)(2 * first), 2 * used);
        if (used == BlockLines && Avx2.IsSupported)
        {
            ref double d = ref MemoryMarshal.GetReference(run);
            ref double r = ref re[o]; ref double i = ref im[o];
            for (int q = 0; q < BlockLines; q += 4)
            {
                var lo = Avx2.Permute4x64(Vector256.LoadUnsafe(ref r, (nuint)q), 0b11_01_10_00);
                var hi = Avx2.Permute4x64(Vector256.LoadUnsafe(ref i, (nuint)q), 0b11_01_10_00);
                Avx.UnpackLow(lo, hi).StoreUnsafe(ref d, (nuint)(2 * q));
                Avx.UnpackHigh(lo, hi).StoreUnsafe(ref d, (nuint)(2 * q + 4));
            }
            return;
        }
        for (int b = 0; b < used; b++) { run[2 * b] = re[o + b]; run[2 * b + 1] = im[o + b]; }
    }

    void CheckReal(double[] field, Complex[] halfSpectrum)
    {
        if (field.Length != (long)Nx * Ny * Nz) throw new ArgumentException("real field length does not match the FFT shape");
        if (halfSpectrum.Length != HalfSpectrumLength) throw new ArgumentException("half-spectrum length is not Nz Ny (Nx/2 + 1)");
    }

    ParallelOptions Options() => new() { MaxDegreeOfParallelism = _threads };

    void Transform(Complex[] data, bool inverse)
    {
        if (data.Length != (long)Nx * Ny * Nz) throw new ArgumentException("array length does not match the FFT shape");
        int nx = Nx, ny = Ny, nz = Nz;
        // x lines: column c starts at c nx, unit stride; y lines: columns (z, x); z lines: columns (y, x) adjacent
        StridedPass(data, _px, nz * ny, nz * ny, 0, nx, 1, inverse);
        StridedPass(data, _py, nz * nx, nx, ny * nx, 1, nx, inverse);
        StridedPass(data, _pz, ny * nx, ny * nx, 0, 1, ny * nx, inverse);
    }

    /// <summary>One 1D transform of any length n (exposed for tests and the benchmark).</summary>
    public static void Transform1D(Span<Complex> line, bool inverse)
    {
        var p = LinePlan.Create(line.Length);
        var w = new Work(p.Rows, VectorsPerRow);
        var re = Doubles(w.Re); var im = Doubles(w.Im);
        re.Clear(); im.Clear();
        for (int j = 0; j < p.N; j++) { int r = p.InputRow(j) * BlockLines; re[r] = line[j].Real; im[r] = line[j].Imaginary; }
        p.Run(w, inverse);
        for (int k = 0; k < p.N; k++) line[k] = new Complex(re[k * BlockLines], im[k * BlockLines]);
    }

    static Span<double> Doubles(Vector<double>[] v) => MemoryMarshal.Cast<Vector<double>, double>(v.AsSpan());

    /// <summary>Per-thread buffers: the block of each field (rows x BlockLines, split re/im), the Bluestein scratch, the column offsets.</summary>
    internal sealed class Work(int rows, int vectorsPerRow)
    {
        public readonly Vector<double>[] Re = new Vector<double>[rows * vectorsPerRow], Im = new Vector<double>[rows * vectorsPerRow];
        public readonly Vector<double>[] Re2 = new Vector<double>[rows * vectorsPerRow], Im2 = new Vector<double>[rows * vectorsPerRow];
        public readonly long[] Base = new long[BlockLines];
        public readonly SpectralBlock Block = new();
        readonly List<(Vector<double>[] Re, Vector<double>[] Im)> _more = [];

        /// <summary>Block buffers of field c (field 0 is <see cref="Re"/>, <see cref="Im"/>).</summary>
        public (Vector<double>[] Re, Vector<double>[] Im) Field(int c)
        {
            if (c == 0) return (Re, Im);
            while (_more.Count < c) _more.Add((new Vector<double>[Re.Length], new Vector<double>[Re.Length]));
            return _more[c - 1];
        }
    }

    /// <summary>
    /// A block of up to <see cref="BlockLines"/> z lines of several fields, transformed along x, y and z (see <see cref="ApplyDiagonalReal"/>):
    /// line b has the wavevector indices (kz, <see cref="Ky"/>(b), <see cref="Kx"/>(b)) with kx in 0 .. Nx/2, and its value at kz of
    /// field c is (Re(c), Im(c))[kz * BlockLines + b].
    /// </summary>
    public sealed class SpectralBlock
    {
        internal Work? W;
        internal readonly int[] KyOf = new int[BlockLines], KxOf = new int[BlockLines];
        /// <summary>Lines in use (the last block of a pass may be partly filled).</summary>
        public int Lines { get; internal set; }
        /// <summary>Rows (kz = 0 .. Nz - 1).</summary>
        public int Nz { get; internal set; }
        public int Ky(int line) => KyOf[line];
        public int Kx(int line) => KxOf[line];
        public Span<double> Re(int field) => Doubles(W!.Field(field).Re);
        public Span<double> Im(int field) => Doubles(W!.Field(field).Im);
    }

    Work Rent() => _pool.TryTake(out var w) ? w : new Work(_rows, VectorsPerRow);
    void Return(Work w) => _pool.Add(w);

    /// <summary>
    /// Transforms <paramref name="columns"/> lines of <paramref name="data"/> in place. Line c starts at
    /// (c / groupSize) groupStride + (c % groupSize) columnStride; its element j is elementStride further per j.
    /// </summary>
    void StridedPass(Complex[] data, LinePlan plan, int columns, int groupSize, long groupStride, long columnStride, long elementStride, bool inverse)
    {
        if (plan.N == 1) return;
        int blocks = (columns + BlockLines - 1) / BlockLines;
        Parallel.For(0, blocks, Options(), Rent, (blk, _, w) =>
        {
            int c0 = blk * BlockLines;
            ColumnsBlock(data, plan, c0, Math.Min(BlockLines, columns - c0), groupSize, groupStride, columnStride, elementStride, inverse, w);
            return w;
        }, Return);
    }

    /// <summary>
    /// x and y passes of <see cref="ForwardReal"/> plane by plane (z): the plane's real lines, then its y columns while the plane is
    /// still in cache.
    /// </summary>
    void PlaneForward(double[] field, Complex[] half)
    {
        int ny = Ny, h = NxHalf;
        Parallel.For(0, Nz, Options(), Rent, (z, _, w) =>
        {
            int end = (z + 1) * ny;
            for (int l0 = z * ny; l0 < end; l0 += 2 * BlockLines) RealBlockForward(field, half, l0, end, w);
            if (ny > 1)
                for (int t = 0; t < h; t += BlockLines)
                    ColumnsBlock(half, _py, z * h + t, Math.Min(BlockLines, h - t), h, (long)ny * h, 1, h, false, w);
            return w;
        }, Return);
    }

    /// <summary>y and x passes of <see cref="InverseReal"/> plane by plane (z), scaled by <paramref name="scale"/>.</summary>
    void PlaneInverse(Complex[] half, double[] field, double scale)
    {
        int ny = Ny, h = NxHalf;
        Parallel.For(0, Nz, Options(), Rent, (z, _, w) =>
        {
            if (ny > 1)
                for (int t = 0; t < h; t += BlockLines)
                    ColumnsBlock(half, _py, z * h + t, Math.Min(BlockLines, h - t), h, (long)ny * h, 1, h, true, w);
            int end = (z + 1) * ny;
            for (int l0 = z * ny; l0 < end; l0 += 2 * BlockLines) RealBlockInverse(half, field, l0, end, scale, w);
            return w;
        }, Return);
    }

    /// <summary>One block of <see cref="StridedPass"/>: columns c0 .. c0 + used - 1.</summary>
    static void ColumnsBlock(Complex[] data, LinePlan plan, int c0, int used, int groupSize, long groupStride, long columnStride, long elementStride, bool inverse, Work w)
    {
        int n = plan.N;
        if (n == 1) return;
        var bases = w.Base;
        bool adjacent = used == BlockLines;
        for (int b = 0; b < used; b++)
        {
            int c = c0 + b;
            bases[b] = c / groupSize * groupStride + c % groupSize * columnStride;
            if (bases[b] != bases[0] + b) adjacent = false;
        }
        var re = Doubles(w.Re); var im = Doubles(w.Im);
        var src = MemoryMarshal.Cast<Complex, double>(data.AsSpan());
        for (int j = 0; j < n; j++)
        {
            int row = plan.InputRow(j) * BlockLines;
            if (adjacent) LoadLines(src, bases[0] + j * elementStride, BlockLines, re, im, plan.InputRow(j));
            else
            {
                for (int b = 0; b < used; b++) { long i = 2 * (bases[b] + j * elementStride); re[row + b] = src[(int)i]; im[row + b] = src[(int)i + 1]; }
                for (int b = used; b < BlockLines; b++) { re[row + b] = 0; im[row + b] = 0; }
            }
        }
        plan.Run(w, inverse);
        for (int k = 0; k < n; k++)
        {
            int row = k * BlockLines;
            if (adjacent) StoreLines(src, bases[0] + k * elementStride, BlockLines, re, im, k);
            else
                for (int b = 0; b < used; b++) { long i = 2 * (bases[b] + k * elementStride); src[(int)i] = re[row + b]; src[(int)i + 1] = im[row + b]; }
        }
    }

    /// <summary>
    /// x pass of <see cref="ForwardReal"/> for the lines l0 .. min(l0 + 2 BlockLines, lineEnd) - 1: lines l0 + 2b and l0 + 2b + 1 go in
    /// as one complex line and are separated.
    /// </summary>
    void RealBlockForward(double[] field, Complex[] half, int l0, int lineEnd, Work w)
    {
        int n = Nx, h = NxHalf, lines = lineEnd;
        var plan = _px;
        var re = Doubles(w.Re); var im = Doubles(w.Im);
        for (int b = 0; b < BlockLines; b++)
        {
            int la = l0 + 2 * b, lb = la + 1;
            var a = la < lines ? field.AsSpan(la * n, n) : default;
            var c = lb < lines ? field.AsSpan(lb * n, n) : default;
            for (int j = 0; j < n; j++)
            {
                int row = plan.InputRow(j) * BlockLines + b;
                re[row] = a.IsEmpty ? 0 : a[j];
                im[row] = c.IsEmpty ? 0 : c[j];
            }
        }
        plan.Run(w, false);
        for (int b = 0; b < BlockLines; b++)
        {
            int la = l0 + 2 * b, lb = la + 1;
            if (la >= lines) break;
            var oa = half.AsSpan(la * h, h);
            var oc = lb < lines ? half.AsSpan(lb * h, h) : default;
            for (int k = 0; k < h; k++)
            {
                int r1 = k * BlockLines + b, r2 = (k == 0 ? 0 : n - k) * BlockLines + b;
                double zr = re[r1], zi = im[r1], yr = re[r2], yi = im[r2];
                // A = (Z_k + conj Z_{n-k}) / 2, B = (Z_k - conj Z_{n-k}) / 2i
                oa[k] = new Complex(0.5 * (zr + yr), 0.5 * (zi - yi));
                if (!oc.IsEmpty) oc[k] = new Complex(0.5 * (zi + yi), 0.5 * (yr - zr));
            }
        }
    }

    /// <summary>
    /// x pass of <see cref="InverseReal"/> for the lines l0 .. min(l0 + 2 BlockLines, lineEnd) - 1: two half spectra A, B are extended
    /// by Hermitian symmetry, A + i B is transformed, Re and Im are the two lines.
    /// </summary>
    void RealBlockInverse(Complex[] half, double[] field, int l0, int lineEnd, double scale, Work w)
    {
        int n = Nx, h = NxHalf, lines = lineEnd;
        var plan = _px;
        var re = Doubles(w.Re); var im = Doubles(w.Im);
        for (int b = 0; b < BlockLines; b++)
        {
            int la = l0 + 2 * b, lb = la + 1;
            var a = la < lines ? half.AsSpan(la * h, h) : default;
            var c = lb < lines ? half.AsSpan(lb * h, h) : default;
            for (int k = 0; k < n; k++)
            {
                int row = plan.InputRow(k) * BlockLines + b;
                // A_k for k > n/2 is conj(A_{n-k}); at k = 0 and n/2 (even n) only the real (Hermitian) part counts
                bool upper = k >= h, selfConjugate = k == 0 || 2 * k == n;
                int src = upper ? n - k : k;
                double ar = 0, ai = 0, cr = 0, ci = 0;
                if (!a.IsEmpty) { ar = a[src].Real; ai = selfConjugate ? 0 : upper ? -a[src].Imaginary : a[src].Imaginary; }
                if (!c.IsEmpty) { cr = c[src].Real; ci = selfConjugate ? 0 : upper ? -c[src].Imaginary : c[src].Imaginary; }
                re[row] = ar - ci;
                im[row] = ai + cr;
            }
        }
        plan.Run(w, true);
        for (int b = 0; b < BlockLines; b++)
        {
            int la = l0 + 2 * b, lb = la + 1;
            if (la >= lines) break;
            var oa = field.AsSpan(la * n, n);
            for (int j = 0; j < n; j++) oa[j] = re[j * BlockLines + b] * scale;
            if (lb < lines)
            {
                var oc = field.AsSpan(lb * n, n);
                for (int j = 0; j < n; j++) oc[j] = im[j * BlockLines + b] * scale;
            }
        }
    }

    /// <summary>A 1D plan for a block of lines: radix-2 for powers of two, else Bluestein's chirp and transformed kernel.</summary>
    sealed class LinePlan
    {
        public readonly int N;
        readonly Radix2 _r2;          // the direct transform (N a power of two) or Bluestein's convolution transform of length M
        readonly bool _bluestein;
        readonly double[] _chirpRe = [], _chirpIm = [];     // w_k = exp(-i pi k^2 / n)
        readonly double[] _kernelRe = [], _kernelIm = [];   // FFT of conj(chirp) wrapped to length M, divided by M

        /// <summary>Rows of the block buffer the plan needs.</summary>
        public int Rows => _r2.N;

        LinePlan(int n, Radix2 r2) { N = n; _r2 = r2; }

        LinePlan(int n, Radix2 conv, double[] cr, double[] ci, double[] kr, double[] ki)
        {
            N = n; _r2 = conv; _bluestein = true; _chirpRe = cr; _chirpIm = ci; _kernelRe = kr; _kernelIm = ki;
        }

        /// <summary>Whether <see cref="InputRow"/> is the identity (Bluestein plans take natural order).</summary>
        public bool NaturalInput => _bluestein || N == 1;

        /// <summary>Row of the block buffer where element j of a line goes before <see cref="Run(Work, bool)"/> (bit-reversed for radix 2).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int InputRow(int j) => _bluestein ? j : _r2.Rev[j];

        public static LinePlan Create(int n)
        {
            if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
            if ((n & (n - 1)) == 0) return new LinePlan(n, new Radix2(n));
            int m = 1;
            while (m < 2 * n - 1) m <<= 1;
            var cr = new double[n]; var ci = new double[n];
            for (long k = 0; k < n; k++)
            {
                // k^2 mod 2n keeps the angle small and exact for large k
                long q = k * k % (2L * n);
                double a = -Math.PI * q / n;
                cr[k] = Math.Cos(a); ci[k] = Math.Sin(a);
            }
            var conv = new Radix2(m);
            var kernel = new Complex[m];
            kernel[0] = new Complex(cr[0], -ci[0]);
            for (int k = 1; k < n; k++) kernel[k] = kernel[m - k] = new Complex(cr[k], -ci[k]);
            // the kernel's transform, with one line of a block (exact same radix-2 as the lines)
            var w = new Work(m, VectorsPerRow);
            var re = Doubles(w.Re); var im = Doubles(w.Im);
            for (int j = 0; j < m; j++) { int r = conv.Rev[j] * BlockLines; re[r] = kernel[j].Real; im[r] = kernel[j].Imaginary; }
            conv.Run(w.Re, w.Im, false);
            var kr = new double[m]; var ki = new double[m];
            for (int k = 0; k < m; k++) { kr[k] = re[k * BlockLines] / m; ki[k] = im[k * BlockLines] / m; }
            return new LinePlan(n, conv, cr, ci, kr, ki);
        }

        /// <summary>Transforms the block in w (rows from <see cref="InputRow"/>); the result is in natural order, rows 0 .. N-1.</summary>
        public void Run(Work w, bool inverse) => Run(w.Re, w.Im, w, inverse);

        /// <summary>Transforms the block in (reArr, imArr); w gives the Bluestein scratch.</summary>
        public void Run(Vector<double>[] reArr, Vector<double>[] imArr, Work w, bool inverse)
        {
            if (!_bluestein) { _r2.Run(reArr, imArr, inverse); return; }
            int n = N, m = _r2.N, v = VectorsPerRow;
            var rev = _r2.Rev;
            Span<Vector<double>> re = reArr, im = imArr, re2 = w.Re2, im2 = w.Im2;
            // The inverse DFT is conj(DFT(conj(a))): conjugate in, conjugate out.
            var sign = new Vector<double>(inverse ? -1.0 : 1.0);
            re2[..(m * v)].Clear(); im2[..(m * v)].Clear();
            for (int j = 0; j < n; j++)
            {
                var wr = new Vector<double>(_chirpRe[j]); var wi = new Vector<double>(_chirpIm[j]);
                int s = j * v, d = rev[j] * v;
                for (int q = 0; q < v; q++)
                {
                    var ar = re[s + q]; var ai = im[s + q] * sign;
                    re2[d + q] = ar * wr - ai * wi; im2[d + q] = ar * wi + ai * wr;
                }
            }
            _r2.Run(w.Re2, w.Im2, false);
            for (int k = 0; k < m; k++)
            {
                var kr = new Vector<double>(_kernelRe[k]); var ki = new Vector<double>(_kernelIm[k]);
                int s = k * v, d = rev[k] * v;
                for (int q = 0; q < v; q++)
                {
                    var ar = re2[s + q]; var ai = im2[s + q];
                    re[d + q] = ar * kr - ai * ki; im[d + q] = ar * ki + ai * kr;
                }
            }
            _r2.Run(reArr, imArr, true);
            for (int k = 0; k < n; k++)
            {
                var wr = new Vector<double>(_chirpRe[k]); var wi = new Vector<double>(_chirpIm[k]);
                int s = k * v;
                for (int q = 0; q < v; q++)
                {
                    var ar = re[s + q]; var ai = im[s + q];
                    re[s + q] = ar * wr - ai * wi; im[s + q] = (ar * wi + ai * wr) * sign;
                }
            }
        }
    }

    /// <summary>
    /// Iterative radix-2 decimation-in-time FFT (unscaled) of a block of lines held as rows of SIMD vectors, input in bit-reversed
    /// row order, output in natural order. Twiddles come from a table computed directly (no recurrence drift), exact at the quarter
    /// points; two stages are fused per pass (radix 2^2: the same butterflies, half the trips through the buffer).
    /// </summary>
    sealed class Radix2
    {
        public readonly int N;
        public readonly int[] Rev;
        // stage with half-length h at offset h - 1: exp(-i pi k / h), k < h, for h = 1, 2, 4, .., N/2
        readonly double[] _wr, _wiForward, _wiInverse;
        readonly int _stages;

        public Radix2(int n)
        {
            N = n;
            while ((1 << _stages) < n) _stages++;
            Rev = new int[n];
            for (int i = 0; i < n; i++)
            {
                int r = 0;
                for (int b = 0; b < _stages; b++) if ((i & (1 << b)) != 0) r |= 1 << (_stages - 1 - b);
                Rev[i] = r;
            }
            int t = Math.Max(1, n - 1);
            _wr = new double[t]; _wiForward = new double[t]; _wiInverse = new double[t];
            for (int h = 1; h < n; h <<= 1)
                for (int k = 0; k < h; k++)
                {
                    double c, s;
                    if (2 * k == h) { c = 0; s = -1; } // quarter turn, exactly
                    else { double a = -Math.PI * k / h; c = Math.Cos(a); s = Math.Sin(a); }
                    _wr[h - 1 + k] = c; _wiForward[h - 1 + k] = s; _wiInverse[h - 1 + k] = -s;
                }
        }

        public void Run(Vector<double>[] reArr, Vector<double>[] imArr, bool inverse)
        {
            int n = N;
            if (n == 1) return;
            int v = VectorsPerRow;
            ref var re = ref MemoryMarshal.GetArrayDataReference(reArr);
            ref var im = ref MemoryMarshal.GetArrayDataReference(imArr);
            double[] wiT = inverse ? _wiInverse : _wiForward;
            int h;
            if (_stages % 2 == 1)
            {
                // first stage alone (twiddle 1)
                for (int i = 0; i < n * v; i += 2 * v)
                    for (int q = 0; q < v; q++)
                    {
                        ref var r0 = ref Unsafe.Add(ref re, i + q); ref var r1 = ref Unsafe.Add(ref re, i + v + q);
                        ref var i0 = ref Unsafe.Add(ref im, i + q); ref var i1 = ref Unsafe.Add(ref im, i + v + q);
                        var ar = r0; var ai = i0; var br = r1; var bi = i1;
                        r0 = ar + br; i0 = ai + bi; r1 = ar - br; i1 = ai - bi;
                    }
                h = 2;
            }
            else
            {
                // first two stages: twiddles 1 and -i (forward) / +i (inverse)
                for (int i = 0; i < n * v; i += 4 * v)
                    for (int q = 0; q < v; q++)
                    {
                        ref var r0 = ref Unsafe.Add(ref re, i + q); ref var r1 = ref Unsafe.Add(ref re, i + v + q);
                        ref var r2 = ref Unsafe.Add(ref re, i + 2 * v + q); ref var r3 = ref Unsafe.Add(ref re, i + 3 * v + q);
                        ref var i0 = ref Unsafe.Add(ref im, i + q); ref var i1 = ref Unsafe.Add(ref im, i + v + q);
                        ref var i2 = ref Unsafe.Add(ref im, i + 2 * v + q); ref var i3 = ref Unsafe.Add(ref im, i + 3 * v + q);
                        var a0r = r0 + r1; var a0i = i0 + i1; var a1r = r0 - r1; var a1i = i0 - i1;
                        var a2r = r2 + r3; var a2i = i2 + i3; var a3r = r2 - r3; var a3i = i2 - i3;
                        // t = w3 a3 with w3 = -i: (a3i, -a3r); inverse +i: (-a3i, a3r)
                        Vector<double> tr, ti;
                        if (inverse) { tr = -a3i; ti = a3r; } else { tr = a3i; ti = -a3r; }
                        r0 = a0r + a2r; i0 = a0i + a2i; r2 = a0r - a2r; i2 = a0i - a2i;
                        r1 = a1r + tr; i1 = a1i + ti; r3 = a1r - tr; i3 = a1i - ti;
                    }
                h = 4;
            }
            for (; 4 * h <= n; h *= 4)
            {
                // stages h and 2h fused: (x0, x1), (x2, x3) with W_2h^k, then (x0, x2) with W_4h^k and (x1, x3) with W_4h^(k+h)
                int hv = h * v;
                for (int s = 0; s < n; s += 4 * h)
                    for (int k = 0; k < h; k++)
                    {
                        var w1r = new Vector<double>(_wr[h - 1 + k]); var w1i = new Vector<double>(wiT[h - 1 + k]);
                        var w2r = new Vector<double>(_wr[2 * h - 1 + k]); var w2i = new Vector<double>(wiT[2 * h - 1 + k]);
                        var w3r = new Vector<double>(_wr[3 * h - 1 + k]); var w3i = new Vector<double>(wiT[3 * h - 1 + k]);
                        int i = (s + k) * v;
                        for (int q = 0; q < v; q++)
                        {
                            ref var r0 = ref Unsafe.Add(ref re, i + q); ref var r1 = ref Unsafe.Add(ref re, i + hv + q);
                            ref var r2 = ref Unsafe.Add(ref re, i + 2 * hv + q); ref var r3 = ref Unsafe.Add(ref re, i + 3 * hv + q);
                            ref var i0 = ref Unsafe.Add(ref im, i + q); ref var i1 = ref Unsafe.Add(ref im, i + hv + q);
                            ref var i2 = ref Unsafe.Add(ref im, i + 2 * hv + q); ref var i3 = ref Unsafe.Add(ref im, i + 3 * hv + q);
                            var x0r = r0; var x0i = i0; var x2r = r2; var x2i = i2;
                            var t1r = r1 * w1r - i1 * w1i; var t1i = r1 * w1i + i1 * w1r;
                            var t3r = r3 * w1r - i3 * w1i; var t3i = r3 * w1i + i3 * w1r;
                            var a0r = x0r + t1r; var a0i = x0i + t1i; var a1r = x0r - t1r; var a1i = x0i - t1i;
                            var a2r = x2r + t3r; var a2i = x2i + t3i; var a3r = x2r - t3r; var a3i = x2i - t3i;
                            var u2r = a2r * w2r - a2i * w2i; var u2i = a2r * w2i + a2i * w2r;
                            var u3r = a3r * w3r - a3i * w3i; var u3i = a3r * w3i + a3i * w3r;
                            r0 = a0r + u2r; i0 = a0i + u2i; r2 = a0r - u2r; i2 = a0i - u2i;
                            r1 = a1r + u3r; i1 = a1i + u3i; r3 = a1r - u3r; i3 = a1i - u3i;
                        }
                    }
            }
        }
    }
}
