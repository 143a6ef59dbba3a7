using System.Globalization;
using ResearchKit.Impedance.Drt;
using ResearchKit.Impedance.IO;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit drt FILE`: Tikhonov-regularised distribution of relaxation times with peaks and the paper's D1-D4 bands.</summary>
public sealed class DrtCommand : ICommand
{
    public string Name => "drt";
    public string Summary => "distribution of relaxation times of an impedance file (lambda by GCV), peaks and D1-D4 bands";
    public string Usage => """
        researchkit drt FILE [--lambda auto|VALUE] [--method gcv|lcurve] [--basis gaussian|pwl] [--part combined|real|imag]
                             [--penalty 1|2] [--weighting unit|modulus] [--extension DECADES] [--free-r-inf] [--json]
          FILE         impedance file in any format the kit reads (.mpt, .DTA, .z, Autolab, CHI, Parstat, CSV)
          --lambda     regularisation parameter, or auto (default) to choose it with --method
          --method     gcv (default, generalized cross-validation) or lcurve (L-curve corner)
          --basis      gaussian (default, RBF with FWHM = 2 grid steps) or pwl (piecewise linear)
          --part       fit real and imaginary parts (combined, default), or one of them
          --penalty    derivative order of the Tikhonov penalty (default 2)
          --weighting  modulus (default, residuals / |Z|) or unit (pyDRTtools' choice)
          --extension  decades the tau grid extends beyond 1/(2 pi f) on each side (default 0.3)
          --free-r-inf allow a negative R_inf (fixture offsets); default R_inf >= 0 like gamma and L
          --json       one JSON object: tau_s, gamma_ohm, r_inf_ohm, inductance_h, lambda, r_pol_ohm,
                       peaks [{tau_s, gamma_ohm, r_ohm, band}], rms_relative_residual
        gamma is per unit ln tau (ohm); r_pol_ohm = integral gamma d ln tau; peak r_ohm = area of its deconvolved Gaussian;
        band = D1..D4 of the paper (data/paper/paper-values.csv) or null.
        """;

    public IReadOnlyCollection<string> Switches => ["json", "free-r-inf"];

    public int Run(CommandArgs args, CommandContext context)
    {
        string path = args.Positional(0, "FILE (an impedance file)");
        if (args.Positionals.Count > 1) throw new UsageException($"expected one FILE, got {args.Positionals.Count} arguments");
        bool json = args.Flag("json");
        var options = new DrtOptions();
        string lambdaText = args.Option("lambda") ?? "auto";
        string? method = args.Option("method");
        if (lambdaText != "auto")
        {
            if (!double.TryParse(lambdaText, NumberStyles.Float, CultureInfo.InvariantCulture, out double lam) || !(lam > 0) || !double.IsFinite(lam))
                throw new UsageException($"option --lambda: expected auto or a positive number, got '{lambdaText}'");
            if (method is not null) throw new UsageException("option --method needs --lambda auto");
            options = options with { LambdaMethod = DrtLambdaMethod.Fixed, Lambda = lam };
        }
        else if (method is not null)
            options = options with
            {
                LambdaMethod = method switch
                {
                    "gcv" => DrtLambdaMethod.Gcv,
                    "lcurve" => DrtLambdaMethod.LCurve,
                    _ => throw new UsageException($"option --method: expected gcv or lcurve, got '{method}'"),
                },
            };
        if (args.Option("basis") is string basis)
            options = options with
            {
                Basis = basis switch
                {
                    "gaussian" => DrtBasis.Gaussian, "pwl" => DrtBasis.PiecewiseLinear,
                    _ => throw new UsageException($"option --basis: expected gaussian or pwl, got '{basis}'"),
                },
            };
        if (args.Option("part") is string part)
            options = options with
            {
                FitPart = part switch
                {
                    "combined" => DrtFitPart.Combined, "real" => DrtFitPart.RealOnly, "imag" => DrtFitPart.ImaginaryOnly,
                    _ => throw new UsageException($"option --part: expected combined, real or imag, got '{part}'"),
                },
            };
        if (args.Option("penalty") is string pen)
            options = options with
            {
                Penalty = pen switch
                {
                    "1" => DrtPenalty.FirstDerivative, "2" => DrtPenalty.SecondDerivative,
                    _ => throw new UsageException($"option --penalty: expected 1 or 2, got '{pen}'"),
                },
            };
        if (args.Option("weighting") is string wt)
            options = options with
            {
                Weighting = wt switch
                {
                    "unit" => DrtWeighting.Unit, "modulus" => DrtWeighting.Modulus,
                    _ => throw new UsageException($"option --weighting: expected unit or modulus, got '{wt}'"),
                },
            };
        if (args.Double("extension") is double ext)
        {
            if (ext < 0 || ext > 5) throw new UsageException($"option --extension: expected 0..5 decades, got {ext}");
            options = options with { ExtensionDecades = ext };
        }

        if (args.Flag("free-r-inf")) options = options with { NonNegativeRInf = false };

        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var spectrum = ImpedanceFiles.Read(path);
        context.Progress($"drt: {spectrum.Count} points, {spectrum.FrequencyHz.Min():G3}..{spectrum.FrequencyHz.Max():G3} Hz from {path}");
        var drt = DrtSolver.Compute(spectrum, options);
        var peaks = DrtPeakAnalysis.Find(drt);

        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object?>
            {
                ["source"] = path,
                ["tau_s"] = drt.TauS,
                ["gamma_ohm"] = drt.GammaOhm,
                ["r_inf_ohm"] = drt.RInfOhm,
                ["inductance_h"] = drt.InductanceH,
                ["lambda"] = drt.Lambda,
                ["lambda_method"] = options.LambdaMethod.ToString().ToLowerInvariant(),
                ["r_pol_ohm"] = drt.RPolOhm,
                ["rms_relative_residual"] = drt.RmsRelativeResidual,
                ["peaks"] = peaks.Select(p => new Dictionary<string, object?>
                {
                    ["tau_s"] = p.TauS, ["gamma_ohm"] = p.GammaOhm, ["r_ohm"] = p.ResistanceOhm, ["band"] = p.Band,
                }).ToList(),
            });
            return 0;
        }
        var o = context.Out;
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(inv, $"source        {path}"));
        o.WriteLine(string.Create(inv, $"points        {spectrum.Count} ({spectrum.FrequencyHz.Min():G3} .. {spectrum.FrequencyHz.Max():G3} Hz)"));
        o.WriteLine(string.Create(inv, $"lambda        {drt.Lambda:E3} ({options.LambdaMethod})"));
        o.WriteLine(string.Create(inv, $"r_inf_ohm     {drt.RInfOhm:G6}"));
        o.WriteLine(string.Create(inv, $"inductance_h  {drt.InductanceH:G4}"));
        o.WriteLine(string.Create(inv, $"r_pol_ohm     {drt.RPolOhm:G6}"));
        o.WriteLine(string.Create(inv, $"residual      {drt.RmsRelativeResidual:E2} (rms of (Z - Z_drt)/|Z|)"));
        o.WriteLine("peaks:");
        o.WriteLine("  tau_s         gamma_ohm     r_ohm         band");
        foreach (var p in peaks)
            o.WriteLine(string.Create(inv, $"  {p.TauS,-13:E3} {p.GammaOhm,-13:G5} {p.ResistanceOhm,-13:G5} {p.Band ?? "-"}"));
        o.WriteLine("tau_s\tgamma_ohm");
        for (int i = 0; i < drt.TauS.Length; i++) o.WriteLine(string.Create(inv, $"{drt.TauS[i]:E4}\t{drt.GammaOhm[i]:G6}"));
        return 0;
    }
}
