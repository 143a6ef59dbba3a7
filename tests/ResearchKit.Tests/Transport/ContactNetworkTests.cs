using ResearchKit.Microstructure.Generators;
using ResearchKit.Packing;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Transport;

public class ContactNetworkTests
{
    const double Rho = 1.0; // ohm m (1e-2 S/cm)

    // Spheres of radius R at spacing d = 2R(1 - eps): the tolerance-inflated overlap is delta = 2R(tol + eps), so
    // a^2 = R_eff delta = R^2 (tol + eps) for a pair and for a sphere at d/2 from a plate (R_eff = R, delta = R (tol + eps)).
    static double ContactRadiusM(double radiusUm, double eps, double tol = Contacts.PressedGapTolerance) => radiusUm * 1e-6 * Math.Sqrt(tol + eps);

    static double PairResistance(double aM, double film) => 2 * Rho / (4 * aM) + film / (Math.PI * aM * aM);

    static ContactNetworkGeometry Lattice(int nx, int ny, int nz, double radiusUm, double eps, int species = 1)
    {
        double d = 2 * radiusUm * (1 - eps);
        var s = new List<Sphere>();
        for (int k = 0; k < nz; k++)
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                    s.Add(new Sphere((i + 0.5) * d, (j + 0.5) * d, (k + 0.5) * d, radiusUm, species));
        return new ContactNetworkGeometry(s, nx * d, ny * d, 0, nz * d);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1e-7)]
    [InlineData(1e-4)]
    public void ContactNetwork_ChainOfEqualSpheres_IsTheExactSeriesSum(double film)
    {
        // n spheres in a row between two plates, in a box too wide for periodic images to touch: n - 1 pair contacts plus two
        // plate contacts of half a pair's resistance each, so R_total = n R_pair exactly.
        const int n = 7;
        const double r = 2.0, eps = 0.01;
        double d = 2 * r * (1 - eps);
        var spheres = Enumerable.Range(0, n).Select(k => new Sphere(50, 50, (k + 0.5) * d, r, 1)).ToList();
        var g = new ContactNetworkGeometry(spheres, 100, 100, 0, n * d);
        var result = ContactNetwork.Solve(g, new ContactNetworkParameters { FilmOhmM2 = film, DefaultResistivityOhmM = Rho });
        double expectedCurrent = 1.0 / (n * PairResistance(ContactRadiusM(r, eps), film));
        Assert.Equal(n - 1, result.Contacts);
        Assert.Equal(1, result.BottomContacts);
        Assert.Equal(1, result.TopContacts);
        Assert.Equal(expectedCurrent, result.CurrentInA, expectedCurrent * 1e-12);
        Assert.Equal(expectedCurrent, result.CurrentOutA, expectedCurrent * 1e-12);
        double expectedSigma = expectedCurrent * (n * d * 1e-6) / (100e-6 * 100e-6) / 100;
        Assert.Equal(expectedSigma, result.NetworkSigmaSPerCm, expectedSigma * 1e-12);
        Assert.Equal(r * Math.Sqrt(Contacts.PressedGapTolerance + eps), result.MeanContactRadiusUm, 1e-12);
    }

    [Theory]
    [InlineData(3, 4, 5, 0.0)]
    [InlineData(4, 4, 6, 1e-6)]
    [InlineData(2, 3, 4, 1e-5)] // box two spheres wide: each x pair touches through two periodic images (two parallel edges)
    public void ContactNetwork_SimpleCubicLattice_GivesConductanceOverSpacing(int nx, int ny, int nz, double film)
    {
        // Infinite simple cubic resistor lattice, conductance G per bond, spacing d: sigma = G / d. The plates sit half a spacing
        // from the outer layers and their bonds have 2G (half a pair contact), so the finite slab is exactly the infinite lattice.
        const double r = 3.0, eps = 0.02;
        var g = Lattice(nx, ny, nz, r, eps);
        var result = ContactNetwork.Solve(g, new ContactNetworkParameters { FilmOhmM2 = film, DefaultResistivityOhmM = Rho });
        double bond = 1 / PairResistance(ContactRadiusM(r, eps), film);
        double dM = 2 * r * (1 - eps) * 1e-6;
        double expected = bond / dM / 100; // S/cm
        Assert.Equal(expected, result.NetworkSigmaSPerCm, expected * 1e-9);
        int bondsPerLayer = 2 * nx * ny; // periodic rings in x and y (a ring of two is two image bonds)
        Assert.Equal(nz * bondsPerLayer + (nz - 1) * nx * ny, result.Contacts);
        Assert.True(result.Converged);
    }

    [Fact]
    public void ResistorNetwork_UnbalancedBridge_MatchesKirchhoffByHand()
    {
        // bottom -G1- A -G3- top, bottom -G2- B -G4- top, A -G5- B: node equations solved by Cramer's rule.
        double g1 = 1, g2 = 3, g3 = 2, g4 = 0.5, g5 = 7;
        double a11 = g1 + g3 + g5, a22 = g2 + g4 + g5, det = a11 * a22 - g5 * g5;
        double phiA = (g1 * a22 + g5 * g2) / det, phiB = (a11 * g2 + g5 * g1) / det;
        var sol = ResistorNetwork.Solve(2, [(0, 1, g5)], [g1, g2], [g3, g4], 1e-14);
        Assert.Equal(phiA, sol.Potentials[0], 1e-13);
        Assert.Equal(phiB, sol.Potentials[1], 1e-13);
        Assert.Equal(g1 * (1 - phiA) + g2 * (1 - phiB), sol.CurrentInA, 1e-13);
        Assert.Equal(sol.CurrentInA, sol.CurrentOutA, 1e-13);
    }

    [Fact]
    public void ContactNetwork_TwoSpeciesPair_AddsBothHolmTerms()
    {
        // Two touching spheres of different resistivity between plates: R = rho1/(4a) + [rho1 + rho2]/(4a) + rho2/(4a) + 2 film terms.
        const double r = 2.0, eps = 0.01;
        double d = 2 * r * (1 - eps);
        var g = new ContactNetworkGeometry([new Sphere(50, 50, 0.5 * d, r, 1), new Sphere(50, 50, 1.5 * d, r, 2)], 100, 100, 0, 2 * d);
        double film = 1e-6, rho2 = 5.0, a = ContactRadiusM(r, eps);
        var result = ContactNetwork.Solve(g, new ContactNetworkParameters { FilmOhmM2 = film, ResistivityOhmMBySpecies = new Dictionary<int, double> { [1] = Rho, [2] = rho2 } });
        double total = 2 * (Rho + rho2) / (4 * a) + 2 * film / (Math.PI * a * a);
        Assert.Equal(1 / total, result.CurrentInA, 1e-12 / total);
    }

    [Fact]
    public void ContactNetwork_StoredTwin_ConservesCurrentAndIsDeterministic()
    {
        var g = StoredTwin("CAM10-0");
        var p = new ContactNetworkParameters { FilmOhmM2 = 1e-7 };
        var a = ContactNetwork.Solve(g, p);
        var b = ContactNetwork.Solve(g, p);
        Assert.True(a.Converged);
        Assert.True(a.CurrentMismatch < 1e-8, $"mismatch {a.CurrentMismatch}");
        Assert.True(a.NetworkSigmaSPerCm > 0);
        Assert.Equal(a.NetworkSigmaSPerCm, b.NetworkSigmaSPerCm); // bit-identical
        Assert.Equal(a.Contacts, b.Contacts);
        // The contacts are the kit's one search on the twin's contact radii (r + t/2, tol 0.02): the twin's own count.
        var spec = TwinSpec.Default(1.0);
        var inflated = g.Spheres.Select(s => s with { RadiusUm = s.RadiusUm + g.ShellUm }).ToList();
        Assert.Equal(Contacts.Count(inflated, spec.BoxXUm, spec.BoxYUm).Total, a.Contacts);
    }

    [Fact]
    public void ContactNetwork_FilmResistance_LowersSigmaMonotonically()
    {
        var g = StoredTwin("CAM10-0");
        double prev = double.PositiveInfinity;
        foreach (var film in new[] { 0.0, 1e-9, 1e-8, 1e-7, 1e-6 })
        {
            double s = ContactNetwork.Solve(g, new() { FilmOhmM2 = film }).NetworkSigmaSPerCm;
            Assert.True(s < prev, $"film {film}: {s} not below {prev}");
            prev = s;
        }
    }

    [Fact]
    public void ContactNetwork_FitFilm_RecoversTheFilmThatMadeTheData()
    {
        var chain = Lattice(1, 1, 6, 2.0, 0.01);
        var lattice = Lattice(3, 3, 4, 5.0, 0.03);
        double truth = 3e-7;
        var pc = new ContactNetworkParameters { CarbonPathSPerCm = 1e-5 };
        double m1 = ContactNetwork.Solve(chain, pc with { FilmOhmM2 = truth }).SigmaSPerCm;
        double m2 = ContactNetwork.Solve(lattice, pc with { FilmOhmM2 = truth }).SigmaSPerCm;
        var (fit, model) = ContactNetwork.FitFilm([(chain, pc, m1), (lattice, pc, m2)]);
        Assert.Equal(truth, fit, truth * 1e-4);
        Assert.Equal(m1, model[0], m1 * 1e-4);
    }

    [Fact]
    public void ContactNetwork_NoPathToTheTopPlate_GivesOnlyTheCarbonPath()
    {
        var g = new ContactNetworkGeometry([new Sphere(5, 5, 2, 2, 1)], 10, 10, 0, 20);
        var r = ContactNetwork.Solve(g, new() { FilmOhmM2 = 1e-7, CarbonPathSPerCm = 2e-3 });
        Assert.Equal(0, r.NetworkSigmaSPerCm);
        Assert.Equal(2e-3, r.SigmaSPerCm);
        Assert.Equal(0, r.ConductingParticles);
    }

    [Fact]
    public void ContactNetwork_NegativeFilm_NamesTheField()
    {
        var g = Lattice(1, 1, 2, 2.0, 0.01);
        var e = Assert.Throws<InvalidInputException>(() => ContactNetwork.Solve(g, new() { FilmOhmM2 = -1 }));
        Assert.Equal("film_ohm_m2", e.Field);
    }

    internal static ContactNetworkGeometry StoredTwin(string stem)
    {
        var spec = TwinSpec.Default(1.0);
        var packing = TwinGenerator.ReadParticlesCsv(TestPaths.InRepository("data", "synthetic", "twin", stem + "-seed1-particles.csv"), spec.BoxXUm, spec.BoxYUm);
        return new ContactNetworkGeometry(packing.Spheres, spec.BoxXUm, spec.BoxYUm, 0, packing.BoxZUm + spec.SseInterlayerUm / 2, spec.SseInterlayerUm / 2);
    }
}
