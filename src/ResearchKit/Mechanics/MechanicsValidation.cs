using ResearchKit.Microstructure;

namespace ResearchKit.Mechanics;

/// <summary>One known-answer check of the elastic solver: the exact value, the computed one and the relative error.</summary>
public sealed record MechanicsCheck(string Case, double Exact, double Computed, int Iterations, double Residual)
{
    public double RelativeError => Computed / Exact - 1;
}

/// <summary>One radius of the inhomogeneous-sphere refinement (cell edge proportional to the radius, so the fraction is fixed).</summary>
public sealed record SphereRefinementPoint(double RadiusVoxels, int CellVoxels, double VolumeFraction, double ComputedMJPerM3, double ConcentricSphereMJPerM3, int Iterations)
{
    /// <summary>Computed / exact.</summary>
    public double Ratio => ComputedMJPerM3 / ConcentricSphereMJPerM3;
}

/// <summary>
/// The known-answer cases of the mechanics-validation notebook, as library calls: Eshelby sphere, inhomogeneous sphere against the
/// concentric-sphere solution with refinement and Richardson extrapolation, periodic laminate, porous bodies.
/// </summary>
public static class MechanicsValidation
{
    /// <summary>A centred ball of <paramref name="inside"/> voxels (distance of the voxel centre &lt;= radius) in a cube of <paramref name="outside"/>.</summary>
    public static LabelVolume Sphere(int n, double radius, byte inside = 1, byte outside = 2)
    {
        var v = new LabelVolume(n, n, n, 1.0);
        double c = (n - 1) / 2.0;
        for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++)
            v[z, y, x] = (x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c) <= radius * radius ? inside : outside;
        return v;
    }

    /// <summary>
    /// Eshelby: a dilatational eigenstrain eps in a sphere of the same isotropic medium, periodic cell at zero mean stress. Energy per
    /// inclusion volume 2 mu (1 + nu) / (1 - nu) eps^2 (1 - f) (Eshelby 1957; the (1 - f) is exact for a dilatational inclusion at zero
    /// mean stress: the image field is a uniform strain f eps that cancels that share of the energy).
    /// </summary>
    public static MechanicsCheck EshelbySphere(int n = 48, double radius = 12, IsotropicPhase? phase = null, double eps = 0.01)
    {
        phase ??= new IsotropicPhase(100, 0.3);
        var v = Sphere(n, radius);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = phase, [2] = phase }, new Dictionary<byte, double> { [1] = eps }, new ElasticOptions { KeepField = false });
        long inside = v.Labels.LongCount(b => b == 1);
        double f = inside / (double)v.Count, mu = phase.ShearModulusGPa, nu = phase.PoissonRatio;
        double exact = 2 * mu * (1 + nu) / (1 - nu) * eps * eps * (1 - f) * 1000;
        return new MechanicsCheck($"Eshelby sphere r = {radius} voxels: energy per inclusion volume [MJ/m3]", exact, r.StrainEnergyDensityMJPerM3 * v.Count / inside, r.Iterations, r.Residual);
    }

    /// <summary>
    /// Concentric spheres (Lame), traction-free outer surface: energy per cell volume (GPa) of a dilatational eigenstrain eps in a core of
    /// volume fraction f. u = A r in the core, B r + C / r^2 in the shell; continuity and the two traction conditions fix A, B, C, and
    /// W = -1/2 integral of sigma : eps* over the core (no external work).
    /// </summary>
    public static double ConcentricSphereEnergyGPa(IsotropicPhase core, IsotropicPhase shell, double eps, double f)
    {
        double k1 = core.BulkModulusGPa, k2 = shell.BulkModulusGPa, mu2 = shell.ShearModulusGPa;
        double c = 3 * k1 * eps / (3 * k1 + 4 * k1 * mu2 * f / k2 + 4 * mu2 * (1 - f));
        double a = c * (1 + 4 * mu2 * f / (3 * k2));
        return -4.5 * k1 * (a - eps) * eps * f;
    }

    /// <summary>Infinite-matrix limit of the inhomogeneous sphere: energy per inclusion volume 18 K1 mu2 eps^2 / (3 K1 + 4 mu2) (GPa).</summary>
    public static double InfiniteMatrixEnergyPerInclusionGPa(IsotropicPhase core, IsotropicPhase shell, double eps) =>
        18 * core.BulkModulusGPa * shell.ShearModulusGPa * eps * eps / (3 * core.BulkModulusGPa + 4 * shell.ShearModulusGPa);

    /// <summary>
    /// Inhomogeneous sphere (CAM in SSE moduli by default, eps = -2 %) at fixed volume fraction (cell = radius x cellPerRadius) for each radius,
    /// zero mean stress, against <see cref="ConcentricSphereEnergyGPa"/> at the voxel fraction.
    /// </summary>
    public static IReadOnlyList<SphereRefinementPoint> InhomogeneousSphere(IEnumerable<double> radii, double cellPerRadius = 16.0 / 3,
        IsotropicPhase? core = null, IsotropicPhase? shell = null, double eps = -0.02, double tolerance = 1e-6)
    {
        core ??= new IsotropicPhase(190, 0.25); shell ??= new IsotropicPhase(22, 0.37);
        var points = new List<SphereRefinementPoint>();
        foreach (var rad in radii)
        {
            int n = (int)Math.Round(rad * cellPerRadius);
            var v = Sphere(n, rad);
            var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = core, [2] = shell }, new Dictionary<byte, double> { [1] = eps },
                new ElasticOptions { RelativeTolerance = tolerance, KeepField = false });
            double f = v.Labels.LongCount(b => b == 1) / (double)v.Count;
            points.Add(new SphereRefinementPoint(rad, n, f, r.StrainEnergyDensityMJPerM3, ConcentricSphereEnergyGPa(core, shell, eps, f) * 1000, r.Iterations));
        }
        return points;
    }

    /// <summary>
    /// Richardson extrapolation of a quantity whose error falls like 1/r: from (r1, q1) and (r2, q2), q = (r2 q2 - r1 q1) / (r2 - r1).
    /// </summary>
    public static double RichardsonOneOverR(double r1, double q1, double r2, double q2) => (r2 * q2 - r1 * q1) / (r2 - r1);

    /// <summary>
    /// Periodic laminate (layers normal to z) with different moduli and eigenstrains at zero mean stress: the exact solution is
    /// piecewise constant with a uniform in-plane strain and zero normal stress; with the biaxial moduli Y = E / (1 - nu),
    /// e_in = sum f Y eps / sum f Y and W_i = Y_i (e_in - eps_i)^2. Returns the energy of each layer and the volume mean.
    /// </summary>
    public static IReadOnlyList<MechanicsCheck> Laminate(int nz = 16, int layer1 = 6, IsotropicPhase? p1 = null, IsotropicPhase? p2 = null, double e1 = 0.01, double e2 = -0.005)
    {
        p1 ??= new IsotropicPhase(100, 0.3); p2 ??= new IsotropicPhase(20, 0.35);
        var v = new LabelVolume(nz, 4, 4, 1.0);
        for (int z = 0; z < nz; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) v[z, y, x] = (byte)(z < layer1 ? 1 : 2);
        var r = ElasticSolver.Solve(v, new Dictionary<byte, IsotropicPhase> { [1] = p1, [2] = p2 }, new Dictionary<byte, double> { [1] = e1, [2] = e2 },
            new ElasticOptions { RelativeTolerance = 1e-12, KeepField = false });
        double f1 = layer1 / (double)nz, f2 = 1 - f1;
        double y1 = p1.YoungModulusGPa / (1 - p1.PoissonRatio), y2 = p2.YoungModulusGPa / (1 - p2.PoissonRatio);
        double ein = (f1 * y1 * e1 + f2 * y2 * e2) / (f1 * y1 + f2 * y2);
        double w1 = y1 * (ein - e1) * (ein - e1) * 1000, w2 = y2 * (ein - e2) * (ein - e2) * 1000;
        return
        [
            new("laminate layer 1: energy density [MJ/m3]", w1, r.StrainEnergyByLabelMJPerM3[1], r.Iterations, r.Residual),
            new("laminate layer 2: energy density [MJ/m3]", w2, r.StrainEnergyByLabelMJPerM3[2], r.Iterations, r.Residual),
            new("laminate: volume mean [MJ/m3]", f1 * w1 + f2 * w2, r.StrainEnergyDensityMJPerM3, r.Iterations, r.Residual),
            new("laminate: in-plane strain", ein, r.MeanStrain[0], r.Iterations, r.Residual),
        ];
    }

    /// <summary>
    /// A periodic block of SSE-like solid (label 3) with random spherical pores (label 0) and, unless <paramref name="camInclusions"/>
    /// is false, CAM spheres (label 1); twelve spheres of radius 2-5 voxels from <paramref name="seed"/>.
    /// </summary>
    public static LabelVolume PorousBlock(int n, ulong seed, bool camInclusions = true)
    {
        var v = new LabelVolume(n, n, n, 1.0);
        Array.Fill(v.Labels, (byte)3);
        var rng = new SplitMix64(seed);
        for (int p = 0; p < 12; p++)
        {
            double cx = rng.NextDouble() * n, cy = rng.NextDouble() * n, cz = rng.NextDouble() * n, rad = 2 + 3 * rng.NextDouble();
            byte lab = p % 3 == 0 && camInclusions ? (byte)1 : (p % 3 == 0 ? (byte)3 : (byte)0);
            for (int z = 0; z < n; z++) for (int y = 0; y < n; y++) for (int x = 0; x < n; x++)
            {
                double dx = Math.Abs(x - cx); dx = Math.Min(dx, n - dx);
                double dy = Math.Abs(y - cy); dy = Math.Min(dy, n - dy);
                double dz = Math.Abs(z - cz); dz = Math.Min(dz, n - dz);
                if (dx * dx + dy * dy + dz * dz <= rad * rad) v[z, y, x] = lab;
            }
        }
        return v;
    }

    /// <summary>Uniform eigenstrain in the only solid (SSE moduli) of a porous periodic block at zero mean stress: exact answer zero energy, mean strain = eps.</summary>
    public static ElasticResult PorousFreeContraction(int n = 24, ulong seed = 5, double eps = -0.02) =>
        ElasticSolver.Solve(PorousBlock(n, seed, camInclusions: false), new Dictionary<byte, IsotropicPhase> { [3] = new(22, 0.37) },
            new Dictionary<byte, double> { [3] = eps }, new ElasticOptions { RelativeTolerance = MechanicsRequest.DefaultTolerance });

    /// <summary>Contracting CAM spheres (-2 %) in a porous SSE block at zero mean stress: infinite contrast at the pores; the residual history shows the convergence.</summary>
    public static ElasticResult PorousContractingInclusions(int n = 24, ulong seed = 7) =>
        ElasticSolver.Solve(PorousBlock(n, seed), new Dictionary<byte, IsotropicPhase> { [1] = new(190, 0.25), [3] = new(22, 0.37) },
            new Dictionary<byte, double> { [1] = -0.02 }, new ElasticOptions { RelativeTolerance = MechanicsRequest.DefaultTolerance });
}
