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

    /// <summary>Cell parameters of a blend on its twin row (the twin must exist for that blend: the five cathodes of the paper), without the
    /// calibration file: diffusivity factors from cell-model.csv, degradation as given (default: the csv's, i.e. off).</summary>
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
    /// Cell parameters of a blend with a calibration applied: species diffusivities scaled by the calibrated factors (relative to the
    /// csv's), degradation rates from the calibration and the blend's SSE-interface strain energy from <paramref name="strainEnergy"/>.
    /// </summary>
    public static CellParameters Parameters(double ncwaMassFraction, IReadOnlyList<TwinTransportRow> twinRows, CellCalibration calibration,
        IReadOnlyDictionary<double, double> strainEnergy, int sizeClasses = 3)
    {
        var e = strainEnergy.FirstOrDefault(kv => Math.Abs(kv.Key - ncwaMassFraction) < 1e-6);
        if (!strainEnergy.Keys.Any(k => Math.Abs(k - ncwaMassFraction) < 1e-6))
            throw new InvalidInputException($"no interfacial strain energy for blend {Samples.NameOf(ncwaMassFraction)}", field: "sse_interface_strain_energy_mj_per_m3");
        var deg = new DegradationParameters(calibration.SideReactionAPerM2, CellModelDefaults.Value("DEG", "cei_growth"), calibration.ContactLossPerCycle, e.Value);
        var p = Parameters(ncwaMassFraction, twinRows, deg, sizeClasses);
        double csvNcwa = CellModelDefaults.Value("NCWA", "diffusivity_factor"), csvNcm = CellModelDefaults.Value("NCM", "diffusivity_factor");
        return p with
        {
            Species = p.Species.Select(s => s with
            {
                DiffusivityM2PerS = s.DiffusivityM2PerS * (s.Name == "NCWA" ? calibration.NcwaDiffusivityFactor / csvNcwa : calibration.NcmDiffusivityFactor / csvNcm),
            }).ToList(),
        };
    }

    /// <summary>data/synthetic/cell/calibration.csv: the calibrated values the stored files were made with.</summary>
    public static string CalibrationPath(string dataDirectory) => Path.Combine(dataDirectory, "synthetic", "cell", "calibration.csv");

    /// <summary>Reads the stored calibration; without the file, the csv's diffusivity factors and no degradation.</summary>
    public static CellCalibration ReadCalibration(string dataDirectory)
    {
        var path = CalibrationPath(dataDirectory);
        if (!File.Exists(path))
            return new CellCalibration(CellModelDefaults.Value("NCWA", "diffusivity_factor"), CellModelDefaults.Value("NCM", "diffusivity_factor"), 0, 0,
                double.NaN, double.NaN, double.NaN, double.NaN, 0);
        var t = CsvTable.Load(path, ["quantity", "value"]);
        double V(string q) => (t.Rows.FirstOrDefault(r => r.Text("quantity") == q) ?? throw new InvalidInputException($"missing quantity {q}", path, field: q)).Number("value");
        return new CellCalibration(V("ncwa_diffusivity_factor"), V("ncm_diffusivity_factor"), V("side_reaction_a_per_m2"), V("contact_loss_per_cycle_per_mj_per_m3"),
            V("target_retention_cam10_0_pct"), V("target_retention_cam0_10_pct"), V("retention_cam10_0_pct"), V("retention_cam0_10_pct"), (int)V("model_runs"));
    }

    /// <summary>Writes the calibration CSV (deterministic text, no timestamps).</summary>
    public static void WriteCalibration(string path, CellCalibration c, string strainEnergySource)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        string F(double x) => x.ToString("R", ci);
        var text = $"""
            # Calibration of the cell model on the two UNIMODAL cathodes only (CAM10:0, CAM0:10); the blends are predicted with these values.
            # Generator: researchkit cell regenerate --calibrate (ResearchKit.Paper.CellStudy.Calibrate); deterministic.
            # 1) solid-diffusivity factor per species (x Chen2020 D_s): first 0.5 C discharge after two 0.1 C cycles = 145 mAh/g (paper Sec. Fig 2b: comparable 140-150 mAh/g).
            # 2) degradation rates (side reaction per contact area, contact loss per strain energy): retention after 200 cycles = the ASSUMED targets of
            #    data/materials/cell-model.csv (the paper states only the ordering for the unimodal cathodes); strain energy from {strainEnergySource.Replace('\\', '/')}.
            quantity,value,unit
            ncwa_diffusivity_factor,{F(c.NcwaDiffusivityFactor)},-
            ncm_diffusivity_factor,{F(c.NcmDiffusivityFactor)},-
            side_reaction_a_per_m2,{F(c.SideReactionAPerM2)},A/m2
            contact_loss_per_cycle_per_mj_per_m3,{F(c.ContactLossPerCycle)},-
            target_retention_cam10_0_pct,{F(c.TargetRetentionCam100Pct)},%
            target_retention_cam0_10_pct,{F(c.TargetRetentionCam010Pct)},%
            retention_cam10_0_pct,{F(c.RetentionCam100Pct)},%
            retention_cam0_10_pct,{F(c.RetentionCam010Pct)},%
            model_runs,{c.ModelRuns.ToString(ci)},-

            """;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", text.Replace("\r", ""));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    /// <summary>
    /// Calibrates the two degradation rates on the unimodal cathodes (2 equations, 2 unknowns): retention after <paramref name="cycles"/>
    /// cycles of CAM10:0 and CAM0:10 equal to the targets. Each capacity loss is close to linear in the two rates, so a linear model from two
    /// probe runs per cathode gives the first estimate, then Broyden-updated Newton steps on full runs until both retentions are within
    /// <paramref name="tolerancePct"/>. The diffusivity factors of <paramref name="start"/> are kept.
    /// </summary>
    public static CellCalibration CalibrateDegradation(IReadOnlyList<TwinTransportRow> twinRows, IReadOnlyDictionary<double, double> strainEnergy,
        CellCalibration start, double target10Pct, double target0Pct, int cycles = 200, double tolerancePct = 0.1, IProgress<string>? progress = null)
    {
        var protocol = Protocol.Parse(Protocol.PaperCyclingText(cycles));
        int runs = 0;
        double Retention(double w, double k1, double k2)
        {
            runs++;
            var r = CellModel.Run(Parameters(w, twinRows, start with { SideReactionAPerM2 = k1, ContactLossPerCycle = k2 }, strainEnergy), protocol).RetentionPct();
            progress?.Report($"calibration run {runs}: {Samples.NameOf(w)} side {k1:E3} A/m2, contact loss {k2:E3} -> {r:F2} %");
            return r;
        }
        // Probe scales: 1e-5 A/m2 of side current per contact area; 1e-6 contact loss per cycle per MJ/m3.
        const double p1 = 1e-5, p2 = 1e-6;
        double l10a = 100 - Retention(1, p1, 0), l0a = 100 - Retention(0, p1, 0);
        double l10b = 100 - Retention(1, 0, p2), l0b = 100 - Retention(0, 0, p2);
        // Loss (%) = J [k1/p1, k2/p2]; the zero-rate retention is slightly above 100 (capacity rises over the first 0.5 C cycles): include it.
        double b10 = 100 - Retention(1, 0, 0), b0 = 100 - Retention(0, 0, 0);
        double[,] j = { { l10a - b10, l10b - b10 }, { l0a - b0, l0b - b0 } };
        double[] y = { 100 - target10Pct - b10, 100 - target0Pct - b0 };
        double[] x = Solve2(j, y);
        double r10 = double.NaN, r0 = double.NaN;
        for (int it = 0; it < 8; it++)
        {
            x[0] = Math.Max(0, x[0]); x[1] = Math.Max(0, x[1]);
            r10 = Retention(1, x[0] * p1, x[1] * p2); r0 = Retention(0, x[0] * p1, x[1] * p2);
            double[] f = { r10 - target10Pct, r0 - target0Pct };
            if (Math.Abs(f[0]) < tolerancePct && Math.Abs(f[1]) < tolerancePct) break;
            // Newton step on the loss model (loss = 100 - retention, dLoss/dx = J): x += J^-1 f.
            double[] dx = Solve2(j, f);
            double[] xNew = { x[0] + dx[0], x[1] + dx[1] };
            // Broyden update with the observed change on the next pass.
            double r10n = Retention(1, Math.Max(0, xNew[0]) * p1, Math.Max(0, xNew[1]) * p2), r0n = Retention(0, Math.Max(0, xNew[0]) * p1, Math.Max(0, xNew[1]) * p2);
            double[] dl = { r10 - r10n, r0 - r0n };
            double[] s = { Math.Max(0, xNew[0]) - x[0], Math.Max(0, xNew[1]) - x[1] };
            double ss = s[0] * s[0] + s[1] * s[1];
            if (ss > 0)
                for (int a = 0; a < 2; a++)
                {
                    double resid = dl[a] - (j[a, 0] * s[0] + j[a, 1] * s[1]);
                    j[a, 0] += resid * s[0] / ss; j[a, 1] += resid * s[1] / ss;
                }
            x = [Math.Max(0, xNew[0]), Math.Max(0, xNew[1])];
            r10 = r10n; r0 = r0n;
            if (Math.Abs(r10 - target10Pct) < tolerancePct && Math.Abs(r0 - target0Pct) < tolerancePct) break;
        }
        return start with { SideReactionAPerM2 = x[0] * p1, ContactLossPerCycle = x[1] * p2, TargetRetentionCam100Pct = target10Pct, TargetRetentionCam010Pct = target0Pct,
            RetentionCam100Pct = r10, RetentionCam010Pct = r0, ModelRuns = start.ModelRuns + runs };
    }

    static double[] Solve2(double[,] a, double[] b)
    {
        double det = a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0];
        if (!(Math.Abs(det) > 0)) throw new InvalidOperationException("degradation calibration: the two cathodes do not separate the two rates");
        return [(b[0] * a[1, 1] - a[0, 1] * b[1]) / det, (a[0, 0] * b[1] - a[1, 0] * b[0]) / det];
    }

    /// <summary>The full calibration: diffusivity factors (0.5 C capacity, 3-cycle runs), then the degradation rates (200 cycles), unimodal cathodes only.</summary>
    public static CellCalibration Calibrate(string dataDirectory, IProgress<string>? progress = null)
    {
        var rows = TwinRows(dataDirectory);
        var (strain, _) = InterfaceStrainEnergy.Load(dataDirectory);
        double fNcwa = CalibrateDiffusivityFactor(1, rows).Factor * CellModelDefaults.Value("NCWA", "diffusivity_factor");
        progress?.Report($"NCWA diffusivity factor {fNcwa:G4}");
        double fNcm = CalibrateDiffusivityFactor(0, rows).Factor * CellModelDefaults.Value("NCM", "diffusivity_factor");
        progress?.Report($"NCM diffusivity factor {fNcm:G4}");
        var start = new CellCalibration(fNcwa, fNcm, 0, 0, double.NaN, double.NaN, double.NaN, double.NaN, 2 * 11);
        return CalibrateDegradation(rows, strain, start, CellModelDefaults.Value("DEG", "target_retention_cam10_0"), CellModelDefaults.Value("DEG", "target_retention_cam0_10"),
            progress: progress);
    }

    /// <summary>
    /// Regenerates data/synthetic/cell: optionally recalibrates (writes calibration.csv), then writes formation, rate, cycling
    /// (formation + <paramref name="cycles"/> - 2 at 0.5 C) and eis (spectra before / after cycling) files for the five cathodes with the stored calibration. Returns one summary per file.
    /// </summary>
    public static IReadOnlyList<CellRunSummary> Regenerate(string dataDirectory, bool calibrate, int cycles = 200, IProgress<string>? progress = null)
    {
        var (strain, strainSource) = InterfaceStrainEnergy.Load(dataDirectory);
        var outDir = Path.Combine(dataDirectory, "synthetic", "cell");
        if (calibrate) WriteCalibration(CalibrationPath(dataDirectory), Calibrate(dataDirectory, progress), Path.GetRelativePath(Path.GetDirectoryName(dataDirectory)!, strainSource));
        var list = new List<CellRunSummary>();
        foreach (var s in Samples.All)
            foreach (var protocol in new[] { "formation", "rate", "cycling", "half-cell", "eis" })
            {
                if (protocol == "half-cell" && s.NcwaMassFraction is not (0 or 1)) continue;
                list.Add(Run(s.Name, protocol, dataDirectory, protocol is "cycling" or "eis" ? cycles : null, null, outDir));
                progress?.Report($"{s.Name} {protocol}: {list[^1].Seconds:F1} s");
            }
        return list;
    }

    /// <summary>
    /// Calibration of one species' solid diffusivity factor on its UNIMODAL cathode (ncwaMassFraction 1 or 0): bisection in log10 of the
    /// factor (multiplying the D_s of cell-model.csv, i.e. Chen2020 x the csv's diffusivity_factor) so that the first 0.5 C discharge after two 0.1 C formation cycles equals
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
            var r = CellModel.TryRun(p, protocol);
            // A run that fails to converge (far too slow diffusion at the bottom of the bracket) counts as below the target.
            return r.Diagnostics.Converged && r.Cycles.Count > 2 ? r.Cycles[2].DischargeMAhPerG : double.NaN;
        }
        // Bracket: 1.5 decades either side of the csv's factor.
        double lo = -1.5, hi = 1.5;
        for (int i = 0; i < iterations; i++)
        {
            double m = 0.5 * (lo + hi);
            if (!(Capacity(Math.Pow(10, m)) >= targetMAhPerG)) lo = m; else hi = m;
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
        "half-cell" => Protocol.SingleCycleText(cRate ?? 0.05),
        "cc" => Protocol.SingleCycleText(cRate ?? throw new InvalidInputException("protocol cc needs --c-rate", field: "c-rate")),
        "eis" => Protocol.ImpedanceCyclingText(cycles ?? 200),
        _ => throw new InvalidInputException($"unknown protocol '{protocol}'; expected formation, cycling, rate, half-cell, cc or eis", field: "protocol"),
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
        var p = Parameters(w, TwinRows(dataDirectory), ReadCalibration(dataDirectory), InterfaceStrainEnergy.Load(dataDirectory).ByNcwaFraction);
        if (protocol == "half-cell")
        {
            // Fig 4a: one species against Li metal (0 V) at 0.05 C, on its unimodal composite (the paper's half cells are of the single CAMs).
            InvalidInputException.Require(w is 0 or 1, "blend", "the half cell is of one CAM: blend 10:0 (NCWA) or 0:10 (NCM)");
            p = p with { AnodeOcvV = 0 };
        }
        var result = CellModel.TryRun(p, Protocol.Parse(text, protocol), options, progress);
        if (!result.Diagnostics.Converged) throw new InvalidOperationException($"cell model did not converge ({protocol}, {Samples.NameOf(w)})");
        var name = Samples.NameOf(w);
        var baseName = $"{name.Replace(":", "-")}-{protocol}";
        IReadOnlyList<string> files;
        var spectra = new List<CellSpectrumFile>();
        if (protocol == "eis")
        {
            // The impedance protocol writes its spectra (PEIS .mpt and .z); its cycling records are the same as the cycling file's.
            var written = outDirectory is null ? [] : CellFiles.WriteSpectra(result, outDirectory, baseName, name);
            files = written.SelectMany(x => new[] { x.Mpt, x.Z }).ToList();
            foreach (var sp in result.Spectra)
                spectra.Add(new CellSpectrumFile(sp, written.FirstOrDefault(x => x.Label == sp.Label).Mpt));
        }
        else files = outDirectory is null ? [] : CellFiles.Write(result, outDirectory, baseName, name);
        var rates = new SortedDictionary<double, double>();
        if (protocol == "rate") foreach (var cy in result.Cycles) rates[cy.CRate] = cy.DischargeMAhPerG;
        return new CellRunSummary(name, protocol, files, p.ActiveMassMg, p.ReversibleCapacityMAhPerG, result.Cycles,
            protocol is "cycling" or "eis" ? result.RetentionPct() : double.NaN, rates, p.CellWindowV, result.Diagnostics, sw.Elapsed.TotalSeconds)
        {
            Spectra = spectra,
        };
    }
}

/// <summary>Calibrated values of the cell model (data/synthetic/cell/calibration.csv), all fitted on CAM10:0 and CAM0:10 only.</summary>
/// <param name="NcwaDiffusivityFactor">NCWA D_s / Chen2020 D_s</param>
/// <param name="NcmDiffusivityFactor">NCM D_s / Chen2020 D_s</param>
/// <param name="SideReactionAPerM2">mechanism 1 rate: side current per contact area at full charge, A/m2</param>
/// <param name="ContactLossPerCycle">mechanism 2 rate: share of contacted CAM isolated per full cycle per MJ/m3 of SSE-interface strain energy</param>
/// <param name="TargetRetentionCam100Pct">assumed target retention of CAM10:0 after 200 cycles, %</param>
/// <param name="TargetRetentionCam010Pct">assumed target retention of CAM0:10 after 200 cycles, %</param>
/// <param name="RetentionCam100Pct">retention the calibrated model gives for CAM10:0, %</param>
/// <param name="RetentionCam010Pct">retention the calibrated model gives for CAM0:10, %</param>
/// <param name="ModelRuns">model runs the calibration took</param>
public sealed record CellCalibration(double NcwaDiffusivityFactor, double NcmDiffusivityFactor, double SideReactionAPerM2, double ContactLossPerCycle,
    double TargetRetentionCam100Pct, double TargetRetentionCam010Pct, double RetentionCam100Pct, double RetentionCam010Pct, int ModelRuns);

/// <summary>What `cell run` reports.</summary>
public sealed record CellRunSummary(string Blend, string Protocol, IReadOnlyList<string> Files, double ActiveMassMg, double TheoreticalCapacityMAhPerG,
    IReadOnlyList<CycleSummary> Cycles, double RetentionPct, IReadOnlyDictionary<double, double> RateCapacitiesMAhPerG, (double Min, double Max) VoltageWindowV,
    CellDiagnostics Diagnostics, double Seconds)
{
    /// <summary>The spectra of an eis run with the .mpt file each was written to (null without --out).</summary>
    public IReadOnlyList<CellSpectrumFile> Spectra { get; init; } = [];
}

/// <summary>A model spectrum of `cell run --protocol eis` and its EC-Lab PEIS file (null when nothing was written).</summary>
public sealed record CellSpectrumFile(CellSpectrum Spectrum, string? File);
