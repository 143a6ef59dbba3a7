using System.Numerics;
using ResearchKit.Electrochemistry;
using Xunit;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Electrochemistry;

public class CellImpedanceTests(ITestOutputHelper output)
{
    static readonly double[] Frequencies = CellImpedance.LogFrequencies(1e6, 1e-3, 10);

    [Fact]
    public void TwoRailTransmissionLine_UniformElectrodeNoDiffusion_MatchesAnalyticWithinHalfPercent()
    {
        // Uniform state (theta = 0.5 everywhere, at rest), no solid diffusion: every finite volume has the same interface, so the
        // cathode is the two-rail transmission line with collector on the electronic and separator on the ionic rail.
        foreach (int cells in new[] { 20, 80, 160 })
        {
            var p = ImpedanceValidation.UniformCell(cells);
            var s = CellModel.Impedance(p, Frequencies, new ImpedanceOptions(SolidDiffusion: false));
            double worst = ImpedanceValidation.WorstRelativeError(s, ImpedanceValidation.AnalyticCell(p, Frequencies, diffusion: false));
            output.WriteLine($"cells {cells}: worst |Z - Z_TLM| / |Z_TLM| over 1 MHz-1 mHz = {worst:E3}");
            if (cells == 160) Assert.True(worst < 5e-3, $"worst {worst:E3}");
        }
    }

    [Fact]
    public void TwoRailTransmissionLine_WithSphericalDiffusion_MatchesJacobsenWestWithEnoughShells()
    {
        // First-order convergence in the shell width (the half-shell surface extrapolation): 640 shells for 0.5 %.
        var rows = ImpedanceValidation.ShellStudy([10, 12, 40, 160, 640]);
        foreach (var (n, err, f) in rows) output.WriteLine($"shells {n}: worst relative error vs TLM with Jacobsen-West spheres {err:E3} at {f:G3} Hz");
        for (int i = 1; i < rows.Count; i++) Assert.True(rows[i].WorstRelativeError < rows[i - 1].WorstRelativeError, "error must fall with the shell count");
        Assert.True(rows[^1].WorstRelativeError < 5e-3, $"worst {rows[^1].WorstRelativeError:E3}");
        // Halving the shell width roughly halves the error (first order): 160 -> 640 shells, a factor 4 finer.
        Assert.InRange(rows[^2].WorstRelativeError / rows[^1].WorstRelativeError, 3, 8);
    }

    [Fact]
    public void DcLimit_NoDiffusion_EqualsSteadyStateResistanceOfTheTimeDomainModel()
    {
        var p = ImpedanceValidation.UniformCell(24);
        double zDc = CellModel.Impedance(p, [1e-9], new ImpedanceOptions(SolidDiffusion: false)).ImpedanceOhm[0].Real;
        // Time domain: fast diffusion (no surface depletion, no half-shell resistance) and a tiny step of a tiny current.
        double rTime = CellModel.InstantaneousResistanceOhm(p with { Species = p.Species.Select(x => x with { DiffusivityM2PerS = 1e-3 }).ToList() }, 1e-6, 1e-6);
        double rAnalytic = ImpedanceValidation.AnalyticCell(p, [1e-9], diffusion: false)[0].Real;
        output.WriteLine($"Z(1e-9 Hz, no diffusion) = {zDc:F6} ohm, time-domain step {rTime:F6} ohm, analytic TLM {rAnalytic:F6} ohm");
        Assert.Equal(1, zDc / rTime, 1e-5);
        Assert.Equal(1, zDc / rAnalytic, 5e-3);
    }

    [Fact]
    public void SmallSine_FourFrequencies_TimeDomainMatchesFrequencyDomainWithinOnePercent()
    {
        // Time domain with C_dl, C_cei and C_LTO on (SolverOptions.InterfaceCapacitance), 500 backward-Euler steps per period
        // (phase error ~ pi / 500); fast diffusion so the particles' start-up transient has died out after 4 of the 6 periods at 0.1 Hz.
        var rows = ImpedanceValidation.SmallSineCheck();
        Assert.Equal(4, rows.Count);
        foreach (var (f, zFreq, zTime, err) in rows)
        {
            output.WriteLine($"{f} Hz: frequency domain {zFreq.Real:F4} {zFreq.Imaginary:F4} ohm, time domain {zTime.Real:F4} {zTime.Imaginary:F4} ohm, rel {err:E2}");
            Assert.True(err < 0.01, $"{f} Hz: {err:E3}");
            Assert.True(zFreq.Imaginary < 0, "capacitive");
        }
    }

    [Fact]
    public void TimeDomainCapacitance_Off_LeavesTheCyclingRunUnchanged()
    {
        // The option's off state is the old code path; on, the double layer only delays the response (same capacity to 0.1 %).
        var p = CellModelTests.Simple(ice: 0.9);
        var protocol = Protocol.Parse("charge 1C to 4.3V\nrest 10min\ndischarge 1C to 2.7V");
        var a = CellModel.Run(p, protocol);
        var b = CellModel.Run(p, protocol, SolverOptions.Default with { InterfaceCapacitance = false });
        Assert.Equal(a.VoltageV, b.VoltageV);
        var c = CellModel.Run(p, protocol, SolverOptions.Default with { InterfaceCapacitance = true });
        Assert.True(c.Diagnostics.Converged);
        Assert.Equal(a.Cycles[0].DischargeMAhPerG, c.Cycles[0].DischargeMAhPerG, a.Cycles[0].DischargeMAhPerG * 1e-3);
    }

    [Fact]
    public void SurfaceResponse_FiniteVolume_ConvergesToJacobsenWest()
    {
        // One sphere, a = 1 um, D = 1e-14 m2/s, tau = 100 s: 1e-3 to 1e2 Hz.
        foreach (double fHz in new[] { 1e-3, 1e-2, 1e-1 })
        {
            double w = 2 * Math.PI * fHz;
            var exact = SphericalDiffusion.AnalyticSurfaceResponse(1e-6, 1e-14, w);
            var fv = new SphericalDiffusion(1e-6, 1e-14, 400).SurfaceResponse(w);
            Assert.True((fv - exact).Magnitude / exact.Magnitude < 5e-3, $"{fHz} Hz: {fv} vs {exact}");
        }
    }
}
