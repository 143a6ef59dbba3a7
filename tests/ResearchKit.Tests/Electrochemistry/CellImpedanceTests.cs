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
        double previous = double.PositiveInfinity;
        foreach (int shells in new[] { 10, 40, 160, 640 })
        {
            var p = ImpedanceValidation.UniformCell(160) with { Shells = shells };
            var s = CellModel.Impedance(p, Frequencies);
            double worst = ImpedanceValidation.WorstRelativeError(s, ImpedanceValidation.AnalyticCell(p, Frequencies, diffusion: true));
            output.WriteLine($"shells {shells}: worst relative error vs TLM with Jacobsen-West sphere = {worst:E3}");
            Assert.True(worst < previous, "error must fall with the shell count");
            previous = worst;
            if (shells == 640) Assert.True(worst < 5e-3, $"worst {worst:E3}");
        }
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
    public void SmallSine_ThreeFrequencies_TimeDomainMatchesFrequencyDomainWithinOnePercent()
    {
        // Fast diffusion (1e-12 m2/s) so that the particles' start-up transient has died out after 4 of the 6 periods at 0.1 Hz; 500 backward-Euler steps per period (phase error ~ pi / 500).
        var p = ImpedanceValidation.UniformCell(10) with { Shells = 10 };
        p = p with { Species = p.Species.Select(x => x with { DiffusivityM2PerS = 1e-12 }).ToList() };
        double[] f = [1000, 10, 0.1];
        var zFreq = CellModel.Impedance(p, f).ImpedanceOhm;
        for (int i = 0; i < f.Length; i++)
        {
            var zTime = CellModel.SmallSineImpedance(p, f[i], 2e-3, periods: 6, stepsPerPeriod: 500);
            double err = (zTime - zFreq[i]).Magnitude / zFreq[i].Magnitude;
            output.WriteLine($"{f[i]} Hz: frequency domain {zFreq[i].Real:F4} {zFreq[i].Imaginary:F4} ohm, time domain {zTime.Real:F4} {zTime.Imaginary:F4} ohm, rel {err:E2}");
            Assert.True(err < 0.01, $"{f[i]} Hz: {err:E3}");
            Assert.True(zFreq[i].Imaginary < 0, "capacitive");
        }
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
