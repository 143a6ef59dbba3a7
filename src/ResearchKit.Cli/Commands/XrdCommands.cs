using ResearchKit.Diffraction;
using ResearchKit.Diffraction.Fitting;
using ResearchKit.Diffraction.IO;

namespace ResearchKit.Cli.Commands;

internal static class XrdCli
{
    /// <summary>Cu Kα1/Kα2 doublet by default; --wavelength L gives a single wavelength L (Å).</summary>
    public static Instrument Instrument(CommandArgs args)
    {
        double? l = args.Double("wavelength");
        if (l is { } v && !(v > 0 && v < 10)) throw new InvalidInputException($"expected 0 < wavelength < 10 Å, got {v}", field: "wavelength");
        return l is { } w ? ResearchKit.Diffraction.Instrument.Single(w) : new Instrument();
    }
}

/// <summary>`researchkit xrd simulate`: lines and profile pattern of an R-3m layered oxide.</summary>
public sealed class XrdSimulateCommand : ICommand
{
    public string Name => "xrd simulate";
    public string Summary => "powder lines, I(003)/I(104) and profile pattern of an R-3m layered oxide (LiNi0.88Co0.10W0.01Al0.01O2 type)";
    public string Usage => """
        researchkit xrd simulate --a A --c C [--z-oxygen Z] [--ni-on-li F] [--wavelength L] [--two-theta 10:90:0.01] [--out FILE.xy] [--json]
          --a, --c       hexagonal cell (Å)
          --z-oxygen     z of O on 6c with TM on 3a (0,0,0) and Li on 3b (0,0,1/2) (default 0.2585)
          --ni-on-li     fraction of Li sites holding Ni (Li/Ni exchange, default 0)
          --wavelength   single wavelength (Å); default Cu Ka1 1.540593 + Ka2 1.544427 at ratio 0.5 (lines listed for Ka1)
          --two-theta    MIN:MAX:STEP in degrees (default 10:90:0.01)
          --out          writes the profile pattern (expected counts, strongest point 1e4 above background) as .xy + .provenance.json
          --json         {peaks: [{hkl, two_theta_deg, d_angstrom, multiplicity, intensity}], ratio_003_104, ...};
                         intensity = m F^2 LP relative to the strongest line in range (100), lines below 0.1 left out.
        Multiplicity: members of the -3m Laue orbit (Friedel mates counted separately): (00l) 2, (h0l) 6, (hhl) 12.
        Composition on 3a: Ni 0.88, Co 0.10, W 0.01, Al 0.01 (NCWA). Cromer-Mann f0, no anomalous terms, isotropic B.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        double a = args.Double("a") ?? throw new UsageException("missing required option --a");
        double c = args.Double("c") ?? throw new UsageException("missing required option --c");
        var s = LayeredOxide.Ncwa(a, c) with { OxygenZ = args.Double("z-oxygen") ?? 0.2585, NiOnLi = args.Double("ni-on-li") ?? 0 };
        var ins = XrdCli.Instrument(args);
        var (lo, hi, step) = SimulationOptions.ParseRange(args.Option("two-theta") ?? "10:90:0.01");
        string? outPath = args.Option("out");
        var r = PowderSimulator.Simulate(s, ins, new SimulationOptions { TwoThetaMinDeg = lo, TwoThetaMaxDeg = hi, StepDeg = step });
        if (outPath is not null)
        {
            var prov = new ResearchKit.Cycling.IO.CyclingProvenance("ResearchKit.Diffraction.PowderSimulator", new Dictionary<string, string>
            {
                ["structure"] = s.ToString(), ["instrument"] = ins.ToString(), ["two_theta"] = FormattableString.Invariant($"{lo}:{hi}:{step}"),
            }, null);
            XyFormat.Write(outPath, r.Pattern, prov);
            context.Progress($"xrd simulate: wrote {r.Pattern.Count} points to {outPath}");
        }
        var peaks = r.Lines.Where(l => l.RelativeIntensity >= 0.1).Select(l => new Dictionary<string, object>
        {
            ["hkl"] = new[] { l.Reflection.H, l.Reflection.K, l.Reflection.L },
            ["two_theta_deg"] = l.TwoThetaDeg, ["d_angstrom"] = l.Reflection.DAngstrom,
            ["multiplicity"] = l.Reflection.Multiplicity, ["intensity"] = l.RelativeIntensity,
        }).ToList();
        if (json)
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["peaks"] = peaks, ["ratio_003_104"] = r.Ratio003To104,
                ["a_angstrom"] = a, ["c_angstrom"] = c, ["volume_a3"] = s.Cell.VolumeA3, ["wavelength_angstrom"] = ins.WavelengthAngstrom,
            });
        else
        {
            context.Out.WriteLine($"R-3m a = {a} Å, c = {c} Å, I(003)/I(104) = {r.Ratio003To104:F3}");
            foreach (var p in r.Lines.Where(l => l.RelativeIntensity >= 0.1))
                context.Out.WriteLine(FormattableString.Invariant($"  ({p.Reflection.Label,-8}) 2θ {p.TwoThetaDeg,9:F4}  d {p.Reflection.DAngstrom:F6}  m {p.Reflection.Multiplicity,2}  I {p.RelativeIntensity,7:F2}"));
        }
        return 0;
    }
}

/// <summary>`researchkit xrd refine FILE`: Pawley refinement of an R-3m cell.</summary>
public sealed class XrdRefineCommand : ICommand
{
    public string Name => "xrd refine";
    public string Summary => "Pawley refinement of a, c (zero, background, TCH profile) of a powder pattern, with esd and R factors";
    public string Usage => """
        researchkit xrd refine FILE [--a0 A --c0 C] [--wavelength L] [--exclude 45.5:46.5,...] [--json]
          FILE          .xy/.xye/.csv, .xrdml, .brml or .fxye
          --a0, --c0    starting cell (Å; default 2.870, 14.19); a coarse grid search of ±5 % runs before least squares
          --wavelength  single wavelength (Å); default Cu Ka1/Ka2 doublet
          --exclude     2theta ranges left out, e.g. stationary Be/Al lines
          --json        a_angstrom, c_angstrom, volume_a3, a_angstrom_esd, c_angstrom_esd, volume_a3_esd, rwp, rp, chi2,
                        zero_deg, converged, iterations, points, seconds, lines (hkl, d_angstrom, two_theta_deg, intensity)
        Exit 2 on bad input (non-monotonic 2theta, negative counts, .xrdml without counts), naming file and field.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var path = args.Positional(0, "FILE (powder pattern)");
        var o = new PawleyOptions
        {
            A0 = args.Double("a0") ?? 2.870, C0 = args.Double("c0") ?? 14.19, Instrument = XrdCli.Instrument(args),
            Exclude = PawleyOptions.ParseExclude(args.Option("exclude")),
        };
        var r = PawleyRefinement.Refine(PatternFiles.Read(path), o);
        if (json)
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["a_angstrom"] = r.AAngstrom, ["c_angstrom"] = r.CAngstrom, ["volume_a3"] = r.VolumeA3,
                ["a_angstrom_esd"] = r.AAngstromEsd, ["c_angstrom_esd"] = r.CAngstromEsd, ["volume_a3_esd"] = r.VolumeA3Esd,
                ["rwp"] = r.Rwp, ["rp"] = r.Rp, ["chi2"] = r.Chi2, ["zero_deg"] = r.ZeroDeg, ["converged"] = r.Converged,
                ["iterations"] = r.Iterations, ["points"] = r.Points, ["seconds"] = r.Seconds,
                ["lines"] = r.Lines.Select(l => new Dictionary<string, object> { ["hkl"] = l.Hkl, ["d_angstrom"] = l.DAngstrom, ["two_theta_deg"] = l.TwoThetaDeg, ["intensity"] = l.Intensity }).ToList(),
            });
        else
            context.Out.WriteLine(FormattableString.Invariant(
                $"a = {r.AAngstrom:F6}({r.AAngstromEsd:E1}) Å, c = {r.CAngstrom:F6}({r.CAngstromEsd:E1}) Å, V = {r.VolumeA3:F4} Å³, Rwp = {r.Rwp:F4}, converged = {r.Converged}"));
        return 0;
    }
}

/// <summary>`researchkit xrd ratio FILE`: I(003)/I(104) from single-peak fits.</summary>
public sealed class XrdRatioCommand : ICommand
{
    public string Name => "xrd ratio";
    public string Summary => "I(003)/I(104) integrated-intensity ratio of a powder pattern with its uncertainty (peak fits)";
    public string Usage => """
        researchkit xrd ratio FILE [--wavelength L] [--json]
          --json   ratio_003_104, ratio_003_104_esd, two_theta_003_deg, two_theta_104_deg, area_003, area_104
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var path = args.Positional(0, "FILE (powder pattern)");
        var r = PeakFitter.Ratio003To104(PatternFiles.Read(path), XrdCli.Instrument(args));
        if (json)
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["ratio_003_104"] = r.Ratio, ["ratio_003_104_esd"] = r.RatioEsd, ["two_theta_003_deg"] = r.Peak003.CenterDeg,
                ["two_theta_104_deg"] = r.Peak104.CenterDeg, ["area_003"] = r.Peak003.Area, ["area_104"] = r.Peak104.Area,
            });
        else context.Out.WriteLine(FormattableString.Invariant($"I(003)/I(104) = {r.Ratio:F4} ± {r.RatioEsd:F4}"));
        return 0;
    }
}

/// <summary>`researchkit xrd operando DIR --cycler FILE`: sequential refinement of an operando series.</summary>
public sealed class XrdOperandoCommand : ICommand
{
    public string Name => "xrd operando";
    public string Summary => "sequential Pawley refinement of an operando XRD series against voltage and state of charge";
    public string Usage => """
        researchkit xrd operando DIR --cycler FILE [--a0 A --c0 C] [--wavelength L] [--exclude LO:HI,...] [--json]
          DIR        folder of patterns (sorted by name), each with a '# time_s: T' header (mid-acquisition time)
          --cycler   cycler file read by the cycling readers (EC-Lab .mpr/.mpt, Maccor, Arbin, Neware, CSV)
          Be-window and Al-foil lines are modelled as fixed-d lines with free intensities.
          --json     points [{file, time_h, voltage_v, capacity_mah, state_of_charge, a_angstrom, c_angstrom, volume_a3,
                     a_angstrom_esd, c_angstrom_esd, volume_a3_esd, rwp, converged}], change {a_change_pct,
                     c_expansion_pct, c_collapse_pct, volume_change_pct, voltage_at_c_max_v} (first charge), seconds, converged
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        var dir = args.Positional(0, "DIR (folder of patterns)");
        var cycler = args.Option("cycler") ?? throw new UsageException("missing required option --cycler FILE");
        var o = new PawleyOptions
        {
            A0 = args.Double("a0") ?? 2.870, C0 = args.Double("c0") ?? 14.19, Instrument = XrdCli.Instrument(args),
            Exclude = PawleyOptions.ParseExclude(args.Option("exclude")),
            ModelStationary = [StationaryPhase.BerylliumWindow, StationaryPhase.AluminiumFoil],
        };
        var r = OperandoSeries.Refine(dir, cycler, o, context.Progress);
        if (json)
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["points"] = r.Points.Select(p => new Dictionary<string, object>
                {
                    ["file"] = p.File, ["time_h"] = p.TimeH, ["voltage_v"] = p.VoltageV, ["capacity_mah"] = p.CapacityMAh, ["state_of_charge"] = p.StateOfCharge,
                    ["a_angstrom"] = p.AAngstrom, ["c_angstrom"] = p.CAngstrom, ["volume_a3"] = p.VolumeA3,
                    ["a_angstrom_esd"] = p.AAngstromEsd, ["c_angstrom_esd"] = p.CAngstromEsd, ["volume_a3_esd"] = p.VolumeA3Esd,
                    ["rwp"] = p.Rwp, ["converged"] = p.Converged,
                }).ToList(),
                ["change"] = new Dictionary<string, object>
                {
                    ["a_change_pct"] = r.Change.AChangePct, ["c_expansion_pct"] = r.Change.CExpansionPct, ["c_collapse_pct"] = r.Change.CCollapsePct,
                    ["volume_change_pct"] = r.Change.VolumeChangePct, ["voltage_at_c_max_v"] = r.Change.VoltageAtCMaxV,
                },
                ["charge_points"] = r.ChargePoints, ["seconds"] = r.Seconds, ["converged"] = r.Converged,
            });
        else
            context.Out.WriteLine(FormattableString.Invariant(
                $"{r.Points.Count} patterns in {r.Seconds:F1} s: a {r.Change.AChangePct:F2} %, c +{r.Change.CExpansionPct:F2} % then {r.Change.CCollapsePct:F2} %, V {r.Change.VolumeChangePct:F2} %"));
        return 0;
    }
}

/// <summary>`researchkit xrd synthetic DIR`: regenerates the kit's synthetic diffraction data (data/synthetic/xrd).</summary>
public sealed class XrdSyntheticCommand : ICommand
{
    public string Name => "xrd synthetic";
    public string Summary => "writes the synthetic powder patterns and operando series of NCWA and NCM (forward models, fixed seeds)";
    public string Usage => """
        researchkit xrd synthetic DIR [--patterns N]
          Writes DIR/powder/{ncwa,ncm}.xy and DIR/operando-{ncwa,ncm}/ (scan_NNN.xy, cycler.mpt, truth.csv, sidecars).
          --patterns   patterns per operando series (default 30)
        """;
    public IReadOnlyCollection<string> Switches => [];

    public int Run(CommandArgs args, CommandContext context)
    {
        var dir = args.Positional(0, "DIR (output folder)");
        int n = args.Int("patterns") ?? 30;
        if (n < 4 || n > 1000) throw new InvalidInputException($"expected 4..1000 patterns, got {n}", field: "patterns");
        SyntheticXrd.WriteAll(dir, n);
        context.Progress($"xrd synthetic: wrote {dir}");
        return 0;
    }
}
