using System.Globalization;
using ResearchKit.Impedance;
using ResearchKit.Impedance.IO;
using ResearchKit.Notebooks;
using ResearchKit.Paper;

namespace ResearchKit.Cli.Commands;

/// <summary>Shared option handling of the conductivity-cell commands (thin: the library does the work).</summary>
static class ConductivityArgs
{
    public static ConductivityCellInputs Inputs(CommandArgs args)
    {
        double ncwa = ResearchKit.Materials.Blend.Parse(args.RequiredOption("blend"));
        var twin = args.Option("twin");
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

    public static double Positive(CommandArgs args, string name)
    {
        double v = args.Double(name) ?? throw new UsageException($"missing required option --{name}");
        if (!(v > 0) || !double.IsFinite(v)) throw new InvalidInputException($"must be a positive number, got {v.ToString(CultureInfo.InvariantCulture)}", field: name);
        return v;
    }
}

/// <summary>`researchkit eis blocking`: writes the electron-blocking cell spectrum of a cathode.</summary>
public sealed class EisBlockingCommand : ICommand
{
    public string Name => "eis blocking";
    public string Summary => "simulate the electron-blocking cell (Fig 2g) of a cathode and write its spectrum (.z or .mpt) with a sidecar";
    public string Usage => """
        researchkit eis blocking --blend B [--twin FILE] --out FILE.z|.mpt [--json]
          --blend   NCWA:NCM, e.g. 7:3, CAM7:3 or 0.7
          --twin    twin-transport CSV giving sigma_ion, sigma_e and the CAM-SSE area (default: data/synthetic/twin-transport/fig5-seeds1-3-0.2um.csv)
          --out     .z (ZPlot) or .mpt (EC-Lab); a FILE.provenance.json sidecar is written beside it
          --json    {"file", "sample", "thickness_um", "area_cm2", "sigma_ion_s_per_cm", "sigma_e_s_per_cm", "separator_ohm", "r_ion_ohm",
                     "dc_resistance_ohm", "points", "seed", "model"}
        Stack SUS|Li|Li6PS5Cl|composite|Li6PS5Cl|Li|SUS; thickness, area, separator and interfaces are assumptions
        (data/materials/conductivity-cells.csv).
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var inputs = ConductivityArgs.Inputs(args);
        var outPath = args.RequiredOption("out");
        var (s, prov) = ConductivityCellStudy.ElectronBlockingSpectrum(inputs);
        ConductivityCells.WriteSpectrum(s, outPath, prov);
        var a = ConductivityCellAssumptions.Default;
        var cell = a.ElectronBlocking(inputs.SigmaIonSPerCm, inputs.SigmaESPerCm, inputs.CamSseAreaPerVolumePerUm);
        context.Progress($"eis blocking {inputs.Sample}: {s.Count} points written to {outPath}");
        var o = new Dictionary<string, object>
        {
            ["file"] = outPath, ["sample"] = inputs.Sample, ["thickness_um"] = a.ThicknessUm, ["area_cm2"] = a.AreaCm2,
            ["sigma_ion_s_per_cm"] = inputs.SigmaIonSPerCm, ["sigma_e_s_per_cm"] = inputs.SigmaESPerCm, ["separator_ohm"] = a.SeparatorOhm,
            ["r_ion_ohm"] = cell.RIonOhm, ["dc_resistance_ohm"] = cell.DcResistanceOhm, ["points"] = s.Count, ["seed"] = inputs.Seed,
            ["model"] = ElectronBlockingCell.CircuitText,
        };
        if (args.Flag("json")) Json.Write(context.Out, o);
        else context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outPath}: {inputs.Sample}, sigma_ion {inputs.SigmaIonSPerCm:G4} S/cm, R_ion {cell.RIonOhm:F2} ohm, separator {a.SeparatorOhm} ohm"));
        return 0;
    }
}

/// <summary>`researchkit dcpol simulate`: writes the ion-blocking DC polarization record of a cathode.</summary>
public sealed class DcpolSimulateCommand : ICommand
{
    public string Name => "dcpol simulate";
    public string Summary => "simulate the ion-blocking DC polarization (Fig 2h: 0.1-0.5 V, 600 s steps) of a cathode and write an .mpt with a sidecar";
    public string Usage => """
        researchkit dcpol simulate --blend B [--twin FILE] --out FILE.mpt [--json]
          --blend   NCWA:NCM, e.g. 7:3
          --twin    twin-transport CSV (default: the stored study)
          --out     EC-Lab-style .mpt (time/s, Ewe/V, <I>/mA) plus FILE.provenance.json
          --json    {"file", "sample", "thickness_um", "area_cm2", "sigma_ion_s_per_cm", "sigma_e_s_per_cm", "separator_ohm", "r_e_ohm",
                     "mode_time_constant_s", "samples", "seed"}
        separator_ohm is 0: the ion-blocking stack SUS|composite|SUS has no separator.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var inputs = ConductivityArgs.Inputs(args);
        var outPath = args.RequiredOption("out");
        var (r, prov) = ConductivityCellStudy.IonBlockingRecord(inputs);
        ConductivityCells.WriteChronoamperometryMpt(r, outPath, prov);
        var a = ConductivityCellAssumptions.Default;
        var cell = a.IonBlocking(inputs.SigmaIonSPerCm, inputs.SigmaESPerCm, inputs.CamSseAreaPerVolumePerUm);
        context.Progress($"dcpol simulate {inputs.Sample}: {r.Count} samples written to {outPath}");
        var o = new Dictionary<string, object>
        {
            ["file"] = outPath, ["sample"] = inputs.Sample, ["thickness_um"] = a.ThicknessUm, ["area_cm2"] = a.AreaCm2,
            ["sigma_ion_s_per_cm"] = inputs.SigmaIonSPerCm, ["sigma_e_s_per_cm"] = inputs.SigmaESPerCm, ["separator_ohm"] = 0.0,
            ["r_e_ohm"] = cell.DcResistanceOhm, ["mode_time_constant_s"] = cell.ModeTimeConstantS, ["samples"] = r.Count, ["seed"] = inputs.Seed,
        };
        if (args.Flag("json")) Json.Write(context.Out, o);
        else context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outPath}: {inputs.Sample}, sigma_e {inputs.SigmaESPerCm:G4} S/cm, R_e {cell.DcResistanceOhm:F3} ohm"));
        return 0;
    }
}

/// <summary>`researchkit dcpol FILE`: σ_e from an ion-blocking chronoamperometry file.</summary>
public sealed class DcpolCommand : ICommand
{
    public string Name => "dcpol";
    public string Summary => "effective electronic conductivity from an ion-blocking DC polarization file (steady-state currents, I-V line)";
    public string Usage => """
        researchkit dcpol FILE --thickness-um L --area-cm2 A [--json]
          FILE   chronoamperometry: EC-Lab .mpt, Gamry .DTA or CSV (time, voltage, current columns)
          --json {"resistance_ohm", "sigma_e_s_per_cm", "steady_state_currents_a", "step_voltages_v", "r_squared", "all_steps_steady", "steps"}
        sigma_e = L/(R_e A), R_e = 1/slope of the steady-state I-V line (mean of the last 10 % of each step).
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        double l = ConductivityArgs.Positive(args, "thickness-um"), a = ConductivityArgs.Positive(args, "area-cm2");
        var r = ConductivityCells.ElectronicConductivity(DcPolarization.ReadChronoamperometry(file), l, a);
        if (args.Flag("json"))
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["resistance_ohm"] = r.ResistanceOhm, ["sigma_e_s_per_cm"] = r.SigmaESPerCm, ["steady_state_currents_a"] = r.SteadyStateCurrentsA,
                ["step_voltages_v"] = r.StepVoltagesV, ["r_squared"] = r.RSquared, ["all_steps_steady"] = r.AllStepsSteady, ["steps"] = r.StepVoltagesV.Length,
            });
        else context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: R_e = {r.ResistanceOhm:G5} ohm, sigma_e = {r.SigmaESPerCm:G4} S/cm (R^2 {r.RSquared:F5}, {r.StepVoltagesV.Length} steps)"));
        return 0;
    }
}

/// <summary>`researchkit eis conductivity FILE`: σ_ion from an electron-blocking cell's spectrum.</summary>
public sealed class EisConductivityCommand : ICommand
{
    public string Name => "eis conductivity";
    public string Summary => "effective ionic conductivity from an electron-blocking cell's spectrum (separator from a reference measurement)";
    public string Usage => """
        researchkit eis conductivity FILE --thickness-um L --area-cm2 A [--separator-ohm R] [--json]
          FILE             any impedance file the kit reads (at least 10 points, monotonic frequencies)
          --separator-ohm  resistance of the stack without the composite (reference measurement); default: separator_ohm of FILE's sidecar
          --json           {"r_ion_ohm", "r_ion_std_ohm", "sigma_ion_s_per_cm", "separator_ohm", "separator_source", "model", "converged",
                            "exit_reason", "max_relative_residual"}
        Model R0-p(R1,CPE1)-TLEB2: separators (R0, held fixed), Li|SSE interfaces, electron-blocking two-rail line.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        double l = ConductivityArgs.Positive(args, "thickness-um"), a = ConductivityArgs.Positive(args, "area-cm2");
        double? sep = args.Double("separator-ohm");
        string source = "option";
        if (sep is null)
        {
            var p = ImpedanceFiles.ReadProvenance(file);
            if (p?.Parameters is null || !p.Parameters.TryGetValue("separator_ohm", out var sv))
                throw new InvalidInputException("no --separator-ohm given and no separator_ohm in the file's sidecar", file, field: "separator-ohm");
            sep = sv; source = "sidecar";
        }
        var r = ConductivityCells.IonicConductivity(ImpedanceFiles.Read(file), l, a, sep.Value, source);
        if (args.Flag("json"))
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["r_ion_ohm"] = r.RIonOhm, ["r_ion_std_ohm"] = r.RIonStdOhm, ["sigma_ion_s_per_cm"] = r.SigmaIonSPerCm, ["separator_ohm"] = r.SeparatorOhm,
                ["separator_source"] = r.SeparatorSource, ["model"] = r.Model, ["converged"] = r.Converged, ["exit_reason"] = r.Fit.ExitReason.ToString(),
                ["max_relative_residual"] = r.Fit.MaxRelativeResidual,
            });
        else context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: R_ion = {r.RIonOhm:G5} ohm, sigma_ion = {r.SigmaIonSPerCm:G4} S/cm (separator {r.SeparatorOhm} ohm from {r.SeparatorSource}; converged {r.Converged})"));
        return 0;
    }
}
