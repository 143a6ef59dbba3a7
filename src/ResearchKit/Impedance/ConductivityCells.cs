using System.Globalization;
using System.Numerics;
using System.Text;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Impedance;

/// <summary>
/// The assumed values of the conductivity cells (data/materials/conductivity-cells.csv; the paper gives the stacks and protocols
/// but not thickness, area, separator or interface values). Every field is named in that file with its status.
/// </summary>
/// <param name="ThicknessUm">composite thickness, µm</param>
/// <param name="AreaCm2">cell area, cm²</param>
/// <param name="SeparatorOhm">both SSE separators, ohm</param>
/// <param name="LiInterfaceOhm">both Li|SSE interfaces, ohm</param>
/// <param name="LiInterfaceQ">CPE coefficient of the Li|SSE interfaces, F·s^(α−1)</param>
/// <param name="LiInterfaceAlpha">its exponent</param>
/// <param name="CamSseCapacitanceFPerCm2">specific CAM-SSE double-layer capacitance, F/cm²</param>
/// <param name="CamSseAlpha">CPE exponent of the CAM-SSE double layer</param>
/// <param name="FrequencyHighHz">highest frequency, Hz</param>
/// <param name="FrequencyLowHz">lowest frequency, Hz</param>
/// <param name="PointsPerDecade">frequencies per decade</param>
/// <param name="EisNoise">proportional spectrum noise</param>
/// <param name="DcNoise">relative current noise</param>
/// <param name="StepVoltagesV">DC steps, V</param>
/// <param name="StepDurationS">duration of each step, s</param>
public sealed record ConductivityCellAssumptions(
    double ThicknessUm, double AreaCm2, double SeparatorOhm, double LiInterfaceOhm, double LiInterfaceQ, double LiInterfaceAlpha,
    double CamSseCapacitanceFPerCm2, double CamSseAlpha, double FrequencyHighHz, double FrequencyLowHz, int PointsPerDecade,
    double EisNoise, double DcNoise, double[] StepVoltagesV, double StepDurationS)
{
    /// <summary>The values of data/materials/conductivity-cells.csv (embedded in the assembly).</summary>
    public static ConductivityCellAssumptions Default { get; } = Parse(EmbeddedData.Read("materials", "conductivity-cells.csv"), "data/materials/conductivity-cells.csv");

    /// <summary>Parses the quantity,value,unit,source,status,note table.</summary>
    public static ConductivityCellAssumptions Parse(string csv, string sourceName)
    {
        var v = new Dictionary<string, double>();
        int line = 0;
        foreach (var raw in csv.Split('\n'))
        {
            line++;
            var l = raw.Trim();
            if (l.Length == 0 || l.StartsWith('#') || l.StartsWith("quantity,", StringComparison.Ordinal)) continue;
            var f = l.Split(',');
            if (f.Length < 2 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var x))
                throw new InvalidInputException("expected quantity,value,...", sourceName, line, "value");
            v[f[0]] = x;
        }
        double G(string k) => v.TryGetValue(k, out var x) ? x : throw new InvalidInputException($"missing quantity '{k}'", sourceName, field: k);
        double first = G("step_voltage_first"), last = G("step_voltage_last"), inc = G("step_voltage_increment");
        int nSteps = (int)Math.Round((last - first) / inc) + 1;
        return new ConductivityCellAssumptions(G("composite_thickness"), G("area"), G("separator_resistance"), G("li_interface_resistance"),
            G("li_interface_q"), G("li_interface_alpha"), G("cam_sse_specific_capacitance"), G("cam_sse_alpha"), G("frequency_high"), G("frequency_low"),
            (int)G("points_per_decade"), G("eis_noise"), G("dc_noise"),
            Enumerable.Range(0, nSteps).Select(i => Math.Round(first + i * inc, 10)).ToArray(), G("step_duration"));
    }

    /// <summary>CPE coefficient of the whole layer's CAM-SSE double layer: c_dl · a · L · A (F·s^(α−1)).</summary>
    /// <param name="camSseAreaPerVolumePerUm">CAM-SSE interface area per volume, 1/µm (the twin's value)</param>
    public double InterfaceQ(double camSseAreaPerVolumePerUm) =>
        CamSseCapacitanceFPerCm2 * camSseAreaPerVolumePerUm * 1e4 * ThicknessUm * 1e-4 * AreaCm2;

    /// <summary>The electron-blocking cell of a cathode with the given effective conductivities and interface area.</summary>
    public ElectronBlockingCell ElectronBlocking(double sigmaIonSPerCm, double sigmaESPerCm, double camSseAreaPerVolumePerUm) =>
        new(ThicknessUm, AreaCm2, sigmaIonSPerCm, sigmaESPerCm, InterfaceQ(camSseAreaPerVolumePerUm), CamSseAlpha,
            SeparatorOhm, LiInterfaceOhm, LiInterfaceQ, LiInterfaceAlpha);

    /// <summary>The ion-blocking cell of a cathode.</summary>
    public IonBlockingCell IonBlocking(double sigmaIonSPerCm, double sigmaESPerCm, double camSseAreaPerVolumePerUm) =>
        new(ThicknessUm, AreaCm2, sigmaIonSPerCm, sigmaESPerCm, InterfaceQ(camSseAreaPerVolumePerUm), CamSseAlpha);

    /// <summary>The frequencies of the synthetic spectra (high to low).</summary>
    public double[] Frequencies() => SpectrumSynthesis.LogFrequencies(FrequencyHighHz, FrequencyLowHz, PointsPerDecade);
}

/// <summary>Effective ionic conductivity from an electron-blocking cell's spectrum.</summary>
/// <param name="RIonOhm">fitted ionic resistance of the composite, ohm</param>
/// <param name="RIonStdOhm">its standard error, ohm</param>
/// <param name="SigmaIonSPerCm">L/(R_ion A), S/cm</param>
/// <param name="SeparatorOhm">separator resistance held fixed in the fit, ohm</param>
/// <param name="SeparatorSource">where it came from: "option" (--separator-ohm) or "sidecar" (the file's provenance)</param>
/// <param name="Model">the fitted circuit</param>
/// <param name="Converged">whether the fit converged (see <see cref="CircuitFitResult.ExitReason"/>)</param>
/// <param name="Fit">the full fit</param>
public sealed record IonicConductivityResult(double RIonOhm, double RIonStdOhm, double SigmaIonSPerCm, double SeparatorOhm, string SeparatorSource,
    string Model, bool Converged, CircuitFitResult Fit);

/// <summary>Effective electronic conductivity from an ion-blocking cell's DC polarization.</summary>
/// <param name="ResistanceOhm">R_e = 1/slope of the I-V line, ohm</param>
/// <param name="SigmaESPerCm">L/(R_e A), S/cm</param>
/// <param name="StepVoltagesV">mean voltage of each step, V</param>
/// <param name="SteadyStateCurrentsA">steady-state current of each step, A</param>
/// <param name="RSquared">coefficient of determination of the I-V line</param>
/// <param name="AllStepsSteady">whether every step met the steady-state criterion</param>
/// <param name="Fit">the I-V fit</param>
public sealed record ElectronicConductivityResult(double ResistanceOhm, double SigmaESPerCm, double[] StepVoltagesV, double[] SteadyStateCurrentsA,
    double RSquared, bool AllStepsSteady, IvFit Fit);

/// <summary>
/// Analysis of the two conductivity cells. Electron-blocking spectrum: fit <see cref="ElectronBlockingCell.CircuitText"/> with the
/// separator resistance held at a reference value (the spectrum alone cannot split R_ion from R_sep: as experimenters do, the
/// stack without the composite is measured separately). Ion-blocking DC polarization: steady-state currents → I-V line → R_e.
/// </summary>
public static class ConductivityCells
{
    /// <summary>Checks the spectrum for the conductivity fit (<see cref="ImpedanceSpectrum.RequireAnalysable"/>: at least 10 points, strictly monotonic frequencies).</summary>
    public static void ValidateSpectrum(ImpedanceSpectrum s) => s.RequireAnalysable("a blocking-cell spectrum");

    /// <summary>Fits the electron-blocking spectrum and returns σ_ion.</summary>
    /// <param name="spectrum">the spectrum</param>
    /// <param name="thicknessUm">composite thickness, µm</param>
    /// <param name="areaCm2">area, cm²</param>
    /// <param name="separatorOhm">separator resistance from the reference measurement, ohm (≥ 0)</param>
    /// <param name="separatorSource">a word saying where separatorOhm came from</param>
    public static IonicConductivityResult IonicConductivity(ImpedanceSpectrum spectrum, double thicknessUm, double areaCm2, double separatorOhm, string separatorSource = "option")
    {
        InvalidInputException.Require(thicknessUm > 0, "thickness_um", "thickness must be positive (µm)");
        InvalidInputException.Require(areaCm2 > 0, "area_cm2", "area must be positive (cm²)");
        InvalidInputException.Require(separatorOhm >= 0 && double.IsFinite(separatorOhm), "separator_ohm", "separator resistance must be finite and >= 0");
        ValidateSpectrum(spectrum);
        var idx = Enumerable.Range(0, spectrum.Count).OrderByDescending(i => spectrum.FrequencyHz[i]).ToArray();
        var z = idx.Select(i => spectrum.ImpedanceOhm[i]).ToArray();
        var f = idx.Select(i => spectrum.FrequencyHz[i]).ToArray();
        double rHigh = z[0].Real, rLow = z[^1].Real;
        // The line's arc is the big one (global maximum of −Z''); the Li|SSE arc is the largest −Z'' at least two decades
        // above it, and the minimum of −Z'' between the two marks where the Li arc ends (robust to noise: no local tests).
        int tlApex = 0;
        for (int i = 0; i < z.Length; i++) if (-z[i].Imaginary > -z[tlApex].Imaginary) tlApex = i;
        int liApex = 0;
        for (int i = 0; i < tlApex; i++) if (f[i] > 100 * f[tlApex] && -z[i].Imaginary > -z[liApex].Imaginary) liApex = i;
        int knee = liApex;
        for (int i = liApex; i <= tlApex; i++) if (-z[i].Imaginary < -z[knee].Imaginary) knee = i;
        // High-frequency intercept: R_sep + R_ion ∥ R_el ≈ R_sep + R_el (the electronic rail is the better conductor).
        double rIon0 = Math.Max(rLow - rHigh, 0.05 * (rLow - separatorOhm));
        double rEl0 = Math.Max(rHigh - separatorOhm, 1e-3 * rIon0);
        double rLi = Math.Max(z[knee].Real - rHigh, 0.01 * rIon0);
        double rIon = Math.Max(rLow - separatorOhm - rLi, 0.05 * (rLow - separatorOhm));
        double wLi = 2 * Math.PI * f[liApex], wTl = 2 * Math.PI * f[tlApex];
        var options = new CircuitFitOptions { Fixed = new Dictionary<string, double> { ["R0"] = separatorOhm } };
        CircuitFitResult? fit = null;
        // A small multi-start over the two time constants and the rail split: the Li|SSE arc rides on the line's 45° branch,
        // and a single start can settle where the electronic rail or the Li arc takes the other's part.
        foreach (double qTl in new[] { 1.0, 0.2, 5.0 })
        foreach (double qLi in new[] { 1.0, 0.1 })
        foreach (double el in new[] { 1.0, 0.3 })
        {
            var initial = new Dictionary<string, double>
            {
                ["R1"] = rLi, ["CPE1_0"] = qLi / (rLi * Math.Pow(wLi, 0.95)), ["CPE1_1"] = 0.95,
                ["TLEB2_0"] = rIon, ["TLEB2_1"] = el * rEl0, ["TLEB2_2"] = qTl * 9 / ((rIon + rEl0) * Math.Pow(wTl, 0.9)), ["TLEB2_3"] = 0.9,
            };
            var trial = CircuitFitter.Fit(spectrum, ElectronBlockingCell.CircuitText, options with { Initial = initial });
            if (fit is null || trial.ChiSquare < fit.ChiSquare) fit = trial;
        }
        double r = fit!["TLEB2_0"];
        int k = fit.ParameterNames.ToList().IndexOf("TLEB2_0");
        return new IonicConductivityResult(r, fit.StandardErrors[k], DcPolarization.ConductivitySPerCm(r, thicknessUm, areaCm2), separatorOhm, separatorSource,
            ElectronBlockingCell.CircuitText, fit.Converged, fit);
    }

    /// <summary>Analyses an ion-blocking chronoamperometry record and returns σ_e.</summary>
    /// <param name="record">the record</param>
    /// <param name="thicknessUm">composite thickness, µm</param>
    /// <param name="areaCm2">area, cm²</param>
    public static ElectronicConductivityResult ElectronicConductivity(ChronoamperometryRecord record, double thicknessUm, double areaCm2)
    {
        InvalidInputException.Require(thicknessUm > 0, "thickness_um", "thickness must be positive (µm)");
        InvalidInputException.Require(areaCm2 > 0, "area_cm2", "area must be positive (cm²)");
        var steps = DcPolarization.Steps(record);
        if (steps.Length < 2)
            throw new InvalidInputException($"a DC polarization needs at least 2 potentiostatic steps, found {steps.Length}", record.SourceName, field: "steps");
        var fit = DcPolarization.FitIv(steps);
        if (!(fit.ResistanceOhm > 0))
            throw new InvalidInputException($"the I-V slope is not positive (R = {fit.ResistanceOhm:G4} ohm)", record.SourceName, field: "steps");
        return new ElectronicConductivityResult(fit.ResistanceOhm, DcPolarization.ConductivitySPerCm(fit.ResistanceOhm, thicknessUm, areaCm2),
            steps.Select(s => s.VoltageV).ToArray(), steps.Select(s => s.SteadyCurrentA).ToArray(), fit.R2, steps.All(s => s.SteadyStateReached), fit);
    }

    /// <summary>
    /// Writes a chronoamperometry record as an EC-Lab-style ASCII .mpt (time/s, Ewe/V, &lt;I&gt;/mA) with a provenance sidecar,
    /// through temporary files moved into place, so a failed write leaves nothing half-written.
    /// </summary>
    public static void WriteChronoamperometryMpt(ChronoamperometryRecord r, string path, ImpedanceProvenance? provenance = null)
    {
        var header = new List<string> { "EC-Lab ASCII FILE", "", "", "Chronoamperometry / Chronocoulometry", $"Written by ResearchKit ({provenance?.Generator ?? "record"})", "" };
        header.Add("mode\ttime/s\tEwe/V\t<I>/mA\t");
        header[1] = $"Nb header lines : {header.Count}";
        var sb = new StringBuilder();
        foreach (var h in header) sb.Append(h).Append("\r\n");
        for (int i = 0; i < r.Count; i++)
            sb.Append("2\t").Append(r.TimeS[i].ToString("R", CultureInfo.InvariantCulture)).Append('\t')
              .Append(r.VoltageV[i].ToString("R", CultureInfo.InvariantCulture)).Append('\t')
              .Append((r.CurrentA[i] * 1e3).ToString("R", CultureInfo.InvariantCulture)).Append("\t\r\n");
        AtomicFiles.Write(path, tmp =>
        {
            File.WriteAllText(tmp, sb.ToString(), Encoding.Latin1);
            if (provenance is not null) DcPolarization.WriteChronoamperometrySidecar(tmp, Path.GetFileName(path), provenance);
        });
    }

    /// <summary>Writes a spectrum (.z, .mpt or .csv by extension) with its sidecar through temporary files.</summary>
    public static void WriteSpectrum(ImpedanceSpectrum s, string path, ImpedanceProvenance provenance)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        Action<ImpedanceSpectrum, string, ImpedanceProvenance?> writer = ext switch
        {
            ".z" => ImpedanceFiles.WriteZ,
            ".mpt" => ImpedanceFiles.WriteMpt,
            ".csv" => ImpedanceFiles.WriteCsv,
            _ => throw new InvalidInputException($"expected a .z, .mpt or .csv output, got '{ext}'", path, field: "out"),
        };
        AtomicFiles.Write(path, tmp => writer(s, tmp, provenance));
    }
}

/// <summary>Writes a data file and its .provenance.json sidecar under temporary names, then moves both into place.</summary>
static class AtomicFiles
{
    public static void Write(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new InvalidInputException("output directory does not exist", path, field: "out");
        var tmp = Path.Combine(dir, $".tmp-{Guid.NewGuid():N}{Path.GetExtension(full)}");
        try
        {
            write(tmp);
            var sideTmp = ImpedanceFiles.SidecarPath(tmp);
            if (File.Exists(sideTmp))
            {
                // The sidecar names the data file; the writers put the temporary name in it.
                var text = File.ReadAllText(sideTmp).Replace(Path.GetFileName(tmp), Path.GetFileName(full));
                File.WriteAllText(sideTmp, text);
                File.Move(sideTmp, ImpedanceFiles.SidecarPath(full), overwrite: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
            if (File.Exists(ImpedanceFiles.SidecarPath(tmp))) File.Delete(ImpedanceFiles.SidecarPath(tmp));
        }
    }
}
