using System.Numerics;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Drt;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Paper;

/// <summary>
/// Assumptions of the stand-in full-cell spectra for Fig 3a/3b (before and after 200 cycles). The cell model's own impedance does
/// not exist yet, so the spectra are R_inf plus one ZARC per DRT band of the paper, with resistances from the rule in
/// <see cref="FullCellDrtStudy"/>. None of these values is stated in the paper and none was tuned to its plot.
/// </summary>
public sealed record FullCellEisAssumptions
{
    /// <summary>Composite thickness (um) and cell area (cm2) of the full cell; assumed (area as the conductivity cells').</summary>
    public double ThicknessUm { get; init; } = 60;
    public double AreaCm2 { get; init; } = 1.13;
    /// <summary>High-frequency resistance: separator and contacts (ohm), the same for every cell.</summary>
    public double RInfOhm { get; init; } = 15;
    /// <summary>D1 (CAM-SSE and SSE-SSE contacts, tau 10 us): before cycling (ohm), and its growth on cycling per unit of NCWA mass fraction times porosity (ohm).</summary>
    public double D1BeforeOhm { get; init; } = 2;
    public double D1GrowthOhm { get; init; } = 100;
    /// <summary>D2 (cathode charge transfer and interfacial transport, tau 3 ms): areal charge-transfer resistance before and after cycling (ohm cm2 of CAM-SSE interface).</summary>
    public double D2ArealBeforeOhmCm2 { get; init; } = 60;
    public double D2ArealAfterOhmCm2 { get; init; } = 150;
    /// <summary>D3 (anode interface, tau 0.5 s) before and after (ohm), the same for every cathode (identical anodes).</summary>
    public double D3BeforeOhm { get; init; } = 10;
    public double D3AfterOhm { get; init; } = 16;
    /// <summary>D4 (solid-state diffusion, tau 30 s) before and after (ohm), the same for every cathode.</summary>
    public double D4BeforeOhm { get; init; } = 8;
    public double D4AfterOhm { get; init; } = 10;
    /// <summary>Time constants (s) and ZARC exponents of D1..D4.</summary>
    public double[] TauS { get; init; } = [1e-5, 3e-3, 0.5, 30];
    public double[] Phi { get; init; } = [0.9, 0.75, 0.8, 0.8];
    /// <summary>Frequency range (Hz) and points per decade: 1 MHz to 10 mHz, as an instrument run that stops near 0.01 Hz.</summary>
    public double FrequencyHighHz { get; init; } = 1e6;
    public double FrequencyLowHz { get; init; } = 1e-2;
    public int PointsPerDecade { get; init; } = 10;
    /// <summary>Proportional noise sigma / |Z|.</summary>
    public double Noise { get; init; } = 0.005;

    public static FullCellEisAssumptions Default { get; } = new();
}

/// <summary>The band resistances of one cathode in one state, and the inputs they came from.</summary>
public sealed record FullCellBandResistances(string Sample, bool AfterCycling, double D1Ohm, double D2Ohm, double D3Ohm, double D4Ohm,
    double Porosity, double CamSseAreaPerVolumePerUm, double SigmaIonSPerCm, double NcwaMassFraction);

/// <summary>
/// Stand-in full-cell spectra before and after cycling (Fig 3a/3b), from a stated rule on the twin's microstructure:
/// D1 = D1_before + growth * w_NCWA * porosity after cycling (contact loss needs cracking polycrystals and room to lose contact);
/// D2 = R_ct,areal / S + R_ion / 3 with S = a_CAM-SSE * L * A the CAM-SSE interface area and R_ion = L / (sigma_ion A) the
/// composite's ionic resistance (the /3 of a transmission line with uniform reaction; de Levie 1963); after cycling the areal
/// charge-transfer resistance rises by the same factor for every cathode (a film of equal areal resistance on every interface);
/// D3 and D4 the same for all cathodes (identical anodes; diffusion). Inputs per cathode: the twin study's mean over seeds.
/// </summary>
public static class FullCellDrtStudy
{
    /// <summary>Band resistances of a cathode from its twin row (mean over seeds).</summary>
    public static FullCellBandResistances Resistances(TwinTransportRow twin, bool afterCycling, FullCellEisAssumptions? assumptions = null)
    {
        var a = assumptions ?? FullCellEisAssumptions.Default;
        double interfaceCm2 = twin.CamSseAreaPerVolumePerUm * a.ThicknessUm * a.AreaCm2;
        double rIon = a.ThicknessUm * 1e-4 / (twin.IonicSigmaSPerCm * a.AreaCm2);
        double d1 = a.D1BeforeOhm + (afterCycling ? a.D1GrowthOhm * twin.NcwaMassFraction * twin.Porosity : 0);
        double d2 = (afterCycling ? a.D2ArealAfterOhmCm2 : a.D2ArealBeforeOhmCm2) / interfaceCm2 + rIon / 3;
        return new FullCellBandResistances(twin.Sample, afterCycling, d1, d2, afterCycling ? a.D3AfterOhm : a.D3BeforeOhm,
            afterCycling ? a.D4AfterOhm : a.D4BeforeOhm, twin.Porosity, twin.CamSseAreaPerVolumePerUm, twin.IonicSigmaSPerCm, twin.NcwaMassFraction);
    }

    /// <summary>The spectrum (with noise, seed 300 + 10 * cathode index + state) and its provenance.</summary>
    public static (ImpedanceSpectrum Spectrum, ImpedanceProvenance Provenance) Spectrum(TwinTransportRow twin, bool afterCycling, FullCellEisAssumptions? assumptions = null)
    {
        var a = assumptions ?? FullCellEisAssumptions.Default;
        var r = Resistances(twin, afterCycling, a);
        double[] rs = [r.D1Ohm, r.D2Ohm, r.D3Ohm, r.D4Ohm];
        var f = SpectrumSynthesis.LogFrequencies(a.FrequencyHighHz, a.FrequencyLowHz, a.PointsPerDecade);
        int index = Samples.All.ToList().FindIndex(s => Math.Abs(s.NcwaMassFraction - twin.NcwaMassFraction) < 1e-9);
        ulong seed = (ulong)(300 + 10 * Math.Max(index, 0) + (afterCycling ? 1 : 0));
        var z = f.Select(x => Enumerable.Range(0, 4).Aggregate(new Complex(a.RInfOhm, 0), (acc, k) => acc + DrtAnalytic.ZarcImpedanceOhm(x, rs[k], a.TauS[k], a.Phi[k]))).ToArray();
        z = SpectrumSynthesis.AddNoise(z, NoiseModel.Proportional(a.Noise, seed));
        string state = afterCycling ? "after" : "before";
        var s = new ImpedanceSpectrum(f, z, $"synthetic full cell {twin.Sample} {state} cycling");
        var p = new Dictionary<string, double>
        {
            ["r_inf_ohm"] = a.RInfOhm, ["d1_ohm"] = r.D1Ohm, ["d2_ohm"] = r.D2Ohm, ["d3_ohm"] = r.D3Ohm, ["d4_ohm"] = r.D4Ohm,
            ["d1_tau_s"] = a.TauS[0], ["d2_tau_s"] = a.TauS[1], ["d3_tau_s"] = a.TauS[2], ["d4_tau_s"] = a.TauS[3],
            ["thickness_um"] = a.ThicknessUm, ["area_cm2"] = a.AreaCm2, ["porosity"] = twin.Porosity,
            ["cam_sse_area_per_volume_per_um"] = twin.CamSseAreaPerVolumePerUm, ["sigma_ion_s_per_cm"] = twin.IonicSigmaSPerCm,
            ["ncwa_mass_fraction"] = twin.NcwaMassFraction, ["noise_relative"] = a.Noise,
        };
        return (s, new ImpedanceProvenance("ResearchKit.Paper.FullCellDrtStudy (R_inf + four ZARC, one per DRT band D1-D4)", p, seed,
            $"proportional Gaussian, sigma = {a.Noise} |Z| on Z' and Z''",
            $"SYNTHETIC, not measured: stand-in for the cell model's full-cell EIS {state} 200 cycles of {twin.Sample}. Band resistances from the rule " +
            "in FullCellDrtStudy on the twin study's porosity, CAM-SSE area and sigma_ion (data/synthetic/twin-transport); every other value assumed (FullCellEisAssumptions), none tuned to Fig 3."));
    }

    /// <summary>File name of a cathode's spectrum, e.g. CAM7-3-after.mpt.</summary>
    public static string FileName(string sample, bool afterCycling) => ConductivityCellStudy.Stem(sample) + (afterCycling ? "-after.mpt" : "-before.mpt");

    /// <summary>Writes the ten spectra (five cathodes, before and after) under syntheticDirectory/impedance/full-cell.</summary>
    public static void WritePaperFiles(IReadOnlyList<TwinTransportRow> twinRows, string syntheticDirectory)
    {
        var dir = Path.Combine(syntheticDirectory, "impedance", "full-cell");
        Directory.CreateDirectory(dir);
        var mean = TwinTransportStudy.MeanOverSeeds(twinRows);
        foreach (var sample in Samples.All)
        {
            var row = mean.First(r => Math.Abs(r.NcwaMassFraction - sample.NcwaMassFraction) < 1e-9);
            foreach (var after in new[] { false, true })
            {
                var (s, p) = Spectrum(row, after);
                ConductivityCells.WriteSpectrum(s, Path.Combine(dir, FileName(sample.Name, after)), p);
            }
        }
    }

    /// <summary>gamma integrated over each band (ohm): the resistance a DRT assigns to D1..D4.</summary>
    public static double[] BandAreasOhm(DrtResult drt, IReadOnlyList<DrtBand> bands) =>
        bands.Select(b =>
        {
            double sum = 0;
            for (int i = 0; i + 1 < drt.TauS.Length; i++)
            {
                double t0 = Math.Max(drt.TauS[i], b.TauMinS), t1 = Math.Min(drt.TauS[i + 1], b.TauMaxS);
                if (t1 <= t0) continue;
                sum += 0.5 * (drt.GammaAt(t0) + drt.GammaAt(t1)) * Math.Log(t1 / t0);
            }
            return sum;
        }).ToArray();

    /// <summary>Reads the ten files under syntheticDirectory/impedance/full-cell and fits a DRT to each (kit defaults).</summary>
    public static IReadOnlyList<FullCellDrt> AnalyseFiles(string syntheticDirectory)
    {
        var bands = DrtBands.FromPaper();
        var list = new List<FullCellDrt>();
        foreach (var sample in Samples.All)
            foreach (var after in new[] { false, true })
            {
                var spectrum = ImpedanceFiles.Read(Path.Combine(syntheticDirectory, "impedance", "full-cell", FileName(sample.Name, after)));
                var drt = DrtSolver.Compute(spectrum);
                var areas = BandAreasOhm(drt, bands);
                list.Add(new FullCellDrt(sample.Name, after ? "after" : "before", areas[0], areas[1], areas[2], areas[3], drt.RPolOhm,
                    drt.RmsRelativeResidual, drt));
            }
        return list;
    }

    /// <summary>The paper's statements on D1-D4 (Fig 3a/3b discussion), each checked on the after-cycling DRTs.</summary>
    public static IReadOnlyList<PaperStatementCheck> CheckStatements(IReadOnlyList<FullCellDrt> rows)
    {
        var after = rows.Where(r => r.State == "after").ToList();
        string maxD1 = after.MaxBy(r => r.D1Ohm)!.Sample, maxD2 = after.MaxBy(r => r.D2Ohm)!.Sample;
        var twoSmallestD1 = after.OrderBy(r => r.D1Ohm).Take(2).Select(r => r.Sample).ToHashSet();
        double d3Spread = after.Max(r => r.D3Ohm) / after.Min(r => r.D3Ohm);
        var before = rows.Where(r => r.State == "before").ToList();
        bool d3Rises = after.All(a => a.D3Ohm > before.First(b => b.Sample == a.Sample).D3Ohm);
        return
        [
            new("D1 largest for CAM10:0", maxD1 == "CAM10:0", $"largest D1: {maxD1}"),
            new("D1 smallest for CAM0:10 and CAM7:3", twoSmallestD1.SetEquals(["CAM0:10", "CAM7:3"]), $"two smallest D1: {string.Join(", ", twoSmallestD1)}"),
            new("D2 highest for CAM0:10", maxD2 == "CAM0:10", $"highest D2: {maxD2}"),
            new("D3 similar among cathodes, higher after cycling", d3Spread < 1.1 && d3Rises, $"D3 max/min after {d3Spread:F3}; rises for every cathode: {d3Rises}"),
        ];
    }
}

/// <summary>The DRT of one full-cell spectrum: gamma integrated over the paper's bands D1..D4 (ohm), R_pol, the rms residual.</summary>
public sealed record FullCellDrt(string Sample, string State, double D1Ohm, double D2Ohm, double D3Ohm, double D4Ohm, double RPolOhm,
    double RmsRelativeResidual, DrtResult Drt);

/// <summary>One statement of the paper and whether the model reproduces it.</summary>
public sealed record PaperStatementCheck(string Statement, bool Reproduced, string Detail);
