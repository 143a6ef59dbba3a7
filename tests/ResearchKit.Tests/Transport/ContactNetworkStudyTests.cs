using System.Text.Json;
using ResearchKit.Cli;
using ResearchKit.Materials;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Packing;
using ResearchKit.Paper;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Transport;

public class ContactNetworkStudyTests
{
    static TwinTransportRow VoxelRow(string sample, double ncwa, ulong seed, double sigmaIon) =>
        new(sample, ncwa, seed, 0.2, 60, 0.1, 0.2, sigmaIon / 0.0094, sigmaIon, 3, true, 0.016, 1.6, 2, 0.5, 1000, 5, 1);

    static (int Rc, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    [Fact]
    public void ContactNetworkStudy_CarbonShare_IsTheCompositionsVolumeShareAndMatchesTheStoredTwin()
    {
        // phi_C = (0.5 / 1.9) / (0.5 / 1.9 + 9.5 / 1.86); the stored twin's sidecar has the voxel-mass value 0.048999.
        double expected = (0.5 / 1.9) / (0.5 / 1.9 + 9.5 / 1.86);
        Assert.Equal(expected, ContactNetworkStudy.CarbonShareOfBinder(TwinSpec.Default(1.0)), 12);
        Assert.Equal(0.04899894625922023, ContactNetworkStudy.CarbonShareOfBinder(TwinSpec.Default(1.0)), 4);
    }

    [Fact]
    public void ContactNetworkStudy_CarbonPath_IsBruggemanCarbonThroughTheBinderNetwork()
    {
        // A binder network with geometric factor F = 1 (sigma_ion = sigma_SSE (1 - phi_C)^1.5) carries sigma_C phi_C^1.5; F scales it.
        var c = PhaseConductivities.Default();
        double phi = ContactNetworkStudy.CarbonShareOfBinder(TwinSpec.Default(1.0));
        var full = VoxelRow("CAM10:0", 1.0, 1, c.SseIonicSPerCm * Math.Pow(1 - phi, 1.5));
        Assert.Equal(c.CarbonElectronicSPerCm * Math.Pow(phi, 1.5), ContactNetworkStudy.CarbonPathSPerCm(full), 12);
        var tenth = full with { IonicSigmaSPerCm = full.IonicSigmaSPerCm / 10 };
        Assert.Equal(ContactNetworkStudy.CarbonPathSPerCm(full) / 10, ContactNetworkStudy.CarbonPathSPerCm(tenth), 12);
    }

    [Fact]
    public void ContactNetworkStudy_RegeneratedTwin_IsTheStoredSeedOneParticleList()
    {
        var g = ContactNetworkStudy.TwinGeometry(1.0, 1);
        var stored = ContactNetworkTests.StoredTwin("CAM10-0");
        Assert.Equal(stored.Spheres.Count, g.Spheres.Count);
        for (int i = 0; i < g.Spheres.Count; i++)
        {
            Assert.Equal(stored.Spheres[i].XUm, g.Spheres[i].XUm, 9);
            Assert.Equal(stored.Spheres[i].ZUm, g.Spheres[i].ZUm, 9);
            Assert.Equal(stored.Spheres[i].RadiusUm, g.Spheres[i].RadiusUm, 9);
        }
        Assert.Equal(66.85384058474482, g.TopZUm, 6); // packed_height_um of data/synthetic/twin/CAM10-0-seed1-twin.json
        Assert.Equal(TwinSpec.Default().SseInterlayerUm / 2, g.ShellUm);
    }

    [Fact]
    public void ContactNetworkStudy_WithoutMeasuredValues_SaysCalibrationIsNotPossible()
    {
        var cal = ContactNetworkStudy.Calibrate([VoxelRow("CAM10:0", 1.0, 1, 5e-4), VoxelRow("CAM0:10", 0.0, 1, 3e-4)], PaperData.Default);
        Assert.False(cal.Possible);
        Assert.Equal(ContactNetworkStudy.NominalFilmOhmM2, cal.FilmOhmM2);
        Assert.Contains("Table S5", cal.Note);
    }

    [Fact]
    public void ContactNetworkStudy_Calibration_UsesOnlyTheUnimodalCathodesAndRecoversTheFilm()
    {
        // Stand-in packings for the two unimodal cathodes (lattices of large and small spheres); "measured" values made at a known film.
        static ContactNetworkGeometry Lattice(double r, int n)
        {
            double d = 2 * r * 0.99;
            var s = new List<Sphere>();
            for (int k = 0; k < n; k++) for (int j = 0; j < 2; j++) for (int i = 0; i < 2; i++) s.Add(new Sphere((i + 0.5) * d, (j + 0.5) * d, (k + 0.5) * d, r, 1));
            return new ContactNetworkGeometry(s, 2 * d, 2 * d, 0, n * d);
        }
        var large = Lattice(6, 4);
        var small = Lattice(1.75, 12);
        var rows = new[] { VoxelRow("CAM10:0", 1.0, 1, 5e-4), VoxelRow("CAM0:10", 0.0, 1, 3e-4), VoxelRow("CAM7:3", 0.7, 1, 7e-4) };
        double truth = 2e-7;
        double m10 = ContactNetwork.Solve(large, ContactNetworkStudy.Parameters(truth, ContactNetworkStudy.CarbonPathSPerCm(rows[0]))).SigmaSPerCm;
        double m0 = ContactNetwork.Solve(small, ContactNetworkStudy.Parameters(truth, ContactNetworkStudy.CarbonPathSPerCm(rows[1]))).SigmaSPerCm;
        var csv = "sample,quantity,value,unit,source,note\n" +
                  $"CAM10:0,{ContactNetworkStudy.MeasuredQuantity},{m10:R},S/cm,test,made by the network\n" +
                  $"CAM0:10,{ContactNetworkStudy.MeasuredQuantity},{m0:R},S/cm,test,made by the network\n";
        var paper = PaperData.Parse(csv, "test.csv");
        // The blend has no geometry in the dictionary: building it would take the real twin, so the test also shows it is never used.
        var geometries = new Dictionary<(double, ulong), ContactNetworkGeometry> { [(1.0, 1)] = large, [(0.0, 1)] = small };
        var cal = ContactNetworkStudy.Calibrate(rows, paper, geometries);
        Assert.True(cal.Possible);
        Assert.Equal(truth, cal.FilmOhmM2, truth * 1e-4);
        Assert.Equal(m10, cal.ModelSPerCm[0], m10 * 1e-4);
        Assert.Equal(m0, cal.ModelSPerCm[1], m0 * 1e-4);
    }

    [Fact]
    public void ContactNetworkStudy_Ordering_IsByDescendingSeedMean()
    {
        ContactNetworkRow R(string s, double x, ulong seed, double sigma) => new(s, x, seed, 1e-6, sigma, sigma - 1e-3, 1e-3, 10, 10, 20, 3, 0.3, 60, 0, 5, 1e-11, true, 0);
        var rows = new List<ContactNetworkRow>
        {
            R("CAM10:0", 1.0, 1, 5e-3), R("CAM10:0", 1.0, 2, 7e-3), R("CAM8:2", 0.8, 1, 5.5e-3), R("CAM7:3", 0.7, 1, 4e-3),
            R("CAM6:4", 0.6, 1, 3e-3), R("CAM0:10", 0.0, 1, 2e-3),
        };
        Assert.Equal("CAM10:0 > CAM8:2 > CAM7:3 > CAM6:4 > CAM0:10", ContactNetworkStudy.Ordering(rows, 1e-6));
        Assert.True(ContactNetworkStudy.RisesWithNcwa(rows, 1e-6));
        rows[1] = R("CAM10:0", 1.0, 2, 5e-3); // mean 5e-3 < CAM8:2
        Assert.False(ContactNetworkStudy.RisesWithNcwa(rows, 1e-6));
    }

    [Fact]
    public void TwinContactNetworkCli_OneTwin_PrintsTheDocumentedKeys()
    {
        var (rc, o, e) = Cli("twin", "contact-network", "--blend", "10:0", "--carbon-s-per-cm", "0.002", "--film-ohm-m2", "1e-7", "--json");
        Assert.True(rc == 0, e);
        var j = JsonDocument.Parse(o).RootElement;
        foreach (var k in new[] { "sigma_e_s_per_cm", "contacts", "particles", "mean_contact_radius_um", "converged", "seconds", "carbon_path_s_per_cm", "network_sigma_e_s_per_cm" })
            Assert.True(j.TryGetProperty(k, out _), k);
        Assert.Equal(126, j.GetProperty("particles").GetInt32());
        Assert.True(j.GetProperty("converged").GetBoolean());
        Assert.Equal(j.GetProperty("network_sigma_e_s_per_cm").GetDouble() + 0.002, j.GetProperty("sigma_e_s_per_cm").GetDouble(), 12);
    }

    [Theory]
    [InlineData("film_ohm_m2", "--blend", "7:3", "--film-ohm-m2", "-1")]
    [InlineData("seed", "--blend", "7:3", "--seed", "0")]
    [InlineData("blend", "--blend", "7:x")]
    [InlineData("carbon_s_per_cm", "--blend", "7:3", "--carbon-s-per-cm", "-0.1")]
    [InlineData("voxel_study", "--blend", "7:3", "--voxel-study", "/nonexistent/study.csv")]
    public void TwinContactNetworkCli_BadInput_ExitsTwoNamingTheField(string field, params string[] args)
    {
        var (rc, _, e) = Cli(["twin", "contact-network", .. args, "--json"]);
        Assert.Equal(2, rc);
        Assert.Contains(field, e);
    }
}

/// <summary>The claims of the contact-network section of notebooks/fig5c-f-twin-transport.ipynb, on the stored study.</summary>
public class ContactNetworkNotebookClaimTests
{
    internal const string StoredStudyFile = "contact-network-sigma-e.csv";

    static IReadOnlyList<ContactNetworkRow> Stored() =>
        ContactNetworkStudy.ReadCsv(TestPaths.InRepository("data", "synthetic", "twin-transport", StoredStudyFile));

    [Fact]
    public void ContactNetworkStudy_StoredStudy_CoversFiveCathodesThreeSeedsTheSweepAndConverged()
    {
        var rows = Stored();
        Assert.Equal(5 * 3 * ContactNetworkStudy.FilmSweepOhmM2.Count, rows.Count);
        Assert.All(rows, r => Assert.True(r.Converged && r.CurrentMismatch < 1e-8, $"{r.Sample} s{r.Seed} film {r.FilmOhmM2}"));
        Assert.Equal(ContactNetworkStudy.FilmSweepOhmM2.ToHashSet(), rows.Select(r => r.FilmOhmM2).ToHashSet());
    }

    [Fact]
    public void ContactNetworkStudy_StoredStudy_Cam100Seed1RegeneratesBitForBitFromTheCode()
    {
        // The smallest stored twin, rebuilt from today's defaults and solved at every film of the sweep: the stored file is what
        // the code makes (fails when a change to the twins, the contact law or the solver moves the numbers).
        var stored = Stored().Where(r => r.Sample == "CAM10:0" && r.Seed == 1).ToList();
        var g = ContactNetworkStudy.TwinGeometry(1.0, 1);
        foreach (var s in stored)
        {
            var r = ContactNetworkStudy.Run(g, 1.0, 1, s.FilmOhmM2, s.CarbonPathSPerCm);
            Assert.Equal(s.NetworkSigmaSPerCm, r.NetworkSigmaSPerCm, s.NetworkSigmaSPerCm * 1e-12);
            Assert.Equal(s.Contacts, r.Contacts);
            Assert.Equal(s.MeanContactRadiusUm, r.MeanContactRadiusUm, 1e-12);
        }
        var voxel = TwinTransportStudy.ReadCsv(TestPaths.InRepository("data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv"))
            .Single(r => r.Sample == "CAM10:0" && r.Seed == 1);
        Assert.Equal(stored[0].CarbonPathSPerCm, ContactNetworkStudy.CarbonPathSPerCm(voxel), 15);
    }

    [Fact]
    public void ContactNetworkStudy_StoredStudy_NeverRisesWithTheNcwaFraction()
    {
        var rows = Stored();
        foreach (var f in ContactNetworkStudy.FilmSweepOhmM2)
        {
            Assert.False(ContactNetworkStudy.RisesWithNcwa(rows, f, networkOnly: true), $"network at {f}");
            Assert.False(ContactNetworkStudy.RisesWithNcwa(rows, f), $"total at {f}");
            Assert.StartsWith("CAM7:3", ContactNetworkStudy.Ordering(rows, f)); // the total ranks CAM7:3 first whatever r_film is
        }
    }

    [Fact]
    public void ContactNetworkStudy_StoredStudy_UnimodalPairFollowsThePaperOnlyWhenTheFilmDominates()
    {
        var rows = Stored();
        double Mean(string s, double f) => rows.Where(r => r.Sample == s && r.FilmOhmM2 == f).Average(r => r.NetworkSigmaSPerCm);
        double ratio = Mean("CAM10:0", 1e-4) / Mean("CAM0:10", 1e-4);
        Assert.InRange(ratio, 2.5, 3.5); // "about 3x"
        Assert.True(Mean("CAM0:10", 0) > Mean("CAM10:0", 0)); // Holm only: reversed
    }

    [Fact]
    public void ContactNetworkStudy_StoredStudy_ResolvesOnlyCam64OverCam010InTheFilmLimit()
    {
        var steps = ContactNetworkStudy.PaperElectronicOrder(Stored(), 1e-4, networkOnly: true);
        Assert.Equal([false, false, false, true], steps.Select(s => s.Resolved));
        Assert.True(steps[0].SeedsReversed >= 2 && steps[1].SeedsReversed >= 2); // CAM10:0 > CAM8:2 > CAM7:3 reversed on most seeds
    }

    [Fact]
    public void ContactNetworkStudy_StoredStudy_CarbonPathExceedsTheNetworkOnEveryTwin()
    {
        var rows = Stored();
        Assert.All(rows, r => Assert.True(r.CarbonPathSPerCm > r.NetworkSigmaSPerCm, $"{r.Sample} s{r.Seed} film {r.FilmOhmM2}"));
        Assert.InRange(rows.Min(r => r.CarbonPathSPerCm) * 1e3, 3, 10); // "3-10 mS/cm"
        Assert.InRange(rows.Max(r => r.CarbonPathSPerCm) * 1e3, 3, 10);
    }
}
