using ResearchKit.Materials;
using ResearchKit.Microstructure;

namespace ResearchKit.Mechanics;

/// <summary>
/// Eigenstrain of a layered (R-3m) oxide crystal: linear strain <paramref name="AAxisStrain"/> in the basal plane (the a axes)
/// and <paramref name="CAxisStrain"/> along the crystal c axis. In the lab frame, with n the unit c axis,
/// eps* = eps_a I + (eps_c - eps_a) n n^T (transversely isotropic about c).
/// </summary>
public sealed record LayeredEigenstrain(double AAxisStrain, double CAxisStrain)
{
    /// <summary>Relative volume change of the unit cell, (1 + eps_a)^2 (1 + eps_c) - 1.</summary>
    public double VolumetricStrain => (1 + AAxisStrain) * (1 + AAxisStrain) * (1 + CAxisStrain) - 1;

    /// <summary>Orientation average of eps* over uniformly random c axes: ((2 eps_a + eps_c) / 3) I, since the average of n n^T is I / 3.</summary>
    public double OrientationAverageLinearStrain => (2 * AAxisStrain + CAxisStrain) / 3;

    /// <summary>Lab-frame tensor for the unit c axis (nx, ny, nz); components xx, yy, zz, yz, xz, xy (tensor, not engineering, shear).</summary>
    public double[] Tensor(double nx, double ny, double nz)
    {
        double d = CAxisStrain - AAxisStrain, a = AAxisStrain;
        return [a + d * nx * nx, a + d * ny * ny, a + d * nz * nz, d * ny * nz, d * nx * nz, d * nx * ny];
    }

    /// <summary>Checks |eps| &lt; 0.5 for both axes, naming the field.</summary>
    public LayeredEigenstrain Validated(string field)
    {
        InvalidInputException.Require(double.IsFinite(AAxisStrain) && Math.Abs(AAxisStrain) < 0.5, field, $"a-axis linear strain {AAxisStrain} is outside small strain (|eps| < 0.5)");
        InvalidInputException.Require(double.IsFinite(CAxisStrain) && Math.Abs(CAxisStrain) < 0.5, field, $"c-axis linear strain {CAxisStrain} is outside small strain (|eps| < 0.5)");
        return this;
    }

    /// <summary>
    /// The layered oxides' a- and c-axis strains on charge to 4.3 V from the material table (Fig 4d text: NCWA a -2.0 %, c -4.6 %;
    /// NCM a -2.0 %, c -2.8 %), keyed by the NCWA and NCM labels.
    /// </summary>
    /// <remarks>
    /// The c value is the abrupt collapse at the H2-H3 transition, measured from the c maximum, not from the pristine cell, so
    /// (1 + a)^2 (1 + c) - 1 (-8.4 % NCWA, -6.65 % NCM) exceeds the Fig 4e net volume change (-6.5 %, -4.8 %): the anisotropic
    /// case is the upper bound of the late-charge mismatch, the isotropic one the net contraction.
    /// </remarks>
    public static IReadOnlyDictionary<byte, LayeredEigenstrain> Cathode(MaterialLibrary? materials = null)
    {
        materials ??= MaterialLibrary.Default;
        LayeredEigenstrain Of(string m) => new(materials.Value(m, "a_axis_change_charge_4p3v") / 100, materials.Value(m, "c_axis_change_charge_4p3v") / 100);
        return new SortedDictionary<byte, LayeredEigenstrain> { [PhaseLabels.Ncwa] = Of("NCWA"), [PhaseLabels.Ncm] = Of("NCM") };
    }
}

/// <summary>Uniformly random crystal orientations, one per particle, from an explicit seed (independent of thread count and order).</summary>
public static class CrystalOrientations
{
    /// <summary>
    /// Rotation matrix (row-major 3 x 3) of particle <paramref name="particleId"/>: a uniformly distributed unit quaternion by
    /// Shoemake's method (Graphics Gems III, 1992, "Uniform random rotations") from a SplitMix64 stream keyed by (seed, id).
    /// </summary>
    public static double[,] Rotation(ulong seed, int particleId)
    {
        ulong state = seed * 0x9E3779B97F4A7C15UL ^ ((ulong)(uint)particleId + 0x632BE59BD9B4E019UL);
        var rng = new SplitMix64(SplitMix64.Next(ref state));
        double u1 = rng.NextDouble(), u2 = 2 * Math.PI * rng.NextDouble(), u3 = 2 * Math.PI * rng.NextDouble();
        double s1 = Math.Sqrt(1 - u1), s2 = Math.Sqrt(u1);
        double x = s1 * Math.Sin(u2), y = s1 * Math.Cos(u2), z = s2 * Math.Sin(u3), w = s2 * Math.Cos(u3);
        return new double[,]
        {
            { 1 - 2 * (y * y + z * z), 2 * (x * y - z * w), 2 * (x * z + y * w) },
            { 2 * (x * y + z * w), 1 - 2 * (x * x + z * z), 2 * (y * z - x * w) },
            { 2 * (x * z - y * w), 2 * (y * z + x * w), 1 - 2 * (x * x + y * y) },
        };
    }

    /// <summary>The particle's c axis in the lab frame: R e_z (third column of <see cref="Rotation"/>).</summary>
    public static (double X, double Y, double Z) CAxis(ulong seed, int particleId)
    {
        var r = Rotation(seed, particleId);
        return (r[0, 2], r[1, 2], r[2, 2]);
    }
}

/// <summary>
/// A per-voxel eigenstrain tensor given by grains: voxel i takes <see cref="GrainTensors"/>[GrainOfVoxel[i]] (components xx, yy,
/// zz, yz, xz, xy); grain 0 means "no grain", where the label's isotropic eigenstrain applies.
/// </summary>
public sealed record GrainEigenstrainField(int[] GrainOfVoxel, double[][] GrainTensors)
{
    /// <summary>
    /// Layered-oxide eigenstrains with a random orientation per particle: every voxel whose label has an entry in
    /// <paramref name="byLabel"/> belongs to the grain of its particle id (1-based, as a twin's id map) and takes that
    /// particle's tensor for c axis <see cref="CrystalOrientations.CAxis"/>(seed, id).
    /// </summary>
    public static GrainEigenstrainField Layered(LabelVolume v, int[] particleIds, IReadOnlyDictionary<byte, LayeredEigenstrain> byLabel, ulong seed)
    {
        InvalidInputException.Require(particleIds.LongLength == v.Count, "particle_ids", $"particle id map has {particleIds.LongLength} voxels, the volume {v.Count}");
        var layered = new LayeredEigenstrain?[256];
        foreach (var (l, e) in byLabel) layered[l] = e.Validated("eigenstrain");
        int maxId = 0;
        for (long i = 0; i < particleIds.LongLength; i++) if (layered[v.Labels[i]] is not null) maxId = Math.Max(maxId, particleIds[i]);
        var labelOf = new int[maxId + 1];
        Array.Fill(labelOf, -1);
        var grain = new int[v.Count];
        for (long i = 0; i < grain.LongLength; i++)
        {
            byte l = v.Labels[i];
            if (layered[l] is null) continue;
            int id = particleIds[i];
            InvalidInputException.Require(id > 0, "particle_ids", $"voxel {i} has label {l} (anisotropic eigenstrain) but no particle id");
            if (labelOf[id] < 0) labelOf[id] = l;
            else InvalidInputException.Require(labelOf[id] == l, "particle_ids", $"particle {id} carries labels {labelOf[id]} and {l}");
            grain[i] = id;
        }
        var tensors = new double[maxId + 1][];
        tensors[0] = new double[6];
        for (int id = 1; id <= maxId; id++)
        {
            if (labelOf[id] < 0) { tensors[id] = new double[6]; continue; }
            var (x, y, z) = CrystalOrientations.CAxis(seed, id);
            tensors[id] = layered[labelOf[id]]!.Tensor(x, y, z);
        }
        return new GrainEigenstrainField(grain, tensors);
    }

    /// <summary>
    /// Particle ids from the volume alone: face-connected components (periodic in x, y, z, as the solver) of the voxels carrying
    /// <paramref name="labels"/>, numbered 1, 2, ... in scan order (deterministic). Touching particles of one label merge into one
    /// grain; use a twin's particle id map where it exists.
    /// </summary>
    public static int[] ConnectedParticles(LabelVolume v, IReadOnlyCollection<byte> labels)
    {
        var take = new bool[256];
        foreach (var l in labels) take[l] = true;
        int nx = v.Nx, ny = v.Ny, nz = v.Nz;
        var ids = new int[v.Count];
        var stack = new Stack<int>();
        int next = 0;
        for (int s = 0; s < ids.Length; s++)
        {
            if (ids[s] != 0 || !take[v.Labels[s]]) continue;
            byte lab = v.Labels[s];
            ids[s] = ++next;
            stack.Push(s);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                int x = i % nx, y = i / nx % ny, z = i / (nx * ny);
                Span<int> nb =
                [
                    (z * ny + y) * nx + (x + 1) % nx, (z * ny + y) * nx + (x + nx - 1) % nx,
                    (z * ny + (y + 1) % ny) * nx + x, (z * ny + (y + ny - 1) % ny) * nx + x,
                    (((z + 1) % nz) * ny + y) * nx + x, (((z + nz - 1) % nz) * ny + y) * nx + x,
                ];
                foreach (int j in nb)
                    if (ids[j] == 0 && v.Labels[j] == lab) { ids[j] = next; stack.Push(j); }
            }
        }
        return ids;
    }

    /// <summary>Volume mean of the eigenstrain tensor (grain tensors where a grain is set, else the label's isotropic strain).</summary>
    public double[] MeanTensor(LabelVolume v, IReadOnlyDictionary<byte, double> isotropic)
    {
        var iso = new double[256];
        foreach (var (l, e) in isotropic) iso[l] = e;
        var s = new double[6];
        for (long i = 0; i < GrainOfVoxel.LongLength; i++)
        {
            int g = GrainOfVoxel[i];
            if (g > 0) for (int c = 0; c < 6; c++) s[c] += GrainTensors[g][c];
            else { double e = iso[v.Labels[i]]; s[0] += e; s[1] += e; s[2] += e; }
        }
        for (int c = 0; c < 6; c++) s[c] /= GrainOfVoxel.LongLength;
        return s;
    }
}
