using ResearchKit.Spectroscopy;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Tests.Spectroscopy;

public class XpsFitTests
{
    static readonly SyntheticPeak[] S2pTruth =
    [
        new("PS4", "S2p", 161.6, 1.0, 50000),
        new("P2Sx", "S2p", 163.0, 1.0, 30000),
        new("Li2Sn", "S2p", 164.4, 1.0, 20000),
    ];

    static XpsSpectrum Noisy(ulong seed, double scale = 1) =>
        XpsSynthesis.Spectrum("t", "S", "2p", 156, 172, 0.05, S2pTruth.Select(p => p with { Area = p.Area * scale }).ToArray(), PeakShape.Default, 2000 * scale, 0.02, seed);

    [Fact]
    public void Fit_ThreeS2pDoubletsOnShirley_RecoveredTo10meVAndOnePercentArea()
    {
        var fit = XpsFitter.Fit(Noisy(7, scale: 4), XpsSynthesis.SulfurModel() with { RangeHighEv = 172, RangeLowEv = 156 });
        Assert.True(fit.Converged, fit.Warning);
        double total = S2pTruth.Sum(p => p.Area);
        foreach (var (truth, c) in S2pTruth.Zip(fit.Components))
        {
            Assert.Equal(truth.CenterEv, c.CenterEv, 0.01);
            Assert.InRange(c.AreaShare, truth.Area / total - 0.01, truth.Area / total + 0.01);
            Assert.True(Math.Abs(c.Area / 4 - truth.Area) < 0.01 * truth.Area, $"{c.Name}: area {c.Area / 4} vs {truth.Area}");
        }
        Assert.InRange(fit.ReducedChiSquare, 0.8, 1.25); // Poisson noise only: chi2/dof near 1
    }

    [Fact]
    public void Fit_FittedShirleyTerm_RecoversAreasAndStepFactor()
    {
        var model = XpsSynthesis.SulfurModel() with { Background = FitBackground.ShirleyFitted };
        var fit = XpsFitter.Fit(Noisy(11, scale: 4), model);
        Assert.True(fit.Converged, fit.Warning);
        Assert.Equal(0.02, fit.ShirleyFactor, 0.002);
        foreach (var (truth, c) in S2pTruth.Zip(fit.Components))
        {
            Assert.Equal(truth.CenterEv, c.CenterEv, 0.01);
            Assert.True(Math.Abs(c.Area / 4 - truth.Area) < 0.01 * truth.Area, $"{c.Name}: area {c.Area / 4} vs {truth.Area}");
        }
    }

    [Fact]
    public void Fit_DoubletsOnTougaardBackground_RecoveredTo10meVAndOnePercentArea()
    {
        // Forward model on the Tougaard background: J = F + B∫K J (fixed point), noise-free.
        var be = Enumerable.Range(0, 601).Select(i => 150 + 0.1 * i).ToArray();
        var peaks = new[] { new SyntheticPeak("A", "P2p", 132.0 + 25, 1.0, 40000), new SyntheticPeak("B", "P2p", 134.0 + 25, 1.0, 20000) };
        var f = XpsSynthesis.Expected(be, peaks, PeakShape.Default, 0, 0).Expected;
        var j = (double[])f.Clone();
        for (int it = 0; it < 60; it++)
        {
            var integral = XpsBackgrounds.TougaardIntegral(be, j.Select(v => v + 300).ToArray(), 300, 1643, double.NaN);
            j = f.Select((v, i) => v + 2866 * integral[i]).ToArray();
        }
        var y = j.Select(v => v + 300).ToArray();
        var model = XpsFitModel.Parse("""
            background tougaard
            end-points 1
            doublet A P2p center=157.1 fwhm=1.2
            doublet B P2p center=158.9 fwhm=1.2
            equal fwhm A B
            """);
        var fit = XpsFitter.Fit(be, y, model);
        Assert.Equal(2866, fit.TougaardBEv2, 2866 * 0.01);
        Assert.Equal(157.0, fit.Components[0].CenterEv, 0.01);
        Assert.Equal(159.0, fit.Components[1].CenterEv, 0.01);
        Assert.Equal(40000, fit.Components[0].Area, 400.0);
        Assert.Equal(20000, fit.Components[1].Area, 200.0);
    }

    [Fact]
    public void Model_TiesAndFixes_AreHonoured()
    {
        var model = XpsFitModel.Parse("""
            background shirley
            doublet PS4 S2p center=161.5 fwhm=0.9
            doublet P2Sx S2p center=163.1
            doublet Li2Sn S2p center=164.3
            tie P2Sx.center = PS4.center + 1.4
            fix Li2Sn.center 164.4
            equal fwhm PS4 P2Sx Li2Sn
            bound PS4.center 161.0:162.0
            """);
        var fit = XpsFitter.Fit(Noisy(3), model);
        var c = fit.Components;
        Assert.Equal(c[0].CenterEv + 1.4, c[1].CenterEv, 9);
        Assert.Equal(164.4, c[2].CenterEv, 12);
        Assert.Equal(0, c[2].CenterErrorEv);
        Assert.Equal(c[0].FwhmEv, c[2].FwhmEv, 12);
        Assert.InRange(c[0].CenterEv, 161.0, 162.0);
        Assert.Equal(1.0, c.Sum(x => x.AreaShare), 12);
        Assert.All(c, x => Assert.True(x.AreaShareError > 0 && x.AreaShareError < 0.05));
    }

    [Theory]
    [InlineData("doublet A Xx2p center=161", "unknown core level 'Xx2p'", 1)]
    [InlineData("doublet A S2p center=161\ntie A.fwhm = B.fwhm", "unknown component 'B'", 2)]
    [InlineData("doublet A S2p center=161\nbound A.width 0:1", "unknown parameter 'width'", 2)]
    [InlineData("doublet A S2p center=161 shape=XY(3)", "unknown line shape", 1)]
    [InlineData("background magic\ndoublet A S2p center=161", "unknown background", 1)]
    [InlineData("frobnicate", "unknown statement", 1)]
    public void Model_BadInput_NamesLineAndField(string text, string expected, int line)
    {
        var e = Assert.Throws<InvalidInputException>(() => XpsFitModel.Parse(text, "m.model"));
        Assert.Contains(expected, e.Message);
        Assert.Equal(line, e.Line);
        Assert.Equal("m.model", e.SourceName);
    }

    [Fact]
    public void Doublets_UnknownLevel_IsBadInputNamingTheField()
    {
        var e = Assert.Throws<InvalidInputException>(() => XpsFitModel.FromDoublets("S2p:161.6,Q9z:1", FitBackground.Shirley));
        Assert.Equal("doublets", e.Field);
    }

    [Fact]
    public void SpinOrbitTable_SulfurAndPhosphorus_AsTheIssueStates()
    {
        Assert.Equal(1.18, SpinOrbitTable.Get("S 2p").SplittingEv);
        Assert.Equal(2.0, SpinOrbitTable.Get("S2p").AreaRatio);
        Assert.Equal(0.87, SpinOrbitTable.Get("P2p").SplittingEv);
        Assert.Equal(4.0 / 3, SpinOrbitTable.Get("Au4f").AreaRatio, 12); // (2j+1): 8:6
        Assert.All(SpinOrbitTable.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Source)));
    }

    [Theory]
    [InlineData("GL(30)")]
    [InlineData("GL(0)")]
    [InlineData("GL(100)")]
    [InlineData("SGL(40)")]
    [InlineData("V(0.7)")]
    [InlineData("LA(1.1,2.5)")]
    public void PeakShape_Profile_HasUnitArea(string shape)
    {
        var s = PeakShape.Parse(shape);
        // Simpson over ±400 FWHM; Lorentzian tails beyond hold < 0.1 % of the area
        double h = 0.002, L = 400, sum = 0;
        int n = (int)(2 * L / h);
        for (int i = 0; i <= n; i++) { double x = -L + i * h; sum += s.Profile(x, 1.0) * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2); }
        Assert.Equal(1.0, sum * h / 3, 2e-3);
        Assert.Equal(1.0, s.Height(0, 1.0), 12);
    }

    [Fact]
    public void PeakShape_GaussianAndLorentzianLimits_HaveHalfMaximumAtHalfWidth()
    {
        Assert.Equal(0.5, PeakShape.Parse("GL(0)").Height(0.6, 1.2), 12);
        Assert.Equal(0.5, PeakShape.Parse("GL(100)").Height(0.6, 1.2), 12);
        Assert.Equal(0.5, PeakShape.Parse("SGL(50)").Height(-0.6, 1.2), 12);
    }

    // Real files: fits a spectroscopist would accept. Residual figures are reported in the test output and bounded here.
    [Theory]
    [InlineData("KherveFitting__Pt4f.vms", 0, "background shirley\nrange 80:66\nshape LA(1.1,2.2)\ndoublet Pt Pt4f center=71.1 fwhm=0.7", 71.1, 0.35, 0.06)]
    [InlineData("lmfitxps__clean_Au_4f.csv", 0, "background shirley\nrange 95.5:84.5\nshape LA(1.1,2.2)\ndoublet Au Au4f center=87.6 fwhm=0.6", 87.6, 0.3, 0.06)]
    [InlineData("LG4X-V2__0-150W_NiWW4f_W4f.txt", 0, "background shirley\nrange 38.5:27\nshape LA(1.1,2.2)\ndoublet W W4f center=33.6 fwhm=0.8\nsinglet W5p center=37.9 fwhm=2 shape=GL(30)", 33.6, 0.3, 0.08)]
    [InlineData("LG4X-V2__0-150W.vms", 3, "background shirley\nrange 292:278\nsinglet CC center=282.5 fwhm=1.2\nsinglet CO center=284.3 fwhm=1.2\nsinglet COO center=287.5 fwhm=1.2", 282.5, 0.4, 0.1)]
    public void Fit_RealReferenceFiles_ResidualsSmall(string file, int block, string modelText, double center, double centerTol, double maxRelRms)
    {
        var s = XpsAnalysis.LoadRegion(SpectroscopyFiles.Reference(file), new XpsRegionRequest { Block = block });
        var fit = XpsFitter.Fit(s, XpsFitModel.Parse(modelText));
        Console.WriteLine($"{file}: centre {fit.Components[0].CenterEv:F3} eV, fwhm {fit.Components[0].FwhmEv:F3}, chi2/dof {fit.ReducedChiSquare:F2}, rms/peak {fit.RelativeRmsResidual:P2}");
        Assert.Equal(center, fit.Components[0].CenterEv, centerTol);
        Assert.True(fit.RelativeRmsResidual < maxRelRms, $"rms/peak {fit.RelativeRmsResidual:P2}");
    }
}
