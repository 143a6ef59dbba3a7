using System.CommandLine;
using System.Globalization;
using ResearchKit.Impedance.Drt;
using ResearchKit.Impedance.IO;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit drt FILE`: Tikhonov-regularised distribution of relaxation times with peaks and the paper's D1-D4 bands.</summary>
public sealed class DrtCommand : CliCommand
{
    public override string Name => "drt";
    public override string Summary => "distribution of relaxation times of an impedance file (lambda by GCV), peaks and D1-D4 bands";
    public override string? Notes => """
        JSON: tau_s, gamma_ohm, r_inf_ohm, inductance_h, lambda, lambda_method, r_pol_ohm, rms_relative_residual,
        series_capacitance_mode (auto|on|off), series_capacitance_f (null when not fitted or none found),
        credibility, gamma_lower_ohm, gamma_upper_ohm, noise_std_ohm (null without --credible; the band is pointwise, on tau_s,
        conditional on the non-negative solution's active set; noise_std_ohm is in the weighted units, i.e. relative noise times
        the geometric mean of |Z| with modulus weighting),
        peaks [{tau_s, gamma_ohm, r_ohm, band}], source.
        gamma is per unit ln tau (ohm); r_pol_ohm = integral gamma d ln tau; peak r_ohm = area of its deconvolved Gaussian;
        band = D1..D4 of the paper (data/paper/paper-values.csv) or null.
        """;

    readonly Argument<string> _file = Arg("FILE", "impedance file in any format the kit reads (.mpt, .DTA, .z, Autolab, CHI, Parstat, CSV)");
    readonly Option<string?> _lambda = Text("--lambda", "regularisation parameter, or auto to choose it with --method", "auto");
    readonly Option<string?> _method = Text("--method", "gcv (default, generalized cross-validation) or lcurve (L-curve corner); needs --lambda auto");
    readonly Option<string> _basis = Choice("--basis", "gaussian (RBF with FWHM = 2 grid steps) or pwl (piecewise linear)", "gaussian", "gaussian", "pwl");
    readonly Option<string> _part = Choice("--part", "fit real and imaginary parts (combined), or one of them", "combined", "combined", "real", "imag");
    readonly Option<string> _penalty = Choice("--penalty", "derivative order of the Tikhonov penalty", "2", "1", "2");
    readonly Option<string> _weighting = Choice("--weighting", "modulus (residuals / |Z|) or unit (pyDRTtools' choice)", "modulus", "unit", "modulus");
    readonly Option<double?> _extension = Number("--extension", "decades the tau grid extends beyond 1/(2 pi f) on each side (default 0.3)");
    readonly Option<string> _seriesC = Choice("--series-capacitance", "fit a series capacitor (blocking electrodes): auto (when the low-frequency phase is below -60 deg and -Z'' rises), on or off", "auto", "auto", "on", "off");
    readonly Option<bool> _credible = Flag("--credible", "also report a pointwise Bayesian credible band of gamma (Gaussian posterior of the Tikhonov problem)");
    readonly Option<double> _credibility = Number("--credibility", "probability of the credible band, in (0, 1); needs --credible", 0.99);
    readonly Option<bool> _freeRInf = Flag("--free-r-inf", "allow a negative R_inf (fixture offsets); default R_inf >= 0 like gamma and L");

    protected override int Run(ParseResult args, CommandContext context)
    {
        string path = args.GetValue(_file)!;
        var options = new DrtOptions();
        string lambdaText = args.GetValue(_lambda) ?? "auto";
        string? method = args.GetValue(_method);
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
        options = options with
        {
            Basis = args.GetValue(_basis) == "pwl" ? DrtBasis.PiecewiseLinear : DrtBasis.Gaussian,
            FitPart = args.GetValue(_part) switch { "real" => DrtFitPart.RealOnly, "imag" => DrtFitPart.ImaginaryOnly, _ => DrtFitPart.Combined },
            Penalty = args.GetValue(_penalty) == "1" ? DrtPenalty.FirstDerivative : DrtPenalty.SecondDerivative,
            Weighting = args.GetValue(_weighting) == "unit" ? DrtWeighting.Unit : DrtWeighting.Modulus,
            SeriesCapacitance = args.GetValue(_seriesC) switch { "on" => DrtSeriesCapacitance.Fit, "off" => DrtSeriesCapacitance.None, _ => DrtSeriesCapacitance.Auto },
        };
        if (args.GetValue(_extension) is double ext)
        {
            if (ext < 0 || ext > 5) throw new UsageException($"option --extension: expected 0..5 decades, got {ext}");
            options = options with { ExtensionDecades = ext };
        }
        if (args.GetValue(_freeRInf)) options = options with { NonNegativeRInf = false };

        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var spectrum = ImpedanceFiles.Read(path);
        context.Progress($"drt: {spectrum.Count} points, {spectrum.FrequencyHz.Min():G3}..{spectrum.FrequencyHz.Max():G3} Hz from {path}");
        var drt = DrtSolver.Compute(spectrum, options);
        var peaks = DrtPeakAnalysis.Find(drt);
        double credibility = args.GetValue(_credibility);
        if (!(credibility > 0 && credibility < 1)) throw new UsageException($"option --credibility: expected a probability in (0, 1), got {credibility}");
        var band = args.GetValue(_credible) ? DrtCredibleBands.Compute(drt, credibility) : null;

        if (IsJson(args))
        {
            Json.Write(context.Out, new DrtJson(path, drt.TauS, drt.GammaOhm, drt.RInfOhm, drt.InductanceH, drt.Lambda,
                options.LambdaMethod.ToString().ToLowerInvariant(), drt.RPolOhm, drt.RmsRelativeResidual, args.GetValue(_seriesC)!,
                drt.SeriesCapacitanceF is double cf && double.IsFinite(cf) ? cf : null,
                band?.Credibility, band?.GammaLowerOhm, band?.GammaUpperOhm, band?.NoiseStdOhm,
                peaks.Select(p => new DrtPeakJson(p.TauS, p.GammaOhm, p.ResistanceOhm, p.Band)).ToList()));
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
        if (drt.SeriesCapacitanceF is double c)
            o.WriteLine(string.Create(inv, $"series_c_f    {(double.IsFinite(c) ? c.ToString("G4", inv) : "none found")} ({args.GetValue(_seriesC)})"));
        o.WriteLine(string.Create(inv, $"residual      {drt.RmsRelativeResidual:E2} (rms of (Z - Z_drt)/|Z|)"));
        o.WriteLine("peaks:");
        o.WriteLine("  tau_s         gamma_ohm     r_ohm         band");
        foreach (var p in peaks)
            o.WriteLine(string.Create(inv, $"  {p.TauS,-13:E3} {p.GammaOhm,-13:G5} {p.ResistanceOhm,-13:G5} {p.Band ?? "-"}"));
        if (band is null)
        {
            o.WriteLine("tau_s\tgamma_ohm");
            for (int i = 0; i < drt.TauS.Length; i++) o.WriteLine(string.Create(inv, $"{drt.TauS[i]:E4}\t{drt.GammaOhm[i]:G6}"));
            return 0;
        }
        o.WriteLine(string.Create(inv, $"credible band {band.Credibility:P1} (noise std {band.NoiseStdOhm:G3} in weighted units)"));
        o.WriteLine("tau_s\tgamma_ohm\tgamma_lower_ohm\tgamma_upper_ohm");
        for (int i = 0; i < drt.TauS.Length; i++)
            o.WriteLine(string.Create(inv, $"{drt.TauS[i]:E4}\t{drt.GammaOhm[i]:G6}\t{band.GammaLowerOhm[i]:G6}\t{band.GammaUpperOhm[i]:G6}"));
        return 0;
    }

    sealed record DrtPeakJson(double TauS, double GammaOhm, double ROhm, string? Band);

    sealed record DrtJson(string Source, double[] TauS, double[] GammaOhm, double RInfOhm, double InductanceH, double Lambda,
        string LambdaMethod, double RPolOhm, double RmsRelativeResidual, string SeriesCapacitanceMode, double? SeriesCapacitanceF,
        double? Credibility, double[]? GammaLowerOhm, double[]? GammaUpperOhm, double? NoiseStdOhm, List<DrtPeakJson> Peaks);
}
