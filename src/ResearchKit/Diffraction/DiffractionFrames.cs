using Deedle;
using ResearchKit.Diffraction.Fitting;

namespace ResearchKit.Diffraction;

/// <summary>Tables of the diffraction analyses as Deedle frames (for notebooks), and the stored series' truth tables.</summary>
public static class DiffractionFrames
{
    /// <summary>Computed lines (hkl, 2θ, d, multiplicity, F, relative intensity) above <paramref name="minRelative"/>.</summary>
    public static Frame<string, string> Lines(IReadOnlyList<PowderLine> lines, double minRelative = 0.1)
    {
        var l = lines.Where(x => x.RelativeIntensity >= minRelative).ToList();
        return new FrameColumns(l.Select(x => x.Reflection.Label))
            .Add("two_theta_deg", l.Select(x => x.TwoThetaDeg)).Add("d_angstrom", l.Select(x => x.Reflection.DAngstrom))
            .Add("multiplicity", l.Select(x => x.Reflection.Multiplicity)).Add("F", l.Select(x => x.StructureFactor))
            .Add("intensity", l.Select(x => x.RelativeIntensity)).Build();
    }

    /// <summary>One row per refined pattern of a series.</summary>
    public static Frame<string, string> Points(OperandoResult r) =>
        new FrameColumns(r.Points.Select(p => p.File))
            .Add("time_h", r.Points.Select(p => p.TimeH)).Add("voltage_v", r.Points.Select(p => p.VoltageV))
            .Add("state_of_charge", r.Points.Select(p => p.StateOfCharge))
            .Add("a_angstrom", r.Points.Select(p => p.AAngstrom)).Add("a_esd", r.Points.Select(p => p.AAngstromEsd))
            .Add("c_angstrom", r.Points.Select(p => p.CAngstrom)).Add("c_esd", r.Points.Select(p => p.CAngstromEsd))
            .Add("volume_a3", r.Points.Select(p => p.VolumeA3)).Add("rwp", r.Points.Select(p => p.Rwp)).Build();

    /// <summary>Reads truth.csv of a generated series (the cells the patterns were generated with).</summary>
    public static IReadOnlyList<OperandoTruth> ReadTruth(string dir)
    {
        var t = CsvTable.Load(Path.Combine(dir, "truth.csv"), ["file", "time_s", "state_of_charge", "voltage_v", "a_angstrom", "c_angstrom", "volume_a3"]);
        return t.Rows.Select(r => new OperandoTruth(r.RequiredText("file"), r.Number("time_s"), r.Number("state_of_charge"), r.Number("voltage_v"),
            r.Number("a_angstrom"), r.Number("c_angstrom"), r.Number("volume_a3"))).ToList();
    }

    /// <summary>First-charge lattice change of the generated cells (charge branch = up to the highest state of charge).</summary>
    public static LatticeChange TruthChange(IReadOnlyList<OperandoTruth> truth)
    {
        int top = 0;
        for (int i = 1; i < truth.Count; i++) if (truth[i].StateOfCharge > truth[top].StateOfCharge) top = i;
        var ch = truth.Take(top + 1).ToList();
        return LatticeChange.From(ch.Select(x => x.AAngstrom).ToList(), ch.Select(x => x.CAngstrom).ToList(), ch.Select(x => x.VolumeA3).ToList(), ch.Select(x => x.VoltageV).ToList());
    }

    /// <summary>
    /// Recovered vs generated vs paper lattice changes (%) of a series: rows a, c expansion, c collapse, V.
    /// Paper: a −2.0 % (both), c collapse −4.6 % NCWA / −2.8 % NCM, V −6.5 % / −4.8 % (Fig 4d-e text; no paper value for the expansion).
    /// </summary>
    public static Frame<string, string> ChangeTable(LatticeChange recovered, LatticeChange generated, double? paperA, double? paperCollapse, double? paperV) =>
        new FrameColumns(["a change %", "c expansion %", "c collapse %", "volume change %"])
            .Add("recovered", [recovered.AChangePct, recovered.CExpansionPct, recovered.CCollapsePct, recovered.VolumeChangePct])
            .Add("generated", [generated.AChangePct, generated.CExpansionPct, generated.CCollapsePct, generated.VolumeChangePct])
            .Add("paper", new double?[] { paperA, null, paperCollapse, paperV }).Build();

    /// <summary>I(003)/I(104) fitted from a pattern beside the paper's value.</summary>
    public static Frame<string, string> Ratios(IReadOnlyList<(string Material, IntensityRatioResult Fit, double Paper)> rows) =>
        new FrameColumns(rows.Select(r => r.Material))
            .Add("ratio_fitted", rows.Select(r => r.Fit.Ratio)).Add("ratio_esd", rows.Select(r => r.Fit.RatioEsd))
            .Add("ratio_paper", rows.Select(r => r.Paper)).Build();
}
