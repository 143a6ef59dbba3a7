using ResearchKit.Packing;
using ResearchKit.Packing.Theory;

namespace ResearchKit.Tests.Packing;

public class BimodalPackingModelsTests
{
    const double Mono = 0.637;

    [Theory]
    [InlineData(0.4)]
    [InlineData(0.2)]
    [InlineData(1.0)]
    public void Models_ReduceToMonodisperse_AtPureComponents(double r)
    {
        Assert.Equal(Mono, BimodalPackingModels.Westman(0, r, Mono, Mono), 9);
        Assert.Equal(Mono, BimodalPackingModels.Westman(1, r, Mono, Mono), 9);
        double beta = BimodalPackingModels.VirtualFromActual(Mono, 9);
        Assert.Equal(Mono, BimodalPackingModels.Cpm(0, r, beta, beta, 9), 9);
        Assert.Equal(Mono, BimodalPackingModels.Cpm(1, r, beta, beta, 9), 9);
    }

    [Fact]
    public void BimodalPackingModels_EqualSizes_GiveNoMixingGain()
    {
        // r = 1: Westman with G = 1 is linear in specific volume; CPM with a = 1 and b = 1 gives gamma = beta.
        for (double x = 0; x <= 1; x += 0.1)
        {
            Assert.Equal(Mono, BimodalPackingModels.Westman(x, 1, Mono, Mono), 9);
            Assert.Equal(0.7, BimodalPackingModels.CpmVirtual(x, 1, 0.7, 0.7), 9);
        }
    }

    [Fact]
    public void BimodalPackingModels_InfiniteSizeRatioLimit_IsTheLinearPackingModel()
    {
        // r -> 0: the maximum approaches the Furnas value phi_max = 1 - (1 - phi)^2 at fines fraction (1-phi)phi/(1 - (1-phi)^2)... 
        // here checked as: coarse-dominated branch V = V_L X_L.
        double x = 0.1, phi = BimodalPackingModels.Westman(x, 0.001, Mono, Mono);
        Assert.Equal(Mono / (1 - x), phi, 3);
        double furnas = 1 - (1 - Mono) * (1 - Mono);
        var max = BimodalPackingModels.Maximum(f => BimodalPackingModels.Westman(f, 0.001, Mono, Mono));
        Assert.Equal(furnas, max.PackingFraction, 2);
    }

    [Fact]
    public void Maximum_MovesToMoreFines_AndRisesAsSizeRatioFalls()
    {
        double beta = BimodalPackingModels.VirtualFromActual(Mono, 9);
        var w4 = BimodalPackingModels.Maximum(f => BimodalPackingModels.Westman(f, 0.4, Mono, Mono));
        var w2 = BimodalPackingModels.Maximum(f => BimodalPackingModels.Westman(f, 0.2, Mono, Mono));
        var c4 = BimodalPackingModels.Maximum(f => BimodalPackingModels.Cpm(f, 0.4, beta, beta, 9));
        var c2 = BimodalPackingModels.Maximum(f => BimodalPackingModels.Cpm(f, 0.2, beta, beta, 9));
        Assert.True(w2.PackingFraction > w4.PackingFraction && c2.PackingFraction > c4.PackingFraction);
        // Both models put the maximum at 30-45 vol% fines for these ratios.
        foreach (var m in new[] { w4, w2, c4, c2 }) Assert.InRange(m.FinesFraction, 0.28, 0.46);
    }

    [Fact]
    public void BimodalPackingModels_BadInput_NamesTheField()
    {
        Assert.Equal("sizeRatio", Assert.Throws<InvalidInputException>(() => BimodalPackingModels.Westman(0.3, 0, Mono, Mono)).Field);
        Assert.Equal("finesFraction", Assert.Throws<InvalidInputException>(() => BimodalPackingModels.Cpm(1.2, 0.3, 0.7, 0.7, 9)).Field);
        Assert.Equal("compactionIndexK", Assert.Throws<InvalidInputException>(() => BimodalPackingModels.Cpm(0.3, 0.3, 0.7, 0.7, 0)).Field);
    }
}
