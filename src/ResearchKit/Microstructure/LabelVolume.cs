namespace ResearchKit.Microstructure;

/// <summary>
/// A labelled voxel volume in C order with shape (Nz, Ny, Nx): x is the fastest index, z the slowest,
/// as NumPy, TauFactor and PoreSpy store it. Index = (z * Ny + y) * Nx + x.
/// Default label codes of a composite cathode twin: 0 pore, 1 NCWA, 2 NCM, 3 SSE, 4 carbon (see <see cref="PhaseLabels"/>).
/// </summary>
public sealed class LabelVolume
{
    public int Nz { get; }
    public int Ny { get; }
    public int Nx { get; }
    /// <summary>Edge length of one cubic voxel in micrometres.</summary>
    public double VoxelUm { get; }
    /// <summary>Labels, length Nz*Ny*Nx, C order. Owned by this volume: do not share it between volumes you mutate.</summary>
    public byte[] Labels { get; }

    public LabelVolume(int nz, int ny, int nx, double voxelUm, byte[]? labels = null)
    {
        InvalidInputException.Require(nz > 0 && ny > 0 && nx > 0, "shape", $"expected positive dimensions, got ({nz}, {ny}, {nx})");
        InvalidInputException.Require(double.IsFinite(voxelUm) && voxelUm > 0, "voxel_um", $"expected a positive voxel size, got {voxelUm}");
        long n = (long)nz * ny * nx;
        InvalidInputException.Require(n <= Array.MaxLength, "shape", $"volume of {n} voxels exceeds the largest array");
        if (labels is not null && labels.LongLength != n)
            throw new InvalidInputException($"label array has {labels.LongLength} voxels but shape ({nz}, {ny}, {nx}) needs {n}", field: "labels");
        Nz = nz; Ny = ny; Nx = nx; VoxelUm = voxelUm;
        Labels = labels ?? new byte[n];
    }

    public long Count => (long)Nz * Ny * Nx;

    public int Index(int z, int y, int x) => (z * Ny + y) * Nx + x;

    public byte this[int z, int y, int x]
    {
        get => Labels[Index(z, y, x)];
        set => Labels[Index(z, y, x)] = value;
    }

    /// <summary>Shape as (z, y, x), the order of a C-order array.</summary>
    public (int Z, int Y, int X) ShapeZyx => (Nz, Ny, Nx);

    /// <summary>Fraction of voxels carrying each label present (label -> fraction).</summary>
    public IReadOnlyDictionary<byte, double> VolumeFractions()
    {
        var counts = new long[256];
        foreach (var b in Labels) counts[b]++;
        var result = new SortedDictionary<byte, double>();
        for (int i = 0; i < 256; i++) if (counts[i] > 0) result[(byte)i] = counts[i] / (double)Count;
        return result;
    }
}

/// <summary>Default label codes of a composite cathode twin (fixed; recorded in every sidecar).</summary>
public static class PhaseLabels
{
    public const byte Pore = 0;
    public const byte Ncwa = 1;
    public const byte Ncm = 2;
    public const byte Sse = 3;
    public const byte Carbon = 4;

    /// <summary>Names keyed by label code, as used in JSON outputs.</summary>
    public static readonly IReadOnlyDictionary<byte, string> Names = new Dictionary<byte, string>
    {
        [Pore] = "pore", [Ncwa] = "ncwa", [Ncm] = "ncm", [Sse] = "sse", [Carbon] = "carbon",
    };
}
