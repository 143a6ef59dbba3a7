using ResearchKit.Electrochemistry;
using ResearchKit.Paper;
using Xunit;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Electrochemistry;

/// <summary>
/// Mirrors notebooks/cell-model-explained.ipynb (same calls, same sizes) and asserts every number its markdown states.
/// </summary>
public sealed class CellModelExplainedNotebookTests(ITestOutputHelper output)
{
    static string Data => Path.Combine(CellModelTests.RepoRoot(), "data");

    [Fact]
    public void CellModelExplainedNotebook_ParameterTable_HasSourcesAndThePaperValues()
    {
        var t = CellModelValidation.ParameterTable();
        Assert.All(t, p => Assert.False(string.IsNullOrWhiteSpace(p.Source), $"{p.Material}.{p.Quantity} has no source"));
        Assert.All(t, p => Assert.Contains(p.Status, new[] { "paper", "literature", "derived", "calibrated", "assumed" }));
        // markdown: half-cell capacities 218.3 / 201.9 mAh/g, ICE 95.3 / 88.1 %, OCV x_discharged 0.9084, end width 0.02, LTO 1.55 V, excess 1.3x
        Assert.Equal(218.3, CellModelDefaults.Value("NCWA", "reversible_capacity"));
        Assert.Equal(201.9, CellModelDefaults.Value("NCM", "reversible_capacity"));
        Assert.Equal(0.953, CellModelDefaults.Value("NCWA", "initial_coulombic_efficiency"));
        Assert.Equal(0.881, CellModelDefaults.Value("NCM", "initial_coulombic_efficiency"));
        Assert.Equal(0.9084, CellModelDefaults.Value("CAM", "ocv_x_discharged"));
        Assert.Equal(0.02, CellModelDefaults.Value("CAM", "ocv_end_width"));
        Assert.Equal(1.55, CellModelDefaults.Value("LTO", "ocv"));
        Assert.Equal(1.3, CellModelDefaults.Value("LTO", "capacity_excess"));
        Assert.Equal(4e-15, CellModelDefaults.Value("NCWA", "diffusivity"));
        // "the Chen fit stays above 3.48 V at x = 1"
        Assert.True(OpenCircuitPotential.Chen2020().Fit(1.0) > 3.48);
        // markdown: calibration targets 85 % (CAM10:0) and 75 % (CAM0:10), assumed; the stored calibration meets them
        Assert.Equal(85, CellModelDefaults.Value("DEG", "target_retention_cam10_0"));
        Assert.Equal(75, CellModelDefaults.Value("DEG", "target_retention_cam0_10"));
        var c = CellStudy.ReadCalibration(Data);
        output.WriteLine($"{c}");
        Assert.NotNull(c);
    }

    [Fact]
    public void CellModelExplainedNotebook_Conservation_BelowOneInHundredBillion()
    {
        var d = CellModelValidation.Conservation();
        output.WriteLine($"{d}");
        Assert.True(d.Converged);
        Assert.Equal(0, d.SideReactionC);
        Assert.True(d.ConservationRelativeError < 1e-11, $"{d.ConservationRelativeError:E2}"); // "below 1e-11"
    }

    [Fact]
    public void CellModelExplainedNotebook_IdealLimit_CapacityAndVoltageToOneInHundredThousand()
    {
        var (run, cap, dev, points) = CellModelValidation.IdealLimit();
        output.WriteLine($"{cap} err {cap.RelativeError} dev {dev} points {points}");
        Assert.Equal(218.3, cap.Exact, 9);
        Assert.True(Math.Abs(cap.RelativeError) < 1e-5, $"{cap.RelativeError}"); // "to better than 1e-5"
        Assert.True(dev < 1e-5, $"{dev}");                                        // "within 1e-5 V"
        Assert.True(points > 10);
        Assert.Equal(0.02, run.Cycles[0].CRate, 9);
    }

    [Fact]
    public void CellModelExplainedNotebook_CrankSphere_WithinTwoPerMilleFallingWithTau()
    {
        var errors = new[] { 0.1, 0.2, 0.5 }.Select(tau =>
        {
            var (s, m) = CellModelValidation.CrankSphere(tau);
            output.WriteLine($"{s} {s.RelativeError} mean {m.RelativeError}");
            Assert.True(Math.Abs(m.RelativeError) < 1e-12, $"mean {m.RelativeError}"); // "the mean is exact (1e-12)"
            return Math.Abs(s.RelativeError);
        }).ToArray();
        Assert.All(errors, e => Assert.True(e < 2e-3, $"{e}"));                         // "within 0.2 %"
        Assert.True(errors[0] > errors[1] && errors[1] > errors[2]);                    // "its error falls with tau"
    }

    [Fact]
    public void CellModelExplainedNotebook_ReactionDistribution_NewmanTobiasWithinHalfPerMille()
    {
        var (model, exact, nu) = CellModelValidation.ReactionDistribution();
        double worst = model.Zip(exact).Max(z => Math.Abs(z.First - z.Second) / z.Second);
        output.WriteLine($"nu {nu} worst {worst} ends {exact[0]} {exact[^1]}");
        Assert.True(worst < 5e-4, $"{worst}");                  // "better than 0.05 % in every cell"
        Assert.InRange(nu, 2.4, 2.6);                           // "nu about 2.5"
        Assert.InRange(exact[0], 1.71, 1.81);                   // "about 1.76 x the mean" at the collector
        Assert.InRange(exact[^1], 1.04, 1.14);                  // "1.09 x at the separator"
        Assert.NotNull(ResearchKit.Charts.Electrochemistry.CellModelCharts.ReactionDistribution(model, exact));
    }

    [Fact]
    public void CellModelExplainedNotebook_Convergence_XAndTConvergedShellsSecondOrder()
    {
        var rows = CellStudy.TwinRows(Data);
        var cal = CellStudy.ReadCalibration(Data);
        var (se, _) = InterfaceStrainEnergy.Load(Data);
        var p = CellStudy.Parameters(0.7, rows, cal, se);
        var study = CellModelValidation.Convergence(p, 0.5, [10, 20, 40, 80], [6, 12, 24, 48], [2e-2, 1e-2, 5e-3, 2.5e-3, 1.25e-3]);
        foreach (var q in study) output.WriteLine($"{q}");
        double xSpread = CellModelValidation.Spread(study, "x"), tSpread = CellModelValidation.Spread(study, "t");
        double rich = CellModelValidation.ShellRichardson(study);
        var shells = study.Where(q => q.Axis.StartsWith('r')).Select(q => q.DischargeMAhPerG).ToArray();
        double atDefault = study.Single(q => q.Axis.StartsWith('r') && q.Shells == 12).DischargeMAhPerG;
        double bias = (rich - atDefault) / rich;
        output.WriteLine($"x spread {xSpread} t spread {tSpread} richardson {rich} bias {bias}");
        Assert.True(xSpread < 1e-4, $"{xSpread}");             // "less than 0.01 % from 10 to 80 cells"
        Assert.True(tSpread < 5e-4, $"{tSpread}");             // "less than 0.05 % over a 16x range of step tolerance"
        // "the error falls fourfold per doubling of the shells" (second order): successive differences shrink by 3 to 5.
        for (int i = 0; i + 2 < shells.Length; i++)
            Assert.InRange((shells[i + 1] - shells[i]) / (shells[i + 2] - shells[i + 1]), 3.0, 5.0);
        Assert.InRange(bias, 0.003, 0.006);                    // "between 0.3 and 0.6 % below the Richardson estimate"
        Assert.NotNull(ResearchKit.Charts.Electrochemistry.CellModelCharts.Convergence(study));
    }

    [Fact]
    public void CellModelExplainedNotebook_StatedInputs_MatchTheLibraryDefaults()
    {
        // Numbers the notebook's markdown states about the setup: window 2.7-4.3 V vs Li = 1.15-2.75 V cell, cutoffs located to 0.1 mV,
        // defaults 24 cells, 12 shells, 5 mV step tolerance, 3 size classes per species, the ideal cell (kinetics x 1e4, no CEI),
        // the Newman-Tobias cell (7e-4 / 3.5e-4 S/cm, 40 cells), the small cell (two size classes, ICE 0.9 in the conservation run).
        var small = CellModelValidation.SmallCell(initialCoulombicEfficiency: 0.9);
        Assert.Equal(1.15, small.CellWindowV.Min, 9);
        Assert.Equal(2.75, small.CellWindowV.Max, 9);
        Assert.Equal(2, small.Species[0].Classes.Count);
        Assert.Equal(0.9, small.Species[0].InitialCoulombicEfficiency);
        Assert.Equal(1e-4, SolverOptions.Default.CutoffToleranceV);
        Assert.Equal(5e-3, SolverOptions.Default.VoltageToleranceV);
        var defaults = CellModelDefaults.ForBlend(1.0, small.Cathode, small.Species[0].Classes, [], 4.75, 4.8);
        Assert.Equal(24, defaults.Cells);
        Assert.Equal(12, defaults.Shells);
        var ideal = CellModelValidation.IdealCell();
        Assert.Equal(1e4, ideal.KineticsFactor);
        Assert.Equal(0, ideal.CeiResistanceOhmCm2);
        var nt = CellModelValidation.NewmanTobiasCell();
        Assert.Equal((7e-4, 3.5e-4, 40), (nt.Cathode.SigmaIonEffSPerCm, nt.Cathode.SigmaElectronicEffSPerCm, nt.Cells));
        var rows = CellStudy.TwinRows(Data);
        var (se, _) = InterfaceStrainEnergy.Load(Data);
        var cam73 = CellStudy.Parameters(0.7, rows, CellStudy.ReadCalibration(Data), se);
        Assert.All(cam73.Species, sp => Assert.Equal(3, sp.Classes.Count));
        Assert.Equal((24, 12), (cam73.Cells, cam73.Shells));
        // "CEI grows by V_m / (z F sigma_CEI)": the csv value is that expression with Li2S 27.7 cm3/mol, z = 2, 1e-7 S/cm.
        Assert.Equal(27.7e-6 / (2 * 96485.33212 * 1e-5), CellModelDefaults.Value("DEG", "cei_growth"), 1e-7);
    }

    [Fact]
    public void CellModelExplainedNotebook_Impedance_TransmissionLineShellsSmallSineAndStoredSpectra()
    {
        // markdown: no diffusion, 160 cells: better than 0.1 % against the two-rail TLM
        var tlm = ImpedanceValidation.UniformCellCheck(diffusion: false);
        output.WriteLine($"TLM no diffusion {tlm.WorstRelativeError:E2}");
        Assert.True(tlm.WorstRelativeError < 1e-3);
        // markdown: 12 shells miss Jacobsen-West by about 40 % (near 16 Hz); 640 shells within 0.5 %
        var shells = ImpedanceValidation.ShellStudy([12, 40, 160, 640]);
        Assert.InRange(shells[0].WorstRelativeError, 0.35, 0.45);
        Assert.InRange(shells[0].AtFrequencyHz, 10, 25);
        Assert.True(shells[^1].WorstRelativeError < 5e-3);
        // markdown: the small-sine time-domain run agrees within 0.1 % at all four frequencies
        Assert.All(ImpedanceValidation.SmallSineCheck(), r => Assert.True(r.RelativeError < 1e-3, $"{r.FrequencyHz} Hz {r.RelativeError:E2}"));
        // markdown: stored spectra, R_lf rises for every cathode, most for CAM10:0 (about 9.6 ohm), least for CAM0:10 (about 1.8 ohm);
        // the blends in between; CEI per contact area about 24 ohm cm2 before, 68-76 after; contact fraction after 200 cycles 0.93 (CAM10:0) to 0.98 (CAM0:10)
        var rows = CellModelFiles.ModelImpedance(Data);
        foreach (var r in rows) output.WriteLine($"{r}");
        Assert.Equal(Samples.All.Select(x => x.Name), rows.Select(r => r.Sample));
        Assert.All(rows, r => Assert.True(r.LowFrequencyIncreaseOhm > 0 && r.HighFrequencyAfterOhm >= r.HighFrequencyBeforeOhm));
        Assert.Equal("CAM10:0", rows.MaxBy(r => r.LowFrequencyIncreaseOhm)!.Sample);
        Assert.Equal("CAM0:10", rows.MinBy(r => r.LowFrequencyIncreaseOhm)!.Sample);
        Assert.InRange(rows[0].LowFrequencyIncreaseOhm, 9.0, 10.2);
        Assert.InRange(rows[^1].LowFrequencyIncreaseOhm, 1.3, 2.3);
        Assert.All(rows.Skip(1).Take(3), r => Assert.InRange(r.LowFrequencyIncreaseOhm, rows[^1].LowFrequencyIncreaseOhm, rows[0].LowFrequencyIncreaseOhm));
        Assert.All(rows, r => { Assert.InRange(r.CeiBeforeOhmCm2, 23, 25); Assert.InRange(r.CeiAfterOhmCm2, 68, 76); });
        Assert.InRange(rows[0].ActiveContactAfter, 0.92, 0.94);
        Assert.InRange(rows[^1].ActiveContactAfter, 0.975, 0.985);
    }
}
