using ResearchKit.Impedance;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Tests.Impedance;

public class DcPolarizationTests
{
    [Fact]
    public void DcPolarization_PaperProtocol_RecoversElectronicResistanceAndConductivity()
    {
        // R_e = 2 kΩ, ionic transient R_ion = 200 Ω with C_dl = 0.05 F (τ = 10 s, gone after 600 s).
        var rec = ChronoamperometrySynthesis.Generate(2000, 200, 0.05);
        Assert.Equal(5 * 600, rec.Count);
        var fit = DcPolarization.Analyse(rec);
        Assert.Equal(5, fit.Steps.Length);
        Assert.All(fit.Steps, s => Assert.True(s.SteadyStateReached));
        Assert.Equal(0.1, fit.Steps[0].VoltageV, 12);
        Assert.Equal(2000, fit.ResistanceOhm, 2000 * 1e-6);
        Assert.Equal(0, fit.InterceptA, 1e-9);
        // σ = L/(R A): 500 µm, 1.13 cm² → 0.05 cm / (2000 Ω · 1.13 cm²).
        Assert.Equal(0.05 / (2000 * 1.13), DcPolarization.ElectronicConductivitySPerCm(fit, 500, 1.13), 1e-12);
    }

    [Fact]
    public void DcPolarization_SlowTransient_IsNotSteadyAndNoiseStaysWithinError()
    {
        // τ = R_ion C = 2000 s ≫ 600 s: the criterion must say "not steady".
        var slow = DcPolarization.Steps(ChronoamperometrySynthesis.Generate(2000, 1000, 2.0));
        Assert.False(slow[0].SteadyStateReached);
        var noisy = DcPolarization.Analyse(ChronoamperometrySynthesis.Generate(2000, 200, 0.05, relativeNoise: 0.01, seed: 5));
        Assert.True(Math.Abs(noisy.ResistanceOhm - 2000) < 3 * noisy.ResistanceStdOhm + 1, $"{noisy.ResistanceOhm} ± {noisy.ResistanceStdOhm}");
        Assert.True(noisy.R2 > 0.999);
    }

    [Fact]
    public void DcPolarization_WriteRead_RoundTrips()
    {
        var dir = ImpedanceReferenceFiles.TempDir();
        var path = Path.Combine(dir, "ca.csv");
        var rec = ChronoamperometrySynthesis.Generate(1500, 300, 0.02, relativeNoise: 0.002, seed: 3);
        DcPolarization.WriteChronoamperometry(rec, path, new ResearchKit.Impedance.IO.ImpedanceProvenance("ChronoamperometrySynthesis", Seed: 3));
        var back = DcPolarization.ReadChronoamperometry(path);
        Assert.Equal(rec.CurrentA, back.CurrentA);
        Assert.Equal(rec.TimeS, back.TimeS);
        Assert.True(File.Exists(path + ".provenance.json"));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void DcPolarization_EcLabAndGamryChronoamperometry_Read()
    {
        var dir = ImpedanceReferenceFiles.TempDir();
        var mpt = Path.Combine(dir, "ca.mpt");
        File.WriteAllText(mpt, "EC-Lab ASCII FILE\r\nNb header lines : 4\r\n\r\nmode\ttime/s\tEwe/V\t<I>/mA\t\r\n2\t1.0\t0.1\t0.05\t\r\n2\t2.0\t0.1\t0.049\t\r\n");
        var a = DcPolarization.ReadChronoamperometry(mpt);
        Assert.Equal(5e-5, a.CurrentA[0], 1e-15);
        Assert.Equal(4.9e-5, a.CurrentA[1], 1e-15);
        var dta = Path.Combine(dir, "ca.DTA");
        File.WriteAllText(dta, "EXPLAIN\r\nTAG\tCHRONOA\r\nCURVE\tTABLE\t2\r\n\tPt\tT\tVf\tIm\tVu\r\n\t#\ts\tV vs. Ref.\tA\tV\r\n\t0\t0.5\t0.1\t2.0E-004\t0\r\n\t1\t1.0\t0.1\t1.5E-004\t0\r\nEXPERIMENTABORTED\tLABEL\r\n");
        var b = DcPolarization.ReadChronoamperometry(dta);
        Assert.Equal(new[] { 0.5, 1.0 }, b.TimeS);
        Assert.Equal(new[] { 2e-4, 1.5e-4 }, b.CurrentA);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void DcPolarization_BadChronoamperometryFiles_AreRejected()
    {
        var dir = ImpedanceReferenceFiles.TempDir();
        var p1 = Path.Combine(dir, "a.csv");
        File.WriteAllText(p1, "time_s,current_a\n1,2\n");
        Assert.Contains("no voltage column", Assert.Throws<InvalidInputException>(() => DcPolarization.ReadChronoamperometry(p1)).Message);
        File.WriteAllText(p1, "time/s,Ewe/V,I/mA\n1,0.1,2\n1,0.1,2\n");
        var e = Assert.Throws<InvalidInputException>(() => DcPolarization.ReadChronoamperometry(p1));
        Assert.Equal(3, e.Line);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void DcPolarization_BlockingTransmissionLine_GivesIonicConductivity()
    {
        // Electron-blocking cell: separators 15 Ω (held), Li|SSE 3 Ω, composite R_ion = 400 Ω, electronic rail 4 Ω.
        var f = SpectrumSynthesis.LogFrequencies(1e6, 1e-3, 10);
        var cell = new ElectronBlockingCell(600, 1.13, 0.06 / (400 * 1.13), 0.06 / (4 * 1.13), 2e-4, 0.93, 15, 3, 2e-6, 0.95);
        var s = cell.Spectrum(f, NoiseModel.Proportional(0.002, 11));
        var (rIon, fit) = DcPolarization.IonicResistanceFromTransmissionLine(s, 15);
        Assert.True(Math.Abs(rIon - 400) < Math.Max(3 * fit.StandardErrorMap["TLEB2_0"], 4), $"R_ion {rIon} ± {fit.StandardErrorMap["TLEB2_0"]}");
        double sigma = DcPolarization.IonicConductivitySPerCm(rIon, 600, 1.13);
        Assert.Equal(0.06 / (400 * 1.13), sigma, 0.02 * sigma);
    }

    [Fact]
    public void DcPolarization_InterceptOfRcCell_GivesIonicResistance()
    {
        // Separator 20 Ω + composite ionic 80 Ω with its geometric capacitance, then an electrode arc at low frequency.
        var f = SpectrumSynthesis.LogFrequencies(1e7, 1e-2, 10);
        var s = SpectrumSynthesis.FromCircuit("R0-p(R1,C1)-p(R2,C2)", new Dictionary<string, double>
            { ["R0"] = 20, ["R1"] = 80, ["C1"] = 1e-9, ["R2"] = 500, ["C2"] = 1e-3 }, f);
        double r = DcPolarization.IonicResistanceFromLowFrequencyIntercept(s, 20);
        Assert.Equal(80, r, 2.0);
    }
}
