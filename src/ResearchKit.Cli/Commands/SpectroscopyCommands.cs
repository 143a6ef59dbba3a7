using System.Globalization;
using ResearchKit.Spectroscopy;
using ResearchKit.Spectroscopy.Sims;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Cli.Commands;

static class XpsArgs
{
    public const string Conventions = """
        Conventions: intensities are the file's values as recorded (counts, or counts per second where the file says so);
        no division by a transmission function unless --transmission is given. Binding energy = photon energy - kinetic
        energy; a work function is subtracted only when --work-function is given. --block numbers blocks from 0 (VAMAS file
        order; a text export has block 0 only). Range HI:LO in binding energy (eV).
        """;

    public static XpsRegionRequest Region(CommandArgs a) => new()
    {
        Block = a.Int("block") ?? 0,
        Transmission = a.Flag("transmission"),
        WorkFunctionEv = a.Double("work-function"),
        PhotonEnergyEv = a.Double("photon-energy"),
    };
}

/// <summary>`researchkit xps background FILE --method shirley|tougaard --range HI:LO`.</summary>
public sealed class XpsBackgroundCommand : ICommand
{
    public string Name => "xps background";
    public string Summary => "Shirley, Tougaard or linear background of an XPS region (VAMAS or text export)";
    public string Usage => """
        researchkit xps background FILE [--block N] --method shirley|tougaard|tougaard3|linear --range HI:LO [--end-points N]
                                   [--transmission] [--work-function EV] [--photon-energy EV] [--json]
          FILE            VAMAS (.vms, ISO 14976) or a text export (energy, intensity columns)
          --method        shirley: iterative (Proctor-Sherwood), converged when max change <= 1e-6 of the step height;
                          tougaard: universal cross-section B T/(C+T^2)^2, C = 1643 eV^2, B fitted to meet the data at the
                          high-BE end; tougaard3: B T/((C-T^2)^2 + D T^2), C = 551, D = 436 eV^2; linear
          --end-points N  channels averaged at each end (default 5)
          --json          binding_energy_ev [..], background [..], net_area, iterations, converged, warning (null or text),
                          b_ev2 (Tougaard B; null otherwise), low_end_intensity, high_end_intensity, end_points, method, points
        converged is false, with a warning, where an end point sits on a slope (the step, hence the background, then
        depends on where the range ends) or the iteration does not settle. Arrays ascend in binding energy.
        """ + "\n" + XpsArgs.Conventions;
    public IReadOnlyCollection<string> Switches => ["json", "transmission"];

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        var region = XpsArgs.Region(args);
        var r = XpsAnalysis.Background(file, region, args.RequiredOption("method"), args.RequiredOption("range"), args.Int("end-points") ?? 5);
        if (args.Flag("json"))
        {
            Json.Write(context.Out, new Dictionary<string, object?>
            {
                ["binding_energy_ev"] = r.BindingEnergyEv,
                ["background"] = r.Background,
                ["net_area"] = r.NetArea,
                ["iterations"] = r.Iterations,
                ["converged"] = r.Converged,
                ["warning"] = r.Warning,
                ["b_ev2"] = double.IsFinite(r.BEv2) ? r.BEv2 : null,
                ["low_end_intensity"] = r.LowEndIntensity,
                ["high_end_intensity"] = r.HighEndIntensity,
                ["end_points"] = r.EndPoints,
                ["method"] = r.Method.ToString().ToLowerInvariant(),
                ["points"] = r.BindingEnergyEv.Length,
            });
            return 0;
        }
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{r.Method} background over {r.BindingEnergyEv[^1]:0.##}-{r.BindingEnergyEv[0]:0.##} eV ({r.BindingEnergyEv.Length} points): net area {r.NetArea:G6}, {r.Iterations} iteration(s), converged {r.Converged}");
        if (double.IsFinite(r.BEv2)) line += string.Create(CultureInfo.InvariantCulture, $", B = {r.BEv2:G5} eV^2");
        context.Out.WriteLine(line);
        if (r.Warning is not null) context.Out.WriteLine("warning: " + r.Warning);
        return 0;
    }
}

/// <summary>`researchkit xps fit FILE --doublets "S2p:161.6,S2p:163.0" --background shirley`.</summary>
public sealed class XpsFitCommand : ICommand
{
    public string Name => "xps fit";
    public string Summary => "fit spin-orbit doublets (or a model file with constraints) to an XPS region";
    public string Usage => """
        researchkit xps fit FILE (--doublets "S2p:161.6,S2p:163.0" | --model MODELFILE) [--background shirley|shirley-fit|tougaard|tougaard3|linear]
                            [--block N] [--range HI:LO] [--end-points N] [--transmission] [--work-function EV] [--json]
          --doublets   LEVEL:CENTER list; splitting and area ratio from the kit's spin-orbit table (S2p 1.18 eV 2:1,
                       P2p 0.87 eV 2:1, ...); components are named LEVEL_1, LEVEL_2 ...; GL(30) lines, widths of one
                       level equal, centres within +-1.5 eV of the start, FWHM 0.1-5 eV, areas >= 0
          --model      the full grammar: background, range, end-points, shape, doublet NAME LEVEL center=..., singlet,
                       bound NAME.PARAM LO:HI, fix NAME.PARAM V, tie A.PARAM = B.PARAM [+|-|* V], equal fwhm A B ...
          --background shirley (default; iterative, subtracted), shirley-fit (offset and step fitted with the peaks), tougaard, linear
          --json       components [{name, level, center_ev, center_error_ev, fwhm_ev, fwhm_error_ev, area, area_error,
                       area_share, area_share_error, shape}], chi2, reduced_chi2, rms_residual, relative_rms_residual,
                       iterations, converged, warning, background, points
        chi2 = sum (y - model)^2 / max(y, 1) (Poisson weights on the recorded counts). area is a doublet's total area
        (both lines) in intensity x eV; area_share = area / sum of areas.
        """ + "\n" + XpsArgs.Conventions;
    public IReadOnlyCollection<string> Switches => ["json", "transmission"];

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        var region = XpsArgs.Region(args);
        var fit = XpsAnalysis.Fit(file, region, args.Option("doublets"), args.Option("background"), args.Option("model"), args.Option("range"), args.Int("end-points"));
        context.Progress($"xps fit: {fit.BindingEnergyEv.Length} points, {fit.Components.Count} components, {fit.Iterations} iterations");
        if (args.Flag("json"))
        {
            Json.Write(context.Out, new Dictionary<string, object?>
            {
                ["components"] = fit.Components.Select(c => new Dictionary<string, object?>
                {
                    ["name"] = c.Name, ["level"] = c.Level,
                    ["center_ev"] = c.CenterEv, ["center_error_ev"] = c.CenterErrorEv,
                    ["fwhm_ev"] = c.FwhmEv, ["fwhm_error_ev"] = c.FwhmErrorEv,
                    ["area"] = c.Area, ["area_error"] = c.AreaError,
                    ["area_share"] = c.AreaShare, ["area_share_error"] = c.AreaShareError,
                    ["shape"] = c.Shape,
                }).ToList(),
                ["chi2"] = fit.ChiSquare,
                ["reduced_chi2"] = fit.ReducedChiSquare,
                ["rms_residual"] = fit.RmsResidual,
                ["relative_rms_residual"] = fit.RelativeRmsResidual,
                ["iterations"] = fit.Iterations,
                ["converged"] = fit.Converged,
                ["warning"] = fit.Warning,
                ["background"] = fit.Background.ToString().ToLowerInvariant(),
                ["points"] = fit.BindingEnergyEv.Length,
            });
            return 0;
        }
        foreach (var c in fit.Components)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Name,-10} center {c.CenterEv:F3} ± {c.CenterErrorEv:F3} eV  fwhm {c.FwhmEv:F3} eV  area {c.Area:G6}  share {100 * c.AreaShare:F1} ± {100 * c.AreaShareError:F1} %"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"chi2 {fit.ChiSquare:G6} (reduced {fit.ReducedChiSquare:G4}), converged {fit.Converged}"));
        if (fit.Warning is not null) context.Out.WriteLine("warning: " + fit.Warning);
        return 0;
    }
}

/// <summary>`researchkit xps synthesize DIR`: the synthetic S 2p / P 2p set for the five cathodes.</summary>
public sealed class XpsSynthesizeCommand : ICommand
{
    public string Name => "xps synthesize";
    public string Summary => "write the synthetic S 2p / P 2p VAMAS set (five cathodes, before/after cycling) with JSON sidecars";
    public string Usage => """
        researchkit xps synthesize DIR [--seed N]
          Forward model (XpsSynthesis): GL(30) doublets on a Shirley background, Poisson noise; component shares are inputs
          shaped after the paper's statements (InterphaseShares), not predictions. Default seed 2026.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var dir = args.Positional(0, "DIR");
        var files = XpsSynthesis.WriteSet(dir, (ulong)(args.Int("seed") ?? 2026));
        context.Out.WriteLine($"wrote {files.Count} VAMAS files (+ sidecars) to {dir}");
        return 0;
    }
}

/// <summary>`researchkit sims masses "PS-,PO2-"`: exact ion masses.</summary>
public sealed class SimsMassesCommand : ICommand
{
    public string Name => "sims masses";
    public string Summary => "exact m/z and neutral mass of ions from isotope masses (AME2020)";
    public string Usage => """
        researchkit sims masses "PS-,PO2-,S2-,SO2-" [--json]
          Formulas: element symbols with counts, [34S] for an isotope, trailing + or - signs (or ^2-) for the charge.
          --json   an object keyed by species: {mz, neutral_mass_u, charge}
        neutral_mass_u is the sum of atomic masses (what the paper quotes: PS- 62.9458, PO2- 62.9636, S2- 63.9441,
        SO2- 63.9619); mz = (neutral - z m_e)/|z|, so a singly charged anion is 0.000549 u heavier.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var ions = IonFormula.ParseList(args.Positional(0, "SPECIES"));
        if (args.Flag("json"))
        {
            Json.Write(context.Out, ions.ToDictionary(i => i.Formula, i => (object)new Dictionary<string, object>
            {
                ["mz"] = i.Mz, ["neutral_mass_u"] = i.NeutralMassU, ["charge"] = i.Charge,
            }));
            return 0;
        }
        foreach (var i in ions)
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{i.Formula,-8} m/z {i.Mz:F5}  neutral {i.NeutralMassU:F5} u  charge {i.Charge}"));
        return 0;
    }
}

/// <summary>`researchkit sims fit FILE --pairs "PS-,PO2-"`: two-peak fit in a window.</summary>
public sealed class SimsFitCommand : ICommand
{
    public string Name => "sims fit";
    public string Summary => "two-peak fit of a ToF-SIMS pair (e.g. PS-/PO2-) at a common resolving power";
    public string Usage => """
        researchkit sims fit FILE --pairs "PS-,PO2-" [--json]
          FILE     text export: m/z and counts columns; '# total_ion_count: N' in the header normalises the areas
          --pairs  two species; the paper's windows are used for PS-,PO2- (m/z 62.93-62.98) and S2-,SO2- (63.93-63.98),
                   otherwise the mean m/z +- max(0.025, separation)
          --json   species: {NAME: {center_mz, exact_mz, area, area_error, fwhm_mz, normalized_intensity}}, area_ratio
                   (first/second), area_ratio_error, resolving_power, chi2, converged
        Gaussian peaks with FWHM = m/R (R common), constant baseline, Poisson weights; areas are counts summed over the peak.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        var pair = args.RequiredOption("pairs");
        var fit = SimsFitter.FitPair(SimsTextReader.Read(file), pair);
        if (args.Flag("json"))
        {
            object P(SimsPeakResult p) => new Dictionary<string, object?>
            {
                ["center_mz"] = p.CenterMz, ["exact_mz"] = p.ExactMz, ["area"] = p.Area, ["area_error"] = p.AreaError,
                ["fwhm_mz"] = p.FwhmMz, ["normalized_intensity"] = double.IsFinite(p.NormalizedIntensity) ? p.NormalizedIntensity : null,
            };
            Json.Write(context.Out, new Dictionary<string, object?>
            {
                ["species"] = new Dictionary<string, object> { [fit.First.Species] = P(fit.First), [fit.Second.Species] = P(fit.Second) },
                ["area_ratio"] = double.IsFinite(fit.AreaRatio) ? fit.AreaRatio : null,
                ["area_ratio_error"] = double.IsFinite(fit.AreaRatioError) ? fit.AreaRatioError : null,
                ["resolving_power"] = fit.ResolvingPower,
                ["window_mz"] = new[] { fit.WindowLowMz, fit.WindowHighMz },
                ["chi2"] = fit.ChiSquare,
                ["converged"] = fit.Converged,
            });
            return 0;
        }
        foreach (var p in new[] { fit.First, fit.Second })
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{p.Species,-6} center {p.CenterMz:F5}  area {p.Area:G6} ± {p.AreaError:G3}  per TIC {p.NormalizedIntensity:G4}"));
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"area ratio {fit.AreaRatio:G5} ± {fit.AreaRatioError:G3}, R = {fit.ResolvingPower:F0}"));
        return 0;
    }
}

/// <summary>`researchkit sims synthesize DIR`: the synthetic ToF-SIMS windows for the five cathodes.</summary>
public sealed class SimsSynthesizeCommand : ICommand
{
    public string Name => "sims synthesize";
    public string Summary => "write the synthetic ToF-SIMS windows (five cathodes, before/after) with JSON sidecars";
    public string Usage => """
        researchkit sims synthesize DIR [--seed N]
          Forward model (SimsSynthesis): Gaussian peaks at exact anion m/z, R = 7000, Poisson counts; intensities are
          inputs derived from InterphaseShares, not predictions. Default seed 3026.
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var dir = args.Positional(0, "DIR");
        var files = SimsSynthesis.WriteSet(dir, (ulong)(args.Int("seed") ?? 3026));
        context.Out.WriteLine($"wrote {files.Count} spectra (+ sidecars) to {dir}");
        return 0;
    }
}
