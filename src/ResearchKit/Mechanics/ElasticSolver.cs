using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using ResearchKit.Microstructure;

namespace ResearchKit.Mechanics;

/// <summary>Options of <see cref="ElasticSolver"/>.</summary>
public sealed record ElasticOptions
{
    /// <summary>Mean-strain / mean-stress control (default: zero mean stress, the free periodic body).</summary>
    public MechanicsBoundary Boundary { get; init; } = MechanicsBoundary.ZeroStress;
    /// <summary>Prescribed mean strain (tensor components xx, yy, zz, yz, xz, xy; linear strain) for the fixed components; default zero.</summary>
    public double[] MeanStrain { get; init; } = new double[6];
    /// <summary>
    /// Relative residual tolerance: the preconditioned residual norm sqrt(r.M r / b.M b) (the energy norm of the reference medium).
    /// Default 1e-6; the energy then carries a relative error of about the square of it.
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-6;
    public int MaxIterations { get; init; } = 3000;
    /// <summary>-1 = all cores. The result is bit-identical for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
    /// <summary>Matrix label of the interface shell (default the SSE, label 3); null = no shell statistics.</summary>
    public byte? ShellMatrixLabel { get; init; } = PhaseLabels.Sse;
    /// <summary>Labels the shell surrounds (default NCWA and NCM).</summary>
    public byte[] ShellInclusionLabels { get; init; } = [PhaseLabels.Ncwa, PhaseLabels.Ncm];
    /// <summary>Shell width in voxels: matrix voxels within this Manhattan (face-neighbour) distance of an inclusion voxel (default 1).</summary>
    public int ShellWidthVoxels { get; init; } = 1;
    /// <summary>Number of histogram bins of the energy density over the stiff voxels.</summary>
    public int HistogramBins { get; init; } = 40;
    /// <summary>Keep the per-voxel energy density field in the result (default true).</summary>
    public bool KeepField { get; init; } = true;
    /// <summary>
    /// Per-voxel (grain) eigenstrain tensors, e.g. layered oxides with a random orientation per particle
    /// (<see cref="GrainEigenstrainField.Layered"/>); voxels of grain 0 keep their label's isotropic eigenstrain. Null = isotropic only.
    /// </summary>
    public GrainEigenstrainField? Grains { get; init; }
}

/// <summary>One histogram bin of the strain energy density.</summary>
public sealed record EnergyHistogramBin(double LowerMJPerM3, double UpperMJPerM3, double VolumeFraction);

/// <summary>Result of an elastic solve.</summary>
/// <param name="EnergyDensity">Per-voxel strain energy density (MJ/m3), C order; null when not kept.</param>
/// <param name="StrainEnergyDensityMJPerM3">Volume mean of the strain energy density over the whole cell (pores count as zero), MJ/m3.</param>
/// <param name="StrainEnergyByLabelMJPerM3">Mean energy density over each label's voxels (MJ/m3).</param>
/// <param name="ShellStrainEnergyMJPerM3">Mean over the interface shell (matrix voxels next to the inclusions), MJ/m3; NaN if no shell.</param>
/// <param name="ShellVoxelFraction">Shell voxels / all voxels.</param>
/// <param name="MeanStressMPa">Mean stress, Voigt order xx, yy, zz, yz, xz, xy (MPa; tension positive).</param>
/// <param name="MeanStrain">Mean total strain, same order (tensor shear components).</param>
/// <param name="ResidualHistory">Relative residual after each iteration (index 0 = start, 1).</param>
public sealed record ElasticResult(
    double[]? EnergyDensity, int Nz, int Ny, int Nx,
    double StrainEnergyDensityMJPerM3, IReadOnlyDictionary<byte, double> StrainEnergyByLabelMJPerM3,
    double ShellStrainEnergyMJPerM3, double ShellVoxelFraction, IReadOnlyList<EnergyHistogramBin> Histogram,
    double[] MeanStressMPa, double[] MeanStrain, int Iterations, double Residual, bool Converged,
    IReadOnlyList<double> ResidualHistory, double Seconds)
{
    public override string ToString() =>
        $"strain energy density {StrainEnergyDensityMJPerM3:G5} MJ/m3 (shell {ShellStrainEnergyMJPerM3:G5}); mean stress [{string.Join(", ", MeanStressMPa.Select(s => s.ToString("G4")))}] MPa; " +
        $"{Iterations} iterations, residual {Residual:E2}, {(Converged ? "converged" : "NOT converged")}, {Seconds:F2} s";
}

/// <summary>
/// Small-strain linear elasticity of a periodic labelled voxel volume with an isotropic eigenstrain per label, solved as an FFT-based
/// Lippmann-Schwinger problem with conjugate gradients on the rotated staggered grid (Willot, C. R. Mecanique 343 (2015) 232).
/// </summary>
/// <remarks>
/// <para>Discretisation: displacement fluctuations live on voxel corners; the strain of a voxel is the rotated-grid difference
/// (the mean of the four edge differences along each axis), constant in the voxel, so a voxel's energy is that of a trilinear
/// hexahedron with one-point quadrature. A pore voxel (zero stiffness) adds nothing, exactly: no averaging of moduli across faces, no
/// Gibbs ringing, and the system stays consistent at infinite contrast.</para>
/// <para>Solver: the projection form of the Lippmann-Schwinger equation solved by CG (Zeman et al., J. Comput. Phys. 229 (2010) 8065;
/// Brisard and Dormieux, Comput. Mater. Sci. 49 (2010) 663), written on the displacement: CG on K u = f with K = D^T C D and the
/// reference-medium Green operator (D^T C0 D)^-1, applied in Fourier space, as preconditioner. With the rotated-grid D this is the
/// Fourier-Galerkin / finite-element projection of Leute et al. (J. Comput. Phys. 453 (2022) 110931), identical to Willot's discrete
/// Green operator. A homogeneous medium converges in one iteration. Modes with two wavevector components at Nyquist lie in the
/// kernel of D (hourglass modes of the one-point hexahedron) and are projected out, as the k = 0 mode.</para>
/// <para>Mean strain control: the free components of the mean strain are extra CG unknowns (energy minimised over them), which sets the
/// corresponding mean stresses to zero. Eigenstrains are linear strains: eps I per label, or a full tensor per grain (<see cref="ElasticOptions.Grains"/>, layered oxides). Energies: GPa times strain^2 = GJ/m3, reported in MJ/m3.</para>
/// </remarks>
public static class ElasticSolver
{
    /// <summary>Solves; throws <see cref="InvalidInputException"/> on bad phases (missing moduli, nu >= 0.5, unknown eigenstrain label).</summary>
    /// <param name="moduli">Isotropic moduli per label (E in GPa); label 0 defaults to zero stiffness.</param>
    /// <param name="eigenstrains">Linear isotropic eigenstrain per label (eps I); absent labels have none.</param>
    public static ElasticResult Solve(LabelVolume v, IReadOnlyDictionary<byte, IsotropicPhase> moduli, IReadOnlyDictionary<byte, double> eigenstrains, ElasticOptions? options = null)
    {
        var r = TrySolve(v, moduli, eigenstrains, options, out var result);
        return result;
    }

    /// <summary>Solves; returns false when CG did not reach the tolerance (the result then holds the last iterate).</summary>
    public static bool TrySolve(LabelVolume v, IReadOnlyDictionary<byte, IsotropicPhase> moduli, IReadOnlyDictionary<byte, double> eigenstrains, ElasticOptions? options, out ElasticResult result)
    {
        options ??= new ElasticOptions();
        InvalidInputException.Require(options.RelativeTolerance > 0 && options.RelativeTolerance < 1, "tolerance", $"expected 0 < tolerance < 1, got {options.RelativeTolerance}");
        InvalidInputException.Require(options.MeanStrain is { Length: 6 }, "mean_strain", "expected 6 mean strain components");
        var phases = MechanicsInputs.Complete(v, moduli, eigenstrains);
        var sw = Stopwatch.StartNew();
        var s = new State(v, phases, eigenstrains, options);
        s.Run();
        result = s.Finish(sw.Elapsed.TotalSeconds);
        return result.Converged;
    }

    /// <summary>Free (unknown) mean strain components of a boundary condition, order xx, yy, zz, yz, xz, xy.</summary>
    public static bool[] FreeComponents(MechanicsBoundary bc) => bc switch
    {
        MechanicsBoundary.ZeroStress => [true, true, true, true, true, true],
        MechanicsBoundary.FixedStrain => [false, false, false, false, false, false],
        _ => [false, false, true, true, true, false],
    };

    sealed class State
    {
        readonly LabelVolume _v;
        readonly int _nx, _ny, _nz, _n;
        readonly double[] _lam = new double[256], _mu = new double[256], _eig = new double[256];
        readonly int[]? _grain;
        readonly double[][]? _grainEig;
        readonly bool[] _free;
        readonly double[] _fixedE;
        readonly ElasticOptions _o;
        readonly ParallelOptions _po;
        readonly double _lam0, _mu0;
        readonly double[,] _me; // preconditioner of the mean-strain unknowns
        readonly Fft3D _fft;
        readonly double[] _cx, _cy, _cz, _sx, _sy, _sz; // per-index cos(k/2), sin(k/2) (exact zero at Nyquist)
        // unknowns: u (3 x N) and the free mean strain components
        readonly double[][] _u, _r, _p, _q, _zv;
        readonly double[] _uE = new double[6], _rE = new double[6], _pE = new double[6], _qE = new double[6], _zE = new double[6];
        readonly double[][] _sig;
        readonly double[] _sigPlaneSums, _planePartial; // per z plane: stress component sums (6 each), dot-product partials
        readonly Complex[][] _c;
        readonly Action<Fft3D.SpectralBlock> _greenOnBlock;
        readonly List<double> _history = [];
        int _iterations;
        double _residual;
        bool _converged;

        public State(LabelVolume v, IReadOnlyDictionary<byte, IsotropicPhase> phases, IReadOnlyDictionary<byte, double> eig, ElasticOptions o)
        {
            _v = v; _o = o; _nx = v.Nx; _ny = v.Ny; _nz = v.Nz; _n = (int)v.Count;
            _po = new ParallelOptions { MaxDegreeOfParallelism = o.MaxDegreeOfParallelism };
            double muMin = double.MaxValue, muMax = 0, kMin = double.MaxValue, kMax = 0;
            var present = MechanicsInputs.Present(v);
            foreach (var (l, p) in phases)
            {
                _lam[l] = p.LameLambdaGPa; _mu[l] = p.ShearModulusGPa;
                if (p.YoungModulusGPa > 0 && present[l])
                {
                    muMin = Math.Min(muMin, p.ShearModulusGPa); muMax = Math.Max(muMax, p.ShearModulusGPa);
                    kMin = Math.Min(kMin, p.BulkModulusGPa); kMax = Math.Max(kMax, p.BulkModulusGPa);
                }
            }
            InvalidInputException.Require(muMax > 0, "moduli", "no label present in the volume has a positive stiffness");
            foreach (var (l, e) in eig) _eig[l] = e;
            if (o.Grains is { } g)
            {
                InvalidInputException.Require(g.GrainOfVoxel.LongLength == v.Count, "grains", $"grain map has {g.GrainOfVoxel.LongLength} voxels, the volume {v.Count}");
                InvalidInputException.Require(g.GrainTensors.Length > 0 && g.GrainTensors.All(t => t is { Length: 6 }), "grains", "every grain tensor needs 6 components");
                _grain = g.GrainOfVoxel; _grainEig = g.GrainTensors;
                foreach (var id in _grain) InvalidInputException.Require(id >= 0 && id < _grainEig.Length, "grains", $"grain id {id} has no tensor");
            }
            // Reference medium: geometric means of the stiff phases (CG is invariant to its scale; its shape sets the rate).
            _mu0 = Math.Sqrt(muMin * muMax);
            double k0 = Math.Sqrt(kMin * kMax);
            _lam0 = k0 - 2.0 / 3.0 * _mu0;
            _free = FreeComponents(o.Boundary);
            _fixedE = new double[6];
            for (int c = 0; c < 6; c++) if (!_free[c]) _fixedE[c] = o.MeanStrain[c];
            _me = MeanStrainPreconditioner();
            _fft = new Fft3D(_nz, _ny, _nx, o.MaxDegreeOfParallelism);
            (_cx, _sx) = HalfAngles(_nx); (_cy, _sy) = HalfAngles(_ny); (_cz, _sz) = HalfAngles(_nz);
            _u = Alloc3(); _r = Alloc3(); _p = Alloc3(); _q = Alloc3(); _zv = Alloc3();
            _sig = new double[6][];
            for (int c = 0; c < 6; c++) _sig[c] = new double[_n];
            _sigPlaneSums = new double[6 * _nz]; _planePartial = new double[_nz];
            _c = new Complex[3][];
            for (int c = 0; c < 3; c++) _c[c] = new Complex[_fft.HalfSpectrumLength];
            _greenOnBlock = GreenOnBlock;
        }

        double[][] Alloc3() => [new double[_n], new double[_n], new double[_n]];

        static (double[] C, double[] S) HalfAngles(int n)
        {
            var c = new double[n]; var s = new double[n];
            for (int m = 0; m < n; m++)
            {
                // k = 2 pi m / n; cos(k/2) is exactly 0 at the Nyquist index (even n)
                c[m] = 2 * m == n ? 0 : Math.Cos(Math.PI * m / n);
                s[m] = m == 0 ? 0 : Math.Sin(Math.PI * m / n);
            }
            return (c, s);
        }

        double[,] MeanStrainPreconditioner()
        {
            // Hessian of N/2 <e:C0:e> in the tensor-component parametrisation, restricted to the free components, inverted.
            var idx = Enumerable.Range(0, 6).Where(c => _free[c]).ToArray();
            var h = new double[idx.Length, idx.Length];
            for (int a = 0; a < idx.Length; a++)
                for (int b = 0; b < idx.Length; b++)
                {
                    int i = idx[a], j = idx[b];
                    double val = 0;
                    if (i < 3 && j < 3) val = _lam0 + (i == j ? 2 * _mu0 : 0);
                    else if (i == j) val = 4 * _mu0;
                    h[a, b] = val * _n;
                }
            var inv = Invert(h);
            var full = new double[6, 6];
            for (int a = 0; a < idx.Length; a++) for (int b = 0; b < idx.Length; b++) full[idx[a], idx[b]] = inv[a, b];
            return full;
        }

        static double[,] Invert(double[,] a)
        {
            int n = a.GetLength(0);
            var m = new double[n, 2 * n];
            for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) m[i, j] = a[i, j]; m[i, n + i] = 1; }
            for (int c = 0; c < n; c++)
            {
                int piv = c;
                for (int r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[piv, c])) piv = r;
                for (int j = 0; j < 2 * n; j++) (m[c, j], m[piv, j]) = (m[piv, j], m[c, j]);
                double d = m[c, c];
                for (int j = 0; j < 2 * n; j++) m[c, j] /= d;
                for (int r = 0; r < n; r++)
                {
                    if (r == c) continue;
                    double f = m[r, c];
                    if (f != 0) for (int j = 0; j < 2 * n; j++) m[r, j] -= f * m[c, j];
                }
            }
            var inv = new double[n, n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) inv[i, j] = m[i, n + j];
            return inv;
        }

        /// <summary>
        /// Voxel stresses sigma = C (E + D u - withEig * eps*) into _sig, and per z plane the sums of each component (summed in voxel
        /// order, the order of <see cref="Sum"/>) into _sigPlaneSums, for the mean-strain gradient.
        /// </summary>
        /// <remarks>
        /// The voxel (z, y, x) has the corners (z or z+1, y or y+1, x or x+1). Per displacement component and node row y take the plane
        /// sum A = u(z) + u(z+1) and difference B = u(z+1) - u(z); with the next row kept for the next voxel row, S = A(y) + A(y+1),
        /// Ty = A(y+1) - A(y), Tz = B(y) + B(y+1), and the rotated-grid gradient is d/dx = (S(x+1) - S(x)) / 4,
        /// d/dy = (Ty(x) + Ty(x+1)) / 4, d/dz = (Tz(x) + Tz(x+1)) / 4: the eight-corner differences regrouped, so that only two planes
        /// of the three displacement fields are streamed at a time.
        /// </remarks>
        void Stress(double[][] u, double[] e, bool withEigen)
        {
            int nx = _nx, ny = _ny, nz = _nz;
            var labels = _v.Labels;
            double[] ux = u[0], uy = u[1], uz = u[2];
            double[] s0 = _sig[0], s1 = _sig[1], s2 = _sig[2], s3 = _sig[3], s4 = _sig[4], s5 = _sig[5];
            double[] muOf = _mu, lamOf = _lam, eigOf = _eig, sums = _sigPlaneSums;
            int[]? grain = _grain; double[][]? grainEig = _grainEig;
            double ea = e[0], eb = e[1], ec = e[2], ed = e[3], ee = e[4], ef = e[5];
            Parallel.For(0, nz, _po, () => new double[21 * nx], (z, _, buf) =>
            {
                int z1 = z + 1 == nz ? 0 : z + 1;
                double t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0;
                // A, B of ux, uy, uz at row y (cur) and y + 1 (next); S, Ty, Tz of ux, uy, uz
                var cur = buf.AsSpan(0, 6 * nx); var next = buf.AsSpan(6 * nx, 6 * nx); var g = buf.AsSpan(12 * nx, 9 * nx);
                PlanePair(0, cur);
                for (int y = 0; y < ny; y++)
                {
                    PlanePair(y + 1 == ny ? 0 : y + 1, next);
                    for (int c = 0; c < 3; c++)
                    {
                        var a0 = cur.Slice(2 * c * nx, nx); var b0 = cur.Slice((2 * c + 1) * nx, nx);
                        var a1 = next.Slice(2 * c * nx, nx); var b1 = next.Slice((2 * c + 1) * nx, nx);
                        var sg = g.Slice(3 * c * nx, nx); var ty = g.Slice((3 * c + 1) * nx, nx); var tz = g.Slice((3 * c + 2) * nx, nx);
                        for (int x = 0; x < nx; x++) { sg[x] = a0[x] + a1[x]; ty[x] = a1[x] - a0[x]; tz[x] = b0[x] + b1[x]; }
                    }
                    var sX = g[..nx]; var yX = g.Slice(nx, nx); var zX = g.Slice(2 * nx, nx);
                    var sY = g.Slice(3 * nx, nx); var yY = g.Slice(4 * nx, nx); var zY = g.Slice(5 * nx, nx);
                    var sZ = g.Slice(6 * nx, nx); var yZ = g.Slice(7 * nx, nx); var zZ = g.Slice(8 * nx, nx);
                    int r00 = (z * ny + y) * nx;
                    for (int x = 0; x < nx; x++)
                    {
                        int vi = r00 + x;
                        byte l = labels[vi];
                        double mu = muOf[l], lam = lamOf[l];
                        if (mu == 0 && lam == 0) { s0[vi] = s1[vi] = s2[vi] = s3[vi] = s4[vi] = s5[vi] = 0; continue; }
                        int x1 = x + 1 == nx ? 0 : x + 1;
                        double uxx = 0.25 * (sX[x1] - sX[x]), uxy = 0.25 * (yX[x] + yX[x1]), uxz = 0.25 * (zX[x] + zX[x1]);
                        double uyx = 0.25 * (sY[x1] - sY[x]), uyy = 0.25 * (yY[x] + yY[x1]), uyz = 0.25 * (zY[x] + zY[x1]);
                        double uzx = 0.25 * (sZ[x1] - sZ[x]), uzy = 0.25 * (yZ[x] + yZ[x1]), uzz = 0.25 * (zZ[x] + zZ[x1]);
                        double exx = ea + uxx, eyy = eb + uyy, ezz = ec + uzz;
                        double eyz = ed + 0.5 * (uyz + uzy), exz = ee + 0.5 * (uxz + uzx), exy = ef + 0.5 * (uxy + uyx);
                        if (withEigen)
                        {
                            int gi = grain is null ? 0 : grain[vi];
                            if (gi > 0)
                            {
                                var t = grainEig![gi];
                                exx -= t[0]; eyy -= t[1]; ezz -= t[2]; eyz -= t[3]; exz -= t[4]; exy -= t[5];
                            }
                            else { double eg = eigOf[l]; exx -= eg; eyy -= eg; ezz -= eg; }
                        }
                        double tr = lam * (exx + eyy + ezz), m2 = 2 * mu;
                        double q0 = tr + m2 * exx, q1 = tr + m2 * eyy, q2 = tr + m2 * ezz, q3 = m2 * eyz, q4 = m2 * exz, q5 = m2 * exy;
                        s0[vi] = q0; s1[vi] = q1; s2[vi] = q2; s3[vi] = q3; s4[vi] = q4; s5[vi] = q5;
                        // zero-stress voxels add exactly zero, so skipping them keeps the order of Sum
                        t0 += q0; t1 += q1; t2 += q2; t3 += q3; t4 += q4; t5 += q5;
                    }
                    var sw = cur; cur = next; next = sw;
                }
                int o = 6 * z;
                sums[o] = t0; sums[o + 1] = t1; sums[o + 2] = t2; sums[o + 3] = t3; sums[o + 4] = t4; sums[o + 5] = t5;
                return buf;

                void PlanePair(int y, Span<double> o)
                {
                    int r0 = (z * ny + y) * nx, r1 = (z1 * ny + y) * nx;
                    var aX = o[..nx]; var bX = o.Slice(nx, nx); var aY = o.Slice(2 * nx, nx); var bY = o.Slice(3 * nx, nx); var aZ = o.Slice(4 * nx, nx); var bZ = o.Slice(5 * nx, nx);
                    for (int x = 0; x < nx; x++)
                    {
                        int i0 = r0 + x, i1 = r1 + x;
                        aX[x] = ux[i0] + ux[i1]; bX[x] = ux[i1] - ux[i0];
                        aY[x] = uy[i0] + uy[i1]; bY[x] = uy[i1] - uy[i0];
                        aZ[x] = uz[i0] + uz[i1]; bZ[x] = uz[i1] - uz[i0];
                    }
                }
            }, _ => { });
        }

        /// <summary>
        /// Energy gradient from the current _sig: nodal forces D^T sigma into f, and the mean-strain part into fe (free components).
        /// With <paramref name="dotWith"/> also returns dotWith . f (nodal part only; per-plane partial sums added in plane order).
        /// </summary>
        /// <remarks>
        /// The node (z, y, x) is corner (a', b', c') of the eight voxels (z - a', y - b', x - c'). Per stress component and voxel row y
        /// of the planes z and z - 1 take the plane sum A = s(z) + s(z-1) and difference B = s(z-1) - s(z); with the row y - 1 kept
        /// from the previous row, P = A(y) + A(y-1), Qy = A(y-1) - A(y), Qz = B(y) + B(y-1), and then DX = P(x-1) - P(x),
        /// DY = Qy(x) + Qy(x-1), DZ = Qz(x) + Qz(x-1): the corner-by-corner differences regrouped, so that only two planes of the six
        /// stress fields are streamed at a time (twelve streams instead of twenty-four; at 256^3 the arrays alias in the caches).
        /// </remarks>
        double Divergence(double[][] f, double[] fe, double[][]? dotWith = null)
        {
            int nx = _nx, ny = _ny, nz = _nz;
            double[] sxx = _sig[0], syy = _sig[1], szz = _sig[2], syz = _sig[3], sxz = _sig[4], sxy = _sig[5];
            double[] fx = f[0], fy = f[1], fz = f[2];
            double[]? px = dotWith?[0], py = dotWith?[1], pz = dotWith?[2];
            var part = _planePartial;
            Parallel.For(0, nz, _po, () => new double[16 * nx], (z, _, buf) =>
            {
                int zm = z == 0 ? nz - 1 : z - 1;
                double dot = 0;
                // row buffers: current (0..7) and previous (8..15) y: A of xx, xy, xz, yy, yz; B of xz, yz, zz
                var cur = buf.AsSpan(0, 8 * nx); var prev = buf.AsSpan(8 * nx, 8 * nx);
                PlanePair(ny - 1, prev);
                for (int y = 0; y < ny; y++)
                {
                    PlanePair(y, cur);
                    var aXx = cur[..nx]; var aXy = cur.Slice(nx, nx); var aXz = cur.Slice(2 * nx, nx); var aYy = cur.Slice(3 * nx, nx); var aYz = cur.Slice(4 * nx, nx);
                    var bXz = cur.Slice(5 * nx, nx); var bYz = cur.Slice(6 * nx, nx); var bZz = cur.Slice(7 * nx, nx);
                    var oXx = prev[..nx]; var oXy = prev.Slice(nx, nx); var oXz = prev.Slice(2 * nx, nx); var oYy = prev.Slice(3 * nx, nx); var oYz = prev.Slice(4 * nx, nx);
                    var cXz = prev.Slice(5 * nx, nx); var cYz = prev.Slice(6 * nx, nx); var cZz = prev.Slice(7 * nx, nx);
                    int row = (z * ny + y) * nx;
                    int xl = nx - 1;
                    double pXx = aXx[xl] + oXx[xl], pXy = aXy[xl] + oXy[xl], pXz = aXz[xl] + oXz[xl];
                    double qYxy = oXy[xl] - aXy[xl], qYyy = oYy[xl] - aYy[xl], qYyz = oYz[xl] - aYz[xl];
                    double qZxz = bXz[xl] + cXz[xl], qZyz = bYz[xl] + cYz[xl], qZzz = bZz[xl] + cZz[xl];
                    for (int x = 0; x < nx; x++)
                    {
                        double nXx = aXx[x] + oXx[x], nXy = aXy[x] + oXy[x], nXz = aXz[x] + oXz[x];
                        double nYxy = oXy[x] - aXy[x], nYyy = oYy[x] - aYy[x], nYyz = oYz[x] - aYz[x];
                        double nZxz = bXz[x] + cXz[x], nZyz = bYz[x] + cYz[x], nZzz = bZz[x] + cZz[x];
                        double gx = 0.25 * ((pXx - nXx) + (nYxy + qYxy) + (nZxz + qZxz));
                        double gy = 0.25 * ((pXy - nXy) + (nYyy + qYyy) + (nZyz + qZyz));
                        double gz = 0.25 * ((pXz - nXz) + (nYyz + qYyz) + (nZzz + qZzz));
                        int i = row + x;
                        fx[i] = gx; fy[i] = gy; fz[i] = gz;
                        if (px is not null) dot += px[i] * gx + py![i] * gy + pz![i] * gz;
                        pXx = nXx; pXy = nXy; pXz = nXz; qYxy = nYxy; qYyy = nYyy; qYyz = nYyz; qZxz = nZxz; qZyz = nZyz; qZzz = nZzz;
                    }
                    var t = cur; cur = prev; prev = t;
                }
                part[z] = dot;
                return buf;

                void PlanePair(int y, Span<double> o)
                {
                    int r0 = (z * ny + y) * nx, r1 = (zm * ny + y) * nx;
                    var a0 = o[..nx]; var a1 = o.Slice(nx, nx); var a2 = o.Slice(2 * nx, nx); var a3 = o.Slice(3 * nx, nx); var a4 = o.Slice(4 * nx, nx);
                    var b0 = o.Slice(5 * nx, nx); var b1 = o.Slice(6 * nx, nx); var b2 = o.Slice(7 * nx, nx);
                    for (int x = 0; x < nx; x++)
                    {
                        int i0 = r0 + x, i1 = r1 + x;
                        a0[x] = sxx[i0] + sxx[i1]; a1[x] = sxy[i0] + sxy[i1]; a2[x] = sxz[i0] + sxz[i1]; a3[x] = syy[i0] + syy[i1]; a4[x] = syz[i0] + syz[i1];
                        b0[x] = sxz[i1] - sxz[i0]; b1[x] = syz[i1] - syz[i0]; b2[x] = szz[i1] - szz[i0];
                    }
                }
            }, _ => { });
            for (int c = 0; c < 6; c++)
            {
                if (!_free[c]) { fe[c] = 0; continue; }
                double t = 0;
                for (int z = 0; z < nz; z++) t += _sigPlaneSums[6 * z + c];
                fe[c] = (c < 3 ? 1.0 : 2.0) * t;
            }
            double total = 0;
            foreach (var p in part) total += p;
            return total;
        }

        /// <summary>Deterministic parallel sum: fixed plane chunks, summed in order.</summary>
        double Sum(double[] a)
        {
            int plane = _nx * _ny;
            var part = new double[_nz];
            Parallel.For(0, _nz, _po, z => { double s = 0; for (int i = z * plane, e = i + plane; i < e; i++) s += a[i]; part[z] = s; });
            double t = 0; foreach (var p in part) t += p;
            return t;
        }

        double Dot(double[][] a, double[] ae, double[][] b, double[] be)
        {
            int plane = _nx * _ny;
            var part = new double[_nz];
            Parallel.For(0, _nz, _po, z =>
            {
                double s = 0;
                int i0 = z * plane;
                for (int c = 0; c < 3; c++)
                {
                    var x = a[c].AsSpan(i0, plane); var y = b[c].AsSpan(i0, plane);
                    for (int i = 0; i < plane; i++) s += x[i] * y[i];
                }
                part[z] = s;
            });
            double t = 0; foreach (var p in part) t += p;
            for (int c = 0; c < 6; c++) t += ae[c] * be[c];
            return t;
        }

        void Axpy(double alpha, double[][] x, double[] xe, double[][] y, double[] ye)
        {
            int plane = _nx * _ny;
            Parallel.For(0, _nz, _po, z =>
            {
                for (int c = 0; c < 3; c++)
                {
                    var xs = x[c].AsSpan(z * plane, plane); var ys = y[c].AsSpan(z * plane, plane);
                    for (int i = 0; i < plane; i++) ys[i] += alpha * xs[i];
                }
            });
            for (int c = 0; c < 6; c++) ye[c] += alpha * xe[c];
        }

        /// <summary>p = z + beta p.</summary>
        void Xpby(double[][] z0, double[] ze, double beta, double[][] p, double[] pe)
        {
            int plane = _nx * _ny;
            Parallel.For(0, _nz, _po, z =>
            {
                for (int c = 0; c < 3; c++)
                {
                    var zs = z0[c].AsSpan(z * plane, plane); var ps = p[c].AsSpan(z * plane, plane);
                    for (int i = 0; i < plane; i++) ps[i] = zs[i] + beta * ps[i];
                }
            });
            for (int c = 0; c < 6; c++) pe[c] = ze[c] + beta * pe[c];
        }

        /// <summary>z = M r: reference Green operator on the nodal forces (Fourier, half spectrum of the real fields), and the mean-strain block.</summary>
        void Precondition(double[][] r, double[] re, double[][] z, double[] ze)
        {
            // The operator is real and even in k, so the kept half (kx = 0 .. Nx/2) determines the real result.
            _fft.ApplyDiagonalReal(r, _c, z, _greenOnBlock);
            for (int a = 0; a < 6; a++)
            {
                double s = 0;
                for (int b = 0; b < 6; b++) s += _me[a, b] * re[b];
                ze[a] = _free[a] ? s : 0;
            }
        }

        /// <summary>The reference Green operator (D^T C0 D)^-1 on one block of z lines of the three force spectra.</summary>
        void GreenOnBlock(Fft3D.SpectralBlock blk)
        {
            double mu0 = _mu0, ratio = (_lam0 + _mu0) / (_lam0 + 2 * _mu0);
            Span<double> xr = blk.Re(0), xi = blk.Im(0), yr = blk.Re(1), yi = blk.Im(1), zr = blk.Re(2), zi = blk.Im(2);
            int nz = blk.Nz;
            for (int b = 0; b < blk.Lines; b++)
            {
                int ky = blk.Ky(b), kx = blk.Kx(b);
                double cyy = _cy[ky], syy = _sy[ky], cxx = _cx[kx], sxx = _sx[kx];
                for (int kz = 0; kz < nz; kz++)
                {
                    int i = kz * Fft3D.BlockLines + b;
                    double czz = _cz[kz], szz = _sz[kz];
                    // |G_j| = 2 sin(k_j/2) cos(k_l/2) cos(k_m/2) (Willot 2015, eq. for the rotated scheme)
                    double dx = 2 * sxx * cyy * czz, dy = 2 * syy * cxx * czz, dz = 2 * szz * cxx * cyy;
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 < 1e-300) { xr[i] = xi[i] = yr[i] = yi[i] = zr[i] = zi[i] = 0; continue; }
                    double inv = 1 / (mu0 * d2), w = ratio / d2;
                    double fxr = xr[i], fxi = xi[i], fyr = yr[i], fyi = yi[i], fzr = zr[i], fzi = zi[i];
                    double dr = dx * fxr + dy * fyr + dz * fzr, di = dx * fxi + dy * fyi + dz * fzi;
                    double wx = w * dx, wy = w * dy, wz = w * dz;
                    xr[i] = inv * (fxr - wx * dr); xi[i] = inv * (fxi - wx * di);
                    yr[i] = inv * (fyr - wy * dr); yi[i] = inv * (fyi - wy * di);
                    zr[i] = inv * (fzr - wz * dr); zi[i] = inv * (fzi - wz * di);
                }
            }
        }

        static void Clear(double[][] a) { foreach (var x in a) Array.Clear(x); }

        public void Run()
        {
            // b = -grad W at u = 0, E = E_fixed (with eigenstrain)
            Stress(_u, _fixedE, true);
            Divergence(_r, _rE);
            foreach (var x in _r) for (int i = 0; i < x.Length; i++) x[i] = -x[i];
            for (int c = 0; c < 6; c++) _rE[c] = -_rE[c];
            Precondition(_r, _rE, _zv, _zE);
            double rz = Dot(_r, _rE, _zv, _zE), rz0 = rz;
            _history.Add(1);
            if (!(rz0 > 1e-300 * _n)) { _residual = 0; _converged = true; return; }
            for (int c = 0; c < 3; c++) Array.Copy(_zv[c], _p[c], _n);
            Array.Copy(_zE, _pE, 6);
            var zero = new double[6];
            while (_iterations < _o.MaxIterations)
            {
                _iterations++;
                // q = K p (no eigenstrain, no fixed strain): stress of p, then its divergence
                var pe = new double[6];
                for (int c = 0; c < 6; c++) pe[c] = _free[c] ? _pE[c] : 0;
                Stress(_p, pe, false);
                double pq = Divergence(_q, _qE, _p);
                for (int c = 0; c < 6; c++) pq += _pE[c] * _qE[c];
                if (!(pq > 0)) break; // p in the kernel (cannot happen for a consistent system before convergence)
                double alpha = rz / pq;
                Axpy(alpha, _p, _pE, _u, _uE);
                Axpy(-alpha, _q, _qE, _r, _rE);
                Precondition(_r, _rE, _zv, _zE);
                double rzNew = Dot(_r, _rE, _zv, _zE);
                _residual = Math.Sqrt(Math.Max(rzNew, 0) / rz0);
                _history.Add(_residual);
                if (_residual <= _o.RelativeTolerance) { _converged = true; break; }
                Xpby(_zv, _zE, rzNew / rz, _p, _pE);
                rz = rzNew;
            }
        }

        public ElasticResult Finish(double seconds)
        {
            var e = new double[6];
            for (int c = 0; c < 6; c++) e[c] = _free[c] ? _uE[c] : _fixedE[c];
            Stress(_u, e, true);
            var labels = _v.Labels;
            var w = new double[_n];
            int plane = _nx * _ny;
            Parallel.For(0, _nz, _po, z =>
            {
                for (int i = z * plane, end = i + plane; i < end; i++)
                {
                    byte l = labels[i];
                    double mu = _mu[l], lam = _lam[l];
                    if (mu == 0) { w[i] = 0; continue; }
                    // elastic strain from the stress: e = (sigma - lam tr(e) I) / (2 mu), tr(e) = tr(sigma) / (3 lam + 2 mu)
                    double s0 = _sig[0][i], s1 = _sig[1][i], s2 = _sig[2][i], s3 = _sig[3][i], s4 = _sig[4][i], s5 = _sig[5][i];
                    double tre = (s0 + s1 + s2) / (3 * lam + 2 * mu), m2 = 2 * mu;
                    double e0 = (s0 - lam * tre) / m2, e1 = (s1 - lam * tre) / m2, e2 = (s2 - lam * tre) / m2;
                    double dens = 0.5 * (s0 * e0 + s1 * e1 + s2 * e2 + 2 * (s3 * s3 + s4 * s4 + s5 * s5) / m2);
                    w[i] = dens * 1000; // GPa -> MJ/m3
                }
            });
            double total = Sum(w) / _n;
            var stress = new double[6];
            for (int c = 0; c < 6; c++) stress[c] = Sum(_sig[c]) / _n * 1000;
            // per label means (sequential, deterministic)
            var sum = new double[256]; var cnt = new long[256];
            for (int i = 0; i < _n; i++) { sum[labels[i]] += w[i]; cnt[labels[i]]++; }
            var byLabel = new SortedDictionary<byte, double>();
            for (int l = 0; l < 256; l++) if (cnt[l] > 0) byLabel[(byte)l] = sum[l] / cnt[l];
            double shell = double.NaN, shellFraction = 0;
            if (_o.ShellMatrixLabel is { } ml && _o.ShellInclusionLabels.Length > 0)
            {
                var mask = ShellMask(_v, ml, _o.ShellInclusionLabels, _o.ShellWidthVoxels);
                double ss = 0; long sc = 0;
                for (int i = 0; i < _n; i++) if (mask[i]) { ss += w[i]; sc++; }
                if (sc > 0) { shell = ss / sc; shellFraction = sc / (double)_n; }
            }
            var hist = Histogram(w, labels);
            return new ElasticResult(_o.KeepField ? w : null, _nz, _ny, _nx, total, byLabel, shell, shellFraction, hist, stress, e,
                _iterations, _residual, _converged, _history.ToArray(), seconds);
        }

        IReadOnlyList<EnergyHistogramBin> Histogram(double[] w, byte[] labels)
        {
            int bins = Math.Max(1, _o.HistogramBins);
            double max = 0; long n = 0;
            for (int i = 0; i < _n; i++) if (_mu[labels[i]] > 0) { max = Math.Max(max, w[i]); n++; }
            if (n == 0 || max <= 0) return [];
            var counts = new long[bins];
            for (int i = 0; i < _n; i++)
                if (_mu[labels[i]] > 0) counts[Math.Min(bins - 1, (int)(w[i] / max * bins))]++;
            return Enumerable.Range(0, bins).Select(b => new EnergyHistogramBin(max * b / bins, max * (b + 1) / bins, counts[b] / (double)n)).ToArray();
        }
    }

    /// <summary>
    /// Interface shell: voxels of <paramref name="matrixLabel"/> within <paramref name="widthVoxels"/> face-neighbour steps (periodic) of a voxel
    /// carrying one of <paramref name="inclusionLabels"/>.
    /// </summary>
    public static bool[] ShellMask(LabelVolume v, byte matrixLabel, IReadOnlyCollection<byte> inclusionLabels, int widthVoxels)
    {
        InvalidInputException.Require(widthVoxels >= 1, "shell_width", $"expected a shell width >= 1 voxel, got {widthVoxels}");
        int nx = v.Nx, ny = v.Ny, nz = v.Nz, n = (int)v.Count;
        var incl = new bool[256];
        foreach (var l in inclusionLabels) incl[l] = true;
        var near = new bool[n];
        for (int i = 0; i < n; i++) near[i] = incl[v.Labels[i]];
        for (int step = 0; step < widthVoxels; step++)
        {
            var next = (bool[])near.Clone();
            for (int z = 0; z < nz; z++)
                for (int y = 0; y < ny; y++)
                    for (int x = 0; x < nx; x++)
                    {
                        int i = (z * ny + y) * nx + x;
                        if (near[i]) continue;
                        bool hit = near[(z * ny + y) * nx + (x + 1) % nx] || near[(z * ny + y) * nx + (x + nx - 1) % nx]
                                || near[(z * ny + (y + 1) % ny) * nx + x] || near[(z * ny + (y + ny - 1) % ny) * nx + x]
                                || near[(((z + 1) % nz) * ny + y) * nx + x] || near[(((z + nz - 1) % nz) * ny + y) * nx + x];
                        if (hit) next[i] = true;
                    }
            near = next;
        }
        var mask = new bool[n];
        for (int i = 0; i < n; i++) mask[i] = near[i] && v.Labels[i] == matrixLabel;
        return mask;
    }
}
