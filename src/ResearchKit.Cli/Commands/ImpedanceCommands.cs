using System.CommandLine;
using System.Globalization;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.IO;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit eis fit FILE --circuit "..."`: complex nonlinear least-squares fit of an equivalent circuit.</summary>
public sealed class EisFitCommand : CliCommand
{
    public override string Name => "eis fit";
    public override string Summary => "fit an equivalent circuit (impedance.py string grammar) to an impedance file";
    public override string? Notes => """
        JSON: {"parameters": {name: value}, "standard_errors": {...}, "chi_square", "correlations": {name: {name: r}},
        "reduced_chi_square", "max_relative_residual", "points", "weighting", "circuit", "converged", "exit_reason"}
        Parameter names follow impedance.py: R0, CPE1_0 (Q), CPE1_1 (alpha), Wo1_0 (Z0, ohm), Wo1_1 (tau, s).
        chi_square is the weighted sum of squared residuals (modulus weighting: of relative residuals).
        """;

    readonly Argument<string> _file = Arg("FILE", "BioLogic .mpt, Gamry .DTA, ZPlot .z, Autolab, CHI, Parstat or CSV (format detected)");
    readonly Option<string> _circuit = Required("--circuit", "circuit, e.g. \"R0-p(R1,CPE1)-Wo1\": elements R C L CPE W Wo Ws G TLM TLMB TLEB TLIB; '-' series, p(a,b) parallel");
    readonly Option<string?> _initial = Text("--initial", "starting values by parameter name, e.g. \"R0=10,R1=30\" (others are guessed from the spectrum)");
    readonly Option<string?> _fixed = Text("--fixed", "parameters held constant, e.g. \"R0=10\"");
    readonly Option<string> _weighting = Choice("--weighting", "modulus (1/|Z|), proportional (1/|Z'|, 1/|Z''|) or unit", "modulus", "modulus", "proportional", "unit");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var file = args.GetValue(_file)!;
        var initial = args.GetValue(_initial);
        var fixedText = args.GetValue(_fixed);
        var weighting = args.GetValue(_weighting) switch
        {
            "proportional" => FitWeighting.Proportional,
            "unit" => FitWeighting.Unit,
            _ => FitWeighting.Modulus,
        };
        var spectrum = ImpedanceFiles.Read(file);
        var circuit = Circuit.Parse(args.GetValue(_circuit)!);
        context.Progress($"eis fit: {spectrum.Count} points from {file}, circuit {circuit.Text} ({circuit.ParameterCount} parameters)");
        var fit = CircuitFitter.Fit(spectrum, circuit, new CircuitFitOptions
        {
            Weighting = weighting,
            Initial = initial is null ? null : CircuitParameterText.Parse(initial, "initial"),
            Fixed = fixedText is null ? null : CircuitParameterText.Parse(fixedText, "fixed"),
        });
        var json = new EisFitJson(fit.ParameterMap, fit.StandardErrorMap, fit.ChiSquare,
            fit.ParameterNames.Select((a, i) => (a, i)).ToDictionary(x => x.a,
                x => fit.ParameterNames.Select((b, j) => (b, j)).ToDictionary(y => y.b, y => fit.Correlation[x.i, y.j])),
            fit.ReducedChiSquare, fit.MaxRelativeResidual, spectrum.Count, weighting.ToString().ToLowerInvariant(), circuit.Text, fit.Converged, fit.ExitReason.ToString());
        return Write(context, args, json, () =>
        {
            context.Out.WriteLine($"circuit {circuit.Text} fitted to {spectrum.Count} points of {file} ({weighting} weighting)");
            for (int i = 0; i < fit.Parameters.Length; i++)
            {
                double v = fit.Parameters[i], se = fit.StandardErrors[i];
                string rel = v != 0 && double.IsFinite(se) ? $" ({100 * se / Math.Abs(v):F2} %)" : "";
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {fit.ParameterNames[i],-10} = {v,14:G6} ± {se:G3}{rel} [{circuit.ParameterUnits[i]}]"));
            }
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"chi_square = {fit.ChiSquare:G6}, reduced = {fit.ReducedChiSquare:G4}, max relative residual = {fit.MaxRelativeResidual:P2}"));
        });
    }

    sealed record EisFitJson(object Parameters, object StandardErrors, double ChiSquare, Dictionary<string, Dictionary<string, double>> Correlations,
        double ReducedChiSquare, double MaxRelativeResidual, int Points, string Weighting, string Circuit, bool Converged, string ExitReason);
}

/// <summary>`researchkit kk FILE`: Lin-KK validity test.</summary>
public sealed class KkCommand : CliCommand
{
    public override string Name => "kk";
    public override string Summary => "Lin-KK (Schoenleber 2014) validity test of an impedance file";
    public override string? Notes => """
        JSON: {"max_residual", "valid", "elements", "mu", "threshold", "noise_aware", "noise_estimate", "rms_residual",
        "effective_threshold", "frequency_hz", "residual_real", "residual_imag"}; residuals and thresholds are relative to |Z|.
        --noise-aware: the verdict allows for the noise estimated from the residuals' point-to-point differences (the threshold
        becomes clamp(4 noise, threshold, 3 threshold)) and fails residuals dominated by smooth structure (drift).
        """;

    readonly Argument<string> _file = Arg("FILE", "any impedance file the kit reads");
    readonly Option<int?> _elements = Integer("--elements", "fixed number of RC elements (default: automatic by the mu criterion)");
    readonly Option<double> _c = Number("--c", "mu threshold", 0.85);
    readonly Option<double> _threshold = Number("--threshold", "pass if every |residual| (relative to |Z|) is at most this (0.01 = 1 %)", 0.01);
    readonly Option<string> _fit = Choice("--fit", "real or complex Lin-KK fit", "real", "real", "complex");
    readonly Option<bool> _noiseAware = Flag("--noise-aware", "judge the residuals against the spectrum's own noise level (a causal noisy spectrum passes, a drift still fails)");

    protected override int Run(ParseResult args, CommandContext context)
    {
        var file = args.GetValue(_file)!;
        var fitType = args.GetValue(_fit) == "complex" ? LinKKFitType.Complex : LinKKFitType.Real;
        var s = ImpedanceFiles.Read(file);
        var r = LinKK.Test(s, new LinKKOptions { Elements = args.GetValue(_elements), MuThreshold = args.GetValue(_c), ResidualThreshold = args.GetValue(_threshold), FitType = fitType, NoiseAware = args.GetValue(_noiseAware) });
        return Write(context, args, new KkJson(r.MaxResidual, r.Valid, r.Elements, r.Mu, r.ResidualThreshold, args.GetValue(_noiseAware),
                r.NoiseEstimate, r.RmsResidual, r.EffectiveThreshold, r.FrequencyHz, r.ResidualReal, r.ResidualImag),
            () => context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file}: {(r.Valid ? "valid" : "NOT valid")} (max residual {r.MaxResidual:P2}, threshold {r.EffectiveThreshold:P1}{(args.GetValue(_noiseAware) ? $", noise-aware, noise {r.NoiseEstimate:P2}" : "")}), {r.Elements} RC elements, mu = {r.Mu:F3}")));
    }

    sealed record KkJson(double MaxResidual, bool Valid, int Elements, double Mu, double Threshold, bool NoiseAware, double NoiseEstimate,
        double RmsResidual, double EffectiveThreshold, object FrequencyHz, object ResidualReal, object ResidualImag);
}
