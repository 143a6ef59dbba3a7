using System.Text.Json;
using Deedle;
using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Paper;

/// <summary>One stored cell-model file of data/synthetic/cell, read through <see cref="CyclerFiles.Read"/>, with its active mass from the sidecar.</summary>
public sealed record CellModelFile(Sample Sample, string Protocol, string Path, double ActiveMassMg, CyclingData Data, CycleSummaryTable Summary);

/// <summary>One row of the Fig 2a-b table: first 0.1 C cycle (formation cycle 1) and first 0.5 C cycle (of the rate file), mAh/g of CAM.</summary>
public sealed record FirstCycleRow(string Sample, double Charge01CMAhPerG, double Discharge01CMAhPerG, double CoulombicEfficiency01C,
    double Charge05CMAhPerG, double Discharge05CMAhPerG, double CoulombicEfficiency05C);

/// <summary>One rate step of the Fig 2e rate test: nominal C-rate and the discharge capacity of the step's last (second) cycle, mAh/g of CAM.</summary>
public sealed record RateStepRow(string Sample, int Step, double CRate, int Cycle, double DischargeMAhPerG);

/// <summary>One row of the Fig 4a table: the model's half cell (CAM vs Li at 0.05 C on its unimodal composite) beside the paper's values.</summary>
public sealed record HalfCellRow(string Cam, string Sample, double ChargeMAhPerG, double DischargeMAhPerG, double InitialCoulombicEfficiency,
    double PaperDischargeMAhPerG, double PaperInitialCoulombicEfficiency);

/// <summary>One row of the Fig 2c table: first 0.5 C discharge (cycle 3, after two 0.1 C formation cycles), last discharge, retention and CE.</summary>
public sealed record RetentionRow(string Sample, int Cycles, double First05CDischargeMAhPerG, double LastDischargeMAhPerG, double RetentionPct,
    double MeanCoulombicEfficiency05C, double LastCoulombicEfficiency);

/// <summary>
/// One row of the model-impedance table: a cathode's stored spectra before (cycle 3, after the first 0.5 C charge) and after cycling
/// (same point of cycle 200), read through <see cref="Impedance.IO.ImpedanceFiles.Read(string)"/>, with the state from the sidecars.
/// R_hf = Re Z at the highest frequency (1 MHz), R_lf = Re Z at the lowest (1 mHz), ohm; CEI per contact area, ohm cm2.
/// </summary>
public sealed record ModelImpedanceRow(string Sample, double HighFrequencyBeforeOhm, double LowFrequencyBeforeOhm, double HighFrequencyAfterOhm,
    double LowFrequencyAfterOhm, double CeiBeforeOhmCm2, double CeiAfterOhmCm2, double ActiveContactAfter, double StateOfChargeBefore, double StateOfChargeAfter)
{
    /// <summary>Increase of R_lf from before to after cycling, ohm.</summary>
    public double LowFrequencyIncreaseOhm => LowFrequencyAfterOhm - LowFrequencyBeforeOhm;
}

/// <summary>
/// The five cathodes' stored cell-model files (synthetic: model predictions, not measurements; see data/synthetic/cell/README.md).
/// Files are read with the kit's cycler reader, never from the model objects; the active mass comes from the file's provenance sidecar.
/// </summary>
public static class CellModelFiles
{
    /// <summary>The rates of the rate protocol, in order (two cycles each).</summary>
    public static IReadOnlyList<double> RateProtocolCRates { get; } = [0.1, 0.33, 0.5, 1, 2, 3];

    /// <summary>data/synthetic/cell/CAMa-b-PROTOCOL.mpt relative to a data folder.</summary>
    public static string PathOf(string dataDirectory, Sample sample, string protocol) =>
        System.IO.Path.Combine(dataDirectory, "synthetic", "cell", sample.Name.Replace(':', '-') + "-" + protocol + ".mpt");

    /// <summary>Active (CAM) mass in mg from the file's .provenance.json sidecar.</summary>
    public static double ActiveMassMg(string path)
    {
        var sidecar = path + ".provenance.json";
        if (!File.Exists(sidecar)) throw new InvalidInputException("provenance sidecar not found", sidecar, field: "active_mass_mg");
        using var doc = JsonDocument.Parse(File.ReadAllText(sidecar));
        var text = doc.RootElement.GetProperty("parameters").GetProperty("active_mass_mg").GetString();
        return double.Parse(text!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reads one stored file and summarises it per gram of CAM.</summary>
    public static CellModelFile Read(string dataDirectory, Sample sample, string protocol)
    {
        var path = PathOf(dataDirectory, sample, protocol);
        if (!File.Exists(path)) throw new InvalidInputException("cell-model file not found", path, field: "protocol");
        double mass = ActiveMassMg(path);
        var data = CyclerFiles.Read(path, CellMode.Cathode);
        return new CellModelFile(sample, protocol, path, mass, data, CycleSummary.Compute(data, new CycleSummaryOptions { ActiveMassMg = mass }));
    }

    /// <summary>The formation, rate or cycling files of the five cathodes, in the paper's order.</summary>
    public static IReadOnlyList<CellModelFile> ReadAll(string dataDirectory, string protocol) =>
        Samples.All.Select(s => Read(dataDirectory, s, protocol)).ToList();

    /// <summary>
    /// Fig 2a-b: cycle 1 (0.1 C) of each formation file, and the first 0.5 C cycle of the same cathode's rate file (the formation files
    /// hold only the two 0.1 C cycles; in the rate file the 0.5 C step follows 0.1 C and 0.33 C steps).
    /// </summary>
    public static IReadOnlyList<FirstCycleRow> FirstCycles(IEnumerable<CellModelFile> formation, IEnumerable<CellModelFile> rate)
    {
        var rateBySample = rate.ToDictionary(f => f.Sample.Name);
        return formation.Select(f =>
        {
            var c1 = f.Summary[1] ?? throw new InvalidInputException("formation file has no cycle 1", f.Path);
            if (!rateBySample.TryGetValue(f.Sample.Name, out var r)) throw new InvalidInputException($"no rate file for {f.Sample.Name}", f.Path);
            var c05 = r.Summary[FirstCycleAt(r, 0.5)]!;
            return new FirstCycleRow(f.Sample.Name, c1.ChargeCapacityMAhPerG, c1.DischargeCapacityMAhPerG, c1.CoulombicEfficiency,
                c05.ChargeCapacityMAhPerG, c05.DischargeCapacityMAhPerG, c05.CoulombicEfficiency);
        }).ToList();
    }

    /// <summary>The first cycle of the rate file's step at <paramref name="cRate"/> (0.1, 0.33, 0.5, 1, 2 or 3).</summary>
    public static int FirstCycleAt(CellModelFile rateFile, double cRate) =>
        (Steps(rateFile).FirstOrDefault(b => Math.Abs(b.CRate - cRate) < 0.1 * cRate) ?? throw new InvalidInputException($"rate file has no {cRate} C step", rateFile.Path)).FirstCycle;

    static IReadOnlyList<RateBlock> Steps(CellModelFile f)
    {
        var c1 = f.Summary[1] ?? throw new InvalidInputException("rate file has no cycle 1", f.Path);
        // Cycle 1 is at 0.1 C: its mean discharge current is 0.1 x the 1 C current.
        return RateTest.Analyze(f.Summary, c1.MeanDischargeCurrentMA / 0.1).Blocks;
    }

    /// <summary>Fig 2e: the rate steps found by <see cref="RateTest.Analyze"/> (nominal 1 C from the sidecar's mass-weighted capacity), capacity of each step's last cycle.</summary>
    public static IReadOnlyList<RateStepRow> RateSteps(IEnumerable<CellModelFile> rate) => rate.SelectMany(f =>
        Steps(f).Select((b, k) => new RateStepRow(f.Sample.Name, k + 1, Math.Round(b.CRate, 2), b.LastCycle,
            f.Summary[b.LastCycle]!.DischargeCapacityMAhPerG))).ToList();

    /// <summary>Fig 2c: retention of each cycling file = last discharge / first 0.5 C discharge (cycle 3), in percent; CE as fractions.</summary>
    public static IReadOnlyList<RetentionRow> Retention(IEnumerable<CellModelFile> cycling, int formationCycles = 2) => cycling.Select(f =>
    {
        var rows = f.Summary.Cycles;
        var first = f.Summary[formationCycles + 1] ?? throw new InvalidInputException($"cycling file has no cycle {formationCycles + 1}", f.Path);
        var last = rows[^1];
        var at05 = rows.Where(r => r.Cycle > formationCycles).ToList();
        return new RetentionRow(f.Sample.Name, last.Cycle, first.DischargeCapacityMAhPerG, last.DischargeCapacityMAhPerG,
            100 * last.DischargeCapacityMAhPerG / first.DischargeCapacityMAhPerG, at05.Average(r => r.CoulombicEfficiency), last.CoulombicEfficiency);
    }).ToList();

    /// <summary>
    /// Fig 4a: the half-cell files (protocol "half-cell": CAM10:0 = NCWA, CAM0:10 = NCM against Li metal at 0.05 C) with the paper's
    /// half-cell values (data/materials/cell-model.csv, transcribed from Sec. Fig 4a; they are also the model's inputs).
    /// </summary>
    public static IReadOnlyList<HalfCellRow> HalfCells(string dataDirectory) =>
        new[] { ("NCWA", Samples.All[0]), ("NCM", Samples.All[^1]) }.Select(x =>
        {
            var f = Read(dataDirectory, x.Item2, "half-cell");
            var c1 = f.Summary[1] ?? throw new InvalidInputException("half-cell file has no cycle 1", f.Path);
            return new HalfCellRow(x.Item1, x.Item2.Name, c1.ChargeCapacityMAhPerG, c1.DischargeCapacityMAhPerG, c1.CoulombicEfficiency,
                Electrochemistry.CellModelDefaults.Value(x.Item1, "reversible_capacity"), Electrochemistry.CellModelDefaults.Value(x.Item1, "initial_coulombic_efficiency"));
        }).ToList();

    /// <summary>The Fig 4a table as a frame keyed by CAM.</summary>
    public static Frame<string, string> HalfCellFrame(string dataDirectory) =>
        Frame.FromRecords(HalfCells(dataDirectory)).IndexRows<string>("Cam", keepColumn: false);

    /// <summary>
    /// Fig 2d on the model: the simulated 0.1 C (formation cycle 1) and 0.5 C (rate file) discharge capacities of the stored files and the
    /// twin's porosity (mean over seeds, data/synthetic/twin-transport) in place of the SEM porosity; mean voltage 3.75 V vs Li as before.
    /// </summary>
    public static IReadOnlyList<EnergyDensityRow> EnergyDensity(string dataDirectory, double meanVoltageV = 3.75)
    {
        var first = FirstCycles(ReadAll(dataDirectory, "formation"), ReadAll(dataDirectory, "rate"));
        var capacities = first.ToDictionary(r => r.Sample, r => (r.Discharge01CMAhPerG, r.Discharge05CMAhPerG));
        var porosity = CellStudy.TwinRows(dataDirectory).ToDictionary(r => r.Sample, r => r.Porosity);
        return PaperStudies.EnergyDensity(capacities, meanVoltageV, porosityBySample: porosity);
    }

    /// <summary>data/synthetic/cell/CAMa-b-eis-LABEL.mpt (LABEL before or after) relative to a data folder.</summary>
    public static string SpectrumPathOf(string dataDirectory, Sample sample, string label) =>
        System.IO.Path.Combine(dataDirectory, "synthetic", "cell", sample.Name.Replace(':', '-') + "-eis-" + label + ".mpt");

    /// <summary>One stored model spectrum (before or after cycling), read with the kit's impedance reader.</summary>
    public static Impedance.ImpedanceSpectrum ReadSpectrum(string dataDirectory, Sample sample, string label)
    {
        var path = SpectrumPathOf(dataDirectory, sample, label);
        if (!File.Exists(path)) throw new InvalidInputException("model spectrum not found (researchkit cell run --protocol eis --out data/synthetic/cell)", path, field: "label");
        return Impedance.IO.ImpedanceFiles.Read(path);
    }

    /// <summary>The model-impedance table of the five cathodes: R_hf and R_lf before and after cycling from the files, state from the sidecars.</summary>
    public static IReadOnlyList<ModelImpedanceRow> ModelImpedance(string dataDirectory) => Samples.All.Select(sample =>
    {
        double Hf(Impedance.ImpedanceSpectrum x) => x.ImpedanceOhm[Array.IndexOf(x.FrequencyHz, x.FrequencyHz.Max())].Real;
        double Lf(Impedance.ImpedanceSpectrum x) => x.ImpedanceOhm[Array.IndexOf(x.FrequencyHz, x.FrequencyHz.Min())].Real;
        IReadOnlyDictionary<string, double> Pars(string label)
        {
            var path = SpectrumPathOf(dataDirectory, sample, label);
            return Impedance.IO.ImpedanceFiles.ReadProvenance(path)?.Parameters ?? throw new InvalidInputException("spectrum without provenance sidecar", path, field: "parameters");
        }
        var before = ReadSpectrum(dataDirectory, sample, "before");
        var after = ReadSpectrum(dataDirectory, sample, "after");
        var pb = Pars("before");
        var pa = Pars("after");
        return new ModelImpedanceRow(sample.Name, Hf(before), Lf(before), Hf(after), Lf(after), pb["mean_cei_resistance_ohm_cm2"], pa["mean_cei_resistance_ohm_cm2"],
            pa["active_contact_fraction"], pb["state_of_charge"], pa["state_of_charge"]);
    }).ToList();

    /// <summary>The model-impedance table as a frame keyed by sample.</summary>
    public static Frame<string, string> ModelImpedanceFrame(string dataDirectory) =>
        Frame.FromRecords(ModelImpedance(dataDirectory)).IndexRows<string>("Sample", keepColumn: false);

    /// <summary>The Fig 2c table as a frame keyed by sample.</summary>
    public static Frame<string, string> RetentionFrame(IEnumerable<CellModelFile> cycling) =>
        Frame.FromRecords(Retention(cycling)).IndexRows<string>("Sample", keepColumn: false);

    /// <summary>The Fig 2a-b table as a frame keyed by sample.</summary>
    public static Frame<string, string> FirstCycleFrame(IEnumerable<CellModelFile> formation, IEnumerable<CellModelFile> rate) =>
        Frame.FromRecords(FirstCycles(formation, rate)).IndexRows<string>("Sample", keepColumn: false);

    /// <summary>The Fig 2e table as a frame: one row per C-rate step, one column per sample (mAh/g of CAM).</summary>
    public static Frame<double, string> RateFrame(IEnumerable<CellModelFile> rate)
    {
        var rows = RateSteps(rate);
        var cols = rows.GroupBy(r => r.Sample).Select(g => KeyValuePair.Create(g.Key, new Series<double, double>(g.Select(r => r.CRate).ToArray(), g.Select(r => r.DischargeMAhPerG).ToArray())));
        return Frame.FromColumns(cols);
    }
}
