using System.Diagnostics;
using System.Numerics;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport.Solvers;

namespace ResearchKit.Transport;

/// <summary>Options of a steady-state conduction solve on a voxel volume.</summary>
public sealed record ConductionOptions
{
    /// <summary>Flux axis: X is the last (fastest) index of the C-order (Nz, Ny, Nx) array, Z the first.</summary>
    public VolumeAxis Axis { get; init; } = VolumeAxis.Z;
    /// <summary>Periodic side faces (the two axes other than the flux axis) instead of no-flux sides.</summary>
    public bool PeriodicSides { get; init; }
    /// <summary>
    /// Stop when ||b - A x||_2 / ||b||_2 falls below this. Because tau comes from the dissipated power, whose error is
    /// quadratic in the field error, tau is far more accurate than the residual: measured on an 80^3 sphere medium,
    /// residual 1e-4 / 1e-5 / 1e-6 gave tau errors 4e-5 / 3e-7 / 3e-9. Default 1e-6.
    /// </summary>
    public double RelativeTolerance { get; init; } = 1e-6;
    /// <summary>Iteration cap of the preconditioned conjugate gradient.</summary>
    public int MaxIterations { get; init; } = 1000;
    /// <summary>Return the potential field (C order, NaN outside the through-connected conducting voxels).</summary>
    public bool KeepPotential { get; init; }
    /// <summary>Gauss-Seidel sweeps before and after each coarse correction.</summary>
    public int SmoothingSweeps { get; init; } = 1;
    /// <summary>Over-correction factor of the aggregation coarse correction (1 = plain Galerkin; the K-cycle needs none).</summary>
    public double OverCorrection { get; init; } = 1.0;
    /// <summary>Progress messages (setup time, residual every 5 iterations); null for none.</summary>
    public IProgress<string>? Progress { get; init; }
    /// <summary>K-cycle (two Krylov steps per coarse level) instead of a V-cycle: iterations stay flat with size.</summary>
    public bool KCycle { get; init; } = true;
}

/// <summary>
/// Result of a conduction solve. Conductivities carry the unit of the conductivities passed in (relative units for a
/// binary solve, where the conducting phase has conductivity 1).
/// </summary>
/// <param name="EffectiveConductivity">sigma_eff = I L / (A dV), absolute, in the unit of the inputs.</param>
/// <param name="ReferenceConductivity">sigma_ref: the conducting phase (binary) or the largest phase conductivity (multiphase).</param>
/// <param name="RelativeConductivity">sigma_eff / sigma_ref (the "effective transport parameter" eps/tau in binary mode).</param>
/// <param name="MeanConductivity">Volume-weighted mean sum_l eps_l sigma_l (eps * sigma_phase in binary mode).</param>
/// <param name="Tau">Tortuosity factor, TauFactor's convention: tau = sum_l eps_l sigma_l / sigma_eff; +infinity when not percolating.</param>
/// <param name="TauEffectivePorosity">PoreSpy's variant: the through-connected volume fractions in place of eps_l.</param>
/// <param name="VolumeFraction">Fraction of voxels with a nonzero conductivity.</param>
/// <param name="ThroughFraction">Fraction of all voxels in conducting clusters touching both Dirichlet faces.</param>
/// <param name="Percolating">Whether a conducting path joins the two faces.</param>
/// <param name="Iterations">Preconditioned CG iterations.</param>
/// <param name="Residual">Final ||b - A x|| / ||b||.</param>
/// <param name="CurrentMismatch">|I_in - I_out| / mean(I_in, I_out): the mass-balance error.</param>
/// <param name="Potential">Potential field (inlet 1, outlet 0) in C order, NaN outside conducting through-paths; null unless asked.</param>
/// <param name="Axis">Flux axis of the solve.</param>
/// <param name="MultigridLevels">Levels of the aggregation multigrid preconditioner (0 when no system was solved).</param>
/// <param name="Seconds">Wall time of the solve, s.</param>
public sealed record ConductionResult(
    VolumeAxis Axis, double EffectiveConductivity, double ReferenceConductivity, double RelativeConductivity, double MeanConductivity,
    double Tau, double TauEffectivePorosity, double VolumeFraction, double ThroughFraction, bool Percolating,
    int Iterations, double Residual, double CurrentMismatch, int MultigridLevels, double Seconds, float[]? Potential)
{
    /// <summary>Why the iteration stopped. Only <see cref="ConductionExitReason.ToleranceReached"/> and
    /// <see cref="ConductionExitReason.NotPercolating"/> (sigma_eff = 0 exactly, no system to solve) are converged.</summary>
    public ConductionExitReason ExitReason { get; init; } = ConductionExitReason.ToleranceReached;

    /// <summary>Whether the result meets <see cref="ConductionOptions.RelativeTolerance"/> (false: stopped at the iteration cap or
    /// broke down; the numbers are then the last iterate's and tau is biased).</summary>
    public bool Converged => ExitReason is ConductionExitReason.ToleranceReached or ConductionExitReason.NotPercolating;

    /// <inheritdoc />
    public override string ToString() =>
        $"tau = {Tau:G6} (eff. porosity {TauEffectivePorosity:G6}), sigma_eff/sigma_ref = {RelativeConductivity:G6}, eps = {VolumeFraction:G4}, " +
        $"through = {ThroughFraction:G4}, percolating = {Percolating}, {Iterations} it, residual {Residual:E2}, mismatch {CurrentMismatch:E2}, " +
        $"{(Converged ? "converged" : "NOT converged (" + ExitReason + ")")}, {Seconds:F2} s";
}

/// <summary>Why a conduction solve stopped.</summary>
public enum ConductionExitReason
{
    /// <summary>The relative residual fell below the tolerance.</summary>
    ToleranceReached,
    /// <summary>No conducting path joins the two faces: sigma_eff = 0 and tau = +infinity, exactly (no iteration).</summary>
    NotPercolating,
    /// <summary>The iteration cap <see cref="ConductionOptions.MaxIterations"/> was reached above the tolerance.</summary>
    MaxIterations,
    /// <summary>The conjugate-gradient recurrence broke down (p.A p &lt;= 0 or a non-finite value), e.g. from a degenerate operator.</summary>
    Breakdown,
}

/// <summary>
/// Steady-state conduction (Ohm/Fick) on a labelled voxel volume: div(sigma grad phi) = 0, cell-centred finite volumes,
/// 7-point stencil, harmonic-mean face conductances, Dirichlet potentials 1 and 0 half a voxel outside the two faces normal to
/// the flux axis (TauFactor's convention, so the potential drop spans exactly L voxels), no-flux or periodic sides.
/// Percolation is decided first by 6-connected labelling: clusters that do not touch both faces carry no current and are
/// removed from the unknowns; a phase that does not span returns sigma_eff = 0, tau = +infinity at once.
/// The linear system is solved matrix-free by conjugate gradients preconditioned with an aggregation multigrid V-cycle,
/// whose iteration count stays nearly flat as the volume grows.
/// </summary>
/// <remarks>
/// tau = eps sigma_phase / sigma_eff with sigma_eff = I L / (A Delta phi) (Cooper et al. 2016, TauFactor, SoftwareX 5, 203;
/// Kench et al. 2023, TauFactor 2, JOSS 8, 5358). Multiphase: tau = sum_l eps_l sigma_l / sigma_eff (TauFactor MultiPhaseSolver).
/// </remarks>
public static class ConductionSolver
{
    /// <summary>Binary mode: voxels labelled <paramref name="phase"/> conduct with conductivity 1, all others are insulating.</summary>
    /// <param name="volume">labelled volume; the voxel size (um) does not enter: tau and relative conductivity are dimensionless</param>
    /// <param name="phase">label code of the conducting phase</param>
    /// <param name="options">solver options (null: defaults)</param>
    public static ConductionResult SolveBinary(LabelVolume volume, byte phase, ConductionOptions? options = null)
        => Solve(volume, new Dictionary<byte, double> { [phase] = 1.0 }, options);

    /// <summary>Multiphase mode: a conductivity per label (labels not listed are insulating; zero is allowed).</summary>
    /// <param name="volume">labelled volume; the voxel size (um) does not enter: tau and relative conductivity are dimensionless</param>
    /// <param name="conductivity">conductivity per label code, in any one unit (e.g. S/cm); the result's conductivities carry it</param>
    /// <param name="options">solver options (null: defaults)</param>
    /// <returns>sigma_eff, tau and the solve's diagnostics; check <see cref="ConductionResult.Converged"/> (or use <see cref="TrySolve"/>)</returns>
    public static ConductionResult Solve(LabelVolume volume, IReadOnlyDictionary<byte, double> conductivity, ConductionOptions? options = null)
    {
        options ??= new ConductionOptions();
        var sw = Stopwatch.StartNew();
        var sigma = new double[256];
        foreach (var (label, value) in conductivity)
        {
            if (!double.IsFinite(value) || value < 0)
                throw new InvalidInputException($"conductivity of label {label} must be finite and >= 0, got {value}", field: "conductivity");
            sigma[label] = value;
        }
        InvalidInputException.Require(options.RelativeTolerance > 0 && options.RelativeTolerance < 1, "relative_tolerance", "expected 0 < tolerance < 1");
        var (n0, n1, n2, s0, s1, s2) = Canonical(volume, options.Axis);
        if (n0 < 2)
            throw new InvalidInputException($"the flux axis {options.Axis.ToString().ToLowerInvariant()} has length {n0}; at least 2 voxels are needed", field: "axis");
        int count = n0 * n1 * n2;
        var labels = volume.Labels;

        // Canonical copy of the labels: axis 0 = flux axis.
        var canon = new byte[count];
        Parallel.For(0, n0, i0 =>
        {
            for (int i1 = 0; i1 < n1; i1++)
            {
                int o = i0 * s0 + i1 * s1, c = (i0 * n1 + i1) * n2;
                for (int i2 = 0; i2 < n2; i2++) canon[c + i2] = labels[o + i2 * s2];
            }
        });
        var counts = new long[256];
        foreach (var b in canon) counts[b]++;
        double sigmaRef = 0, sigmaMean = 0, conductingFraction = 0;
        for (int l = 0; l < 256; l++)
        {
            double f = counts[l] / (double)count;
            if (sigma[l] > 0) { conductingFraction += f; sigmaMean += f * sigma[l]; if (counts[l] > 0) sigmaRef = Math.Max(sigmaRef, sigma[l]); }
        }
        if (sigmaRef == 0) sigmaRef = conductivity.Values.DefaultIfEmpty(0).Max();

        var mask = new byte[count];
        for (int i = 0; i < count; i++) mask[i] = sigma[canon[i]] > 0 ? (byte)1 : (byte)0;
        var conn = Connectivity.Analyse(mask, n0, n1, n2, VolumeAxis.Z, options.PeriodicSides);
        mask = null!;
        double throughFraction = conn.ThroughCount / (double)count;
        var throughCounts = new long[256];
        for (int i = 0; i < count; i++) if (conn.Through[i] != 0) throughCounts[canon[i]]++;
        double sigmaMeanThrough = 0;
        for (int l = 0; l < 256; l++) sigmaMeanThrough += throughCounts[l] / (double)count * sigma[l];

        if (!conn.Percolating)
            return new ConductionResult(options.Axis, 0, sigmaRef, 0, sigmaMean, double.PositiveInfinity, double.PositiveInfinity,
                conductingFraction, 0, false, 0, 0, 0, 0, sw.Elapsed.TotalSeconds, options.KeepPotential ? NaNField(count) : null)
            { ExitReason = ConductionExitReason.NotPercolating };

        // Fine operator (float32 conductances; the Krylov vectors are float64).
        var s = new float[count];
        for (int i = 0; i < count; i++) s[i] = conn.Through[i] != 0 ? (float)sigma[canon[i]] : 0f;
        options.Progress?.Report($"percolation {sw.Elapsed.TotalSeconds:F2} s");
        canon = null!;
        conn = null!;
        var grid = new ConductanceGrid(n0, n1, n2);
        bool wrap1 = options.PeriodicSides && n1 > 1, wrap2 = options.PeriodicSides && n2 > 1;
        Parallel.For(0, n0, i0 =>
        {
            for (int i1 = 0; i1 < n1; i1++)
                for (int i2 = 0; i2 < n2; i2++)
                {
                    int i = (i0 * n1 + i1) * n2 + i2;
                    float si = s[i];
                    if (si == 0f) continue;
                    if (i0 + 1 < n0) grid.G0[i] = Harmonic(si, s[i + n1 * n2]);
                    if (i1 + 1 < n1) grid.G1[i] = Harmonic(si, s[i + n2]);
                    else if (wrap1) grid.G1[i] = Harmonic(si, s[(i0 * n1) * n2 + i2]);
                    if (i2 + 1 < n2) grid.G2[i] = Harmonic(si, s[i + 1]);
                    else if (wrap2) grid.G2[i] = Harmonic(si, s[(i0 * n1 + i1) * n2]);
                }
        });
        // Dirichlet faces half a voxel outside: conductance sigma / (h/2) = 2 sigma; inlet potential 1 gives b = 2 sigma on
        // the inlet plane and zero elsewhere (b is never stored as a full vector).
        int pl = n1 * n2, last = (n0 - 1) * pl;
        for (int k = 0; k < pl; k++)
        {
            grid.BndLow[k] = 2f * s[k];
            grid.BndHigh[k] = 2f * s[last + k];
        }
        s = null!;
        // Release the setup arrays (labels copy, union-find, masks: ~10 B/voxel) before the solver vectors are allocated,
        // so that they do not add to the peak working set of large volumes.
        GC.Collect();
        options.Progress?.Report($"setup {sw.Elapsed.TotalSeconds:F2} s");

        var z = new float[count];
        var mg = new Multigrid(grid, z, options.SmoothingSweeps, (float)options.OverCorrection, options.KCycle);
        options.Progress?.Report($"multigrid setup ({mg.LevelCount} levels) {sw.Elapsed.TotalSeconds:F2} s");

        // Initial guess: the linear profile of a uniform conductor. The full field x is only stored when the potential is
        // asked for; otherwise only its inlet and outlet planes are tracked (x += alpha p there), and the dissipated power
        // E(x) = x.A x - 2 b.x is tracked by the CG recurrence E(x + alpha p) = E(x) - (r.z)^2 / (p.A p): 8 B/voxel saved.
        var r = new double[count];
        var p = new double[count];
        var q = new double[count];
        double[]? x = options.KeepPotential ? new double[count] : null;
        var xIn = new double[pl];
        var xOut = new double[pl];
        var x0 = p; // p doubles as the initial guess before the first direction is formed
        Parallel.For(0, n0, i0 =>
        {
            double v = 1.0 - (i0 + 0.5) / n0;
            for (int i1 = 0; i1 < n1; i1++)
                for (int i2 = 0; i2 < n2; i2++)
                {
                    int i = (i0 * n1 + i1) * n2 + i2;
                    if (grid.Diagonal(i0, i1, i2) > 0) x0[i] = v;
                }
        });
        if (x is not null) Array.Copy(x0, x, count);
        Array.Copy(x0, 0, xIn, 0, pl);
        Array.Copy(x0, last, xOut, 0, pl);
        double energy = grid.Apply(x0, q);
        double bnorm2 = 0, inlet = 0;
        for (int k = 0; k < pl; k++) { energy -= 2.0 * grid.BndLow[k] * xIn[k]; inlet += grid.BndLow[k]; bnorm2 += (double)grid.BndLow[k] * grid.BndLow[k]; }
        double bnorm = Math.Sqrt(bnorm2);
        Parallel.For(0, n0, i0 => { int b0 = i0 * pl; for (int k = b0; k < b0 + pl; k++) r[k] = -q[k]; });
        for (int k = 0; k < pl; k++) r[k] += grid.BndLow[k];
        double rnorm = Math.Sqrt(Dot(r, r));
        int it = 0;
        double pq = 1;
        bool breakdown = false;
        while (rnorm / bnorm > options.RelativeTolerance && it < options.MaxIterations)
        {
            mg.Apply(r);
            double rz = DotMixed(r, z);
            // Flexible CG (Notay 2000): orthogonalise against the previous direction, beta = -(z.A p_old)/(p_old.A p_old),
            // because the K-cycle preconditioner is not a fixed linear operator. q still holds A p_old here.
            if (it == 0) CopyWiden(z, p);
            else ZPlusBetaP(z, -DotMixed(q, z) / pq, p);
            pq = grid.Apply(p, q);
            // The operator is symmetric positive definite on the through-connected voxels: p.A p <= 0 or a non-finite value
            // means the recurrence has lost it (rounding on a degenerate operator); stop instead of iterating on garbage.
            if (!(pq > 0) || !double.IsFinite(rz)) { breakdown = true; break; }
            double alpha = rz / pq;
            rnorm = Math.Sqrt(UpdateXR(x, r, p, q, alpha));
            for (int k = 0; k < pl; k++) { xIn[k] += alpha * p[k]; xOut[k] += alpha * p[last + k]; }
            energy -= rz * rz / pq;
            it++;
            if (it % 5 == 0) options.Progress?.Report($"iteration {it}: residual {rnorm / bnorm:E2}, {sw.Elapsed.TotalSeconds:F1} s");
        }

        // Currents through the inlet and outlet faces (their difference is the mass-balance check).
        double iin = 0, iout = 0;
        for (int k = 0; k < pl; k++)
        {
            iin += grid.BndLow[k] * (1.0 - xIn[k]);
            iout += grid.BndHigh[k] * xOut[k];
        }
        // The current from the dissipated power, I dV = sum_links g (d phi)^2 = inlet - 2 b.x + x.A x (with dV = 1): by the
        // Dirichlet principle this is stationary at the solution, so its error is quadratic in the field error
        // (||e||_A^2), far smaller than the error of the face currents.
        double current = inlet + energy;
        double sigmaEff = current * n0 / pl;
        double mismatch = Math.Abs(iin - iout) / (0.5 * (iin + iout));
        float[]? potential = null;
        if (x is not null)
        {
            potential = NaNField(count);
            Parallel.For(0, n0, i0 =>
            {
                for (int i1 = 0; i1 < n1; i1++)
                {
                    int o = i0 * s0 + i1 * s1, c = (i0 * n1 + i1) * n2;
                    for (int i2 = 0; i2 < n2; i2++)
                        if (grid.Diagonal(i0, i1, i2) > 0) potential[o + i2 * s2] = (float)x[c + i2];
                }
            });
        }
        return new ConductionResult(options.Axis, sigmaEff, sigmaRef, sigmaEff / sigmaRef, sigmaMean,
            sigmaMean / sigmaEff, sigmaMeanThrough / sigmaEff, conductingFraction, throughFraction, true,
            it, rnorm / bnorm, mismatch, mg.LevelCount, sw.Elapsed.TotalSeconds, potential)
        {
            ExitReason = breakdown ? ConductionExitReason.Breakdown
                : rnorm / bnorm <= options.RelativeTolerance ? ConductionExitReason.ToleranceReached
                : ConductionExitReason.MaxIterations,
        };
    }

    /// <summary>
    /// <see cref="Solve"/> in MathNet's Try shape (as RobustNewtonRaphson.TryFindRoot): returns whether the solve converged
    /// and always gives the result with its diagnostics (<see cref="ConductionResult.ExitReason"/>, iterations, residual).
    /// Invalid input (negative conductivity, a flux axis of one voxel) still throws <see cref="InvalidInputException"/>.
    /// </summary>
    /// <param name="volume">labelled volume; voxel size in um is not needed (tau is dimensionless)</param>
    /// <param name="conductivity">conductivity per label, any consistent unit (e.g. S/cm); labels not listed insulate</param>
    /// <param name="options">solver options (null: defaults)</param>
    /// <param name="result">the result, converged or not</param>
    public static bool TrySolve(LabelVolume volume, IReadOnlyDictionary<byte, double> conductivity, ConductionOptions? options, out ConductionResult result)
    {
        result = Solve(volume, conductivity, options);
        return result.Converged;
    }

    static float[] NaNField(int count)
    {
        var f = new float[count];
        Array.Fill(f, float.NaN);
        return f;
    }

    static float Harmonic(float a, float b) => a == 0f || b == 0f ? 0f : (float)(2.0 * a * b / ((double)a + b));

    /// <summary>Sizes and original strides of the canonical order (flux axis first).</summary>
    internal static (int N0, int N1, int N2, int S0, int S1, int S2) Canonical(LabelVolume v, VolumeAxis axis)
    {
        int nyx = v.Ny * v.Nx;
        return axis switch
        {
            VolumeAxis.Z => (v.Nz, v.Ny, v.Nx, nyx, v.Nx, 1),
            VolumeAxis.Y => (v.Ny, v.Nz, v.Nx, v.Nx, nyx, 1),
            _ => (v.Nx, v.Nz, v.Ny, 1, nyx, v.Nx),
        };
    }

    const int Chunk = 1 << 16;

    static double Dot(double[] a, double[] b)
    {
        int chunks = (a.Length + Chunk - 1) / Chunk;
        var part = new double[chunks];
        Parallel.For(0, chunks, c =>
        {
            int lo = c * Chunk, hi = Math.Min(a.Length, lo + Chunk);
            var acc = Vector<double>.Zero;
            int i = lo, vd = Vector<double>.Count;
            for (; i + vd <= hi; i += vd) acc += new Vector<double>(a, i) * new Vector<double>(b, i);
            double s = Vector.Sum(acc);
            for (; i < hi; i++) s += a[i] * b[i];
            part[c] = s;
        });
        double t = 0;
        foreach (var v in part) t += v;
        return t;
    }

    static double DotMixed(double[] a, float[] b)
    {
        int chunks = (a.Length + Chunk - 1) / Chunk;
        var part = new double[chunks];
        Parallel.For(0, chunks, c =>
        {
            int lo = c * Chunk, hi = Math.Min(a.Length, lo + Chunk);
            var acc = Vector<double>.Zero;
            int i = lo, vd = Vector<double>.Count, vf = Vector<float>.Count;
            for (; i + vf <= hi; i += vf)
            {
                Vector.Widen(new Vector<float>(b, i), out var lo2, out var hi2);
                acc += new Vector<double>(a, i) * lo2 + new Vector<double>(a, i + vd) * hi2;
            }
            double s = Vector.Sum(acc);
            for (; i < hi; i++) s += a[i] * b[i];
            part[c] = s;
        });
        double t = 0;
        foreach (var v in part) t += v;
        return t;
    }

    static void CopyWiden(float[] z, double[] p)
    {
        int chunks = (p.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, c =>
        {
            int lo = c * Chunk, hi = Math.Min(p.Length, lo + Chunk);
            for (int i = lo; i < hi; i++) p[i] = z[i];
        });
    }

    static void ZPlusBetaP(float[] z, double beta, double[] p)
    {
        int chunks = (p.Length + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, c =>
        {
            int lo = c * Chunk, hi = Math.Min(p.Length, lo + Chunk);
            int i = lo, vd = Vector<double>.Count, vf = Vector<float>.Count;
            var vb = new Vector<double>(beta);
            for (; i + vf <= hi; i += vf)
            {
                Vector.Widen(new Vector<float>(z, i), out var zl, out var zh);
                (zl + vb * new Vector<double>(p, i)).CopyTo(p, i);
                (zh + vb * new Vector<double>(p, i + vd)).CopyTo(p, i + vd);
            }
            for (; i < hi; i++) p[i] = z[i] + beta * p[i];
        });
    }

    /// <summary>x += alpha p (when x is stored), r -= alpha q; returns ||r||^2.</summary>
    static double UpdateXR(double[]? x, double[] r, double[] p, double[] q, double alpha)
    {
        int chunks = (r.Length + Chunk - 1) / Chunk;
        var part = new double[chunks];
        Parallel.For(0, chunks, c =>
        {
            int lo = c * Chunk, hi = Math.Min(r.Length, lo + Chunk);
            int i = lo, vd = Vector<double>.Count;
            var va = new Vector<double>(alpha);
            var acc = Vector<double>.Zero;
            if (x is not null)
                for (int k = lo; k < hi; k++) x![k] += alpha * p[k];
            for (; i + vd <= hi; i += vd)
            {
                var rv = new Vector<double>(r, i) - va * new Vector<double>(q, i);
                rv.CopyTo(r, i);
                acc += rv * rv;
            }
            double s = Vector.Sum(acc);
            for (; i < hi; i++) { r[i] -= alpha * q[i]; s += r[i] * r[i]; }
            part[c] = s;
        });
        double t = 0;
        foreach (var v in part) t += v;
        return t;
    }
}
