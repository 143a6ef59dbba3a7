namespace ResearchKit.Microstructure.Metrics;

/// <summary>Voxel axis of a C-order (Nz, Ny, Nx) volume: X is the last (fastest) index, Z the first.</summary>
public enum VolumeAxis { X, Y, Z }

/// <summary>Which voxels of a mask are connected (6-connectivity) to the two faces normal to an axis.</summary>
/// <param name="Count">Voxels in the mask.</param>
/// <param name="ConnectedCount">Mask voxels in clusters that touch at least one of the two faces.</param>
/// <param name="ThroughCount">Mask voxels in clusters that touch both faces (the through-connected, percolating part).</param>
/// <param name="Through">Per voxel (same layout as the input): 1 where the voxel belongs to a through-connected cluster.</param>
public sealed record ConnectivityResult(long Count, long ConnectedCount, long ThroughCount, byte[] Through)
{
    public bool Percolating => ThroughCount > 0;
}

/// <summary>
/// 6-connected cluster labelling (union-find with path halving) on a 3-D mask in C order.
/// Clusters touching both faces normal to the axis are "through-connected"; the rest are isolated or dead-end clusters
/// (TauFactor's extract_through_feature; PoreSpy's trim_nonpercolating_paths), which carry no current.
/// </summary>
public static class Connectivity
{
    /// <summary>Through-connected analysis of <paramref name="mask"/> (nonzero = inside) along <paramref name="axis"/>.</summary>
    /// <param name="mask">C-order (nz, ny, nx) voxels, nonzero = inside the phase</param>
    /// <param name="nz">voxels along z (first index)</param>
    /// <param name="ny">voxels along y</param>
    /// <param name="nx">voxels along x (last, fastest index)</param>
    /// <param name="axis">the axis whose two normal faces a through-connected cluster must touch</param>
    /// <param name="periodicSides">Wrap the two lateral axes (periodic sides), as a periodic conduction problem does.</param>
    public static ConnectivityResult Analyse(byte[] mask, int nz, int ny, int nx, VolumeAxis axis, bool periodicSides = false)
    {
        long n = (long)nz * ny * nx;
        if (mask.LongLength != n) throw new ArgumentException($"mask has {mask.LongLength} voxels, shape needs {n}", nameof(mask));
        var parent = new int[n];
        int nyx = ny * nx;
        bool wx = periodicSides && axis != VolumeAxis.X && nx > 2, wy = periodicSides && axis != VolumeAxis.Y && ny > 2,
             wz = periodicSides && axis != VolumeAxis.Z && nz > 2;
        long count = 0;
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
            {
                int row = (z * ny + y) * nx;
                for (int x = 0; x < nx; x++)
                {
                    int i = row + x;
                    if (mask[i] == 0) { parent[i] = -1; continue; }
                    count++;
                    parent[i] = i;
                    if (x > 0 && mask[i - 1] != 0) Union(parent, i, i - 1);
                    if (y > 0 && mask[i - nx] != 0) Union(parent, i, i - nx);
                    if (z > 0 && mask[i - nyx] != 0) Union(parent, i, i - nyx);
                    if (wx && x == nx - 1 && mask[row] != 0) Union(parent, i, row);
                    if (wy && y == ny - 1 && mask[i - (ny - 1) * nx] != 0) Union(parent, i, i - (ny - 1) * nx);
                    if (wz && z == nz - 1 && mask[i - (nz - 1) * nyx] != 0) Union(parent, i, i - (nz - 1) * nyx);
                }
            }
        // Roots touching the low face and the high face.
        var touch = new byte[n]; // bit 1 low, bit 2 high, stored at the root
        int len = axis switch { VolumeAxis.X => nx, VolumeAxis.Y => ny, _ => nz };
        for (int z = 0; z < nz; z++)
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = (z * ny + y) * nx + x;
                    if (parent[i] < 0) continue;
                    int c = axis switch { VolumeAxis.X => x, VolumeAxis.Y => y, _ => z };
                    if (c == 0) touch[Find(parent, i)] |= 1;
                    if (c == len - 1) touch[Find(parent, i)] |= 2;
                }
        var through = touch; // reuse: after this loop holds 1 for through voxels (roots are resolved first via a copy of flags)
        var rootFlag = new byte[n];
        Array.Copy(touch, rootFlag, n);
        long connected = 0, thr = 0;
        for (int i = 0; i < n; i++)
        {
            if (parent[i] < 0) { through[i] = 0; continue; }
            byte f = rootFlag[Find(parent, i)];
            if (f != 0) connected++;
            if (f == 3) { thr++; through[i] = 1; } else through[i] = 0;
        }
        return new ConnectivityResult(count, connected, thr, through);
    }

    static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra == rb) return;
        // Smaller index as root keeps the result deterministic.
        if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
    }
}
