using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Generators;
using ResearchKit.Packing;

namespace ResearchKit.Tests.Microstructure.Generators;

public class TwinGeneratorTests
{
    static TwinSpec Spec8(double voxel) => TwinFixtures.SmallSpec(8, voxel);

    [Fact]
    public void SingleSphere_VoxelVolume_WithinVoxelizationError()
    {
        int n = 40; double v = 0.1, r = 1.3;
        var labels = new byte[n * n * n];
        // centre on a box corner: the sphere wraps across x and y (periodic) and is cut by z = 0? no: z centre 2.0
        SphereVoxelizer.Voxelize([new Sphere(0.03, 3.97, 2.0, r, 2)], n, n, n, v, labels);
        double vol = labels.Count(b => b == 2) * v * v * v, exact = 4.0 / 3 * Math.PI * r * r * r;
        // surface voxel error ~ area x v / (some factor): bound 3 %
        Assert.InRange(vol / exact, 0.97, 1.03);
    }

    [Fact]
    public void TwinSpecDefault_Densities_AreTheMaterialTableDefaults()
    {
        var spec = TwinSpec.Default(0.7);
        var table = ResearchKit.Materials.MaterialLibrary.Default;
        Assert.Equal(1.86, spec.SseDensityGPerCm3);
        Assert.Equal(table.Value("SSE", "density"), spec.SseDensityGPerCm3);
        Assert.Equal(table.Value("NCWA", "density"), spec.Large.DensityGPerCm3);
        Assert.Equal(table.Value("NCM", "density"), spec.Small.DensityGPerCm3);
        Assert.Equal(table.Value("Carbon", "density"), spec.CarbonDensityGPerCm3);
        // NCWA's table density is the lattice density of its own lattice parameters (3 f.u. per hexagonal cell), to 0.01 g/cm3.
        Assert.Equal(ResearchKit.Materials.Crystallography.LayeredOxideDensityGPerCm3(table.Value("NCWA", "molar_mass"), table.Value("NCWA", "lattice_a"), table.Value("NCWA", "lattice_c")), spec.Large.DensityGPerCm3, 2);
    }

    [Fact]
    public void SimpleCubic_MassConservation_AndPorosityFromComposition()
    {
        var spec = Spec8(0.1);
        var twin = TwinGenerator.FromPacking(spec, TwinFixtures.SimpleCubic(4, 4, 1.0), "simple-cubic fixture");
        var f = twin.VolumeFractions;
        Assert.Equal(1.0, f.Pore + f.Ncwa + f.Ncm + f.Sse + f.Carbon, 12);
        // CAM fraction = pi/6 within voxelization error
        Assert.InRange(twin.CamPackingFraction, Math.PI / 6 - 0.01, Math.PI / 6 + 0.01);
        // Mass ratios of the voxel phases reproduce 90 : 9.5 : 0.5 (one voxel of rounding)
        double mCam = f.Ncwa * spec.Large.DensityGPerCm3;
        double mSse = f.Sse * spec.SseDensityGPerCm3, mC = f.Carbon * spec.CarbonDensityGPerCm3;
        double total = mCam + mSse + mC;
        Assert.Equal(0.90, mCam / total, 4);
        Assert.Equal(0.095, mSse / total, 4);
        Assert.Equal(0.005, mC / total, 4);
        // Porosity = 1 - phi_CAM (1 + V_binder / V_CAM), with V_binder/V_CAM fixed by the composition.
        // SSE 1.86 and carbon 1.9 g/cm3: the material table's skeletal densities (data/materials/materials.csv).
        double ratio = (9.5 / 1.86 + 0.5 / 1.9) / (90 / spec.Large.DensityGPerCm3);
        Assert.Equal(1 - twin.CamPackingFraction * (1 + ratio), twin.Porosity, 3);
        Assert.Equal(8.0, twin.ThicknessUm, 9);
        Assert.Equal(64, twin.ParticleCounts["ncwa"]);
        Assert.Equal(6.0, twin.Contacts.CoordinationNumber - 0.0 + 2.0 * 16 / 64, 9); // 16 bottom+top missing links
    }

    [Fact]
    public void SimpleCubic_FillsContactNecksFirst_LeavesCellCentresOpen()
    {
        var twin = TwinGenerator.FromPacking(Spec8(0.1), TwinFixtures.SimpleCubic(4, 4, 1.0), "fixture");
        var v = twin.Volume;
        // The centre of a simple cubic cell (largest void) is a pore; the point next to a contact neck is SSE.
        Assert.Equal(PhaseLabels.Pore, v[40, 40, 40]);   // (4.05, 4.05, 4.05) um: cell centre between 8 spheres
        Assert.Equal(PhaseLabels.Sse, v[30, 34, 40]);    // (x 4.05, y 3.45, z 3.05): beside the contact neck of spheres centred at x = 3 and x = 5
        Assert.True(twin.Fill.OpeningRadiusVoxels > 0);
    }

    [Fact]
    public void Twin_SameSeed_IdenticalHashRegardlessOfThreadCount()
    {
        var spec = TwinFixtures.SmallSpec(8, 0.1, 0.5);
        var p = TwinFixtures.SimpleCubic(4, 3, 1.0, (i, j, k) => (i + j + k) % 2 == 0 ? 1 : 2);
        var a = TwinGenerator.FromPacking(spec, p, "fixture", maxDegreeOfParallelism: 1);
        var b = TwinGenerator.FromPacking(spec, p, "fixture", maxDegreeOfParallelism: 4);
        Assert.Equal(a.VolumeHash(), b.VolumeHash());
        Assert.Equal(a.ParticleIds, b.ParticleIds);
    }

    [Fact]
    public void Population_MassMatchesLoading_AndBlendSplitsMass()
    {
        var spec = TwinSpec.Default(0.7, 3, 0.25);
        var pop = TwinPopulation.Sample(spec);
        double mTarget = pop.TargetCamMassG;
        Assert.Equal(mTarget, pop.SampledMassLargeG + pop.SampledMassSmallG, mTarget * 0.02);
        // The sampler stops within half a particle of each species' target mass: the NCWA share can miss 0.7 by at most half
        // the heaviest NCWA particle's share of the total (about 0.5 % here, with ~100 NCWA particles of 10-18 um).
        double rMaxLarge = pop.RadiiUm.Zip(pop.Species).Where(t => t.Second == PhaseLabels.Ncwa).Max(t => t.First);
        double heaviest = spec.Large.DensityGPerCm3 * 1e-12 * 4.0 / 3 * Math.PI * Math.Pow(rMaxLarge, 3);
        double massTotal = pop.SampledMassLargeG + pop.SampledMassSmallG;
        Assert.InRange(pop.SampledMassLargeG / massTotal, 0.7 - 0.5 * heaviest / massTotal - 1e-3, 0.7 + 0.5 * heaviest / massTotal + 1e-3);
        Assert.True(pop.CountOf(PhaseLabels.Ncm) > pop.CountOf(PhaseLabels.Ncwa));
        Assert.Equal(pop.RadiiUm, TwinPopulation.Sample(spec).RadiiUm); // deterministic
        // Volume-weighted median of the sampled NCM diameters close to the PSD's D50 (truncation shifts it slightly)
        var d = pop.RadiiUm.Zip(pop.Species).Where(t => t.Second == 2).Select(t => 2 * t.First).OrderBy(x => x).ToArray();
        double total = d.Sum(x => x * x * x), acc = 0, d50 = 0;
        foreach (var x in d) { acc += x * x * x; if (acc >= total / 2) { d50 = x; break; } }
        Assert.InRange(d50, 3.5 * 0.9, 3.5 * 1.1);
    }

    [Fact]
    public void Validate_ImpossibleComposition_AndSmallBoxNameFields()
    {
        var bad = TwinSpec.Default() with { Composition = new ResearchKit.Materials.CathodeComposition(90, 20, 0.5, 0.7) };
        Assert.Equal("wt_percent", Assert.Throws<InvalidInputException>(bad.Validate).Field);
        var small = TwinSpec.Default(1.0) with { BoxXUm = 10, BoxYUm = 10 };
        Assert.Equal("box_x_um", Assert.Throws<InvalidInputException>(small.Validate).Field);
        Assert.Equal("voxel_um", Assert.Throws<InvalidInputException>((TwinSpec.Default() with { VoxelUm = 0.3 }).Validate).Field);
    }

    [Fact]
    public void TwinGenerator_Outputs_SidecarAndParticlesFrame()
    {
        var twin = TwinGenerator.FromPacking(Spec8(0.2), TwinFixtures.SimpleCubic(4, 2, 1.0), "fixture");
        var json = System.Text.Json.JsonDocument.Parse(twin.SidecarJson()).RootElement;
        Assert.Equal(40, json.GetProperty("shape_zyx")[1].GetInt32());
        Assert.Equal(0.2, json.GetProperty("voxel_um").GetDouble());
        Assert.Equal("sse", json.GetProperty("label_codes").GetProperty("3").GetString());
        var frame = twin.ParticleFrame();
        Assert.Equal(32, frame.RowCount);
        Assert.Contains("RadiusUm", frame.ColumnKeys);
    }
}

public class TwinInterlayerTests
{
    [Fact]
    public void Interlayer_PacksCoatedRadii_VoxelizesCamRadii()
    {
        var spec = TwinFixtures.SmallSpec(8, 0.1) with { SseInterlayerUm = 0.2, CamArealLoadingMgPerCm2 = 4.75 * 4 * 0.5236 * 1e-1 };
        double[]? seen = null;
        var twin = TwinGenerator.Build(spec, req =>
        {
            seen = req.RadiiUm;
            // Hand-made lattice of the coated spheres (radius 1.1 -> spacing 2.2 would not tile 8 um; use a loose grid).
            var s = req.RadiiUm.Select((r, i) => new ResearchKit.Packing.Sphere(1.5 + 2.5 * (i % 3), 1.5 + 2.5 * (i / 3 % 3), 1.5 + 2.5 * (i / 9), r, req.Species[i])).ToArray();
            return new ResearchKit.Packing.PackingResult(s, req.BoxXUm, req.BoxYUm, 2.5 * ((s.Length + 8) / 9) + 0.5, 0, 0, 0);
        }, "fixture");
        Assert.NotNull(seen);
        Assert.All(seen!, r => Assert.Equal(2.0 + 0.1, r, 12)); // d = box/2 = 4 um -> r = 2, plus t/2
        Assert.All(twin.Particles, p => Assert.Equal(2.0, p.RadiusUm, 12));
    }
}

public class TwinParticleFileTests
{
    [Fact]
    public void ParticlesCsv_RoundTrips_AndRevoxelizesLikeTheNotebook()
    {
        var spec = TwinFixtures.SmallSpec(8, 0.2);
        var twin = TwinGenerator.FromPacking(spec, TwinFixtures.SimpleCubic(4, 3, 1.0), "fixture");
        var path = Path.GetTempFileName();
        twin.WriteParticlesCsv(path);
        var back = TwinGenerator.ReadParticlesCsv(path, 8, 8);
        Assert.Equal(twin.Particles, back.Spheres);
        Assert.Equal(6.0, back.BoxZUm, 12);
        var again = TwinGenerator.FromPacking(spec, back, "file");
        Assert.Equal(twin.VolumeHash(), again.VolumeHash());
        File.WriteAllText(path, "id,x_um,y_um,z_um,radius_um,species,material\n1,1,1,1,-2,1,ncwa\n");
        var e = Assert.Throws<InvalidInputException>(() => TwinGenerator.ReadParticlesCsv(path, 8, 8));
        Assert.Equal(2, e.Line);
        Assert.Equal("radius_um", e.Field);
        File.Delete(path);
    }
}

public class TwinPsaTests
{
    [Fact]
    public void TabulatedPsa_ReplacesLognormal_ForThatSpecies()
    {
        var psa = ResearchKit.Packing.ParticleSizeDistribution.FromPsaCsv("size_um,volume_percent\n2,10\n3,40\n4,40\n5,10\n", "ncm-psa.csv");
        var spec = TwinSpec.Default(0.0, 4, 0.25) with { Small = TwinSpec.Default().Small with { Psd = psa } };
        var pop = TwinPopulation.Sample(spec);
        Assert.All(pop.RadiiUm, r => Assert.InRange(2 * r, psa.MinDiameterUm - 1e-9, psa.MaxDiameterUm + 1e-9));
        Assert.Equal(pop.TargetCamMassG, pop.SampledMassSmallG, pop.TargetCamMassG * 0.01);
    }
}
