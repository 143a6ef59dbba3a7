using System.Diagnostics;
using ResearchKit.Packing.Engine;

namespace ResearchKit.Packing;

public static partial class DensePacking
{
    /// <summary>Relative overlap below which a minimised state counts as overlap-free (unjammed).</summary>
    public const double OverlapTolerance = 1e-4;

    /// <summary>
    /// Dense random packing by jamming of soft spheres (O'Hern, Silbert, Liu and Nagel, Phys. Rev. E 68, 011306 (2003)):
    /// spheres start at random positions at a low packing fraction and are compressed in steps; after each step the
    /// harmonic overlap energy is minimised with FIRE. A step that relaxes to overlaps below
    /// <see cref="OverlapTolerance"/> is accepted; a step that ends in force balance with finite overlaps (jammed) is
    /// undone by halving the step, continuing from the jammed configuration (bisection towards the jamming point).
    /// Stops when the step is below 2e-4 in packing fraction; the last accepted (overlap-free within tolerance) state
    /// is returned. The quench from a random start is infinitely fast, so monodisperse packings jam amorphous near random
    /// close packing (about 0.64) without crystallising.
    /// <para>
    /// WallsInZ = false: fully periodic cube; compression grows all radii together and the result is rescaled so the radii
    /// are those requested. WallsInZ = true: x and y periodic with the requested edges, hard walls at z = 0 and z = Lz;
    /// compression moves the top wall down (affine in z, as a uniaxial press), so the returned Lz is the pressed height.
    /// </para>
    /// Deterministic: same request and seed give the same sphere list, whatever the number of threads
    /// (<see cref="PackingRequest.MaxDegreeOfParallelism"/>).
    /// </summary>
    public static PackingResult Pack(PackingRequest request, IProgress<string>? progress = null) => Pack(request, progress, DefaultTuning);

    internal static PackingResult Pack(PackingRequest request, IProgress<string>? progress, ProtocolTuning t)
    {
        Validate(request);
        int n = request.RadiiUm.Length;
        var radii = request.RadiiUm;
        double solid = 0, rmax = 0;
        foreach (var r in radii) { solid += 4.0 / 3.0 * Math.PI * r * r * r; rmax = Math.Max(rmax, r); }

        const double phiStartDefault = 0.35;
        SoftSphereSystem sys;
        var rng = new PackingRandom(request.Seed);
        double phiStart;
        if (request.WallsInZ)
        {
            double area = request.BoxXUm * request.BoxYUm;
            double lz = solid / (phiStartDefault * area);
            lz = Math.Max(lz, 2.5 * rmax);
            phiStart = solid / (area * lz);
            sys = new SoftSphereSystem(radii, true, request.BoxXUm, request.BoxYUm, lz, request.MaxDegreeOfParallelism, t.ParallelMinChunks);
            for (int i = 0; i < n; i++)
            {
                sys.X[i] = rng.NextDouble() * request.BoxXUm;
                sys.Y[i] = rng.NextDouble() * request.BoxYUm;
                sys.Z[i] = radii[i] + rng.NextDouble() * (lz - 2 * radii[i]);
            }
        }
        else
        {
            // Working cube sized for a final packing fraction near 0.64, so the radius scale ends near 1.
            double l = Math.Cbrt(solid / 0.64);
            phiStart = phiStartDefault;
            sys = new SoftSphereSystem(radii, false, l, l, l, request.MaxDegreeOfParallelism, t.ParallelMinChunks);
            sys.Scale = Math.Cbrt(phiStart * l * l * l / solid);
            for (int i = 0; i < n; i++)
            {
                sys.X[i] = rng.NextDouble() * l;
                sys.Y[i] = rng.NextDouble() * l;
                sys.Z[i] = rng.NextDouble() * l;
            }
        }

        // Memory locality: renumber the spheres in cell order (z slabs, then y rows, then x) of their random start
        // positions, so that neighbours in space are neighbours in memory for the whole run (spheres move only a few
        // diameters while jamming). The sphere list is returned in the caller's order.
        var perm = SpatialOrder(sys, 2 * solid / n > 0 ? Math.Cbrt(solid / n) * 1.6 * sys.Scale : 1);
        sys = Permuted(sys, perm, request.MaxDegreeOfParallelism, t.ParallelMinChunks);
        var sw = Stopwatch.StartNew();
        sys.Minimize(t.AcceptOverlap, t.ForceBalance, t.MaxIterations, t.StallIterations, out _);
        double phiAcc = sys.PackingFraction;
        var snapshot = Snapshot(sys);
        double step = t.InitialStep, phiUpper = double.PositiveInfinity;
        while (phiUpper - phiAcc > t.MinStep)
        {
            // March up by the step until a compression jams; then bisect between the densest relaxed and the
            // loosest jammed packing fraction.
            double target = double.IsPositiveInfinity(phiUpper) ? phiAcc + step : 0.5 * (phiAcc + phiUpper);
            SetPackingFraction(sys, target);
            if (target < t.ShakeBelowPhi && target >= t.ShakeFromPhi && t.ShakeCycles > 0) sys.Agitate(ref rng, t.ShakeAmplitude, t.ShakeCycles, 0.5);
            var outcome = sys.Minimize(t.AcceptOverlap, t.ForceBalance, t.MaxIterations, t.StallIterations, out double ov);
            bool ok = outcome == SoftSphereSystem.Outcome.Relaxed;
            progress?.Report($"packing: phi {target:F4} {(ok ? "relaxed" : "jammed")} (max overlap {ov:E1}), {sys.Iterations} iterations, {sw.Elapsed.TotalSeconds:F1} s");
            if (ok) { phiAcc = target; snapshot = Snapshot(sys); }
            else phiUpper = target;
        }
        Restore(sys, snapshot);
        double maxOverlap = sys.MaxRelativeOverlap();
        // Polish: the accepted state is below jamming, so a further minimisation drives its overlaps towards zero.
        var polished = sys.Minimize(t.PolishOverlap, t.ForceBalance, t.PolishIterations, t.StallIterations, out _);
        double after = sys.MaxRelativeOverlap();
        if (after > maxOverlap) Restore(sys, snapshot); else maxOverlap = after;
        progress?.Report($"packing: polish {polished}, max overlap {maxOverlap:E1}");
        if (!sys.Walls)
        {
            // Periodic cube: shrink all radii by the largest relative overlap, which makes every pair distance at least
            // the sum of radii (zero overlap) at a cost of about 3 x overlap in relative packing fraction.
            sys.Scale *= 1 - maxOverlap;
            sys.InvalidateLists();
            maxOverlap = sys.MaxRelativeOverlap();
        }
        return BuildResult(sys, request, maxOverlap, perm);
    }

    /// <summary>Protocol constants (internal so that tests and benchmarks can study them).</summary>
    internal sealed record ProtocolTuning(double AcceptOverlap, double ForceBalance, int MaxIterations, int StallIterations,
        double InitialStep, double MinStep, double PolishOverlap, int PolishIterations, double ShakeBelowPhi, int ShakeCycles, double ShakeAmplitude, double ShakeFromPhi = 0, int ParallelMinChunks = 16);

    /// <summary>
    /// Defaults found on monodisperse N = 1000 packings (seeds 1-6 give 0.640-0.642): accept a compression when overlaps
    /// fall below 2e-4; call it jammed when net forces are balanced to 1 % of the mean contact overlap or the largest
    /// overlap has not improved for 500 steps; agitate (600 MD steps at 0.02 radii per unit time) at every compression
    /// from 0.45 to 0.63 (below 0.45 the fluid is too loose for it to matter), which raises the final density by about
    /// 0.006 over a plain quench (0.634-0.636 without) while Q6 stays near zero; agitating up to 0.645 gave 0.644 but
    /// comes closer to the ordering regime, so it is not used; bisect to 5e-4 in packing fraction.
    /// </summary>
    internal static readonly ProtocolTuning DefaultTuning = new(AcceptOverlap: 2e-4, ForceBalance: 1e-2, MaxIterations: 20000, StallIterations: 500,
        InitialStep: 0.02, MinStep: 5e-4, PolishOverlap: 1e-5, PolishIterations: 1000,
        ShakeBelowPhi: 0.63, ShakeCycles: 600, ShakeAmplitude: 0.02, ShakeFromPhi: 0.45);

    /// <summary>Permutation (internal index -> caller index) sorting spheres by the cell of edge <paramref name="cell"/> they start in.</summary>
    static int[] SpatialOrder(SoftSphereSystem sys, double cell)
    {
        int nx = Math.Max(1, (int)(sys.Lx / cell)), ny = Math.Max(1, (int)(sys.Ly / cell)), nz = Math.Max(1, (int)(sys.Lz / cell));
        var key = new long[sys.N];
        for (int i = 0; i < sys.N; i++)
        {
            long ix = Math.Clamp((int)(sys.X[i] / sys.Lx * nx), 0, nx - 1), iy = Math.Clamp((int)(sys.Y[i] / sys.Ly * ny), 0, ny - 1);
            long iz = Math.Clamp((int)(sys.Z[i] / sys.Lz * nz), 0, nz - 1);
            key[i] = ((iz * ny + iy) * nx + ix) * sys.N + i; // index breaks ties: a total, deterministic order
        }
        var perm = Enumerable.Range(0, sys.N).ToArray();
        Array.Sort(key, perm);
        return perm;
    }

    static SoftSphereSystem Permuted(SoftSphereSystem sys, int[] perm, int maxDegreeOfParallelism, int parallelMinChunks)
    {
        var radii = perm.Select(o => sys.R0[o]).ToArray();
        var p = new SoftSphereSystem(radii, sys.Walls, sys.Lx, sys.Ly, sys.Lz, maxDegreeOfParallelism, parallelMinChunks) { Scale = sys.Scale };
        for (int k = 0; k < perm.Length; k++) { p.X[k] = sys.X[perm[k]]; p.Y[k] = sys.Y[perm[k]]; p.Z[k] = sys.Z[perm[k]]; }
        return p;
    }

    static void Validate(PackingRequest request)
    {
        InvalidInputException.Require(request.RadiiUm is not null && request.RadiiUm.Length > 0, "RadiiUm", "at least one sphere radius is needed");
        InvalidInputException.Require(request.Species is not null && request.Species.Length == request.RadiiUm!.Length, "Species",
            $"one species code per radius ({request.RadiiUm!.Length} radii)");
        double rmax = 0, solid = 0;
        for (int i = 0; i < request.RadiiUm.Length; i++)
        {
            double r = request.RadiiUm[i];
            if (!(r > 0) || !double.IsFinite(r))
                throw new InvalidInputException($"radius {i} is {r}; expected a finite radius > 0 um", field: "RadiiUm");
            rmax = Math.Max(rmax, r);
            solid += 4.0 / 3.0 * Math.PI * r * r * r;
        }
        if (request.WallsInZ)
        {
            InvalidInputException.Require(request.BoxXUm > 0 && double.IsFinite(request.BoxXUm), "BoxXUm", "expected a finite box edge > 0 um");
            InvalidInputException.Require(request.BoxYUm > 0 && double.IsFinite(request.BoxYUm), "BoxYUm", "expected a finite box edge > 0 um");
            InvalidInputException.Require(request.BoxXUm >= 2 * rmax, "BoxXUm", $"the box ({request.BoxXUm} um) must be at least the largest particle diameter ({2 * rmax:G4} um)");
            InvalidInputException.Require(request.BoxYUm >= 2 * rmax, "BoxYUm", $"the box ({request.BoxYUm} um) must be at least the largest particle diameter ({2 * rmax:G4} um)");
        }
        else
        {
            double edge = Math.Cbrt(solid / 0.70);
            InvalidInputException.Require(edge >= 2 * rmax, "RadiiUm",
                $"too few spheres for a periodic cube: the cube edge (~{edge:G3} um) would be below the largest diameter ({2 * rmax:G3} um)");
        }
    }

    static void SetPackingFraction(SoftSphereSystem sys, double phi)
    {
        double solid = sys.SolidVolume0();
        if (sys.Walls)
        {
            double lzNew = solid / (phi * sys.Lx * sys.Ly);
            double f = lzNew / sys.Lz;
            for (int i = 0; i < sys.N; i++) sys.Z[i] *= f;
            sys.Lz = lzNew;
        }
        else sys.Scale = Math.Cbrt(phi * sys.Lx * sys.Ly * sys.Lz / solid);
        sys.InvalidateLists();
    }

    sealed record State(double[] X, double[] Y, double[] Z, double Scale, double Lz);

    static State Snapshot(SoftSphereSystem s) => new((double[])s.X.Clone(), (double[])s.Y.Clone(), (double[])s.Z.Clone(), s.Scale, s.Lz);

    static void Restore(SoftSphereSystem s, State st)
    {
        Array.Copy(st.X, s.X, s.N); Array.Copy(st.Y, s.Y, s.N); Array.Copy(st.Z, s.Z, s.N);
        s.Scale = st.Scale; s.Lz = st.Lz;
        s.InvalidateLists();
    }

    static PackingResult BuildResult(SoftSphereSystem sys, PackingRequest request, double maxOverlap, int[] perm)
    {
        int n = sys.N;
        var spheres = new Sphere[n];
        double inv = 1.0 / sys.Scale;
        double lx = sys.Lx * inv, ly = sys.Ly * inv, lz = sys.Lz * inv;
        for (int i = 0; i < n; i++)
        {
            double x = Wrap(sys.X[i] * inv, lx), y = Wrap(sys.Y[i] * inv, ly);
            double z = sys.Walls ? sys.Z[i] : Wrap(sys.Z[i] * inv, lz);
            int o = perm[i];
            spheres[o] = new Sphere(x, y, z, request.RadiiUm[o], request.Species[o]);
        }
        double solid = sys.SolidVolume0();
        return new PackingResult(spheres, lx, ly, lz, solid / (lx * ly * lz), (int)Math.Min(int.MaxValue, sys.Iterations), maxOverlap);
    }

    static double Wrap(double x, double l)
    {
        double w = x - Math.Floor(x / l) * l;
        return w >= l ? w - l : w;
    }
}
