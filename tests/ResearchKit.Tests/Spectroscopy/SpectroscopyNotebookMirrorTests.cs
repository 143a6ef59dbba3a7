using ResearchKit.Spectroscopy;
using ResearchKit.Spectroscopy.Sims;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Tests.Spectroscopy;

/// <summary>The computations behind the statements in the three spectroscopy notebooks, asserted.</summary>
public class SpectroscopyNotebookMirrorTests
{
    [Fact]
    public void TofSims_OneWindow_ResolvingPowerNear7000AndCentresAtAnionMz()
    {
        var fit = SimsFitter.FitPair(SimsTextReader.Read(SpectroscopyFiles.Synthetic("sims", "cam0-10-after-mz62.txt")), "PS-,PO2-");
        Assert.Equal(7000, fit.ResolvingPower, 7000 * 0.05);
        Assert.Equal(IonFormula.Parse("PS-").Mz, fit.First.CenterMz, 2e-4);
        Assert.Equal(IonFormula.Parse("PO2-").Mz, fit.Second.CenterMz, 3e-4);
    }

    [Fact]
    public void StepByStep_BackgroundsDiffer_AndShirleyWindowsAsStated()
    {
        var pt = XpsAnalysis.LoadRegion(SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms"));
        var lin = XpsBackgrounds.Compute(pt, BackgroundMethod.Linear, 85, 65);
        var sh = XpsBackgrounds.Compute(pt, BackgroundMethod.Shirley, 85, 65);
        var tg = XpsBackgrounds.Compute(pt, BackgroundMethod.Tougaard, 85, 65);
        Assert.True(sh.Converged && tg.Converged);
        Assert.True(Math.Abs(lin.NetArea - sh.NetArea) > 0.02 * sh.NetArea); // the choice matters for the area
        var w = XpsAnalysis.LoadRegion(SpectroscopyFiles.Reference("LG4X-V2__0-150W.vms"), new XpsRegionRequest { Block = 4 });
        bool Conv(double hi) => XpsBackgrounds.Compute(w, BackgroundMethod.Shirley, hi, 26, new BackgroundOptions { EndPoints = 3 }).Converged;
        Assert.False(Conv(34.6)); // on the 4f7/2 flank
        Assert.True(Conv(35.0));  // in the valley between the lines
        Assert.False(Conv(36.6)); // on the 4f5/2 flank
        Assert.True(Conv(38.5));  // past the doublet
    }

    [Fact]
    public void StepByStep_AsymmetricShape_FitsPtBetterThanGl()
    {
        var pt = XpsAnalysis.LoadRegion(SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms"));
        var model = XpsFitModel.Parse("background shirley\nrange 80:66\nshape LA(1.1,2.2)\ndoublet Pt Pt4f center=71.1 fwhm=0.7");
        var la = XpsFitter.Fit(pt, model);
        var gl = XpsFitter.Fit(pt, model with { Components = model.Components.Select(c => c with { Shape = PeakShape.Parse("GL(30)") }).ToList() });
        Assert.True(la.ReducedChiSquare < gl.ReducedChiSquare);
    }

    [Fact]
    public void Fig3cd_Blends_LieBetweenTheUnimodalCathodes()
    {
        var s = new InterphaseShares();
        double d(double w) => 1 - s.Sulfur(w, true).Ps4;
        Assert.True(d(1.0) < d(0.8) && d(0.8) < d(0.7) && d(0.7) < d(0.6) && d(0.6) < d(0.0));
        // closer to CAM0:10 than the NCM mass fraction alone would place them (NCM carries more surface per gram)
        Assert.True(d(0.7) - d(1.0) > 0.3 * (d(0.0) - d(1.0)));
    }
}
