using System.Security.Cryptography;
using ResearchKit.Packing;

namespace ResearchKit.Tests.Packing;

/// <summary>One monodisperse periodic packing shared by the assertions on it (the expensive part of the suite).</summary>
public sealed class MonodispersePackingFixture
{
    public PackingResult Result { get; } = DensePacking.Pack(new PackingRequest(
        Enumerable.Repeat(1.0, 1500).ToArray(), Enumerable.Repeat(1, 1500).ToArray(), 0, 0, WallsInZ: false, Seed: 1));
}

public class DensePackingTests(MonodispersePackingFixture mono) : IClassFixture<MonodispersePackingFixture>
{
    [Fact]
    public void DensePacking_Monodisperse_ReachesRandomClosePacking()
    {
        // Random close packing of equal spheres is about 0.64 (Scott and Kilgour 1969; O'Hern et al. 2003: 0.639).
        Assert.InRange(mono.Result.PackingFraction, 0.635, 0.66);
        double cube = mono.Result.BoxXUm;
        Assert.Equal(1500 * 4.0 / 3.0 * Math.PI / (cube * cube * cube), mono.Result.PackingFraction, 10);
    }

    [Fact]
    public void DensePacking_Monodisperse_IsNotCrystalline()
    {
        var (q6, localQ6, bonds) = PackingMetrics.BondOrientationalOrder(mono.Result, wallsInZ: false);
        Assert.True(bonds > 1500 * 2, $"bonds {bonds}");
        // fcc has Q6 = 0.575: an amorphous packing sits near zero.
        Assert.InRange(q6, 0, 0.1);
        Assert.InRange(localQ6, 0.2, 0.5);
    }

    [Fact]
    public void Monodisperse_HasNoOverlaps_AndIsJammed()
    {
        Assert.True(mono.Result.MaxRelativeOverlap < 1e-9, $"reported {mono.Result.MaxRelativeOverlap}");
        Assert.True(PackingMetrics.MaxRelativeOverlap(mono.Result, false) < 1e-9);
        // Near-isostatic: mean contact number near 6 for frictionless spheres at jamming (rattlers lower it).
        var (_, z) = PackingMetrics.Contacts(mono.Result, false, 1e-3);
        Assert.InRange(z, 4.5, 6.5);
        foreach (var s in mono.Result.Spheres)
        {
            Assert.InRange(s.XUm, 0, mono.Result.BoxXUm);
            Assert.InRange(s.ZUm, 0, mono.Result.BoxZUm);
        }
    }

    [Fact]
    public void Q6_OfFccLattice_Is0575()
    {
        // fcc with nearest-neighbour distance 2 (touching unit spheres): 4 x 4 x 4 conventional cells, periodic.
        double a = 2 * Math.Sqrt(2);
        var spheres = new List<Sphere>();
        double[][] basis = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
        for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) for (int k = 0; k < 4; k++)
                    foreach (var b in basis) spheres.Add(new Sphere((i + b[0]) * a, (j + b[1]) * a, (k + b[2]) * a, 1, 1));
        var fcc = new PackingResult(spheres.ToArray(), 4 * a, 4 * a, 4 * a, 0.7405, 0, 0);
        var (q6, local, bonds) = PackingMetrics.BondOrientationalOrder(fcc, false);
        Assert.Equal(256 * 6, bonds); // 12 neighbours each, each bond once
        Assert.Equal(0.5745, q6, 0.001);
        Assert.Equal(0.5745, local, 0.001);
    }

    static string Hash(PackingResult r)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms))
        {
            foreach (var s in r.Spheres) { w.Write(s.XUm); w.Write(s.YUm); w.Write(s.ZUm); w.Write(s.RadiusUm); w.Write(s.Species); }
            w.Write(r.BoxZUm);
        }
        return Convert.ToHexString(SHA256.HashData(ms.ToArray()));
    }

    [Fact]
    public void SameSeed_GivesBitIdenticalSpheres_ForAnyThreadCount()
    {
        // Binary with walls exercises the multi-level grid and the walls; ParallelMinChunks = 0 forces the parallel
        // chunk path even for this small N (3 chunks of 256).
        var radii = BinaryMixtures.Radii(700, 1.0, 0.4, 0.7);
        var species = radii.Select(r => r == 1.0 ? 1 : 2).ToArray();
        var req = new PackingRequest(radii, species, 9, 9, true, 7);
        var tuning = DensePacking.DefaultTuning with { MinStep = 0.01, ShakeCycles = 50, PolishIterations = 100, MaxIterations = 3000, ParallelMinChunks = 0 };
        var one = DensePacking.Pack(req with { MaxDegreeOfParallelism = 1 }, null, tuning);
        var many = DensePacking.Pack(req with { MaxDegreeOfParallelism = 4 }, null, tuning);
        var again = DensePacking.Pack(req, null, tuning);
        Assert.Equal(Hash(one), Hash(many));
        Assert.Equal(Hash(one), Hash(again));
        var other = DensePacking.Pack(req with { Seed = 8 }, null, tuning);
        Assert.NotEqual(Hash(one), Hash(other));
    }

    [Fact]
    public void Walls_ConfineSpheres_AndFindThePressedHeight()
    {
        var radii = BinaryMixtures.Radii(800, 1.0, 0.5, 0.6);
        var species = radii.Select(r => r == 1.0 ? 1 : 2).ToArray();
        var r = DensePacking.Pack(new PackingRequest(radii, species, 12, 10, true, 3));
        Assert.Equal(12, r.BoxXUm); Assert.Equal(10, r.BoxYUm);
        double solid = radii.Sum(x => 4.0 / 3.0 * Math.PI * x * x * x);
        Assert.Equal(solid / (12 * 10 * r.BoxZUm), r.PackingFraction, 10);
        // Flat walls lower the density near them (wall effect), so the slab packs a little below bulk.
        Assert.InRange(r.PackingFraction, 0.58, 0.68);
        Assert.True(r.MaxRelativeOverlap < 1e-3, $"overlap {r.MaxRelativeOverlap}");
        Assert.True(PackingMetrics.MaxRelativeOverlap(r, true) < 1e-3);
        foreach (var s in r.Spheres)
        {
            Assert.InRange(s.ZUm, s.RadiusUm * (1 - 1e-3), r.BoxZUm - s.RadiusUm * (1 - 1e-3));
            Assert.InRange(s.XUm, 0, 12); Assert.InRange(s.YUm, 0, 10);
        }
    }

    [Fact]
    public void DensePacking_BadInput_NamesTheField()
    {
        var e = Assert.Throws<InvalidInputException>(() => DensePacking.Pack(new PackingRequest([1, 6], [1, 1], 10, 20, true, 1)));
        Assert.Equal("BoxXUm", e.Field);
        e = Assert.Throws<InvalidInputException>(() => DensePacking.Pack(new PackingRequest([1, -2], [1, 1], 10, 20, true, 1)));
        Assert.Equal("RadiiUm", e.Field);
        e = Assert.Throws<InvalidInputException>(() => DensePacking.Pack(new PackingRequest([1, 2], [1], 10, 20, true, 1)));
        Assert.Equal("Species", e.Field);
        e = Assert.Throws<InvalidInputException>(() => DensePacking.Pack(new PackingRequest([1, 3], [1, 1], 0, 0, false, 1)));
        Assert.Equal("RadiiUm", e.Field);
    }

    [Fact]
    public void DensePacking_BinaryMixtures_RealiseTheVolumeFraction()
    {
        var r = BinaryMixtures.Radii(5000, 1.0, 0.25, 0.7);
        Assert.Equal(0.7, BinaryMixtures.LargeVolumeFraction(r), 2);
    }
}
