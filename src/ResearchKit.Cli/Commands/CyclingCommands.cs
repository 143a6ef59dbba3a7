using System.CommandLine;
using System.Globalization;
using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Cli.Commands;

internal static class CyclingCli
{
    public const string ModeHelp = "which current direction is charge: auto (the direction of the first current), cathode, anode, full";
    public static readonly string[] Modes = ["auto", "cathode", "anode", "full", "full-cell"];

    public static CellMode ParseMode(string s) => s switch
    {
        "auto" => CellMode.Auto,
        "cathode" => CellMode.Cathode,
        "anode" => CellMode.Anode,
        "full" or "full-cell" => CellMode.FullCell,
        _ => throw new UsageException($"option --mode: expected auto, cathode, anode or full, got '{s}'"),
    };

    public static double? Num(double x) => double.IsFinite(x) ? x : null;
}

/// <summary>`researchkit cycling summary FILE`: per-cycle capacities and Coulombic efficiency of a cycler file.</summary>
public sealed class CyclingSummaryCommand : CliCommand
{
    public override string Name => "cycling summary";
    public override string Summary => "per-cycle charge/discharge capacity and Coulombic efficiency of a cycler file";
    public override string? Notes => """
        JSON: {"format", "points", "cycles": [{"cycle", "charge_capacity_mah", "discharge_capacity_mah", "coulombic_efficiency",
        and with --mass-mg "charge_capacity_mah_per_g", "discharge_capacity_mah_per_g"}]}; non-finite values are null.
        """;

    readonly Argument<string> _file = Arg("FILE", "EC-Lab .mpr/.mpt, Maccor text export, Arbin CSV, or a CSV with time_s, voltage_v, current_ma");
    readonly Option<double?> _mass = Number("--mass-mg", "mass of active material in mg: adds charge_capacity_mah_per_g and discharge_capacity_mah_per_g");
    readonly Option<string> _mode = Choice("--mode", CyclingCli.ModeHelp, "auto", CyclingCli.Modes);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var file = args.GetValue(_file)!;
        double? mass = args.GetValue(_mass);
        if (mass is { } m && !(m > 0)) throw new UsageException($"option --mass-mg: expected a positive mass in mg, got {m}");
        var mode = CyclingCli.ParseMode(args.GetValue(_mode)!);
        context.Progress($"reading {file}");
        var data = CyclerFiles.Read(file, mode);
        var table = CycleSummary.Compute(data, new CycleSummaryOptions { ActiveMassMg = mass });
        var cycles = table.Cycles.Select(r => new CycleJson(r.Cycle, CyclingCli.Num(r.ChargeCapacityMAh), CyclingCli.Num(r.DischargeCapacityMAh),
            CyclingCli.Num(r.CoulombicEfficiency),
            mass is null ? null : CyclingCli.Num(r.ChargeCapacityMAhPerG), mass is null ? null : CyclingCli.Num(r.DischargeCapacityMAhPerG))).ToList();
        return Write(context, args, new SummaryJson(data.Format, data.Count, cycles), () =>
        {
            var w = context.Out;
            w.WriteLine($"file: {file}");
            w.WriteLine($"format: {data.Format}");
            w.WriteLine($"points: {data.Count}");
            w.WriteLine($"charge direction: {(data.ChargeSign > 0 ? "positive current (oxidation)" : "negative current (reduction)")}");
            w.WriteLine(mass is null
                ? $"{"cycle",6} {"charge_mAh",14} {"discharge_mAh",14} {"CE",8}"
                : $"{"cycle",6} {"charge_mAh",14} {"discharge_mAh",14} {"CE",8} {"charge_mAh/g",14} {"disch_mAh/g",14}");
            foreach (var r in table.Cycles)
            {
                var line = string.Create(CultureInfo.InvariantCulture, $"{r.Cycle,6} {r.ChargeCapacityMAh,14:G6} {r.DischargeCapacityMAh,14:G6} {r.CoulombicEfficiency,8:F4}");
                if (mass is not null) line += string.Create(CultureInfo.InvariantCulture, $" {r.ChargeCapacityMAhPerG,14:G6} {r.DischargeCapacityMAhPerG,14:G6}");
                w.WriteLine(line);
            }
        });
    }

    sealed record CycleJson(int Cycle, double? ChargeCapacityMah, double? DischargeCapacityMah, double? CoulombicEfficiency,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? ChargeCapacityMahPerG,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] double? DischargeCapacityMahPerG);

    sealed record SummaryJson(string Format, int Points, List<CycleJson> Cycles);
}

/// <summary>`researchkit cycling export FILE --out OUT.csv`: the unified table as CSV, one row per record, in file order.</summary>
public sealed class CyclingExportCommand : CliCommand
{
    public override string Name => "cycling export";
    public override string Summary => "write a cycler file as the unified CSV (time_s, voltage_v, current_ma, capacity_mah, cycle, step, half_cycle)";
    public override string? Notes => """
        One row per record in file order; capacity_mah is the signed charge passed since the start of the half cycle
        (as EC-Lab "Q charge/discharge"). The file is written atomically (temporary file, then rename).
        JSON: {"format", "points", "out"}
        """;

    readonly Argument<string> _file = Arg("FILE", "a cycler file the kit reads");
    readonly Option<string> _out = Required("--out", "the CSV to write");
    readonly Option<string> _mode = Choice("--mode", CyclingCli.ModeHelp, "auto", CyclingCli.Modes);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var file = args.GetValue(_file)!;
        var output = args.GetValue(_out)!;
        var mode = CyclingCli.ParseMode(args.GetValue(_mode)!);
        context.Progress($"reading {file}");
        var data = CyclerFiles.Read(file, mode);
        CyclingCsvWriter.Write(output, data);
        context.Progress($"wrote {data.Count} rows to {output}");
        return Write(context, args, new ExportJson(data.Format, data.Count, output),
            () => context.Out.WriteLine($"{data.Count} rows ({data.Format}) -> {output}"));
    }

    sealed record ExportJson(string Format, int Points, string Out);
}

/// <summary>`researchkit cycling synth OUT`: writes the synthetic galvanostatic protocol (forward model) as .mpt or .mpr.</summary>
public sealed class CyclingSynthCommand : CliCommand
{
    public override string Name => "cycling synth";
    public override string Summary => "write a synthetic galvanostatic test (formation at 0.1 C, then 0.5 C) as EC-Lab .mpt or .mpr";
    public override string? Notes => """
        Forward model ResearchKit.Cycling.Synthetic.GalvanostaticGenerator (synthetic data, not a measurement);
        a provenance sidecar OUT.provenance.json names generator, parameters, seed and kit version.
        JSON: {"out", "points", "cycles": [{"cycle", "c_rate", "charge_capacity_mah", "discharge_capacity_mah"}]}
        """;

    readonly Argument<string> _out = Arg("OUT", "OUT.mpt or OUT.mpr");
    readonly Option<int> _cycles = Integer("--cycles", "cycles at 0.5 C", 5);
    readonly Option<int> _formation = Integer("--formation-cycles", "formation cycles at 0.1 C", 2);
    readonly Option<double> _capacity = Number("--capacity-mah", "nominal capacity in mAh", 2.0);
    readonly Option<int> _seed = Integer("--seed", "random seed", 1);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var output = args.GetValue(_out)!;
        var p = new ResearchKit.Cycling.Synthetic.GalvanostaticProtocol
        {
            Cycles = args.GetValue(_cycles),
            FormationCycles = args.GetValue(_formation),
            NominalCapacityMAh = args.GetValue(_capacity),
            Seed = (ulong)args.GetValue(_seed),
        };
        if (p.Cycles < 0 || p.FormationCycles < 0 || p.Cycles + p.FormationCycles == 0) throw new UsageException("expected at least one cycle");
        if (!(p.NominalCapacityMAh > 0)) throw new UsageException("option --capacity-mah: expected a positive capacity");
        var run = ResearchKit.Cycling.Synthetic.GalvanostaticGenerator.Generate(p);
        if (output.EndsWith(".mpr", StringComparison.OrdinalIgnoreCase)) run.WriteMpr(output);
        else run.WriteMpt(output);
        int points = run.Columns[0].Values.Length;
        return Write(context, args,
            new SynthJson(output, points, run.Expected.Select(e => new SynthCycleJson(e.Cycle, e.CRate, e.ChargeCapacityMAh, e.DischargeCapacityMAh)).ToList()),
            () => context.Out.WriteLine($"{points} records, {run.Expected.Count} cycles -> {output} (+ {CyclingProvenance.SidecarPath(output)})"));
    }

    sealed record SynthCycleJson(int Cycle, double CRate, double ChargeCapacityMah, double DischargeCapacityMah);
    sealed record SynthJson(string Out, int Points, List<SynthCycleJson> Cycles);
}
