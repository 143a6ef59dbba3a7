using System.CommandLine;
using System.Globalization;
using ResearchKit.Spectroscopy;
using ResearchKit.Spectroscopy.Sims;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Cli.Commands;

/// <summary>Options shared by the XPS region commands (block, transmission, work function, photon energy) and their conventions.</summary>
public abstract class XpsRegionCommand : CliCommand
{
    /// <summary>Help text on intensities, binding energy, block numbering and ranges.</summary>
    public const string Conventions = """
        Conventions: intensities are the file's values as recorded (counts, or counts per second where the file says so);
        no division by a transmission function unless --transmission is given. Binding energy = photon energy - kinetic
        energy; a work function is subtracted only when --work-function is given. --block numbers blocks from 0 (VAMAS file
        order; a text export has block 0 only). Range HI:LO in binding energy (eV).
        """;

    /// <summary>The region file (VAMAS or a text export).</summary>
    protected readonly Argument<string> FileArgument = Arg("FILE", "VAMAS (.vms, ISO 14976) or a text export (energy, intensity columns)");
    readonly Option<int> _block = Integer("--block", "block number, from 0 in VAMAS file order", 0);
    readonly Option<bool> _transmission = Flag("--transmission", "divide the intensities by the file's transmission function");
    readonly Option<double?> _workFunction = Number("--work-function", "work function (eV) subtracted from the binding energy");
    readonly Option<double?> _photonEnergy = Number("--photon-energy", "photon energy (eV), overriding the file's");

    /// <summary>The region request built from the shared options.</summary>
    protected XpsRegionRequest Region(ParseResult args) => new()
    {
        Block = args.GetValue(_block),
        Transmission = args.GetValue(_transmission),
        WorkFunctionEv = args.GetValue(_workFunction),
        PhotonEnergyEv = args.GetValue(_photonEnergy),
    };
}

/// <summary>`researchkit xps background FILE --method shirley|tougaard --range HI:LO`.</summary>
public sealed class XpsBackgroundCommand : XpsRegionCommand
{
    public override string Name => "xps background";
    public override string Summary => "Shirley, Tougaard or linear background of an XPS region (VAMAS or text export)";
    public override string? Notes => """
        Methods: shirley: iterative (Proctor-Sherwood), converged when max change <= 1e-6 of the step height;
        tougaard: universal cross-section B T/(C+T^2)^2, C = 1643 eV^2, B fitted to meet the data at the high-BE end;
        tougaard3: B T/((C-T^2)^2 + D T^2), C = 551, D = 436 eV^2; linear.
        JSON: binding_energy_ev [..], background [..], net_area, iterations, converged, warning (null or text),
        b_ev2 (Tougaard B; null otherwise), low_end_intensity, high_end_intensity, end_points, method, points
        converged is false, with a warning, where an end point sits on a slope (the step, hence the background, then
        depends on where the range ends) or the iteration does not settle. Arrays ascend in binding energy.
        """ + "\n" + Conventions;

    readonly Option<string> _method = Required("--method", "shirley, tougaard, tougaard3 or linear");
    readonly Option<string> _range = Required("--range", "HI:LO in binding energy (eV)");
    readonly Option<int> _endPoints = Integer("--end-points", "channels averaged at each end", 5);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var r = XpsAnalysis.Background(args.GetValue(FileArgument)!, Region(args), args.GetValue(_method)!, args.GetValue(_range)!, args.GetValue(_endPoints));
        var json = new XpsBackgroundJson(r.BindingEnergyEv, r.Background, r.NetArea, r.Iterations, r.Converged, r.Warning,
            double.IsFinite(r.BEv2) ? r.BEv2 : null, r.LowEndIntensity, r.HighEndIntensity, r.EndPoints,
            r.Method.ToString().ToLowerInvariant(), r.BindingEnergyEv.Length);
        return Write(context, args, json, () =>
        {
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{r.Method} background over {r.BindingEnergyEv[^1]:0.##}-{r.BindingEnergyEv[0]:0.##} eV ({r.BindingEnergyEv.Length} points): net area {r.NetArea:G6}, {r.Iterations} iteration(s), converged {r.Converged}");
            if (double.IsFinite(r.BEv2)) line += string.Create(CultureInfo.InvariantCulture, $", B = {r.BEv2:G5} eV^2");
            context.Out.WriteLine(line);
            if (r.Warning is not null) context.Out.WriteLine("warning: " + r.Warning);
        });
    }

    sealed record XpsBackgroundJson(double[] BindingEnergyEv, double[] Background, double NetArea, int Iterations, bool Converged,
        string? Warning, double? BEv2, double LowEndIntensity, double HighEndIntensity, int EndPoints, string Method, int Points);
}

/// <summary>`researchkit xps fit FILE --doublets "S2p:161.6,S2p:163.0" --background shirley`.</summary>
public sealed class XpsFitCommand : XpsRegionCommand
{
    public override string Name => "xps fit";
    public override string Summary => "fit spin-orbit doublets (or a model file with constraints) to an XPS region";
    public override string? Notes => """
        Give --doublets "S2p:161.6,S2p:163.0" or --model MODELFILE.
        --doublets: splitting and area ratio from the kit's spin-orbit table (S2p 1.18 eV 2:1, P2p 0.87 eV 2:1, ...);
        components are named LEVEL_1, LEVEL_2 ...; GL(30) lines, widths of one level equal, centres within +-1.5 eV of
        the start, FWHM 0.1-5 eV, areas >= 0.
        --model: the full grammar: background, range, end-points, shape, doublet NAME LEVEL center=..., singlet,
        bound NAME.PARAM LO:HI, fix NAME.PARAM V, tie A.PARAM = B.PARAM [+|-|* V], equal fwhm A B ...
        JSON: components [{name, level, center_ev, center_error_ev, fwhm_ev, fwhm_error_ev, area, area_error,
        area_share, area_share_error, shape}], chi2, reduced_chi2, rms_residual, relative_rms_residual,
        iterations, converged, warning, background, points
        chi2 = sum (y - model)^2 / max(y, 1) (Poisson weights on the recorded counts). area is a doublet's total area
        (both lines) in intensity x eV; area_share = area / sum of areas.
        """ + "\n" + Conventions;

    readonly Option<string?> _doublets = Text("--doublets", "LEVEL:CENTER list, e.g. \"S2p:161.6,S2p:163.0\"");
    readonly Option<string?> _model = Text("--model", "model file (background, doublets, singlets, bounds, fixes, ties)");
    readonly Option<string?> _background = Text("--background", "shirley (default; iterative, subtracted), shirley-fit (offset and step fitted with the peaks), tougaard, tougaard3 or linear");
    readonly Option<string?> _range = Text("--range", "HI:LO in binding energy (eV)");
    readonly Option<int?> _endPoints = Integer("--end-points", "channels averaged at each end of the background");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var fit = XpsAnalysis.Fit(args.GetValue(FileArgument)!, Region(args), args.GetValue(_doublets), args.GetValue(_background), args.GetValue(_model),
            args.GetValue(_range), args.GetValue(_endPoints));
        context.Progress($"xps fit: {fit.BindingEnergyEv.Length} points, {fit.Components.Count} components, {fit.Iterations} iterations");
        var json = new XpsFitJson(
            fit.Components.Select(c => new XpsComponentJson(c.Name, c.Level, c.CenterEv, c.CenterErrorEv, c.FwhmEv, c.FwhmErrorEv,
                c.Area, c.AreaError, c.AreaShare, c.AreaShareError, c.Shape)).ToList(),
            fit.ChiSquare, fit.ReducedChiSquare, fit.RmsResidual, fit.RelativeRmsResidual, fit.Iterations, fit.Converged, fit.Warning,
            fit.Background.ToString().ToLowerInvariant(), fit.BindingEnergyEv.Length);
        return Write(context, args, json, () =>
        {
            foreach (var c in fit.Components)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Name,-10} center {c.CenterEv:F3} ± {c.CenterErrorEv:F3} eV  fwhm {c.FwhmEv:F3} eV  area {c.Area:G6}  share {100 * c.AreaShare:F1} ± {100 * c.AreaShareError:F1} %"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chi2 {fit.ChiSquare:G6} (reduced {fit.ReducedChiSquare:G4}), converged {fit.Converged}"));
            if (fit.Warning is not null) context.Out.WriteLine("warning: " + fit.Warning);
        });
    }

    sealed record XpsComponentJson(string Name, string? Level, double CenterEv, double CenterErrorEv, double FwhmEv, double FwhmErrorEv,
        double Area, double AreaError, double AreaShare, double AreaShareError, string Shape);

    sealed record XpsFitJson(List<XpsComponentJson> Components, double Chi2, double ReducedChi2, double RmsResidual, double RelativeRmsResidual,
        int Iterations, bool Converged, string? Warning, string Background, int Points);
}

/// <summary>`researchkit xps synthesize DIR`: the synthetic S 2p / P 2p set for the five cathodes.</summary>
public sealed class XpsSynthesizeCommand : CliCommand
{
    public override string Name => "xps synthesize";
    public override string Summary => "write the synthetic S 2p / P 2p VAMAS set (five cathodes, before/after cycling) with JSON sidecars";
    public override string? Notes => """
        Forward model (XpsSynthesis): GL(30) doublets on a Shirley background, Poisson noise; component shares are inputs
        shaped after the paper's statements (InterphaseShares), not predictions.
        """;

    readonly Argument<string> _dir = Arg("DIR", "output folder");
    readonly Option<int> _seed = Integer("--seed", "noise seed", 2026);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var dir = args.GetValue(_dir)!;
        var files = XpsSynthesis.WriteSet(dir, (ulong)args.GetValue(_seed));
        context.Out.WriteLine($"wrote {files.Count} VAMAS files (+ sidecars) to {dir}");
        return 0;
    }
}

/// <summary>`researchkit sims masses "PS-,PO2-"`: exact ion masses.</summary>
public sealed class SimsMassesCommand : CliCommand
{
    public override string Name => "sims masses";
    public override string Summary => "exact m/z and neutral mass of ions from isotope masses (AME2020)";
    public override string? Notes => """
        Formulas: element symbols with counts, [34S] for an isotope, trailing + or - signs (or ^2-) for the charge.
        JSON: an object keyed by species: {mz, neutral_mass_u, charge}
        neutral_mass_u is the sum of atomic masses (what the paper quotes: PS- 62.9458, PO2- 62.9636, S2- 63.9441,
        SO2- 63.9619); mz = (neutral - z m_e)/|z|, so a singly charged anion is 0.000549 u heavier.
        """;

    readonly Argument<string> _species = Arg("SPECIES", "comma-separated ion formulas, e.g. \"PS-,PO2-,S2-,SO2-\"");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var ions = IonFormula.ParseList(args.GetValue(_species)!);
        var json = ions.ToDictionary(i => i.Formula, i => new SimsMassJson(i.Mz, i.NeutralMassU, i.Charge));
        return Write(context, args, json, () =>
        {
            foreach (var i in ions)
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i.Formula,-8} m/z {i.Mz:F5}  neutral {i.NeutralMassU:F5} u  charge {i.Charge}"));
        });
    }

    sealed record SimsMassJson(double Mz, double NeutralMassU, int Charge);
}

/// <summary>`researchkit sims fit FILE --pairs "PS-,PO2-"`: two-peak fit in a window.</summary>
public sealed class SimsFitCommand : CliCommand
{
    public override string Name => "sims fit";
    public override string Summary => "two-peak fit of a ToF-SIMS pair (e.g. PS-/PO2-) at a common resolving power";
    public override string? Notes => """
        The paper's windows are used for PS-,PO2- (m/z 62.93-62.98) and S2-,SO2- (63.93-63.98), otherwise the mean
        m/z +- max(0.025, separation).
        JSON: species: {NAME: {center_mz, exact_mz, area, area_error, fwhm_mz, normalized_intensity}}, area_ratio
        (first/second), area_ratio_error, resolving_power, window_mz [lo, hi], chi2, converged
        Gaussian peaks with FWHM = m/R (R common), constant baseline, Poisson weights; areas are counts summed over the peak.
        """;

    readonly Argument<string> _file = Arg("FILE", "text export: m/z and counts columns; '# total_ion_count: N' in the header normalises the areas");
    readonly Option<string> _pairs = Required("--pairs", "two species, e.g. \"PS-,PO2-\"");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var fit = SimsFitter.FitPair(SimsTextReader.Read(args.GetValue(_file)!), args.GetValue(_pairs)!);
        static SimsPeakJson P(SimsPeakResult p) => new(p.CenterMz, p.ExactMz, p.Area, p.AreaError, p.FwhmMz,
            double.IsFinite(p.NormalizedIntensity) ? p.NormalizedIntensity : null);
        var json = new SimsFitJson(
            new Dictionary<string, SimsPeakJson> { [fit.First.Species] = P(fit.First), [fit.Second.Species] = P(fit.Second) },
            double.IsFinite(fit.AreaRatio) ? fit.AreaRatio : null, double.IsFinite(fit.AreaRatioError) ? fit.AreaRatioError : null,
            fit.ResolvingPower, [fit.WindowLowMz, fit.WindowHighMz], fit.ChiSquare, fit.Converged);
        return Write(context, args, json, () =>
        {
            foreach (var p in new[] { fit.First, fit.Second })
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Species,-6} center {p.CenterMz:F5}  area {p.Area:G6} ± {p.AreaError:G3}  per TIC {p.NormalizedIntensity:G4}"));
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"area ratio {fit.AreaRatio:G5} ± {fit.AreaRatioError:G3}, R = {fit.ResolvingPower:F0}"));
        });
    }

    sealed record SimsPeakJson(double CenterMz, double ExactMz, double Area, double AreaError, double FwhmMz, double? NormalizedIntensity);

    sealed record SimsFitJson(Dictionary<string, SimsPeakJson> Species, double? AreaRatio, double? AreaRatioError, double ResolvingPower,
        double[] WindowMz, double Chi2, bool Converged);
}

/// <summary>`researchkit sims synthesize DIR`: the synthetic ToF-SIMS windows for the five cathodes.</summary>
public sealed class SimsSynthesizeCommand : CliCommand
{
    public override string Name => "sims synthesize";
    public override string Summary => "write the synthetic ToF-SIMS windows (five cathodes, before/after) with JSON sidecars";
    public override string? Notes => """
        Forward model (SimsSynthesis): Gaussian peaks at exact anion m/z, R = 7000, Poisson counts; intensities are
        inputs derived from InterphaseShares, not predictions.
        """;

    readonly Argument<string> _dir = Arg("DIR", "output folder");
    readonly Option<int> _seed = Integer("--seed", "noise seed", 3026);

    protected override int Run(ParseResult args, CommandContext context)
    {
        var dir = args.GetValue(_dir)!;
        var files = SimsSynthesis.WriteSet(dir, (ulong)args.GetValue(_seed));
        context.Out.WriteLine($"wrote {files.Count} spectra (+ sidecars) to {dir}");
        return 0;
    }
}
