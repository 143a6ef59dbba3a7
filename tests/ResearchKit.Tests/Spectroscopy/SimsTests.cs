using ResearchKit.Spectroscopy;
using ResearchKit.Spectroscopy.Sims;

namespace ResearchKit.Tests.Spectroscopy;

public class SimsTests
{
    [Theory]
    [InlineData("PS-", 62.9458)]
    [InlineData("PO2-", 62.9636)]
    [InlineData("S2-", 63.9441)]
    [InlineData("SO2-", 63.9619)]
    public void NeutralMass_PaperFragments_MatchTo1e4(string species, double paper)
    {
        // Fig. 3e,f quote the neutral isotope sums; the anion m/z is one electron mass higher.
        var ion = IonFormula.Parse(species);
        Assert.True(Math.Abs(ion.NeutralMassU - paper) < 1e-4, $"{species}: {ion.NeutralMassU:F6} vs {paper}");
        Assert.Equal(-1, ion.Charge);
        Assert.Equal(ion.NeutralMassU + 0.000548579909, ion.Mz, 9);
        Assert.True(Math.Abs(ion.Mz - paper) > 4e-4); // the paper's values are not the anion m/z
    }

    [Fact]
    public void Formula_IsotopesCountsAndCharges_AreParsed()
    {
        Assert.Equal(2 * 7.0160034366 + 31.9720711744, IonFormula.Parse("Li2S").NeutralMassU, 9);
        Assert.Equal(33.967867004 + 2 * 15.99491461957, IonFormula.Parse("[34S]O2-").NeutralMassU, 9);
        var li = IonFormula.Parse("Li+");
        Assert.Equal(7.0160034366 - 0.000548579909, li.Mz, 9);
        var s2 = IonFormula.Parse("S^2-");
        Assert.Equal(-2, s2.Charge);
        Assert.Equal((31.9720711744 + 2 * 0.000548579909) / 2, s2.Mz, 9);
        Assert.Equal(12.0, IonFormula.Parse("C").NeutralMassU);
    }

    [Theory]
    [InlineData("Xq2-", "not in the isotope table")]
    [InlineData("[35S]-", "isotope 35S")]
    [InlineData("2S-", "count must follow")]
    [InlineData("po2-", "cannot read")]
    public void Formula_BadInput_IsInvalidInput(string text, string expected)
    {
        var e = Assert.Throws<InvalidInputException>(() => IonFormula.Parse(text));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(5000, "PS-", "PO2-", 62.93, 62.98)]
    [InlineData(10000, "PS-", "PO2-", 62.93, 62.98)]
    [InlineData(5000, "S2-", "SO2-", 63.93, 63.98)]
    [InlineData(10000, "S2-", "SO2-", 63.93, 63.98)]
    public void PairFit_SyntheticDoublet_AreasWithinOnePercent(double resolvingPower, string a, string b, double lo, double hi)
    {
        // 20,000 and 8,000 counts: Poisson scatter of the areas is below 1 %.
        var s = SimsSynthesis.Window(a, b, 200000, 80000, lo, hi, resolvingPower, 5, 1e7, seed: 42);
        var fit = SimsFitter.FitPair(s, $"{a},{b}");
        Assert.True(fit.Converged);
        Assert.True(Math.Abs(fit.First.Area / 200000 - 1) < 0.01, $"{a}: {fit.First.Area}");
        Assert.True(Math.Abs(fit.Second.Area / 80000 - 1) < 0.01, $"{b}: {fit.Second.Area}");
        Assert.Equal(resolvingPower, fit.ResolvingPower, resolvingPower * 0.03);
        Assert.Equal(IonFormula.Parse(a).Mz, fit.First.CenterMz, 2e-4);
        Assert.Equal(2.5, fit.AreaRatio, 0.05);
        Assert.Equal(200000 / 1e7, fit.First.NormalizedIntensity, 2e-4);
    }

    [Fact]
    public void TextExport_RoundTrip_KeepsTotalIonCount()
    {
        var dir = SpectroscopyFiles.TempDir();
        var s = SimsSynthesis.Window("PS-", "PO2-", 1000, 500, 62.93, 62.98, 7000, 2, 12345, 1);
        var path = Path.Combine(dir, "w.txt");
        SimsTextReader.Write(path, s, ["test"]);
        var r = SimsTextReader.Read(path);
        Assert.Equal(12345, r.TotalIonCount);
        Assert.Equal(s.Counts, r.Counts);
        Assert.Equal(s.Count, r.Count);
    }
}
