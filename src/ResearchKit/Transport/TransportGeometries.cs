using ResearchKit.Microstructure;

namespace ResearchKit.Transport;

/// <summary>
/// Small deterministic test geometries with known transport answers (validation, benchmarks and notebooks).
/// Random geometries use SplitMix64 so that the same seed gives the same volume on every .NET version.
/// </summary>
public static class TransportGeometries
{
    /// <summary>
    /// Boolean model of overlapping solid spheres (label 1) in a pore matrix (label 0), sized so that the expected pore
    /// fraction is <paramref name="poreFraction"/>: centres are Poisson with density n, pore fraction = exp(-n 4/3 pi r^3).
    /// The pore (label 0) percolates down to a few percent, so this is the usual "Swiss cheese" benchmark medium.
    /// </summary>
    /// <param name="nz">voxels along z</param>
    /// <param name="ny">voxels along y</param>
    /// <param name="nx">voxels along x</param>
    /// <param name="radiusVoxels">sphere radius in voxels</param>
    /// <param name="poreFraction">expected pore volume fraction, in (0, 1)</param>
    /// <param name="seed">SplitMix64 seed</param>
    /// <param name="voxelUm">voxel edge in um (recorded in the volume; does not change the geometry in voxels)</param>
    public static LabelVolume OverlappingSpheres(int nz, int ny, int nx, double radiusVoxels, double poreFraction, ulong seed, double voxelUm = 1.0)
    {
        InvalidInputException.Require(poreFraction > 0 && poreFraction < 1, "pore_fraction", "expected 0 < pore fraction < 1");
        InvalidInputException.Require(radiusVoxels > 0, "radius", "expected a positive radius in voxels");
        var v = new LabelVolume(nz, ny, nx, voxelUm);
        double vol = (double)nz * ny * nx;
        // Centres are drawn in a box padded by r on every side so that the density is uniform up to the faces.
        double pz = nz + 2 * radiusVoxels, py = ny + 2 * radiusVoxels, px = nx + 2 * radiusVoxels;
        double sphere = 4.0 / 3.0 * Math.PI * Math.Pow(radiusVoxels, 3);
        int count = (int)Math.Round(-Math.Log(poreFraction) * pz * py * px / sphere);
        var rng = new SplitMix64(seed);
        var centres = new (double Z, double Y, double X)[count];
        for (int k = 0; k < count; k++)
            centres[k] = (rng.NextDouble() * pz - radiusVoxels, rng.NextDouble() * py - radiusVoxels, rng.NextDouble() * px - radiusVoxels);
        // Bucket centres by z slab so each slab paints only the spheres that cut it.
        var labels = v.Labels;
        double r2 = radiusVoxels * radiusVoxels;
        var byZ = new List<int>[nz];
        for (int z = 0; z < nz; z++) byZ[z] = new List<int>();
        for (int k = 0; k < count; k++)
        {
            int z0 = Math.Max(0, (int)Math.Floor(centres[k].Z - radiusVoxels)), z1 = Math.Min(nz - 1, (int)Math.Ceiling(centres[k].Z + radiusVoxels));
            for (int z = z0; z <= z1; z++) byZ[z].Add(k);
        }
        Parallel.For(0, nz, z =>
        {
            double zc = z + 0.5;
            foreach (int k in byZ[z])
            {
                var (cz, cy, cx) = centres[k];
                double dz2 = (zc - cz) * (zc - cz);
                if (dz2 > r2) continue;
                double ry = Math.Sqrt(r2 - dz2);
                int y0 = Math.Max(0, (int)Math.Ceiling(cy - ry - 0.5)), y1 = Math.Min(ny - 1, (int)Math.Floor(cy + ry - 0.5));
                for (int y = y0; y <= y1; y++)
                {
                    double dy = y + 0.5 - cy;
                    double rem = r2 - dz2 - dy * dy;
                    if (rem < 0) continue;
                    double rx = Math.Sqrt(rem);
                    int x0 = Math.Max(0, (int)Math.Ceiling(cx - rx - 0.5)), x1 = Math.Min(nx - 1, (int)Math.Floor(cx + rx - 0.5));
                    int row = (z * ny + y) * nx;
                    for (int x = x0; x <= x1; x++) labels[row + x] = 1;
                }
            }
        });
        return v;
    }

    /// <summary>A solid sphere of label <paramref name="inside"/> (centre at the volume centre, radius in voxels) in label <paramref name="outside"/>.</summary>
    /// <param name="n">edge of the cubic volume in voxels</param>
    /// <param name="radiusVoxels">sphere radius in voxels</param>
    /// <param name="inside">label inside the sphere</param>
    /// <param name="outside">label outside</param>
    /// <param name="voxelUm">voxel edge in um</param>
    public static LabelVolume Sphere(int n, double radiusVoxels, byte inside = 1, byte outside = 0, double voxelUm = 1.0)
    {
        var v = new LabelVolume(n, n, n, voxelUm);
        double c = n / 2.0, r2 = radiusVoxels * radiusVoxels;
        for (int z = 0; z < n; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                {
                    double dz = z + 0.5 - c, dy = y + 0.5 - c, dx = x + 0.5 - c;
                    v[z, y, x] = dz * dz + dy * dy + dx * dx <= r2 ? inside : outside;
                }
        return v;
    }

    /// <summary>
    /// Layers normal to <paramref name="layerNormal"/>: label of layer k is labels[k % labels.Length], each layer
    /// <paramref name="thickness"/> voxels thick. Across the layers conductivities add in series (harmonic mean), along them
    /// in parallel (arithmetic mean).
    /// </summary>
    /// <param name="nz">voxels along z</param>
    /// <param name="ny">voxels along y</param>
    /// <param name="nx">voxels along x</param>
    /// <param name="layerNormal">axis normal to the layers</param>
    /// <param name="thickness">layer thickness in voxels</param>
    /// <param name="labels">labels of successive layers, repeated</param>
    public static LabelVolume Laminate(int nz, int ny, int nx, Microstructure.Metrics.VolumeAxis layerNormal, int thickness, params byte[] labels)
    {
        var v = new LabelVolume(nz, ny, nx, 1.0);
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int c = layerNormal switch { Microstructure.Metrics.VolumeAxis.X => x, Microstructure.Metrics.VolumeAxis.Y => y, _ => z };
                    v[z, y, x] = labels[c / thickness % labels.Length];
                }
        return v;
    }
}


/// <summary>Fields derived from a solved potential (for plots).</summary>
public static class TransportFields
{
    /// <summary>
    /// Current density along the flux axis through the + face of each voxel, j = g_face (phi_i - phi_next), in units of
    /// (conductivity unit) x (potential drop across the sample) / voxel; NaN where the voxel or its neighbour carries no
    /// potential. The last plane uses the outlet Dirichlet face (conductance 2 sigma, potential 0).
    /// </summary>
    /// <param name="v">the solved volume</param>
    /// <param name="conductivity">conductivity per label, as passed to the solve</param>
    /// <param name="potential">the potential field from a solve with <see cref="ConductionOptions.KeepPotential"/></param>
    /// <param name="axis">flux axis of the solve</param>
    public static float[] AxialCurrentDensity(LabelVolume v, IReadOnlyDictionary<byte, double> conductivity, float[] potential, Microstructure.Metrics.VolumeAxis axis)
    {
        if (potential.LongLength != v.Count) throw new ArgumentException("potential must have one value per voxel", nameof(potential));
        var sigma = new double[256];
        foreach (var (k, s) in conductivity) sigma[k] = s;
        int stride = axis switch { Microstructure.Metrics.VolumeAxis.X => 1, Microstructure.Metrics.VolumeAxis.Y => v.Nx, _ => v.Nx * v.Ny };
        int len = axis switch { Microstructure.Metrics.VolumeAxis.X => v.Nx, Microstructure.Metrics.VolumeAxis.Y => v.Ny, _ => v.Nz };
        var j = new float[v.Count];
        for (int i = 0; i < j.Length; i++)
        {
            int c = axis switch { Microstructure.Metrics.VolumeAxis.X => i % v.Nx, Microstructure.Metrics.VolumeAxis.Y => i / v.Nx % v.Ny, _ => i / (v.Nx * v.Ny) };
            float p = potential[i];
            if (float.IsNaN(p)) { j[i] = float.NaN; continue; }
            double si = sigma[v.Labels[i]];
            if (c == len - 1) { j[i] = (float)(2 * si * p); continue; }
            float q = potential[i + stride];
            double sn = sigma[v.Labels[i + stride]];
            j[i] = float.IsNaN(q) ? 0f : (float)(2 * si * sn / (si + sn) * (p - q));
        }
        return j;
    }
}
