using System.Globalization;
using ResearchKit.Notebooks;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit cell run`: the cell model of one cathode (twin -> cycling, rate) writing EC-Lab files.</summary>
public sealed class CellRunCommand : ICommand
{
    public string Name => "cell run";
    public string Summary => "cell model (Fig 2a-e): simulate a cathode from its digital twin and write EC-Lab .mpt/.mpr files";
    public string Usage => """
        researchkit cell run --blend B --protocol formation|cycling|rate|eis|cc [--cycles N] [--c-rate X] [--out DIR] [--json]
          --blend     NCWA:NCM by mass (10:0, 8:2, 7:3, 6:4, 0:10: the cathodes of the stored twin study)
          --protocol  formation: 2 cycles at 0.1 C; cycling: 2 formation cycles then 0.5 C (--cycles N counts all, default 200);
                      rate: 0.1, 0.33, 0.5, 1, 2, 3 C (2 cycles each, same rate on charge and discharge); cc: one cycle at --c-rate X;
                      eis: not implemented yet (exit 2). Window 2.7-4.3 V vs Li+/Li = 1.15-2.75 V cell voltage vs LTO (1.55 V).
          --out DIR   write DIR/CAMa-b-PROTOCOL.mpt and .mpr with .provenance.json sidecars (atomic; same inputs -> same bytes)
          --json      {"blend", "protocol", "files", "active_mass_mg", "theoretical_capacity_mah_per_g" (reversible capacity of the window,
                      defines 1 C), "cycles": [{"cycle", "charge_mah_per_g", "discharge_mah_per_g", "coulombic_efficiency" (fraction),
                      "mean_discharge_voltage_v" (cell voltage)}], "retention_pct" (cycling: last / first 0.5 C discharge), 
                      "rate_capacities_mah_per_g" (rate: {"0.1": ...}), "voltage_window_v" [min, max] (cell), "seconds"}
        Model prediction (synthetic), not a measurement. Exit 2 on bad input, naming the field.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var blend = args.Option("blend") ?? throw new UsageException("missing required option --blend");
        var protocol = args.Option("protocol") ?? throw new UsageException("missing required option --protocol");
        var s = CellStudy.Run(blend, protocol, Path.Combine(KitPackager.FindRepositoryRoot(), "data"), args.Int("cycles"), args.Double("c-rate"),
            args.Option("out"), progress: new Progress<string>(context.Progress));
        var ci = CultureInfo.InvariantCulture;
        object? Num(double v) => double.IsFinite(v) ? v : null;
        var o = new Dictionary<string, object?>
        {
            ["blend"] = s.Blend, ["protocol"] = s.Protocol, ["files"] = s.Files,
            ["active_mass_mg"] = s.ActiveMassMg, ["theoretical_capacity_mah_per_g"] = s.TheoreticalCapacityMAhPerG,
            ["cycles"] = s.Cycles.Select(c => new Dictionary<string, object?>
            {
                ["cycle"] = c.Cycle, ["charge_mah_per_g"] = c.ChargeMAhPerG, ["discharge_mah_per_g"] = c.DischargeMAhPerG,
                ["coulombic_efficiency"] = Num(c.CoulombicEfficiency), ["mean_discharge_voltage_v"] = Num(c.MeanDischargeVoltageV),
            }).ToList(),
            ["retention_pct"] = Num(s.RetentionPct),
            ["rate_capacities_mah_per_g"] = s.RateCapacitiesMAhPerG.ToDictionary(p => p.Key.ToString(ci), p => p.Value),
            ["voltage_window_v"] = new[] { s.VoltageWindowV.Min, s.VoltageWindowV.Max },
            ["seconds"] = s.Seconds,
        };
        if (json) Json.Write(context.Out, o);
        else
        {
            context.Out.WriteLine($"{s.Blend} {s.Protocol}: {s.ActiveMassMg:F2} mg CAM, 1 C = {s.TheoreticalCapacityMAhPerG:F1} mAh/g (model prediction)");
            foreach (var c in s.Cycles) context.Out.WriteLine($"  cycle {c.Cycle,3}: charge {c.ChargeMAhPerG,6:F1}  discharge {c.DischargeMAhPerG,6:F1} mAh/g  CE {c.CoulombicEfficiency:F3}  <V> {c.MeanDischargeVoltageV:F3} V");
            if (double.IsFinite(s.RetentionPct)) context.Out.WriteLine($"  retention {s.RetentionPct:F1} %");
            foreach (var f in s.Files) context.Out.WriteLine($"  wrote {f}");
        }
        return 0;
    }
}
