using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Tests.Microstructure.Generators;

public class PoreThicknessTests
{
    static float BruteForce(byte[] lab, int nz, int ny, int nx, int z, int y, int x, bool periodic, bool walls)
    {
        double best = double.PositiveInfinity;
        if (walls) best = Math.Min(Math.Pow(z + 1, 2), Math.Pow(nz - z, 2));
        for (int k = 0; k < nz; k++) for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++)
        {
            if (lab[(k * ny + j) * nx + i] == 0) continue;
            double dy = Math.Abs(j - y), dx = Math.Abs(i - x);
            if (periodic) { dy = Math.Min(dy, ny - dy); dx = Math.Min(dx, nx - dx); }
            best = Math.Min(best, (k - z) * (k - z) + dy * dy + dx * dx);
        }
        return double.IsInfinity(best) ? PoreThickness.Infinity : (float)best;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void SquaredDistance_RandomVolume_MatchesBruteForce(bool periodic, bool walls)
    {
        int nz = 9, ny = 11, nx = 13;
        var lab = new byte[nz * ny * nx];
        var rng = new Random(4);
        for (int i = 0; i < lab.Length; i++) lab[i] = rng.NextDouble() < 0.03 ? (byte)1 : (byte)0;
        var feat = new bool[256]; feat[1] = true;
        var d = PoreThickness.SquaredDistance(lab, feat, nz, ny, nx, periodic, walls);
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++)
            Assert.Equal(BruteForce(lab, nz, ny, nx, z, y, x, periodic, walls), d[(z * ny + y) * nx + x]);
    }

    [Fact]
    public void SquaredDistance_NoFeatureNoWalls_IsInfinity()
    {
        var d = PoreThickness.SquaredDistance(new byte[27], new bool[256], 3, 3, 3, true, false);
        Assert.All(d, v => Assert.Equal(PoreThickness.Infinity, v));
    }

    [Fact]
    public void PoreThickness_Fill_NarrowGapFilledBeforeWideGap()
    {
        // Solid slabs (label 1) along x: a 2-voxel gap and an 8-voxel gap; binder = volume of the narrow gap.
        int nz = 4, ny = 4, nx = 40;
        var vol = new LabelVolume(nz, ny, nx, 1.0);
        bool Solid(int x) => x < 5 || (x >= 7 && x < 20) || x >= 28; // gaps: x 5..6 (2 wide), x 20..27 (8 wide)
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) if (Solid(x)) vol[z, y, x] = 1;
        long narrow = 2L * nz * ny;
        var r = BinderFilling.Fill(vol, narrow);
        Assert.Equal(narrow, r.FilledVoxels);
        for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++)
        {
            Assert.Equal(PhaseLabels.Sse, vol[z, y, 5]); Assert.Equal(PhaseLabels.Sse, vol[z, y, 6]);
            for (int x = 20; x < 28; x++) Assert.Equal(PhaseLabels.Pore, vol[z, y, x]);
        }
    }

    [Fact]
    public void Fill_PlacesExactBinderCount_AndOverflowsWhenTooMuch()
    {
        int nz = 6, ny = 10, nx = 10;
        var vol = new LabelVolume(nz, ny, nx, 1.0);
        vol[3, 5, 5] = 1;
        var r = BinderFilling.Fill(vol, 123);
        Assert.Equal(123, vol.Labels.Count(b => b == PhaseLabels.Sse));
        Assert.Equal(0, r.OverflowVoxels);
        var vol2 = new LabelVolume(nz, ny, nx, 1.0);
        var r2 = BinderFilling.Fill(vol2, 1000);
        Assert.Equal(400, r2.OverflowVoxels);
        Assert.All(vol2.Labels, b => Assert.Equal(PhaseLabels.Sse, b));
    }
}

public class PoreThicknessBoundedTests
{
    [Fact]
    public void SquaredDistance_Capped_ExactBelowCapInfinityAbove()
    {
        int nz = 12, ny = 17, nx = 15;
        var lab = new byte[nz * ny * nx];
        var rng = new Random(7);
        for (int i = 0; i < lab.Length; i++) lab[i] = rng.NextDouble() < 0.01 ? (byte)1 : (byte)0;
        var full = PoreThickness.SquaredDistance(i => lab[i] == 1, nz, ny, nx, true, false);
        var capped = PoreThickness.SquaredDistance(i => lab[i] == 1, nz, ny, nx, true, false, capSquared: 9f);
        for (int i = 0; i < lab.Length; i++)
            Assert.Equal(full[i] < 9f ? full[i] : PoreThickness.Infinity, capped[i]);
    }
}
