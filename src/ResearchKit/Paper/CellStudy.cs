using ResearchKit.Electrochemistry;
using ResearchKit.Microstructure.Generators;

namespace ResearchKit.Paper;

/// <summary>
/// Wires the digital twin into the cell model (issue 10): thickness, CAM volume fraction, sigma_ion,eff, sigma_e,eff and the CAM-SSE
/// contact area of each cathode from the stored Fig 5c-f study (data/synthetic/twin-transport, mean over seeds), size classes and
/// densities from the twin's PSDs (data/materials/twin-defaults.csv), everything else from data/materials/cell-model.csv.
/// </summary>
public static class CellStudy
{
    /// <summary>The stored twin study relative to a data folder.</summary>
    public static string TwinStudyPath(string dataDirectory) => Path.Combine(dataDirectory, "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv");

    /// <summary>The ONE place where the cell commands parse a blend (swap for Materials' Blend.Parse when it lands).</summary>
    public static double ParseBlend(string text) => ResearchKit.Materials.Blend.Parse(text);

    /// <summary>Microstructure inputs of one twin row.</summary>
    public static CathodeMicrostructure Microstructure(TwinTransportRow row)
    {
        InvalidInputException.Require(double.IsFinite(row.ThicknessUm) && row.ThicknessUm > 0, "thickness_um", $"twin row {row.Sample}: expected a positive thickness");
        InvalidInputException.Require(row.IonicSigmaSPerCm > 0, "sigma_ion_s_per_cm", $"twin row {row.Sample}: expected a percolating SSE (positive sigma_ion)");
        InvalidInputException.Require(row.ElectronicSigmaSPerCm > 0, "sigma_e_s_per_cm", $"twin row {row.Sample}: expected a positive sigma_e");
        InvalidInputException.Require(row.CamSseAreaPerVolumePerUm > 0, "cam_sse_area_per_volume_per_um", $"twin row {row.Sample}: expected a positive contact area");
        return new CathodeMicrostructure(row.ThicknessUm, 1 - row.Porosity - row.BinderVolumeFraction, row.IonicSigmaSPerCm, row.ElectronicSigmaSPerCm,
            row.CamSseAreaPerVolumePerUm, $"twin study {row.Sample} (voxel {row.VoxelUm} um, mean over seeds)");
    }

    /// <summary>Mean-over-seeds twin rows of the stored study.</summary>
    public static IReadOnlyList<TwinTransportRow> TwinRows(string dataDirectory)
    {
        var path = TwinStudyPath(dataDirectory);
        if (!File.Exists(path)) throw new InvalidInputException("twin study file not found", path, field: "twin");
        return TwinTransportStudy.MeanOverSeeds(TwinTransportStudy.ReadCsv(path));
    }

    /// <summary>Cell parameters of a blend on its twin row (the twin must exist for that blend: the five cathodes of the paper).</summary>
    public static CellParameters Parameters(double ncwaMassFraction, IReadOnlyList<TwinTransportRow> twinRows, DegradationParameters? degradation = null, int sizeClasses = 3)
    {
        var row = twinRows.FirstOrDefault(r => Math.Abs(r.NcwaMassFraction - ncwaMassFraction) < 1e-6)
            ?? throw new InvalidInputException($"no twin for blend {Samples.NameOf(ncwaMassFraction)}; the stored study has {string.Join(", ", twinRows.Select(r => r.Sample))}", field: "blend");
        var spec = TwinSpec.Default(ncwaMassFraction);
        var p = CellModelDefaults.ForBlend(ncwaMassFraction, Microstructure(row),
            ActiveMaterial.ClassesFromQuantiles(spec.Large.Psd.VolumeQuantileUm, sizeClasses),
            ActiveMaterial.ClassesFromQuantiles(spec.Small.Psd.VolumeQuantileUm, sizeClasses),
            spec.Large.DensityGPerCm3, spec.Small.DensityGPerCm3, degradation);
        return p;
    }

    /// <summary>
    /// Calibration of one species' solid diffusivity factor on its UNIMODAL cathode (ncwaMassFraction 1 or 0): bisection in log10 of the
    /// factor (multiplying the Chen2020 D_s) so that the first 0.5 C discharge after two 0.1 C formation cycles equals
    /// <paramref name="targetMAhPerG"/> (paper Sec. Fig 2b/4f: both unimodal cathodes deliver comparable 140-150 mAh/g at 0.5 C).
    /// Returns the factor and the capacity it gives.
    /// </summary>
    public static (double Factor, double CapacityMAhPerG) CalibrateDiffusivityFactor(double ncwaMassFraction, IReadOnlyList<TwinTransportRow> twinRows, double targetMAhPerG = 145, int iterations = 10)
    {
        InvalidInputException.Require(ncwaMassFraction is 0 or 1, "blend", "calibrate on a unimodal cathode only (10:0 or 0:10)");
        var baseP = Parameters(ncwaMassFraction, twinRows);
        var protocol = Protocol.Parse(Protocol.PaperCyclingText(3));
        double Capacity(double factor)
        {
            var p = baseP with { Species = baseP.Species.Select(s => s with { DiffusivityM2PerS = s.DiffusivityM2PerS * factor }).ToList() };
            return CellModel.Run(p, protocol).Cycles[2].DischargeMAhPerG;
        }
        double lo = -3, hi = 3;
        for (int i = 0; i < iterations; i++)
        {
            double m = 0.5 * (lo + hi);
            if (Capacity(Math.Pow(10, m)) < targetMAhPerG) lo = m; else hi = m;
        }
        double f = Math.Pow(10, 0.5 * (lo + hi));
        return (f, Capacity(f));
    }

    /// <summary>The protocols of `cell run` as text of the experiment grammar.</summary>
    public static string ProtocolText(string protocol, int? cycles, double? cRate) => protocol switch
    {
        "formation" => Protocol.PaperCyclingText(2),
        "cycling" => Protocol.PaperCyclingText(cycles ?? 200),
        "rate" => Protocol.RateTestText(),
        "cc" => Protocol.SingleCycleText(cRate ?? throw new InvalidInputException("protocol cc needs --c-rate", field: "c-rate")),
        "eis" => throw new InvalidInputException("protocol 'eis' (model impedance) is not implemented yet", field: "protocol"),
        _ => throw new InvalidInputException($"unknown protocol '{protocol}'; expected formation, cycling, rate, cc or eis", field: "protocol"),
    };

    /// <summary>
    /// `cell run`: parses the blend (one call site), validates the options, simulates, and writes the EC-Lab files when an output folder
    /// is given. Nothing is written unless the simulation succeeded.
    /// </summary>
    public static CellRunSummary Run(string blend, string protocol, string dataDirectory, int? cycles = null, double? cRate = null, string? outDirectory = null,
        SolverOptions? options = null, IProgress<string>? progress = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        double w = ParseBlend(blend);
        if (cycles is { } n && n < 1) throw new InvalidInputException($"expected at least 1 cycle, got {n}", field: "cycles");
        if (cRate is { } c && !(c > 0 && double.IsFinite(c))) throw new InvalidInputException($"expected a positive C-rate, got {c}", field: "c-rate");
        var text = ProtocolText(protocol, cycles, cRate);
        var p = Parameters(w, TwinRows(dataDirectory));
        var result = CellModel.TryRun(p, Protocol.Parse(text, protocol), options, progress);
        if (!result.Diagnostics.Converged) throw new InvalidOperationException($"cell model did not converge ({protocol}, {Samples.NameOf(w)})");
        var name = Samples.NameOf(w);
        IReadOnlyList<string> files = outDirectory is null ? [] : CellFiles.Write(result, outDirectory, $"{name.Replace(":", "-")}-{protocol}", name);
        var rates = new SortedDictionary<double, double>();
        if (protocol == "rate") foreach (var cy in result.Cycles) rates[cy.CRate] = cy.DischargeMAhPerG;
        return new CellRunSummary(name, protocol, files, p.ActiveMassMg, p.ReversibleCapacityMAhPerG, result.Cycles,
            protocol == "cycling" ? result.RetentionPct() : double.NaN, rates, p.CellWindowV, result.Diagnostics, sw.Elapsed.TotalSeconds);
    }
}

/// <summary>What `cell run` reports.</summary>
public sealed record CellRunSummary(string Blend, string Protocol, IReadOnlyList<string> Files, double ActiveMassMg, double TheoreticalCapacityMAhPerG,
    IReadOnlyList<CycleSummary> Cycles, double RetentionPct, IReadOnlyDictionary<double, double> RateCapacitiesMAhPerG, (double Min, double Max) VoltageWindowV,
    CellDiagnostics Diagnostics, double Seconds);
