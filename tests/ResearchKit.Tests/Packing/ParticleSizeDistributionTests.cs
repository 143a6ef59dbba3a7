using ResearchKit.Packing;

namespace ResearchKit.Tests.Packing;

public class ParticleSizeDistributionTests
{
    [Fact]
    public void Lognormal_SigmaFromQuantiles_IsExactForALognormal()
    {
        double sigma = 0.4, d50 = 12;
        double d10 = d50 * Math.Exp(-ParticleSizeDistribution.Z90 * sigma), d90 = d50 * Math.Exp(ParticleSizeDistribution.Z90 * sigma);
        var psd = ParticleSizeDistribution.FromD10D50D90(d10, d50, d90);
        Assert.Equal(sigma, psd.Sigma, 12);
        Assert.Equal(0, psd.QuantileMisfit, 12);
        Assert.Equal(d50, psd.VolumeQuantileUm(0.5), 6);
        // Quantiles are those of the distribution truncated at 0.5 % per tail: D10 shifts by under 1 %.
        Assert.Equal(d10, psd.VolumeQuantileUm(0.1), 0.01 * d10);
    }

    [Fact]
    public void Lognormal_AsymmetricQuantiles_FitByLeastSquares()
    {
        var psd = ParticleSizeDistribution.FromD10D50D90(2, 3.5, 5.5);
        Assert.Equal(Math.Log(5.5 / 2) / (2 * ParticleSizeDistribution.Z90), psd.Sigma, 12);
        Assert.True(psd.QuantileMisfit > 0);
    }

    [Fact]
    public void ParticleSizeDistribution_SamplingByNumber_ReproducesTheVolumeDistribution()
    {
        // Hatch-Choate: the number median is D50 exp(-3 sigma^2), far below the volume median; the VOLUME quantiles of a
        // number sample must still land on D10, D50, D90. A thin tail cut (1e-4 of the volume per tail) keeps the number
        // median close to the untruncated one (the default 0.5 % volume cut removes about 9 % of the particles by number).
        var psd = ParticleSizeDistribution.FromD10D50D90(7, 12, 20, tailFraction: 1e-4);
        var radii = psd.SampleRadii(40000, 5);
        double numberMedian = 2 * radii.OrderBy(r => r).ElementAt(radii.Length / 2);
        Assert.Equal(12 * Math.Exp(-3 * psd.Sigma * psd.Sigma), numberMedian, 0.03 * numberMedian);
        Assert.Equal(12, ParticleSizeDistribution.SampleVolumeQuantileUm(radii, 0.5), 0.25);
        Assert.Equal(psd.VolumeQuantileUm(0.1), ParticleSizeDistribution.SampleVolumeQuantileUm(radii, 0.1), 0.25);
        Assert.Equal(psd.VolumeQuantileUm(0.9), ParticleSizeDistribution.SampleVolumeQuantileUm(radii, 0.9), 0.5);
        Assert.All(radii, r => Assert.InRange(2 * r, psd.MinDiameterUm, psd.MaxDiameterUm));
        double meanV = radii.Average(r => 4.0 / 3.0 * Math.PI * r * r * r);
        Assert.Equal(psd.MeanParticleVolumeUm3(), meanV, 0.03 * meanV);
    }

    [Fact]
    public void SampleRadiiForVolume_HitsTheTargetWithinHalfAParticle_AndIsDeterministic()
    {
        var psd = ParticleSizeDistribution.FromD10D50D90(2, 3.5, 6);
        double target = 20000;
        var a = psd.SampleRadiiForVolume(target, 11);
        var b = psd.SampleRadiiForVolume(target, 11);
        Assert.Equal(a, b);
        double total = a.Sum(r => 4.0 / 3.0 * Math.PI * r * r * r);
        double vmax = 4.0 / 3.0 * Math.PI * Math.Pow(psd.MaxDiameterUm / 2, 3);
        Assert.InRange(total, target - vmax / 2, target + vmax / 2);
        Assert.NotEqual(a, psd.SampleRadiiForVolume(target, 12));
    }

    const string Differential = """
        # PSA export: class upper edge and volume % in class
        size_um,volume_percent
        2,0
        4,10
        8,40
        16,40
        32,10
        """;

    [Fact]
    public void PsaCsv_DifferentialAndCumulative_Agree()
    {
        var d = ParticleSizeDistribution.FromPsaCsv(Differential, "psa.csv");
        var c = ParticleSizeDistribution.FromPsaCsv("size_um,cumulative_percent\n2,0\n4,10\n8,50\n16,90\n32,100\n", "cum.csv");
        Assert.Equal(8, d.D50Um, 6);
        Assert.Equal(4, d.VolumeQuantileUm(0.1), 6);
        Assert.Equal(16, d.VolumeQuantileUm(0.9), 6);
        Assert.Equal(d.VolumeQuantileUm(0.3), c.VolumeQuantileUm(0.3), 9);
        Assert.Equal(2, d.MinDiameterUm); Assert.Equal(32, d.MaxDiameterUm);
        var radii = d.SampleRadii(30000, 3);
        Assert.Equal(8, ParticleSizeDistribution.SampleVolumeQuantileUm(radii, 0.5), 0.4);
        Assert.Equal(16, ParticleSizeDistribution.SampleVolumeQuantileUm(radii, 0.9), 0.8);
    }

    [Theory]
    [InlineData("size_um,volume_percent\n2,10\n4,30\n8,50\n", 4, "volume_percent", "add up to 90")]
    [InlineData("size_um,cumulative_percent\n2,10\n4,60\n8,50\n16,100\n", 4, "cumulative_percent", "must not decrease")]
    [InlineData("size_um,cumulative_percent\n2,10\n4,60\n8,95\n", 4, "cumulative_percent", "ends at 95")]
    [InlineData("size_um,volume_percent\n2,10\n-4,30\n8,60\n", 3, "size_um", "size > 0")]
    [InlineData("size_um,volume_percent\n2,10\n2,30\n8,60\n", 3, "size_um", "sizes must increase")]
    [InlineData("size_um,volume_percent\n2,10\n4,abc\n8,60\n", 3, "volume_percent", "expected a number")]
    [InlineData("size_um,volume_percent\n2,10\n4,-5\n8,95\n", 3, "volume_percent", ">= 0")]
    public void PsaCsv_BadInput_NamesLineAndField(string csv, int line, string field, string fragment)
    {
        var e = Assert.Throws<InvalidInputException>(() => ParticleSizeDistribution.FromPsaCsv(csv, "bad.csv"));
        Assert.Equal("bad.csv", e.SourceName);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void PsaCsv_MissingPercentColumn_IsAnError()
    {
        var e = Assert.Throws<InvalidInputException>(() => ParticleSizeDistribution.FromPsaCsv("size_um,mass\n1,2\n3,4\n", "x.csv"));
        Assert.Contains("volume_percent or cumulative_percent", e.Message);
    }

    [Theory]
    [InlineData(0, 3, 5, "D10Um")]
    [InlineData(-1, 3, 5, "D10Um")]
    [InlineData(4, 3, 5, "D10Um")]
    [InlineData(1, 3, 3, "D90Um")]
    [InlineData(1, double.NaN, 3, "D50Um")]
    public void Lognormal_BadQuantiles_NameTheField(double d10, double d50, double d90, string field)
    {
        var e = Assert.Throws<InvalidInputException>(() => ParticleSizeDistribution.FromD10D50D90(d10, d50, d90));
        Assert.Equal(field, e.Field);
    }
}
