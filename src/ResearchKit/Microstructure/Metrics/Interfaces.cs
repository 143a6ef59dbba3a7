namespace ResearchKit.Microstructure.Metrics;

/// <summary>
/// Interface area between two labels from voxel face counts with the stereological 2/3 correction: a voxelised surface
/// of random orientation exposes on average 3/2 of its true area as faces (the mean of |nx|+|ny|+|nz| over the sphere is 3/2),
/// so area = (2/3) x faces x h^2. Validated on voxelised spheres.
/// </summary>
public static class Interfaces
{
    /// <summary>Number of voxel faces shared by a voxel of <paramref name="a"/> and a voxel of <paramref name="b"/> (6-neighbours, no wrap).</summary>
    public static long FaceCount(LabelVolume v, byte a, byte b)
    {
        var lab = v.Labels;
        int nx = v.Nx, ny = v.Ny, nyx = ny * nx;
        var part = new long[v.Nz];
        Parallel.For(0, v.Nz, z =>
        {
            long c = 0;
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = (z * ny + y) * nx + x;
                    byte s = lab[i];
                    if (s != a && s != b) continue;
                    byte o = s == a ? b : a;
                    if (x + 1 < nx && lab[i + 1] == o) c++;
                    if (y + 1 < ny && lab[i + nx] == o) c++;
                    if (z + 1 < v.Nz && lab[i + nyx] == o) c++;
                }
            part[z] = c;
        });
        return part.Sum();
    }

    /// <summary>Corrected interface area between labels a and b in um^2.</summary>
    public static double AreaUm2(LabelVolume v, byte a, byte b) => 2.0 / 3.0 * FaceCount(v, a, b) * v.VoxelUm * v.VoxelUm;

    /// <summary>Corrected interface area per total volume, in 1/um.</summary>
    public static double AreaPerVolumePerUm(LabelVolume v, byte a, byte b) => AreaUm2(v, a, b) / (v.Count * Math.Pow(v.VoxelUm, 3));

    /// <summary>Face counts of every pair of distinct labels present (key (a, b) with a &lt; b).</summary>
    public static IReadOnlyDictionary<(byte A, byte B), long> AllFaceCounts(LabelVolume v)
    {
        var lab = v.Labels;
        int nx = v.Nx, ny = v.Ny, nyx = ny * nx;
        var part = new long[v.Nz][];
        Parallel.For(0, v.Nz, z =>
        {
            var c = new long[256 * 256];
            for (int y = 0; y < ny; y++)
                for (int x = 0; x < nx; x++)
                {
                    int i = (z * ny + y) * nx + x;
                    byte s = lab[i];
                    if (x + 1 < nx && lab[i + 1] != s) c[Key(s, lab[i + 1])]++;
                    if (y + 1 < ny && lab[i + nx] != s) c[Key(s, lab[i + nx])]++;
                    if (z + 1 < v.Nz && lab[i + nyx] != s) c[Key(s, lab[i + nyx])]++;
                }
            part[z] = c;
        });
        var result = new SortedDictionary<(byte, byte), long>();
        for (int k = 0; k < 256 * 256; k++)
        {
            long t = 0;
            foreach (var p in part) t += p[k];
            if (t > 0) result[((byte)(k >> 8), (byte)(k & 255))] = t;
        }
        return result;
    }

    static int Key(byte s, byte t) => s < t ? s << 8 | t : t << 8 | s;
}
