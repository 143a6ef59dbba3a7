using System.Numerics;
using System.Text.Json;
using ResearchKit.Cli;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Impedance;

public class BlockingCellTests
{
    static Complex Cpe(double q, double a, double fHz) => 1.0 / (q * Complex.Pow(Complex.ImaginaryOne * 2 * Math.PI * fHz, a));

    [Fact]
    public void ElectronBlockingLine_FiniteVolumeSolve_AgreesWithin0p5Percent()
    {
        double rIon = 80, rEl = 3.4, q = 2.2e-3, a = 0.9;
        foreach (var f in SpectrumSynthesis.LogFrequencies(1e4, 1e-3, 3))
        {
            var zi = Cpe(q, a, f);
            var exact = TransmissionLine.ElectronBlocking(rIon, rEl, zi);
            var fv = BlockingCellFiniteVolume.Impedance(rIon, rEl, zi, 4000);
            Assert.True((exact - fv).Magnitude / exact.Magnitude < 0.005, $"f = {f} Hz: analytic {exact}, finite volume {fv}");
        }
    }

    [Fact]
    public void IonBlockingLine_FiniteVolumeSolve_AgreesWithin0p5Percent()
    {
        double rIon = 80, rEl = 3.4, q = 2.2e-3, a = 0.9;
        foreach (var f in SpectrumSynthesis.LogFrequencies(1e4, 1e-3, 3))
        {
            var zi = Cpe(q, a, f);
            var exact = TransmissionLine.IonBlocking(rIon, rEl, zi);
            var fv = BlockingCellFiniteVolume.Impedance(rEl, rIon, zi, 4000);
            Assert.True((exact - fv).Magnitude / exact.Magnitude < 0.005, $"f = {f} Hz: analytic {exact}, finite volume {fv}");
        }
    }

    [Fact]
    public void BlockingLines_DcLimit_IsTheCarryingRailExactly()
    {
        var inf = new Complex(double.PositiveInfinity, 0);
        Assert.Equal(80.0, TransmissionLine.ElectronBlocking(80, 3.4, inf).Real);
        Assert.Equal(3.4, TransmissionLine.IonBlocking(80, 3.4, inf).Real);
        Assert.Equal(80.0, BlockingCellFiniteVolume.Impedance(80, 3.4, inf, 100).Real, 12);
        // Approaching DC through a blocking capacitor: Z -> R_ion with the series correction of order nu^2.
        var z = TransmissionLine.ElectronBlocking(80, 3.4, Cpe(2.2e-3, 1, 1e-9));
        Assert.Equal(80.0, z.Real, 6);
        // The working-electrode line (TLMB) does NOT close on the real axis: its low-frequency real part is (R_ion+R_el)/3.
        Assert.Equal((80 + 3.4) / 3, TransmissionLine.Impedance(80, 3.4, Cpe(2.2e-3, 1, 1e-6)).Real, 3);
    }

    [Fact]
    public void BlockingLines_HighFrequency_IsRailsInParallel()
    {
        var z = TransmissionLine.ElectronBlocking(80, 3.4, Cpe(2.2e-3, 1, 1e12));
        Assert.Equal(80 * 3.4 / 83.4, z.Real, 3);
    }

    [Fact]
    public void Talbot_SingleVoigtElement_MatchesClosedForm()
    {
        // Z = Rp + R1/(1 + s tau): unit-step current 1/(Rp+R1) + (1/Rp - 1/(Rp+R1)) exp(-t/tau'), tau' = tau Rp/(Rp+R1).
        double rp = 2, r1 = 8, tau = 0.5, tp = tau * rp / (rp + r1);
        foreach (double t in new[] { 0.01, 0.1, 0.3, 1, 10 })
        {
            double exact = 1 / (rp + r1) + (1 / rp - 1 / (rp + r1)) * Math.Exp(-t / tp);
            double num = Talbot.Invert(s => 1.0 / (s * (rp + r1 / (1 + s * tau))), t);
            Assert.Equal(exact, num, 8);
        }
    }

    [Fact]
    public void IonBlockingCell_StepResponse_DecaysFromParallelRailsToElectronicCurrent()
    {
        var cell = new IonBlockingCell(600, 1.13, 7e-4, 1.6e-2, 2.2e-3, 1.0);
        var g = cell.UnitStepCurrentA(new[] { 1e-7, 600.0 });
        Assert.Equal(1 / cell.RElOhm, g[1], 9);
        double parallel = cell.RIonOhm * cell.RElOhm / (cell.RIonOhm + cell.RElOhm);
        Assert.True(g[0] > 1 / cell.RElOhm && g[0] < 1 / parallel * 1.001, $"g(0+) = {g[0]}");
    }

    [Fact]
    public void ElectronBlockingCell_RoundTripThroughZFile_RecoversSigmaIonWithin1Percent()
    {
        var a = ConductivityCellAssumptions.Default;
        var inputs = new ConductivityCellInputs("CAM7:3", 0.7, 8.5e-4, 1.86e-2, 0.62, 202);
        var (s, prov) = ConductivityCellStudy.ElectronBlockingSpectrum(inputs);
        Assert.Equal(0.005, a.EisNoise);
        var dir = Directory.CreateTempSubdirectory("rk-eb").FullName;
        var path = Path.Combine(dir, "eb.z");
        ConductivityCells.WriteSpectrum(s, path, prov);
        var sep = ImpedanceFiles.ReadProvenance(path)!.Parameters!["separator_ohm"];
        var r = ConductivityCells.IonicConductivity(ImpedanceFiles.Read(path), a.ThicknessUm, a.AreaCm2, sep, "sidecar");
        Assert.True(r.Converged);
        Assert.True(Math.Abs(r.SigmaIonSPerCm / 8.5e-4 - 1) < 0.01, $"sigma_ion {r.SigmaIonSPerCm} vs 8.5e-4");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void IonBlockingCell_RoundTripThroughMptFile_RecoversSigmaEWithin1Percent()
    {
        var a = ConductivityCellAssumptions.Default;
        var inputs = new ConductivityCellInputs("CAM10:0", 1, 6.7e-4, 1.58e-2, 0.32, 200);
        var (rec, prov) = ConductivityCellStudy.IonBlockingRecord(inputs);
        var dir = Directory.CreateTempSubdirectory("rk-ib").FullName;
        var path = Path.Combine(dir, "ib.mpt");
        ConductivityCells.WriteChronoamperometryMpt(rec, path, prov);
        Assert.True(File.Exists(ImpedanceFiles.SidecarPath(path)));
        Assert.Empty(Directory.GetFiles(dir, ".tmp-*"));
        var r = ConductivityCells.ElectronicConductivity(DcPolarization.ReadChronoamperometry(path), a.ThicknessUm, a.AreaCm2);
        Assert.Equal(5, r.SteadyStateCurrentsA.Length);
        Assert.True(Math.Abs(r.SigmaESPerCm / 1.58e-2 - 1) < 0.01, $"sigma_e {r.SigmaESPerCm}");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void CircuitFit_ExactData_ConvergesWithAConvergedExitReason()
    {
        var truth = new Dictionary<string, double> { ["R0"] = 10, ["R1"] = 40, ["C1"] = 1e-5 };
        var s = SpectrumSynthesis.FromCircuit("R0-p(R1,C1)", truth, SpectrumSynthesis.LogFrequencies(1e5, 1e-1, 8));
        Assert.True(CircuitFitter.TryFit(s, "R0-p(R1,C1)", out var fit, out var error));
        Assert.Null(error);
        Assert.Contains(fit!.ExitReason, new[] { CircuitFitExit.RelativeTolerance, CircuitFitExit.SmallStep, CircuitFitExit.ZeroCost, CircuitFitExit.Stationary });
        // A one-iteration budget cannot converge, and TryFit says so.
        Assert.False(CircuitFitter.TryFit(s, "R0-p(R1,C1)", out var early, out var why,
            new CircuitFitOptions { MaxIterations = 1, Initial = new Dictionary<string, double> { ["R0"] = 1, ["R1"] = 1, ["C1"] = 1e-2 } }));
        Assert.Equal(CircuitFitExit.MaxIterations, early!.ExitReason);
        Assert.Contains("MaxIterations", why);
    }
}

public class ConductivityCliTests
{
    static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    static string TwinCsv => Path.Combine(ResearchKit.Notebooks.KitPackager.FindRepositoryRoot(), "data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv");

    [Fact]
    public void EisBlockingThenConductivity_JsonKeys_AndRoundTrip()
    {
        var dir = Directory.CreateTempSubdirectory("rk-cli-eb").FullName;
        var path = Path.Combine(dir, "cam82.z");
        var (rc, o, e) = Run("eis", "blocking", "--blend", "8:2", "--twin", TwinCsv, "--out", path, "--json");
        Assert.True(rc == 0, e);
        using var sim = JsonDocument.Parse(o);
        foreach (var k in new[] { "thickness_um", "area_cm2", "sigma_ion_s_per_cm", "sigma_e_s_per_cm", "separator_ohm" })
            Assert.True(sim.RootElement.TryGetProperty(k, out _), k);
        double sigma = sim.RootElement.GetProperty("sigma_ion_s_per_cm").GetDouble();
        (rc, o, e) = Run("eis", "conductivity", path, "--thickness-um", "600", "--area-cm2", "1.13", "--json");
        Assert.True(rc == 0, e);
        using var an = JsonDocument.Parse(o);
        foreach (var k in new[] { "r_ion_ohm", "sigma_ion_s_per_cm", "separator_ohm", "model", "converged" })
            Assert.True(an.RootElement.TryGetProperty(k, out _), k);
        Assert.Equal("sidecar", an.RootElement.GetProperty("separator_source").GetString());
        Assert.True(Math.Abs(an.RootElement.GetProperty("sigma_ion_s_per_cm").GetDouble() / sigma - 1) < 0.01);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void DcpolSimulateThenAnalyse_JsonKeys_AndRoundTrip()
    {
        var dir = Directory.CreateTempSubdirectory("rk-cli-ib").FullName;
        var path = Path.Combine(dir, "cam64.mpt");
        var (rc, o, e) = Run("dcpol", "simulate", "--blend", "CAM6:4", "--twin", TwinCsv, "--out", path, "--json");
        Assert.True(rc == 0, e);
        using var sim = JsonDocument.Parse(o);
        foreach (var k in new[] { "thickness_um", "area_cm2", "sigma_e_s_per_cm", "separator_ohm" })
            Assert.True(sim.RootElement.TryGetProperty(k, out _), k);
        double sigma = sim.RootElement.GetProperty("sigma_e_s_per_cm").GetDouble();
        (rc, o, e) = Run("dcpol", path, "--thickness-um", "600", "--area-cm2", "1.13", "--json");
        Assert.True(rc == 0, e);
        using var an = JsonDocument.Parse(o);
        foreach (var k in new[] { "resistance_ohm", "sigma_e_s_per_cm", "steady_state_currents_a", "r_squared" })
            Assert.True(an.RootElement.TryGetProperty(k, out _), k);
        Assert.True(Math.Abs(an.RootElement.GetProperty("sigma_e_s_per_cm").GetDouble() / sigma - 1) < 0.01);
        Directory.Delete(dir, true);
    }

    [Fact]
    public void ConductivityCli_BadInput_ExitsTwoNamingTheField()
    {
        var dir = Directory.CreateTempSubdirectory("rk-cli-bad").FullName;
        var few = Path.Combine(dir, "few.csv");
        File.WriteAllText(few, "frequency_hz,z_real_ohm,z_imag_ohm\n" + string.Join("\n", Enumerable.Range(0, 8).Select(i => $"{Math.Pow(10, 5 - i)},{10 + i},{-1 - i}")) + "\n");
        var (rc, _, e) = Run("eis", "conductivity", few, "--thickness-um", "600", "--area-cm2", "1.13", "--separator-ohm", "5");
        Assert.Equal(2, rc); Assert.Contains("points", e);
        var zigzag = Path.Combine(dir, "zigzag.csv");
        File.WriteAllText(zigzag, "frequency_hz,z_real_ohm,z_imag_ohm\n" + string.Join("\n", Enumerable.Range(0, 12).Select(i => $"{(i == 5 ? 1e6 : Math.Pow(10, 5 - i * 0.5))},{10 + i},{-1 - i}")) + "\n");
        (rc, _, e) = Run("eis", "conductivity", zigzag, "--thickness-um", "600", "--area-cm2", "1.13", "--separator-ohm", "5");
        Assert.Equal(2, rc); Assert.Contains("frequency", e);
        (rc, _, e) = Run("eis", "conductivity", zigzag, "--thickness-um", "0", "--area-cm2", "1.13", "--separator-ohm", "5");
        Assert.Equal(2, rc); Assert.Contains("thickness-um", e);
        var flat = Path.Combine(dir, "flat.csv");
        File.WriteAllText(flat, "time_s,voltage_v,current_a\n" + string.Join("\n", Enumerable.Range(1, 20).Select(i => $"{i},0.1,0.01")) + "\n");
        (rc, _, e) = Run("dcpol", flat, "--thickness-um", "600", "--area-cm2", "1.13");
        Assert.Equal(2, rc); Assert.Contains("steps", e);
        Directory.Delete(dir, true);
    }
}
