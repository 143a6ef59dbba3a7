using ResearchKit.Packing;
using ResearchKit.Tests.Microstructure.Generators;

namespace ResearchKit.Tests.Packing;

public class ContactCountTests
{
    [Fact]
    public void SimpleCubic_PeriodicInPlane_CoordinationSixInTheBulk()
    {
        // 4 x 4 x 3 touching spheres: in-plane periodic -> 4 neighbours each in-plane, 2 between layers (bottom/top layer 1).
        var p = TwinFixtures.SimpleCubic(4, 3, 1.0);
        var c = Contacts.Count(p.Spheres, p.BoxXUm, p.BoxYUm);
        int inPlane = 3 * 16 * 4 / 2, between = 2 * 16;
        Assert.Equal(inPlane + between, c.Total);
        Assert.Equal(2.0 * (inPlane + between) / 48, c.CoordinationNumber, 12);
    }

    [Fact]
    public void Pairs_PeriodicFcc_TwelveNeighboursEachThroughTheZBoundaryToo()
    {
        // A 3 x 3 x 3 fcc cell periodic in x, y and z: every sphere touches exactly 12 others, so the z-sorted scan with its
        // lower-image pass must find all 12 N / 2 pairs, including those across the z boundary.
        var s = TwinFixtures.Fcc(3, 1.0);
        double l = 3 * 2 * Math.Sqrt(2);
        var pairs = Contacts.Pairs(s, l, l, l, 0.02);
        Assert.Equal(12 * s.Length / 2, pairs.Count);
        Assert.All(Enumerable.Range(0, s.Length), i => Assert.Equal(12, pairs.Count(p => p.I == i || p.J == i)));
        // Bounded in z, the two boundary layers lose the neighbours across it.
        Assert.True(Contacts.Pairs(s, l, l, null, 0.02).Count < pairs.Count);
    }

    [Fact]
    public void Fcc_Periodic_CoordinationTwelve()
    {
        var s = TwinFixtures.Fcc(3, 1.0);
        double l = 3 * 2 * Math.Sqrt(2);
        // Make z periodic too by adding the images of the bottom layer above the top: count only pairs with one original.
        var withImages = s.Concat(s.Select(q => q with { ZUm = q.ZUm + l, Species = 9 })).ToArray();
        var c = Contacts.Count(withImages, l, l, 0.02, largeSpecies: 1);
        // large-large = pairs inside the cell; large-small = pairs across the z boundary (each counted once)
        int total = c.LargeLarge + c.LargeSmall;
        Assert.Equal(12 * s.Length / 2, total);
    }

    [Fact]
    public void Classes_SplitBySpecies_AndGapToleranceMatters()
    {
        var s = new[] { new Sphere(5, 5, 5, 2, 1), new Sphere(5, 5, 8.02, 1, 2), new Sphere(5, 5, 10.1, 1, 2) };
        var strict = Contacts.Count(s, 20, 20, 0.0);
        Assert.Equal((0, 0, 0), (strict.LargeLarge, strict.LargeSmall, strict.SmallSmall));
        var tol = Contacts.Count(s, 20, 20, 0.05);
        Assert.Equal((0, 1, 1), (tol.LargeLarge, tol.LargeSmall, tol.SmallSmall));
    }

    [Fact]
    public void ContactCount_LargeSpheresInNarrowBox_TouchThroughTwoImages()
    {
        // Two spheres of radius 3 in a 10 um box, separated by 5 in x: they touch directly (gap -1) and through the image (distance 5).
        var s = new[] { new Sphere(2.5, 5, 5, 3, 1), new Sphere(7.5, 5, 5, 3, 1) };
        Assert.Equal(2, Contacts.Count(s, 10, 10).LargeLarge);
    }
}
