using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using ResearchKit.Notebooks;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit cell run`: the cell model of one cathode (twin -> cycling, rate) writing EC-Lab files.</summary>
public sealed class CellRunCommand : CliCommand
{
    public override string Name => "cell run";
    public override string Summary => "cell model (Fig 2a-e, 3a-b): simulate a cathode from its digital twin and write EC-Lab .mpt/.mpr files (eis: PEIS .mpt/.z spectra)";
    public override string? Notes => """
        --protocol formation: 2 cycles at 0.1 C; cycling: 2 formation cycles then 0.5 C (--cycles N counts all, default 200);
        rate: 0.1, 0.33, 0.5, 1, 2, 3 C (2 cycles each, same rate on charge and discharge); cc: one cycle at --c-rate X;
        eis: the cycling protocol (--cycles N >= 4, default 200) with an impedance spectrum of the model linearised about the
        state after the first 0.5 C charge + 10 min rest (cycle 3, "before") and at the same point of cycle N ("after"); 1 MHz to
        1 mHz, 10 per decade (91 points); writes DIR/CAMa-b-eis-before.mpt / .z and -after (EC-Lab PEIS / ZPlot, with sidecars). Window 2.7-4.3 V vs Li+/Li = 1.15-2.75 V cell voltage vs LTO (1.55 V).
        JSON: {"blend", "protocol", "files", "active_mass_mg", "theoretical_capacity_mah_per_g" (reversible capacity of the window,
        defines 1 C), "cycles": [{"cycle", "charge_mah_per_g", "discharge_mah_per_g", "coulombic_efficiency" (fraction),
        "mean_discharge_voltage_v" (cell voltage)}], "retention_pct" (cycling: last / first 0.5 C discharge),
        "rate_capacities_mah_per_g" (rate: {"0.1": ...}), "voltage_window_v" [min, max] (cell),
        "spectra" (eis: [{"label", "file", "state_of_charge", "frequencies", "r_high_frequency_ohm" (Re Z at 1 MHz),
        "r_low_frequency_ohm" (Re Z at 1 mHz)}]), "seconds"}
        Model prediction (synthetic), not a measurement. Exit 2 on bad input, naming the field.
        """;

    readonly Option<string?> _blend = Text("--blend", "NCWA:NCM by mass (10:0, 8:2, 7:3, 6:4, 0:10: the cathodes of the stored twin study), required");
    readonly Option<string?> _protocol = Text("--protocol", "formation|cycling|rate|eis|cc, required");
    readonly Option<int?> _cycles = Integer("--cycles", "cycles in all (cycling; default 200)");
    readonly Option<double?> _cRate = Number("--c-rate", "C-rate of the cc protocol");
    readonly Option<string?> _out = Text("--out", "write DIR/CAMa-b-PROTOCOL.mpt and .mpr (eis: CAMa-b-eis-LABEL.mpt and .z) with .provenance.json sidecars (atomic; same inputs -> same bytes)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var blend = args.GetValue(_blend) ?? throw new UsageException("missing required option --blend");
        var protocol = args.GetValue(_protocol) ?? throw new UsageException("missing required option --protocol");
        var s = CellStudy.Run(blend, protocol, Path.Combine(KitPackager.FindRepositoryRoot(), "data"), args.GetValue(_cycles), args.GetValue(_cRate),
            args.GetValue(_out), progress: new Progress<string>(context.Progress));
        var ci = CultureInfo.InvariantCulture;
        static double? Num(double v) => double.IsFinite(v) ? v : null;
        var json = new CellJson(s.Blend, s.Protocol, s.Files, s.ActiveMassMg, s.TheoreticalCapacityMAhPerG,
            s.Cycles.Select(c => new CycleJson(c.Cycle, c.ChargeMAhPerG, c.DischargeMAhPerG, Num(c.CoulombicEfficiency), Num(c.MeanDischargeVoltageV))).ToList(),
            Num(s.RetentionPct), s.RateCapacitiesMAhPerG.ToDictionary(p => p.Key.ToString(ci), p => p.Value),
            [s.VoltageWindowV.Min, s.VoltageWindowV.Max],
            s.Spectra.Select(x => new SpectrumJson(x.Spectrum.Label, x.File, x.Spectrum.StateOfCharge, x.Spectrum.FrequencyHz.Length,
                x.Spectrum.HighFrequencyResistanceOhm, x.Spectrum.LowFrequencyResistanceOhm)).ToList(), s.Seconds);
        return Write(context, args, json, () =>
        {
            context.Out.WriteLine($"{s.Blend} {s.Protocol}: {s.ActiveMassMg:F2} mg CAM, 1 C = {s.TheoreticalCapacityMAhPerG:F1} mAh/g (model prediction)");
            foreach (var c in s.Cycles) context.Out.WriteLine($"  cycle {c.Cycle,3}: charge {c.ChargeMAhPerG,6:F1}  discharge {c.DischargeMAhPerG,6:F1} mAh/g  CE {c.CoulombicEfficiency:F3}  <V> {c.MeanDischargeVoltageV:F3} V");
            if (double.IsFinite(s.RetentionPct)) context.Out.WriteLine($"  retention {s.RetentionPct:F1} %");
            foreach (var x in s.Spectra)
                context.Out.WriteLine($"  spectrum {x.Spectrum.Label} (cycle {x.Spectrum.Cycle}, SOC {x.Spectrum.StateOfCharge:F3}): R(1 MHz) {x.Spectrum.HighFrequencyResistanceOhm:F2} ohm, R(1 mHz) {x.Spectrum.LowFrequencyResistanceOhm:F2} ohm");
            foreach (var f in s.Files) context.Out.WriteLine($"  wrote {f}");
        });
    }

    sealed record CycleJson(int Cycle,
        [property: JsonPropertyName("charge_mah_per_g")] double ChargeMahPerG,
        [property: JsonPropertyName("discharge_mah_per_g")] double DischargeMahPerG,
        double? CoulombicEfficiency, double? MeanDischargeVoltageV);

    sealed record CellJson(string Blend, string Protocol, IReadOnlyList<string> Files, double ActiveMassMg,
        [property: JsonPropertyName("theoretical_capacity_mah_per_g")] double TheoreticalCapacityMahPerG,
        List<CycleJson> Cycles, double? RetentionPct,
        [property: JsonPropertyName("rate_capacities_mah_per_g")] Dictionary<string, double> RateCapacitiesMahPerG,
        double[] VoltageWindowV, List<SpectrumJson> Spectra, double Seconds);

    sealed record SpectrumJson(string Label, string? File, double StateOfCharge, int Frequencies,
        [property: JsonPropertyName("r_high_frequency_ohm")] double RHighFrequencyOhm,
        [property: JsonPropertyName("r_low_frequency_ohm")] double RLowFrequencyOhm);
}

/// <summary>`researchkit cell regenerate`: the stored cell-model files of the five cathodes (data/synthetic/cell), optionally recalibrated first.</summary>
public sealed class CellRegenerateCommand : CliCommand
{
    public override string Name => "cell regenerate";
    public override string Summary => "rewrite data/synthetic/cell (formation, rate, 200-cycle and eis files of the five cathodes); --calibrate refits on CAM10:0 and CAM0:10 first";
    public override string? Notes => """
        Run after the twin data (data/synthetic/twin-transport) or the mechanics strain energies change:
        `researchkit cell regenerate --calibrate` refits the diffusivity factors (0.5 C capacity) and the two degradation rates
        (assumed 200-cycle retention targets of the unimodal cathodes, data/materials/cell-model.csv), writes
        data/synthetic/cell/calibration.csv, then simulates every file with it. Without --calibrate the stored calibration is used.
        JSON: {"calibrated", "files": [...], "predictions": [{"blend", "protocol", "retention_pct", "seconds"}], "seconds"}
        """;

    readonly Option<bool> _calibrate = Flag("--calibrate", "refit the calibration on the unimodal cathodes before simulating");
    readonly Option<int?> _cycles = Integer("--cycles", "cycles in all of the cycling files (default 200)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var data = Path.Combine(KitPackager.FindRepositoryRoot(), "data");
        var list = CellStudy.Regenerate(data, args.GetValue(_calibrate), args.GetValue(_cycles) ?? 200, new Progress<string>(context.Progress));
        static double? Num(double v) => double.IsFinite(v) ? v : null;
        var json = new RegenerateJson(args.GetValue(_calibrate), list.SelectMany(s => s.Files).ToList(),
            list.Select(s => new PredictionJson(s.Blend, s.Protocol, Num(s.RetentionPct), s.Seconds)).ToList(), sw.Elapsed.TotalSeconds);
        return Write(context, args, json, () =>
        {
            foreach (var s in list) context.Out.WriteLine($"{s.Blend,-8} {s.Protocol,-9} {s.Seconds,6:F1} s" + (double.IsFinite(s.RetentionPct) ? $"  retention {s.RetentionPct:F1} %" : ""));
            context.Out.WriteLine($"{json.Files.Count} files in {sw.Elapsed.TotalSeconds:F0} s (model predictions, synthetic)");
        });
    }

    sealed record PredictionJson(string Blend, string Protocol, double? RetentionPct, double Seconds);
    sealed record RegenerateJson(bool Calibrated, IReadOnlyList<string> Files, IReadOnlyList<PredictionJson> Predictions, double Seconds);
}
