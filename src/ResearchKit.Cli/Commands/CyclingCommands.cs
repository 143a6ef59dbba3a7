using System.Globalization;
using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Cli.Commands;

internal static class CyclingCli
{
    public static CellMode ParseMode(string? s) => s switch
    {
        null or "auto" => CellMode.Auto,
        "cathode" => CellMode.Cathode,
        "anode" => CellMode.Anode,
        "full" or "full-cell" => CellMode.FullCell,
        _ => throw new UsageException($"option --mode: expected auto, cathode, anode or full, got '{s}'"),
    };

    public static object? Num(double x) => double.IsFinite(x) ? x : null;
}

/// <summary>`researchkit cycling summary FILE`: per-cycle capacities and Coulombic efficiency of a cycler file.</summary>
public sealed class CyclingSummaryCommand : ICommand
{
    public string Name => "cycling summary";
    public string Summary => "per-cycle charge/discharge capacity and Coulombic efficiency of a cycler file";
    public string Usage => """
        researchkit cycling summary FILE [--mass-mg M] [--mode auto|cathode|anode|full] [--json]
          FILE        EC-Lab .mpr/.mpt, Maccor text export, Arbin CSV, or a CSV with time_s, voltage_v, current_ma
          --mass-mg   mass of active material in mg: adds charge_capacity_mah_per_g and discharge_capacity_mah_per_g
          --mode      which current direction is charge (default auto: the direction of the first current)
          --json      one object: {"format", "points", "cycles": [{"cycle", "charge_capacity_mah", "discharge_capacity_mah",
                      "coulombic_efficiency", ...}]}
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        double? mass = args.Double("mass-mg");
        if (mass is { } m && !(m > 0)) throw new UsageException($"option --mass-mg: expected a positive mass in mg, got {m}");
        var mode = CyclingCli.ParseMode(args.Option("mode"));
        bool json = args.Flag("json");
        context.Progress($"reading {file}");
        var data = CyclerFiles.Read(file, mode);
        var table = CycleSummary.Compute(data, new CycleSummaryOptions { ActiveMassMg = mass });
        var cycles = new List<Dictionary<string, object?>>();
        foreach (var r in table.Cycles)
        {
            var o = new Dictionary<string, object?>
            {
                ["cycle"] = r.Cycle,
                ["charge_capacity_mah"] = CyclingCli.Num(r.ChargeCapacityMAh),
                ["discharge_capacity_mah"] = CyclingCli.Num(r.DischargeCapacityMAh),
                ["coulombic_efficiency"] = CyclingCli.Num(r.CoulombicEfficiency),
            };
            if (mass is not null)
            {
                o["charge_capacity_mah_per_g"] = CyclingCli.Num(r.ChargeCapacityMAhPerG);
                o["discharge_capacity_mah_per_g"] = CyclingCli.Num(r.DischargeCapacityMAhPerG);
            }
            cycles.Add(o);
        }
        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object?> { ["format"] = data.Format, ["points"] = data.Count, ["cycles"] = cycles });
            return 0;
        }
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
        return 0;
    }
}

/// <summary>`researchkit cycling export FILE --out OUT.csv`: the unified table as CSV, one row per record, in file order.</summary>
public sealed class CyclingExportCommand : ICommand
{
    public string Name => "cycling export";
    public string Summary => "write a cycler file as the unified CSV (time_s, voltage_v, current_ma, capacity_mah, cycle, step, half_cycle)";
    public string Usage => """
        researchkit cycling export FILE --out OUT.csv [--mode auto|cathode|anode|full] [--json]
          writes columns time_s, voltage_v, current_ma, capacity_mah, cycle, step, half_cycle, one row per record in file
          order; capacity_mah is the signed charge passed since the start of the half cycle (as EC-Lab "Q charge/discharge").
          The file is written atomically (temporary file, then rename).
          --json   one object: {"format", "points", "out"}
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        var output = args.RequiredOption("out");
        var mode = CyclingCli.ParseMode(args.Option("mode"));
        bool json = args.Flag("json");
        context.Progress($"reading {file}");
        var data = CyclerFiles.Read(file, mode);
        CyclingCsvWriter.Write(output, data);
        context.Progress($"wrote {data.Count} rows to {output}");
        if (json) Json.Write(context.Out, new Dictionary<string, object?> { ["format"] = data.Format, ["points"] = data.Count, ["out"] = output });
        else context.Out.WriteLine($"{data.Count} rows ({data.Format}) -> {output}");
        return 0;
    }
}

/// <summary>`researchkit cycling synth OUT`: writes the synthetic galvanostatic protocol (forward model) as .mpt or .mpr.</summary>
public sealed class CyclingSynthCommand : ICommand
{
    public string Name => "cycling synth";
    public string Summary => "write a synthetic galvanostatic test (formation at 0.1 C, then 0.5 C) as EC-Lab .mpt or .mpr";
    public string Usage => """
        researchkit cycling synth OUT.mpt|OUT.mpr [--cycles N] [--formation-cycles N] [--capacity-mah Q] [--seed S] [--json]
          Forward model ResearchKit.Cycling.Synthetic.GalvanostaticGenerator (synthetic data, not a measurement);
          a provenance sidecar OUT.provenance.json names generator, parameters, seed and kit version.
          --json   one object: {"out", "points", "cycles": [{"cycle", "c_rate", "charge_capacity_mah", "discharge_capacity_mah"}]}
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var output = args.Positional(0, "OUT");
        var p = new ResearchKit.Cycling.Synthetic.GalvanostaticProtocol
        {
            Cycles = args.Int("cycles") ?? 5,
            FormationCycles = args.Int("formation-cycles") ?? 2,
            NominalCapacityMAh = args.Double("capacity-mah") ?? 2.0,
            Seed = (ulong)(args.Int("seed") ?? 1),
        };
        if (p.Cycles < 0 || p.FormationCycles < 0 || p.Cycles + p.FormationCycles == 0) throw new UsageException("expected at least one cycle");
        if (!(p.NominalCapacityMAh > 0)) throw new UsageException("option --capacity-mah: expected a positive capacity");
        bool json = args.Flag("json");
        var run = ResearchKit.Cycling.Synthetic.GalvanostaticGenerator.Generate(p);
        if (output.EndsWith(".mpr", StringComparison.OrdinalIgnoreCase)) run.WriteMpr(output);
        else run.WriteMpt(output);
        int points = run.Columns[0].Values.Length;
        if (json)
            Json.Write(context.Out, new Dictionary<string, object?>
            {
                ["out"] = output,
                ["points"] = points,
                ["cycles"] = run.Expected.Select(e => new Dictionary<string, object?>
                {
                    ["cycle"] = e.Cycle, ["c_rate"] = e.CRate, ["charge_capacity_mah"] = e.ChargeCapacityMAh, ["discharge_capacity_mah"] = e.DischargeCapacityMAh,
                }).ToList(),
            });
        else context.Out.WriteLine($"{points} records, {run.Expected.Count} cycles -> {output} (+ {ResearchKit.Cycling.IO.CyclingProvenance.SidecarPath(output)})");
        return 0;
    }
}
