using ResearchKit.Microstructure.Generators;
using ResearchKit.Packing;

namespace ResearchKit.Tests.Microstructure.Generators;

/// <summary>Hand-made packings with known answers (lattices), used instead of a real packer in the fast tests.</summary>
internal static class TwinFixtures
{
    /// <summary>Simple cubic lattice of touching spheres (radius r, spacing 2r), n x n in-plane, layers along z; phi = pi/6.</summary>
    public static PackingResult SimpleCubic(int n, int layers, double r, Func<int, int, int, int>? species = null)
    {
        var s = new List<Sphere>();
        for (int k = 0; k < layers; k++)
            for (int j = 0; j < n; j++)
                for (int i = 0; i < n; i++)
                    s.Add(new Sphere((2 * i + 1) * r, (2 * j + 1) * r, (2 * k + 1) * r, r, species?.Invoke(i, j, k) ?? 1));
        double l = 2 * r * n, h = 2 * r * layers;
        return new PackingResult(s.ToArray(), l, l, h, s.Count * 4.0 / 3 * Math.PI * r * r * r / (l * l * h), 0, 0);
    }

    /// <summary>Face-centred cubic lattice (cubic cell a = 2 sqrt2 r), n cells in each direction (periodic in all three).</summary>
    public static Sphere[] Fcc(int n, double r)
    {
        double a = 2 * Math.Sqrt(2) * r;
        var basis = new (double X, double Y, double Z)[] { (0, 0, 0), (0.5, 0.5, 0), (0.5, 0, 0.5), (0, 0.5, 0.5) };
        var s = new List<Sphere>();
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++)
            foreach (var b in basis) s.Add(new Sphere((i + b.X + 0.25) * a, (j + b.Y + 0.25) * a, (k + b.Z + 0.25) * a, r, 1));
        return s.ToArray();
    }

    /// <summary>A default twin spec on a small box (all physics defaults kept).</summary>
    public static TwinSpec SmallSpec(double box, double voxel, double ncwa = 1.0) =>
        TwinSpec.Default(ncwa, 1, voxel) with { BoxXUm = box, BoxYUm = box,
            Large = TwinSpec.Default().Large with { DiametersUm = [box / 2] },
            Small = TwinSpec.Default().Small with { DiametersUm = [box / 4] } };
}
