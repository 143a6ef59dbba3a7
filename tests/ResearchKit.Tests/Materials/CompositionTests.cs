using ResearchKit.Materials;

namespace ResearchKit.Tests.Materials;

public class CompositionTests
{
    static readonly PhaseDensities D = new(4.85, 4.79, 1.86, 1.9);

    [Fact]
    public void VolumeFractions_HandComputed_NinetyNinePointFiveHalf()
    {
        // 90:9.5:0.5 with CAM all NCWA at zero porosity: v = 0.9/4.85 + 0.095/1.86 + 0.005/1.9
        var c = CathodeComposition.Paper(1.0);
        double v = 0.9 / 4.85 + 0.095 / 1.86 + 0.005 / 1.9;
        var f = Composition.VolumeFractions(c, D, 0);
        Assert.Equal(0.9 / 4.85 / v, f.Ncwa, 12);
        Assert.Equal(0.095 / 1.86 / v, f.Sse, 12);
        Assert.Equal(0, f.Ncm, 15);
        Assert.Equal(1 / v, Composition.TheoreticalDensityGPerCm3(c, D), 12);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.7, 0.076)]
    [InlineData(1.0, 0.18)]
    public void VolumeFractions_AddToOne_AndConserveMass(double ncwa, double porosity)
    {
        var c = CathodeComposition.Paper(ncwa);
        var f = Composition.VolumeFractions(c, D, porosity);
        Assert.Equal(1.0, f.Pore + f.Solid, 12);
        // Mass per unit volume recomputed from the fractions equals the bulk density, and each phase's share of that mass is its weight fraction.
        double mass = f.Ncwa * D.NcwaGPerCm3 + f.Ncm * D.NcmGPerCm3 + f.Sse * D.SseGPerCm3 + f.Carbon * D.CarbonGPerCm3;
        Assert.Equal(Composition.ActualDensityGPerCm3(c, D, porosity), mass, 12);
        Assert.Equal(0.095, f.Sse * D.SseGPerCm3 / mass, 12);
        Assert.Equal(0.9 * ncwa, f.Ncwa * D.NcwaGPerCm3 / mass, 12);
    }

    [Fact]
    public void Composition_PorosityAndCamPackingFraction_AreInverse()
    {
        var c = CathodeComposition.Paper(0.7);
        for (double p = 0; p < 0.5; p += 0.05)
            Assert.Equal(p, Composition.PorosityFromCamPackingFraction(c, D, Composition.CamPackingFraction(c, D, p)), 12);
        Assert.Equal(0.12, Composition.PorosityFromDensity(c, D, Composition.ActualDensityGPerCm3(c, D, 0.12)), 12);
    }

    [Fact]
    public void Composition_NotAddingToHundred_NamesField()
    {
        var e = Assert.Throws<InvalidInputException>(() => Composition.VolumeFractions(new CathodeComposition(90, 9, 0.5, 0.7), D, 0.1));
        Assert.Equal("wt_percent", e.Field);
        Assert.Contains("99.5", e.Message);
    }

    [Fact]
    public void Composition_NegativeDensity_NamesField()
    {
        var e = Assert.Throws<InvalidInputException>(() => Composition.VolumeFractions(CathodeComposition.Paper(0.7), D with { SseGPerCm3 = -1.86 }, 0.1));
        Assert.Equal("sse_density", e.Field);
    }

    [Fact]
    public void Composition_LayeredOxideDensity_MatchesHandCalculation()
    {
        // LiCoO2: a = 2.8156, c = 14.0542 angstrom, M = 97.87 g/mol -> 5.05 g/cm3 (the textbook crystallographic density).
        Assert.Equal(5.05, Crystallography.LayeredOxideDensityGPerCm3(97.87, 2.8156, 14.0542), 2);
        // The library's NCWA default is the derived value.
        var lib = MaterialLibrary.Default;
        double rho = Crystallography.LayeredOxideDensityGPerCm3(lib.Value("NCWA", "molar_mass"), lib.Value("NCWA", "lattice_a"), lib.Value("NCWA", "lattice_c"));
        Assert.Equal(lib.Value("NCWA", "density"), rho, 2);
        rho = Crystallography.LayeredOxideDensityGPerCm3(lib.Value("NCM", "molar_mass"), lib.Value("NCM", "lattice_a"), lib.Value("NCM", "lattice_c"));
        Assert.Equal(lib.Value("NCM", "density"), rho, 2);
    }

    [Fact]
    public void Composition_EnergyDensity_UnitsAreConsistent()
    {
        // 200 mAh/g x 0.9 x 3.5 g/cm3 = 630 mAh/cm3; x 3.75 V = 2362.5 mWh/cm3 = 2362.5 Wh/L.
        Assert.Equal(630, EnergyDensity.VolumetricCapacityMahPerCm3(200, 0.9, 3.5), 9);
        Assert.Equal(2362.5, EnergyDensity.VolumetricWhPerL(200, 3.75, 0.9, 3.5), 9);
        Assert.Equal(675, EnergyDensity.GravimetricWhPerKg(200, 3.75, 0.9), 9);
    }

    [Fact]
    public void Composition_Tortuosity_ConventionAndLimits()
    {
        Assert.Equal(1.0, Tortuosity.FromConductivity(1.0, 5e-3, 5e-3), 15);          // bulk: tau = 1
        Assert.Equal(2.0, Tortuosity.FromConductivity(0.2, 1e-2, 1e-3), 12);          // 0.2 * 10 / 1
        Assert.Equal(1e-3, Tortuosity.EffectiveConductivity(0.2, 1e-2, 2.0), 15);     // inverse
        Assert.True(double.IsPositiveInfinity(Tortuosity.FromConductivity(0.2, 1e-2, 0)));
        Assert.Equal(Math.Pow(0.25, -0.5), Tortuosity.Bruggeman(0.25), 12);            // 2.0
        Assert.Equal(1.0, Tortuosity.Bruggeman(1.0), 15);
    }

    [Fact]
    public void MaterialLibrary_BadRows_NameLineAndField()
    {
        const string header = "material,quantity,value,unit,source,status,note\n";
        var e = Assert.Throws<InvalidInputException>(() => MaterialLibrary.Parse(header + "SSE,density,-1.6,g/cm3,x,literature,\n", "m.csv"));
        Assert.Equal(2, e.Line); Assert.Equal("value", e.Field);
        e = Assert.Throws<InvalidInputException>(() => MaterialLibrary.Parse(header + "SSE,density,1.6,,x,literature,\n", "m.csv"));
        Assert.Equal("unit", e.Field);
        e = Assert.Throws<InvalidInputException>(() => MaterialLibrary.Parse(header + "SSE,density,1.6,g/cm3,x,guess,\n", "m.csv"));
        Assert.Equal("status", e.Field);
    }

    [Fact]
    public void MaterialLibrary_KeepsBothSseDensities_DefaultIsCrystallographic()
    {
        var lib = MaterialLibrary.Default;
        Assert.Equal(1.86, lib.Value("SSE", "density"));
        Assert.Contains(lib.Parameters, p => p.Material == "SSE" && p.Value == 1.64 && !p.IsDefault);
    }
}
