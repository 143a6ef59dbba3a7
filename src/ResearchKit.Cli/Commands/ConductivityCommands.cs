using System.CommandLine;
using System.Globalization;
using System.Text.Json.Serialization;
using ResearchKit.Impedance;
using ResearchKit.Impedance.IO;
using ResearchKit.Notebooks;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>Shared option handling of the conductivity-cell commands (thin: the library does the work).</summary>
static class ConductivityArgs
{
    /// <summary>The cell inputs of a blend from a twin-transport CSV (default: the stored Fig 5 study of this checkout).</summary>
    public static ConductivityCellInputs Inputs(string blend, string? twin)
    {
        double ncwa = ResearchKit.Materials.Blend.Parse(blend);
        if (twin is null)
        {
            string root;
            try { root = KitPackager.FindRepositoryRoot(); }
            catch (DirectoryNotFoundException) { throw new UsageException("no repository found for the stored twin study: give --twin FILE (a twin-transport CSV)"); }
            twin = Path.Combine(root, "data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv");
        }
        if (!File.Exists(twin)) throw new InvalidInputException("file not found", twin, field: "twin");
        return ConductivityCellStudy.Inputs(TwinTransportStudy.ReadCsv(twin), ncwa);
    }

    /// <summary>A required positive length or area: exit 2 naming the option otherwise.</summary>
    public static double Positive(double v, string name)
    {
        if (!(v > 0) || !double.IsFinite(v)) throw new InvalidInputException($"must be a positive number, got {v.ToString(CultureInfo.InvariantCulture)}", field: name);
        return v;
    }
}

/// <summary>`researchkit eis blocking`: writes the electron-blocking cell spectrum of a cathode.</summary>
public sealed class EisBlockingCommand : CliCommand
{
    public override string Name => "eis blocking";
    public override string Summary => "simulate the electron-blocking cell (Fig 2g) of a cathode and write its spectrum (.z or .mpt) with a sidecar";
    public override string? Notes => """
        JSON: {file, sample, thickness_um, area_cm2, sigma_ion_s_per_cm, sigma_e_s_per_cm, separator_ohm, r_ion_ohm,
        dc_resistance_ohm, points, seed, model}.
        Stack SUS|Li|Li6PS5Cl|composite|Li6PS5Cl|Li|SUS; thickness, area, separator and interfaces are assumptions
        (data/materials/conductivity-cells.csv).
        """;

    readonly Option<string> _blend = Required("--blend", "NCWA:NCM, e.g. 7:3, CAM7:3 or 0.7");
    readonly Option<string?> _twin = Text("--twin", "twin-transport CSV giving sigma_ion, sigma_e and the CAM-SSE area (default: data/synthetic/twin-transport/fig5-seeds1-3-0.2um.csv)");
    readonly Option<string> _out = Required("--out", ".z (ZPlot) or .mpt (EC-Lab); a FILE.provenance.json sidecar is written beside it");

    sealed record BlockingJson(string File, string Sample, double ThicknessUm, double AreaCm2, double SigmaIonSPerCm, [property: JsonPropertyName("sigma_e_s_per_cm")] double SigmaESPerCm,
        double SeparatorOhm, double RIonOhm, double DcResistanceOhm, int Points, ulong Seed, string Model);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var inputs = ConductivityArgs.Inputs(args.GetValue(_blend)!, args.GetValue(_twin));
        var outPath = args.GetValue(_out)!;
        var (s, prov) = ConductivityCellStudy.ElectronBlockingSpectrum(inputs);
        ConductivityCells.WriteSpectrum(s, outPath, prov);
        var a = ConductivityCellAssumptions.Default;
        var cell = a.ElectronBlocking(inputs.SigmaIonSPerCm, inputs.SigmaESPerCm, inputs.CamSseAreaPerVolumePerUm);
        context.Progress($"eis blocking {inputs.Sample}: {s.Count} points written to {outPath}");
        return Write(context, args, new BlockingJson(outPath, inputs.Sample, a.ThicknessUm, a.AreaCm2, inputs.SigmaIonSPerCm, inputs.SigmaESPerCm,
                a.SeparatorOhm, cell.RIonOhm, cell.DcResistanceOhm, s.Count, inputs.Seed, ElectronBlockingCell.CircuitText),
            () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outPath}: {inputs.Sample}, sigma_ion {inputs.SigmaIonSPerCm:G4} S/cm, R_ion {cell.RIonOhm:F2} ohm, separator {a.SeparatorOhm} ohm")));
    }
}

/// <summary>`researchkit dcpol simulate`: writes the ion-blocking DC polarization record of a cathode.</summary>
public sealed class DcpolSimulateCommand : CliCommand
{
    public override string Name => "dcpol simulate";
    public override string Summary => "simulate the ion-blocking DC polarization (Fig 2h: 0.1-0.5 V, 600 s steps) of a cathode and write an .mpt with a sidecar";
    public override string? Notes => """
        JSON: {file, sample, thickness_um, area_cm2, sigma_ion_s_per_cm, sigma_e_s_per_cm, separator_ohm, r_e_ohm,
        mode_time_constant_s, samples, seed}.
        separator_ohm is 0: the ion-blocking stack SUS|composite|SUS has no separator.
        """;

    readonly Option<string> _blend = Required("--blend", "NCWA:NCM, e.g. 7:3");
    readonly Option<string?> _twin = Text("--twin", "twin-transport CSV (default: the stored study)");
    readonly Option<string> _out = Required("--out", "EC-Lab-style .mpt (time/s, Ewe/V, <I>/mA) plus FILE.provenance.json");

    sealed record DcpolSimJson(string File, string Sample, double ThicknessUm, double AreaCm2, double SigmaIonSPerCm, [property: JsonPropertyName("sigma_e_s_per_cm")] double SigmaESPerCm,
        double SeparatorOhm, [property: JsonPropertyName("r_e_ohm")] double REOhm, double ModeTimeConstantS, int Samples, ulong Seed);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var inputs = ConductivityArgs.Inputs(args.GetValue(_blend)!, args.GetValue(_twin));
        var outPath = args.GetValue(_out)!;
        var (r, prov) = ConductivityCellStudy.IonBlockingRecord(inputs);
        ConductivityCells.WriteChronoamperometryMpt(r, outPath, prov);
        var a = ConductivityCellAssumptions.Default;
        var cell = a.IonBlocking(inputs.SigmaIonSPerCm, inputs.SigmaESPerCm, inputs.CamSseAreaPerVolumePerUm);
        context.Progress($"dcpol simulate {inputs.Sample}: {r.Count} samples written to {outPath}");
        return Write(context, args, new DcpolSimJson(outPath, inputs.Sample, a.ThicknessUm, a.AreaCm2, inputs.SigmaIonSPerCm, inputs.SigmaESPerCm,
                0.0, cell.DcResistanceOhm, cell.ModeTimeConstantS, r.Count, inputs.Seed),
            () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outPath}: {inputs.Sample}, sigma_e {inputs.SigmaESPerCm:G4} S/cm, R_e {cell.DcResistanceOhm:F3} ohm")));
    }
}

/// <summary>`researchkit dcpol FILE`: sigma_e from an ion-blocking chronoamperometry file.</summary>
public sealed class DcpolCommand : CliCommand
{
    public override string Name => "dcpol";
    public override string Summary => "effective electronic conductivity from an ion-blocking DC polarization file (steady-state currents, I-V line)";
    public override string? Notes => """
        Synopsis: researchkit dcpol FILE --thickness-um L --area-cm2 A [--json]; FILE is chronoamperometry (EC-Lab .mpt,
        Gamry .DTA or CSV with time, voltage, current columns).
        JSON: {resistance_ohm, sigma_e_s_per_cm, steady_state_currents_a, step_voltages_v, r_squared, all_steps_steady, steps}.
        sigma_e = L/(R_e A), R_e = 1/slope of the steady-state I-V line (mean of the last 10 % of each step).
        """;

    // Hidden from the usage line: "dcpol" also has the subcommand "dcpol simulate", whose help would otherwise read
    // "researchkit dcpol <FILE> simulate". The synopsis is in the notes instead.
    readonly Argument<string> _file = new("FILE") { Description = "chronoamperometry: EC-Lab .mpt, Gamry .DTA or CSV (time, voltage, current columns)", Hidden = true };
    readonly Option<double?> _thickness = Number("--thickness-um", "composite thickness in um (required)");
    readonly Option<double?> _area = Number("--area-cm2", "electrode area in cm2 (required)");

    sealed record DcpolJson(double ResistanceOhm, [property: JsonPropertyName("sigma_e_s_per_cm")] double SigmaESPerCm, double[] SteadyStateCurrentsA, double[] StepVoltagesV, double RSquared,
        bool AllStepsSteady, int Steps);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var file = args.GetValue(_file)!;
        double l = ConductivityArgs.Positive(args.GetValue(_thickness) ?? throw new UsageException("missing required option --thickness-um"), "thickness-um");
        double a = ConductivityArgs.Positive(args.GetValue(_area) ?? throw new UsageException("missing required option --area-cm2"), "area-cm2");
        var r = ConductivityCells.ElectronicConductivity(DcPolarization.ReadChronoamperometry(file), l, a);
        return Write(context, args, new DcpolJson(r.ResistanceOhm, r.SigmaESPerCm, r.SteadyStateCurrentsA.ToArray(), r.StepVoltagesV.ToArray(), r.RSquared,
                r.AllStepsSteady, r.StepVoltagesV.Length),
            () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: R_e = {r.ResistanceOhm:G5} ohm, sigma_e = {r.SigmaESPerCm:G4} S/cm (R^2 {r.RSquared:F5}, {r.StepVoltagesV.Length} steps)")));
    }
}

/// <summary>`researchkit eis conductivity FILE`: sigma_ion from an electron-blocking cell's spectrum.</summary>
public sealed class EisConductivityCommand : CliCommand
{
    public override string Name => "eis conductivity";
    public override string Summary => "effective ionic conductivity from an electron-blocking cell's spectrum (separator from a reference measurement)";
    public override string? Notes => """
        JSON: {r_ion_ohm, r_ion_std_ohm, sigma_ion_s_per_cm, separator_ohm, separator_source, model, converged, exit_reason,
        max_relative_residual}.
        Model R0-p(R1,CPE1)-TLEB2: separators (R0, held fixed), Li|SSE interfaces, electron-blocking two-rail line.
        """;

    readonly Argument<string> _file = Arg("FILE", "any impedance file the kit reads (at least 10 points, monotonic frequencies)");
    readonly Option<double?> _thickness = Number("--thickness-um", "composite thickness in um (required)");
    readonly Option<double?> _area = Number("--area-cm2", "electrode area in cm2 (required)");
    readonly Option<double?> _separator = Number("--separator-ohm", "resistance of the stack without the composite (reference measurement); default: separator_ohm of FILE's sidecar");

    sealed record ConductivityJson(double RIonOhm, double RIonStdOhm, double SigmaIonSPerCm, double SeparatorOhm, string SeparatorSource, string Model,
        bool Converged, string ExitReason, double MaxRelativeResidual);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var file = args.GetValue(_file)!;
        double l = ConductivityArgs.Positive(args.GetValue(_thickness) ?? throw new UsageException("missing required option --thickness-um"), "thickness-um");
        double a = ConductivityArgs.Positive(args.GetValue(_area) ?? throw new UsageException("missing required option --area-cm2"), "area-cm2");
        double? sep = args.GetValue(_separator);
        string source = "option";
        if (sep is null)
        {
            var p = ImpedanceFiles.ReadProvenance(file);
            if (p?.Parameters is null || !p.Parameters.TryGetValue("separator_ohm", out var sv))
                throw new InvalidInputException("no --separator-ohm given and no separator_ohm in the file's sidecar", file, field: "separator-ohm");
            sep = sv; source = "sidecar";
        }
        var r = ConductivityCells.IonicConductivity(ImpedanceFiles.Read(file), l, a, sep.Value, source);
        return Write(context, args, new ConductivityJson(r.RIonOhm, r.RIonStdOhm, r.SigmaIonSPerCm, r.SeparatorOhm, r.SeparatorSource, r.Model,
                r.Converged, r.Fit.ExitReason.ToString(), r.Fit.MaxRelativeResidual),
            () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file}: R_ion = {r.RIonOhm:G5} ohm, sigma_ion = {r.SigmaIonSPerCm:G4} S/cm (separator {r.SeparatorOhm} ohm from {r.SeparatorSource}; converged {r.Converged})")));
    }
}
