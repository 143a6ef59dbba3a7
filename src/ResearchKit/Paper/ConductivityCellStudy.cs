using Deedle;
using ResearchKit.Impedance;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Paper;

/// <summary>The inputs of one cathode's conductivity cells: the twin's simulated σ's and CAM-SSE area (mean over its seeds).</summary>
/// <param name="Sample">paper name, e.g. CAM7:3</param>
/// <param name="NcwaMassFraction">NCWA share of the CAM mass</param>
/// <param name="SigmaIonSPerCm">the twin's σ_ion,eff, S/cm</param>
/// <param name="SigmaESPerCm">the twin's σ_e,eff, S/cm</param>
/// <param name="CamSseAreaPerVolumePerUm">the twin's CAM-SSE area per volume, 1/µm</param>
/// <param name="Seed">noise seed of this cathode's synthetic files</param>
public sealed record ConductivityCellInputs(string Sample, double NcwaMassFraction, double SigmaIonSPerCm, double SigmaESPerCm, double CamSseAreaPerVolumePerUm, ulong Seed);

/// <summary>One cathode's analysed conductivity beside its twin's value (Fig 5c/5e comparison).</summary>
/// <param name="Sample">paper name</param>
/// <param name="TwinSPerCm">the twin's simulated σ (the generator's input), S/cm</param>
/// <param name="AnalysedSPerCm">σ from the synthetic file through reader and analysis, S/cm</param>
public sealed record ConductivityComparisonRow(string Sample, double TwinSPerCm, double AnalysedSPerCm)
{
    /// <summary>|analysed − twin|/twin in percent.</summary>
    public double DeviationPercent => 100 * Math.Abs(AnalysedSPerCm - TwinSPerCm) / TwinSPerCm;
}

/// <summary>
/// Fig 2g / 2h on synthetic instruments: for each paper cathode, the twin study's σ_ion, σ_e and CAM-SSE area
/// (data/synthetic/twin-transport) set an electron-blocking cell and an ion-blocking cell
/// (<see cref="ConductivityCellAssumptions"/> for thickness, area, separator and interfaces, all assumed); their spectrum and
/// chronoamperometry are written as instrument files with sidecars, read back and analysed.
/// </summary>
public static class ConductivityCellStudy
{
    /// <summary>File stem of a cathode, e.g. CAM7-3.</summary>
    public static string Stem(string sample) => sample.Replace(':', '-');

    /// <summary>The inputs of a blend from twin-study rows (mean over seeds).</summary>
    /// <param name="twinRows">rows of a twin-transport CSV</param>
    /// <param name="ncwaMassFraction">the blend</param>
    public static ConductivityCellInputs Inputs(IReadOnlyList<TwinTransportRow> twinRows, double ncwaMassFraction)
    {
        var mean = TwinTransportStudy.MeanOverSeeds(twinRows);
        var row = mean.FirstOrDefault(r => Math.Abs(r.NcwaMassFraction - ncwaMassFraction) < 1e-9)
            ?? throw new InvalidInputException($"the twin study has no cathode with NCWA fraction {ncwaMassFraction}; it has {string.Join(", ", mean.Select(r => r.Sample))}", field: "blend");
        int index = Samples.All.ToList().FindIndex(s => Math.Abs(s.NcwaMassFraction - ncwaMassFraction) < 1e-9);
        return new ConductivityCellInputs(row.Sample, row.NcwaMassFraction, row.IonicSigmaSPerCm, row.ElectronicSigmaSPerCm, row.CamSseAreaPerVolumePerUm,
            (ulong)(200 + Math.Max(index, 0)));
    }

    /// <summary>Inputs of the five paper cathodes.</summary>
    public static IReadOnlyList<ConductivityCellInputs> PaperCathodes(IReadOnlyList<TwinTransportRow> twinRows) =>
        Samples.All.Select(s => Inputs(twinRows, s.NcwaMassFraction)).ToList();

    /// <summary>Sidecar parameters of a simulated cell (the keys the simulate commands also print).</summary>
    public static Dictionary<string, double> SidecarParameters(ConductivityCellInputs inputs, ConductivityCellAssumptions a, bool electronBlocking)
    {
        var d = new Dictionary<string, double>
        {
            ["thickness_um"] = a.ThicknessUm, ["area_cm2"] = a.AreaCm2,
            ["sigma_ion_s_per_cm"] = inputs.SigmaIonSPerCm, ["sigma_e_s_per_cm"] = inputs.SigmaESPerCm,
            ["separator_ohm"] = electronBlocking ? a.SeparatorOhm : 0,
            ["cam_sse_area_per_volume_per_um"] = inputs.CamSseAreaPerVolumePerUm,
            ["interface_q"] = a.InterfaceQ(inputs.CamSseAreaPerVolumePerUm), ["interface_alpha"] = a.CamSseAlpha,
            ["ncwa_mass_fraction"] = inputs.NcwaMassFraction,
        };
        if (electronBlocking)
        {
            d["li_interface_ohm"] = a.LiInterfaceOhm; d["li_interface_q"] = a.LiInterfaceQ; d["li_interface_alpha"] = a.LiInterfaceAlpha;
            d["noise_relative"] = a.EisNoise;
        }
        else { d["noise_relative"] = a.DcNoise; d["step_duration_s"] = a.StepDurationS; }
        return d;
    }

    /// <summary>The electron-blocking spectrum of a cathode (with the assumed noise) and its provenance.</summary>
    public static (ImpedanceSpectrum Spectrum, ImpedanceProvenance Provenance) ElectronBlockingSpectrum(ConductivityCellInputs inputs, ConductivityCellAssumptions? assumptions = null)
    {
        var a = assumptions ?? ConductivityCellAssumptions.Default;
        var cell = a.ElectronBlocking(inputs.SigmaIonSPerCm, inputs.SigmaESPerCm, inputs.CamSseAreaPerVolumePerUm);
        var s = cell.Spectrum(a.Frequencies(), NoiseModel.Proportional(a.EisNoise, inputs.Seed), $"synthetic electron-blocking cell {inputs.Sample}");
        return (s, new ImpedanceProvenance("ResearchKit.Impedance.ElectronBlockingCell (" + ElectronBlockingCell.CircuitText + ")",
            SidecarParameters(inputs, a, true), inputs.Seed, $"proportional Gaussian, sigma = {a.EisNoise} |Z| on Z' and Z''",
            $"SYNTHETIC, not measured. Stack SUS|Li|Li6PS5Cl|{inputs.Sample}|Li6PS5Cl|Li|SUS. sigma inputs from the twin study (data/synthetic/twin-transport); " +
            "thickness, area, separator and interfaces assumed (data/materials/conductivity-cells.csv). separator_ohm is the reference measurement of the stack without the composite."));
    }

    /// <summary>The ion-blocking chronoamperometry of a cathode (with the assumed noise) and its provenance.</summary>
    public static (ChronoamperometryRecord Record, ImpedanceProvenance Provenance) IonBlockingRecord(ConductivityCellInputs inputs, ConductivityCellAssumptions? assumptions = null)
    {
        var a = assumptions ?? ConductivityCellAssumptions.Default;
        var cell = a.IonBlocking(inputs.SigmaIonSPerCm, inputs.SigmaESPerCm, inputs.CamSseAreaPerVolumePerUm);
        var r = cell.Chronoamperometry(a.StepVoltagesV, a.StepDurationS, a.DcNoise, inputs.Seed);
        return (r with { SourceName = $"synthetic ion-blocking cell {inputs.Sample}" }, new ImpedanceProvenance("ResearchKit.Impedance.IonBlockingCell (TLIB step response, fixed Talbot)",
            SidecarParameters(inputs, a, false), inputs.Seed, $"relative Gaussian, sigma = {a.DcNoise} |I|",
            $"SYNTHETIC, not measured. Stack SUS|{inputs.Sample}|SUS, steps {string.Join("/", a.StepVoltagesV)} V of {a.StepDurationS} s. " +
            "sigma inputs from the twin study; thickness and area assumed (data/materials/conductivity-cells.csv)."));
    }

    /// <summary>Writes both files of every paper cathode: blocking/CAMx-y-eb.z and dcpol/CAMx-y-ib.mpt under dataDirectory/synthetic.</summary>
    /// <param name="twinRows">rows of the twin study</param>
    /// <param name="syntheticDirectory">the data/synthetic folder</param>
    public static void WritePaperFiles(IReadOnlyList<TwinTransportRow> twinRows, string syntheticDirectory)
    {
        var eb = Path.Combine(syntheticDirectory, "impedance", "blocking");
        var ib = Path.Combine(syntheticDirectory, "dcpol");
        Directory.CreateDirectory(eb); Directory.CreateDirectory(ib);
        foreach (var inputs in PaperCathodes(twinRows))
        {
            var (s, ps) = ElectronBlockingSpectrum(inputs);
            ConductivityCells.WriteSpectrum(s, Path.Combine(eb, Stem(inputs.Sample) + "-electron-blocking.z"), ps);
            var (r, pr) = IonBlockingRecord(inputs);
            ConductivityCells.WriteChronoamperometryMpt(r, Path.Combine(ib, Stem(inputs.Sample) + "-ion-blocking.mpt"), pr);
        }
    }

    /// <summary>Path of a cathode's electron-blocking spectrum under data/synthetic.</summary>
    public static string ElectronBlockingPath(string syntheticDirectory, string sample) => Path.Combine(syntheticDirectory, "impedance", "blocking", Stem(sample) + "-electron-blocking.z");
    /// <summary>Path of a cathode's ion-blocking record under data/synthetic.</summary>
    public static string IonBlockingPath(string syntheticDirectory, string sample) => Path.Combine(syntheticDirectory, "dcpol", Stem(sample) + "-ion-blocking.mpt");

    /// <summary>Reads and analyses the five spectra (separator from the sidecar) and returns σ_ion beside the twin's.</summary>
    public static IReadOnlyList<ConductivityComparisonRow> IonicFromFiles(string syntheticDirectory, IReadOnlyList<TwinTransportRow> twinRows)
    {
        var a = ConductivityCellAssumptions.Default;
        return PaperCathodes(twinRows).Select(inp =>
        {
            var path = ElectronBlockingPath(syntheticDirectory, inp.Sample);
            var sep = ImpedanceFiles.ReadProvenance(path)?.Parameters?["separator_ohm"] ?? throw new InvalidInputException("sidecar without separator_ohm", path, field: "separator_ohm");
            var res = ConductivityCells.IonicConductivity(ImpedanceFiles.Read(path), a.ThicknessUm, a.AreaCm2, sep, "sidecar");
            return new ConductivityComparisonRow(inp.Sample, inp.SigmaIonSPerCm, res.SigmaIonSPerCm);
        }).ToList();
    }

    /// <summary>Reads and analyses the five DC records and returns σ_e beside the twin's.</summary>
    public static IReadOnlyList<ConductivityComparisonRow> ElectronicFromFiles(string syntheticDirectory, IReadOnlyList<TwinTransportRow> twinRows)
    {
        var a = ConductivityCellAssumptions.Default;
        return PaperCathodes(twinRows).Select(inp =>
        {
            var res = ConductivityCells.ElectronicConductivity(DcPolarization.ReadChronoamperometry(IonBlockingPath(syntheticDirectory, inp.Sample)), a.ThicknessUm, a.AreaCm2);
            return new ConductivityComparisonRow(inp.Sample, inp.SigmaESPerCm, res.SigmaESPerCm);
        }).ToList();
    }

    /// <summary>Frame: sample, twin σ, analysed σ, deviation (%).</summary>
    public static Frame<int, string> ToFrame(IReadOnlyList<ConductivityComparisonRow> rows) =>
        Frame.FromRecords(rows.Select(r => new { sample = r.Sample, twin_s_per_cm = r.TwinSPerCm, analysed_s_per_cm = r.AnalysedSPerCm, deviation_percent = r.DeviationPercent }));

    /// <summary>Mean of the per-cathode deviations, percent (the paper's 1.98 % / 3.66 % are the same statistic for measured vs simulated).</summary>
    public static double MeanDeviationPercent(IReadOnlyList<ConductivityComparisonRow> rows) => rows.Average(r => r.DeviationPercent);
}
