using System.CommandLine;
using System.Text.Json.Serialization;
using ResearchKit.Diffraction;
using ResearchKit.Diffraction.Fitting;
using ResearchKit.Diffraction.IO;

namespace ResearchKit.Cli.Commands;

internal static class XrdCli
{
    public const string WavelengthHelp = "single wavelength (Å); default Cu Ka1 1.540593 + Ka2 1.544427 at ratio 0.5";

    /// <summary>Cu Kα1/Kα2 doublet by default; --wavelength L gives a single wavelength L (Å).</summary>
    public static Instrument Instrument(double? l)
    {
        if (l is { } v && !(v > 0 && v < 10)) throw new InvalidInputException($"expected 0 < wavelength < 10 Å, got {v}", field: "wavelength");
        return l is { } w ? ResearchKit.Diffraction.Instrument.Single(w) : new Instrument();
    }
}

/// <summary>`researchkit xrd simulate`: lines and profile pattern of an R-3m layered oxide.</summary>
public sealed class XrdSimulateCommand : CliCommand
{
    public override string Name => "xrd simulate";
    public override string Summary => "powder lines, I(003)/I(104) and profile pattern of an R-3m layered oxide (LiNi0.88Co0.10W0.01Al0.01O2 type)";
    public override string? Notes => """
        Lines are listed for Ka1 with the default doublet.
        JSON: {peaks: [{hkl, two_theta_deg, d_angstrom, multiplicity, intensity}], ratio_003_104, a_angstrom, c_angstrom,
        volume_a3, wavelength_angstrom}; intensity = m F^2 LP relative to the strongest line in range (100), lines below 0.1 left out.
        Multiplicity: members of the -3m Laue orbit (Friedel mates counted separately): (00l) 2, (h0l) 6, (hhl) 12.
        Composition on 3a: Ni 0.88, Co 0.10, W 0.01, Al 0.01 (NCWA). Cromer-Mann f0, no anomalous terms, isotropic B.
        """;

    readonly Option<double?> _a = Number("--a", "hexagonal cell a (Å), required");
    readonly Option<double?> _c = Number("--c", "hexagonal cell c (Å), required");
    readonly Option<double> _z = Number("--z-oxygen", "z of O on 6c with TM on 3a (0,0,0) and Li on 3b (0,0,1/2)", 0.2585);
    readonly Option<double> _niOnLi = Number("--ni-on-li", "fraction of Li sites holding Ni (Li/Ni exchange)", 0);
    readonly Option<double?> _wavelength = Number("--wavelength", XrdCli.WavelengthHelp);
    readonly Option<string?> _twoTheta = Text("--two-theta", "MIN:MAX:STEP in degrees", "10:90:0.01");
    readonly Option<string?> _out = Text("--out", "writes the profile pattern (expected counts, strongest point 1e4 above background) as .xy + .provenance.json");

    protected override int Run(ParseResult args, CommandContext context)
    {
        double a = args.GetValue(_a) ?? throw new UsageException("missing required option --a");
        double c = args.GetValue(_c) ?? throw new UsageException("missing required option --c");
        var s = LayeredOxide.Ncwa(a, c) with { OxygenZ = args.GetValue(_z), NiOnLi = args.GetValue(_niOnLi) };
        var ins = XrdCli.Instrument(args.GetValue(_wavelength));
        var (lo, hi, step) = SimulationOptions.ParseRange(args.GetValue(_twoTheta) ?? "10:90:0.01");
        string? outPath = args.GetValue(_out);
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
        var shown = r.Lines.Where(l => l.RelativeIntensity >= 0.1).ToList();
        var peaks = shown.Select(l => new PeakJson(new[] { l.Reflection.H, l.Reflection.K, l.Reflection.L },
            l.TwoThetaDeg, l.Reflection.DAngstrom, l.Reflection.Multiplicity, l.RelativeIntensity)).ToList();
        return Write(context, args, new SimulateJson(peaks, r.Ratio003To104, a, c, s.Cell.VolumeA3, ins.WavelengthAngstrom), () =>
        {
            context.Out.WriteLine($"R-3m a = {a} Å, c = {c} Å, I(003)/I(104) = {r.Ratio003To104:F3}");
            foreach (var p in shown)
                context.Out.WriteLine(FormattableString.Invariant($"  ({p.Reflection.Label,-8}) 2θ {p.TwoThetaDeg,9:F4}  d {p.Reflection.DAngstrom:F6}  m {p.Reflection.Multiplicity,2}  I {p.RelativeIntensity,7:F2}"));
        });
    }

    sealed record PeakJson(int[] Hkl, double TwoThetaDeg, double DAngstrom, int Multiplicity, double Intensity);

    sealed record SimulateJson(List<PeakJson> Peaks, [property: JsonPropertyName("ratio_003_104")] double Ratio003To104,
        double AAngstrom, double CAngstrom, [property: JsonPropertyName("volume_a3")] double VolumeA3, double WavelengthAngstrom);
}

/// <summary>`researchkit xrd refine FILE`: Pawley refinement of an R-3m cell.</summary>
public sealed class XrdRefineCommand : CliCommand
{
    public override string Name => "xrd refine";
    public override string Summary => "Pawley refinement of a, c (zero, background, TCH profile) of a powder pattern, with esd and R factors";
    public override string? Notes => """
        A coarse grid search of ±5 % around the starting cell runs before least squares.
        JSON: a_angstrom, c_angstrom, volume_a3, a_angstrom_esd, c_angstrom_esd, volume_a3_esd, rwp, rp, chi2,
        zero_deg, converged, iterations, points, seconds, lines (hkl, d_angstrom, two_theta_deg, intensity)
        Exit 2 on bad input (non-monotonic 2theta, negative counts, .xrdml without counts), naming file and field.
        """;

    readonly Argument<string> _file = Arg("FILE", ".xy/.xye/.csv, .xrdml, .brml or .fxye");
    readonly Option<double> _a0 = Number("--a0", "starting a (Å)", 2.870);
    readonly Option<double> _c0 = Number("--c0", "starting c (Å)", 14.19);
    readonly Option<double?> _wavelength = Number("--wavelength", XrdCli.WavelengthHelp);
    readonly Option<string?> _exclude = Text("--exclude", "2theta ranges left out, e.g. 45.5:46.5,... (stationary Be/Al lines)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var o = new PawleyOptions
        {
            A0 = args.GetValue(_a0), C0 = args.GetValue(_c0), Instrument = XrdCli.Instrument(args.GetValue(_wavelength)),
            Exclude = PawleyOptions.ParseExclude(args.GetValue(_exclude)),
        };
        var r = PawleyRefinement.Refine(PatternFiles.Read(args.GetValue(_file)!), o);
        return Write(context, args, new RefineJson(r.AAngstrom, r.CAngstrom, r.VolumeA3, r.AAngstromEsd, r.CAngstromEsd, r.VolumeA3Esd,
                r.Rwp, r.Rp, r.Chi2, r.ZeroDeg, r.Converged, r.Iterations, r.Points, r.Seconds,
                r.Lines.Select(l => new LineJson(l.Hkl, l.DAngstrom, l.TwoThetaDeg, l.Intensity)).ToList()),
            () => context.Out.WriteLine(FormattableString.Invariant(
                $"a = {r.AAngstrom:F6}({r.AAngstromEsd:E1}) Å, c = {r.CAngstrom:F6}({r.CAngstromEsd:E1}) Å, V = {r.VolumeA3:F4} Å³, Rwp = {r.Rwp:F4}, converged = {r.Converged}")));
    }

    sealed record LineJson(string Hkl, double DAngstrom, double TwoThetaDeg, double Intensity);

    sealed record RefineJson(double AAngstrom, double CAngstrom, [property: JsonPropertyName("volume_a3")] double VolumeA3,
        double AAngstromEsd, double CAngstromEsd, [property: JsonPropertyName("volume_a3_esd")] double VolumeA3Esd,
        double Rwp, double Rp, [property: JsonPropertyName("chi2")] double Chi2, double ZeroDeg, bool Converged, int Iterations,
        int Points, double Seconds, List<LineJson> Lines);
}

/// <summary>`researchkit xrd ratio FILE`: I(003)/I(104) from single-peak fits.</summary>
public sealed class XrdRatioCommand : CliCommand
{
    public override string Name => "xrd ratio";
    public override string Summary => "I(003)/I(104) integrated-intensity ratio of a powder pattern with its uncertainty (peak fits)";
    public override string? Notes => "JSON: ratio_003_104, ratio_003_104_esd, two_theta_003_deg, two_theta_104_deg, area_003, area_104";

    readonly Argument<string> _file = Arg("FILE", "powder pattern (.xy/.xye/.csv, .xrdml, .brml or .fxye)");
    readonly Option<double?> _wavelength = Number("--wavelength", XrdCli.WavelengthHelp);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var r = PeakFitter.Ratio003To104(PatternFiles.Read(args.GetValue(_file)!), XrdCli.Instrument(args.GetValue(_wavelength)));
        return Write(context, args, new RatioJson(r.Ratio, r.RatioEsd, r.Peak003.CenterDeg, r.Peak104.CenterDeg, r.Peak003.Area, r.Peak104.Area),
            () => context.Out.WriteLine(FormattableString.Invariant($"I(003)/I(104) = {r.Ratio:F4} ± {r.RatioEsd:F4}")));
    }

    sealed record RatioJson(
        [property: JsonPropertyName("ratio_003_104")] double Ratio,
        [property: JsonPropertyName("ratio_003_104_esd")] double RatioEsd,
        [property: JsonPropertyName("two_theta_003_deg")] double TwoTheta003Deg,
        [property: JsonPropertyName("two_theta_104_deg")] double TwoTheta104Deg,
        [property: JsonPropertyName("area_003")] double Area003,
        [property: JsonPropertyName("area_104")] double Area104);
}

/// <summary>`researchkit xrd operando DIR --cycler FILE`: sequential refinement of an operando series.</summary>
public sealed class XrdOperandoCommand : CliCommand
{
    public override string Name => "xrd operando";
    public override string Summary => "sequential Pawley refinement of an operando XRD series against voltage and state of charge";
    public override string? Notes => """
        Be-window and Al-foil lines are modelled as fixed-d lines with free intensities.
        JSON: points [{file, time_h, voltage_v, capacity_mah, state_of_charge, a_angstrom, c_angstrom, volume_a3,
        a_angstrom_esd, c_angstrom_esd, volume_a3_esd, rwp, converged}], change {a_change_pct,
        c_expansion_pct, c_collapse_pct, volume_change_pct, voltage_at_c_max_v} (first charge), charge_points, seconds, converged
        """;

    readonly Argument<string> _dir = Arg("DIR", "folder of patterns (sorted by name), each with a '# time_s: T' header (mid-acquisition time)");
    readonly Option<string> _cycler = Required("--cycler", "cycler file read by the cycling readers (EC-Lab .mpr/.mpt, Maccor, Arbin, Neware, CSV)");
    readonly Option<double> _a0 = Number("--a0", "starting a (Å)", 2.870);
    readonly Option<double> _c0 = Number("--c0", "starting c (Å)", 14.19);
    readonly Option<double?> _wavelength = Number("--wavelength", XrdCli.WavelengthHelp);
    readonly Option<string?> _exclude = Text("--exclude", "2theta ranges left out, LO:HI,...");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var o = new PawleyOptions
        {
            A0 = args.GetValue(_a0), C0 = args.GetValue(_c0), Instrument = XrdCli.Instrument(args.GetValue(_wavelength)),
            Exclude = PawleyOptions.ParseExclude(args.GetValue(_exclude)),
            ModelStationary = [StationaryPhase.BerylliumWindow, StationaryPhase.AluminiumFoil],
        };
        var r = OperandoSeries.Refine(args.GetValue(_dir)!, args.GetValue(_cycler)!, o, context.Progress);
        var json = new OperandoJson(
            r.Points.Select(p => new PointJson(p.File, p.TimeH, p.VoltageV, p.CapacityMAh, p.StateOfCharge, p.AAngstrom, p.CAngstrom, p.VolumeA3,
                p.AAngstromEsd, p.CAngstromEsd, p.VolumeA3Esd, p.Rwp, p.Converged)).ToList(),
            new ChangeJson(r.Change.AChangePct, r.Change.CExpansionPct, r.Change.CCollapsePct, r.Change.VolumeChangePct, r.Change.VoltageAtCMaxV),
            r.ChargePoints, r.Seconds, r.Converged);
        return Write(context, args, json, () => context.Out.WriteLine(FormattableString.Invariant(
            $"{r.Points.Count} patterns in {r.Seconds:F1} s: a {r.Change.AChangePct:F2} %, c +{r.Change.CExpansionPct:F2} % then {r.Change.CCollapsePct:F2} %, V {r.Change.VolumeChangePct:F2} %")));
    }

    sealed record PointJson(string File, double TimeH, double VoltageV, [property: JsonPropertyName("capacity_mah")] double CapacityMah,
        double StateOfCharge, double AAngstrom, double CAngstrom, [property: JsonPropertyName("volume_a3")] double VolumeA3,
        double AAngstromEsd, double CAngstromEsd, [property: JsonPropertyName("volume_a3_esd")] double VolumeA3Esd, double Rwp, bool Converged);

    sealed record ChangeJson(double AChangePct, double CExpansionPct, double CCollapsePct, double VolumeChangePct,
        [property: JsonPropertyName("voltage_at_c_max_v")] double VoltageAtCMaxV);

    sealed record OperandoJson(List<PointJson> Points, ChangeJson Change, int ChargePoints, double Seconds, bool Converged);
}

/// <summary>`researchkit xrd synthetic DIR`: regenerates the kit's synthetic diffraction data (data/synthetic/xrd).</summary>
public sealed class XrdSyntheticCommand : CliCommand
{
    public override string Name => "xrd synthetic";
    public override string Summary => "writes the synthetic powder patterns and operando series of NCWA and NCM (forward models, fixed seeds)";
    public override string? Notes => "Writes DIR/powder/{ncwa,ncm}.xy and DIR/operando-{ncwa,ncm}/ (scan_NNN.xy, cycler.mpt, truth.csv, sidecars).";

    readonly Argument<string> _dir = Arg("DIR", "output folder");
    readonly Option<int> _patterns = Integer("--patterns", "patterns per operando series (4..1000)", 30);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var dir = args.GetValue(_dir)!;
        int n = args.GetValue(_patterns);
        if (n < 4 || n > 1000) throw new InvalidInputException($"expected 4..1000 patterns, got {n}", field: "patterns");
        SyntheticXrd.WriteAll(dir, n);
        context.Progress($"xrd synthetic: wrote {dir}");
        return 0;
    }
}
