namespace ResearchKit.Packing;

/// <summary>A sphere of a packing: centre and radius in micrometres, species code (e.g. 1 NCWA, 2 NCM as in PhaseLabels).</summary>
public readonly record struct Sphere(double XUm, double YUm, double ZUm, double RadiusUm, int Species);

/// <summary>
/// What to pack. Radii in micrometres, one species code per sphere. Box: periodic in x and y with the given edges.
/// WallsInZ = true: flat walls at z = 0 and z = Lz (a pressed electrode between current collector and separator);
/// the packer finds Lz. WallsInZ = false: fully periodic box (bare packing fraction studies); BoxXUm/BoxYUm are then
/// ignored and the packer chooses a cube.
/// </summary>
public sealed record PackingRequest(double[] RadiiUm, int[] Species, double BoxXUm, double BoxYUm, bool WallsInZ, ulong Seed)
{
    /// <summary>Threads used by the packer (-1 or 0: all). Results are bit-identical for any value.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}

/// <summary>Result of a dense packing: sphere list, box, packing fraction (solid volume / box volume), and convergence figures.</summary>
public sealed record PackingResult(Sphere[] Spheres, double BoxXUm, double BoxYUm, double BoxZUm, double PackingFraction, int Iterations, double MaxRelativeOverlap);

/// <summary>Dense random packing of polydisperse spheres (owned by the packing work; see issue 3).</summary>
public static partial class DensePacking
{
}
