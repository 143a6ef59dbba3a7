using ResearchKit.Charts.Impedance;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Tests.Impedance;

/// <summary>Runs the code of notebooks/impedance-reading-and-fitting.ipynb (paths from the repo root) so it stays compilable and sane.</summary>
public class ImpedanceNotebookMirrorTests
{
    [Fact]
    public void ImpedanceNotebook_ReadingAndFittingCode_Runs()
    {
        var refDir = Path.Combine(ImpedanceReferenceFiles.RepoRoot, "data", "reference", "impedance") + "/";
        var files = new[] {
            "impedance.py/exampleDataBioLogic.mpt", "impedance.py/exampleDataGamry.DTA", "impedance.py/exampleDataZPlot.z",
            "impedance.py/Circuit1_EIS_1.z", "impedance.py/exampleDataAutolab.txt", "impedance.py/exampleDataCHInstruments.txt",
            "impedance.py/exampleDataParstat.txt", "impedance.py/exampleData.csv", "pyDRTtools/LIB_data.txt" };
        var spectra = files.Select(f => ImpedanceFiles.Read(refDir + f)).ToList();
        Assert.Equal(9, ImpedanceFrames.Summary(spectra).RowCount);
        var biologic = ImpedanceFiles.Read(refDir + "impedance.py/exampleDataBioLogic.mpt");
        Assert.Equal(43, biologic.ToFrame().RowCount);
        _ = ImpedanceCharts.Nyquist(biologic);
        var dummy = ImpedanceFiles.Read(refDir + "impedance.py/Circuit1_EIS_1.z");
        _ = ImpedanceCharts.KkResiduals(LinKK.Test(dummy));
        var lib = ImpedanceFiles.Read(refDir + "pyDRTtools/LIB_data.txt");
        Assert.True(LinKK.Test(lib).Valid);
        var dummyFit = CircuitFitter.Fit(dummy, "R0-p(R1,C1)");
        Assert.Equal(3, dummyFit.ToFrame().RowCount);
        var libFit = CircuitFitter.Fit(lib, "L0-R0-p(R1,CPE1)-p(R2,CPE2)-W1");
        _ = ImpedanceCharts.Bode(lib, libFit);

        var truth = new Dictionary<string, double> {
            ["R0"] = 12, ["R1"] = 45, ["CPE1_0"] = 3e-5, ["CPE1_1"] = 0.88, ["Wo1_0"] = 60, ["Wo1_1"] = 8 };
        var freq = SpectrumSynthesis.LogFrequencies(1e5, 1e-2, 10);
        var synthetic = SpectrumSynthesis.FromCircuit("R0-p(R1,CPE1)-Wo1", truth, freq, NoiseModel.Proportional(0.005, 42));
        var cmp = CircuitFitter.Fit(synthetic, "R0-p(R1,CPE1)-Wo1").CompareWithTruth(truth);
        Assert.All(cmp.GetColumn<double>("deviation_in_se").Values, d => Assert.True(d < 3));

        var ebCell = new ElectronBlockingCell(ThicknessUm: 600, AreaCm2: 1.13, SigmaIonSPerCm: 0.06 / (400 * 1.13), SigmaESPerCm: 0.06 / (4 * 1.13),
            InterfaceQ: 2e-4, InterfaceAlpha: 0.93, SeparatorOhm: 15, LiInterfaceOhm: 3, LiInterfaceQ: 2e-6, LiInterfaceAlpha: 0.95);
        var tlm = ebCell.Spectrum(SpectrumSynthesis.LogFrequencies(1e6, 1e-3, 10), NoiseModel.Proportional(0.002, 11));
        var ionic = ConductivityCells.IonicConductivity(tlm, thicknessUm: 600, areaCm2: 1.13, separatorOhm: 15);
        var (rIon, tlmFit) = (ionic.RIonOhm, ionic.Fit);
        Assert.InRange(rIon, 396, 404);
        Assert.True(ionic.Converged);
        _ = ImpedanceCharts.Nyquist(tlm, tlmFit);

        var ca = ChronoamperometrySynthesis.Generate(2000, 200, 0.05, relativeNoise: 0.01, seed: 5);
        var iv = DcPolarization.Analyse(ca);
        Assert.Equal(5, iv.ToFrame().RowCount);
        Assert.InRange(DcPolarization.ElectronicConductivitySPerCm(iv, 600, 1.13), 0.06 / (2000 * 1.13) * 0.98, 0.06 / (2000 * 1.13) * 1.02);
        _ = ImpedanceCharts.IvLine(iv);
    }
}
