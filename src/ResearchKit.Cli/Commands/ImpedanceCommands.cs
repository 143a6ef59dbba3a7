using System.Globalization;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.IO;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit eis fit FILE --circuit "..."`: complex nonlinear least-squares fit of an equivalent circuit.</summary>
public sealed class EisFitCommand : ICommand
{
    public string Name => "eis fit";
    public string Summary => "fit an equivalent circuit (impedance.py string grammar) to an impedance file";
    public string Usage => """
        researchkit eis fit FILE --circuit "R0-p(R1,CPE1)-Wo1" [--initial "R0=10,R1=30"] [--fixed "R0=10"]
                            [--weighting modulus|proportional|unit] [--json]
          FILE          BioLogic .mpt, Gamry .DTA, ZPlot .z, Autolab, CHI, Parstat or CSV (format detected)
          --circuit     elements R C L CPE W Wo Ws G TLM TLMB; '-' series, p(a,b) parallel
          --initial     starting values by parameter name (others are guessed from the spectrum)
          --fixed       parameters held constant
          --weighting   modulus (default, 1/|Z|), proportional (1/|Z'|, 1/|Z''|) or unit
          --json        {"parameters": {name: value}, "standard_errors": {...}, "chi_square", "correlations": {name: {name: r}}, "reduced_chi_square",
                         "max_relative_residual", "points", "weighting", "circuit", "converged", "exit_reason"}
        Parameter names follow impedance.py: R0, CPE1_0 (Q), CPE1_1 (alpha), Wo1_0 (Z0, ohm), Wo1_1 (tau, s).
        chi_square is the weighted sum of squared residuals (modulus weighting: of relative residuals).
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        var circuitText = args.RequiredOption("circuit");
        var initial = args.Option("initial");
        var fixedText = args.Option("fixed");
        var weighting = (args.Option("weighting") ?? "modulus").ToLowerInvariant() switch
        {
            "modulus" => FitWeighting.Modulus,
            "proportional" => FitWeighting.Proportional,
            "unit" => FitWeighting.Unit,
            var w => throw new UsageException($"--weighting must be modulus, proportional or unit, not '{w}'"),
        };
        bool json = args.Flag("json");
        var spectrum = ImpedanceFiles.Read(file);
        var circuit = Circuit.Parse(circuitText);
        context.Progress($"eis fit: {spectrum.Count} points from {file}, circuit {circuit.Text} ({circuit.ParameterCount} parameters)");
        var fit = CircuitFitter.Fit(spectrum, circuit, new CircuitFitOptions
        {
            Weighting = weighting,
            Initial = initial is null ? null : CircuitParameterText.Parse(initial, "initial"),
            Fixed = fixedText is null ? null : CircuitParameterText.Parse(fixedText, "fixed"),
        });
        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["parameters"] = fit.ParameterMap,
                ["standard_errors"] = fit.StandardErrorMap,
                ["chi_square"] = fit.ChiSquare,
                ["correlations"] = fit.ParameterNames.Select((a, i) => (a, i)).ToDictionary(x => x.a,
                    x => fit.ParameterNames.Select((b, j) => (b, j)).ToDictionary(y => y.b, y => fit.Correlation[x.i, y.j])),
                ["reduced_chi_square"] = fit.ReducedChiSquare,
                ["max_relative_residual"] = fit.MaxRelativeResidual,
                ["points"] = spectrum.Count,
                ["weighting"] = weighting.ToString().ToLowerInvariant(),
                ["circuit"] = circuit.Text,
                ["converged"] = fit.Converged,
                ["exit_reason"] = fit.ExitReason.ToString(),
            });
            return 0;
        }
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
        return 0;
    }
}

/// <summary>`researchkit kk FILE`: Lin-KK validity test.</summary>
public sealed class KkCommand : ICommand
{
    public string Name => "kk";
    public string Summary => "Lin-KK (Schoenleber 2014) validity test of an impedance file";
    public string Usage => """
        researchkit kk FILE [--elements M] [--c 0.85] [--threshold 0.01] [--fit real|complex] [--json]
          FILE         any impedance file the kit reads
          --elements   fixed number of RC elements (default: automatic by the mu criterion)
          --c          mu threshold (default 0.85)
          --threshold  pass if every |residual| (relative to |Z|) is at most this (default 0.01 = 1 %)
          --json       {"max_residual", "valid", "elements", "mu", "threshold", "frequency_hz", "residual_real", "residual_imag"}
        """;

    public int Run(CommandArgs args, CommandContext context)
    {
        var file = args.Positional(0, "FILE");
        int? m = args.Int("elements");
        double c = args.Double("c") ?? 0.85;
        double threshold = args.Double("threshold") ?? 0.01;
        var fitType = (args.Option("fit") ?? "real").ToLowerInvariant() switch
        {
            "real" => LinKKFitType.Real,
            "complex" => LinKKFitType.Complex,
            var x => throw new UsageException($"--fit must be real or complex, not '{x}'"),
        };
        bool json = args.Flag("json");
        var s = ImpedanceFiles.Read(file);
        var r = LinKK.Test(s, new LinKKOptions { Elements = m, MuThreshold = c, ResidualThreshold = threshold, FitType = fitType });
        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object>
            {
                ["max_residual"] = r.MaxResidual,
                ["valid"] = r.Valid,
                ["elements"] = r.Elements,
                ["mu"] = r.Mu,
                ["threshold"] = r.ResidualThreshold,
                ["frequency_hz"] = r.FrequencyHz,
                ["residual_real"] = r.ResidualReal,
                ["residual_imag"] = r.ResidualImag,
            });
            return 0;
        }
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: {(r.Valid ? "valid" : "NOT valid")} (max residual {r.MaxResidual:P2}, threshold {r.ResidualThreshold:P1}), {r.Elements} RC elements, mu = {r.Mu:F3}"));
        return 0;
    }
}
