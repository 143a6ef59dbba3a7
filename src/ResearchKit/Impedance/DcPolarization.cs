using System.Globalization;
using System.Text;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Impedance;

/// <summary>A chronoamperometry record: time (s), applied voltage (V) and current (A) per sample. Immutable.</summary>
public sealed record ChronoamperometryRecord(double[] TimeS, double[] VoltageV, double[] CurrentA, string SourceName)
{
    public int Count => TimeS.Length;
}

/// <summary>One potentiostatic step: its voltage, time span, steady-state current and how steady it was.</summary>
public sealed record PolarizationStep(
    double VoltageV,
    double StartS,
    double EndS,
    double SteadyCurrentA,
    double CurrentStdA,
    double RelativeDriftInWindow,
    bool SteadyStateReached,
    int Samples);

/// <summary>
/// I-V line through the steady-state points: I = V/R + I0, fitted by ordinary least squares. ResistanceOhm = 1/slope;
/// ResistanceStdOhm from the slope's standard error; R2 the coefficient of determination.
/// </summary>
public sealed record IvFit(
    PolarizationStep[] Steps,
    double SlopeSPerV,
    double InterceptA,
    double ResistanceOhm,
    double ResistanceStdOhm,
    double R2);

/// <summary>Options of the steady-state criterion (see <see cref="DcPolarization.Steps"/>).</summary>
public sealed record SteadyStateOptions
{
    /// <summary>Fraction of each step, at its end, averaged for the steady-state current (default 0.1: the last 60 s of 600 s).</summary>
    public double WindowFraction { get; init; } = 0.1;
    /// <summary>Steady if the current changes by less than this fraction of its mean across the window (linear-trend estimate).</summary>
    public double MaxRelativeDrift { get; init; } = 0.01;
    /// <summary>A new step starts where the voltage moves by more than this from the running step's first sample (V).</summary>
    public double StepDetectionV { get; init; } = 0.02;
}

/// <summary>
/// DC polarization of ion-blocking cells (paper Fig 2h: [SUS | composite cathode | SUS], 0.1-0.5 V in 0.1 V steps of
/// 600 s): the ionic current decays as the blocking electrodes polarize (a capacitive transient), so the steady-state
/// current is electronic, I = V/R_e. The effective electronic conductivity follows from the I-V slope, thickness and area:
/// σ_e = L/(R_e A). The ionic counterpart comes from the electron-blocking cell's spectrum (Fig 2g) through the same
/// geometric relation σ_ion = L/(R_ion A).
/// </summary>
public static class DcPolarization
{
    /// <summary>
    /// Splits the record into potentiostatic steps (a new step where the voltage leaves the step's first value by more
    /// than <see cref="SteadyStateOptions.StepDetectionV"/>) and takes each step's steady-state current.
    /// <para>Steady-state criterion: the mean current over the final WindowFraction of the step (at least 3 samples);
    /// the step is steady when the linear trend over that window changes the current by less than MaxRelativeDrift of
    /// its mean (|slope|·window/|mean| &lt; 1 % by default).</para>
    /// </summary>
    public static PolarizationStep[] Steps(ChronoamperometryRecord record, SteadyStateOptions? options = null)
    {
        options ??= new SteadyStateOptions();
        if (record.Count < 3) throw new InvalidInputException($"chronoamperometry needs at least 3 samples, found {record.Count}", record.SourceName);
        var steps = new List<PolarizationStep>();
        int start = 0;
        for (int i = 1; i <= record.Count; i++)
        {
            bool end = i == record.Count || Math.Abs(record.VoltageV[i] - record.VoltageV[start]) > options.StepDetectionV;
            if (!end) continue;
            if (i - start >= 3) steps.Add(Step(record, start, i, options));
            start = i;
        }
        if (steps.Count == 0) throw new InvalidInputException("no potentiostatic step with at least 3 samples", record.SourceName, field: "steps");
        return steps.ToArray();
    }

    static PolarizationStep Step(ChronoamperometryRecord r, int from, int to, SteadyStateOptions o)
    {
        double t0 = r.TimeS[from], t1 = r.TimeS[to - 1];
        double tw = t1 - o.WindowFraction * (t1 - t0);
        int w0 = to - 1;
        while (w0 > from && r.TimeS[w0 - 1] >= tw) w0--;
        w0 = Math.Min(w0, to - 3);
        int n = to - w0;
        double mt = 0, mi = 0;
        for (int i = w0; i < to; i++) { mt += r.TimeS[i]; mi += r.CurrentA[i]; }
        mt /= n; mi /= n;
        double sxy = 0, sxx = 0, var = 0;
        for (int i = w0; i < to; i++)
        {
            double dt = r.TimeS[i] - mt, di = r.CurrentA[i] - mi;
            sxy += dt * di; sxx += dt * dt; var += di * di;
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        double drift = Math.Abs(slope) * (r.TimeS[to - 1] - r.TimeS[w0]) / Math.Max(Math.Abs(mi), double.Epsilon);
        double v = 0;
        for (int i = from; i < to; i++) v += r.VoltageV[i];
        return new PolarizationStep(v / (to - from), t0, t1, mi, Math.Sqrt(var / Math.Max(1, n - 1)), drift, drift < o.MaxRelativeDrift, n);
    }

    /// <summary>Fits I = V/R + I0 to the steady-state points of the steps.</summary>
    public static IvFit FitIv(IReadOnlyList<PolarizationStep> steps)
    {
        int n = steps.Count;
        if (n < 2) throw new InvalidInputException($"an I-V fit needs at least 2 steps, found {n}", field: "steps");
        double mv = steps.Average(s => s.VoltageV), mi = steps.Average(s => s.SteadyCurrentA);
        double sxy = 0, sxx = 0, syy = 0;
        foreach (var s in steps)
        {
            double dv = s.VoltageV - mv, di = s.SteadyCurrentA - mi;
            sxy += dv * di; sxx += dv * dv; syy += di * di;
        }
        if (sxx == 0) throw new InvalidInputException("all steps have the same voltage: no I-V slope", field: "steps");
        double slope = sxy / sxx, intercept = mi - slope * mv;
        double sse = Math.Max(0, syy - slope * sxy);
        double slopeSe = n > 2 ? Math.Sqrt(sse / (n - 2) / sxx) : double.NaN;
        double r = 1 / slope;
        return new IvFit(steps.ToArray(), slope, intercept, r, Math.Abs(slopeSe / (slope * slope)), syy > 0 ? 1 - sse / syy : 1);
    }

    /// <summary>Steps plus I-V fit in one call.</summary>
    public static IvFit Analyse(ChronoamperometryRecord record, SteadyStateOptions? options = null) => FitIv(Steps(record, options));

    /// <summary>σ = L/(R A) in S/cm from a resistance (ohm), thickness (µm) and area (cm²).</summary>
    public static double ConductivitySPerCm(double resistanceOhm, double thicknessUm, double areaCm2)
    {
        InvalidInputException.Require(resistanceOhm > 0, "resistanceOhm", "resistance must be positive");
        InvalidInputException.Require(thicknessUm > 0, "thicknessUm", "thickness must be positive (µm)");
        InvalidInputException.Require(areaCm2 > 0, "areaCm2", "area must be positive (cm²)");
        return thicknessUm * 1e-4 / (resistanceOhm * areaCm2);
    }

    /// <summary>Effective electronic conductivity (S/cm) of an ion-blocking cell from its I-V fit.</summary>
    public static double ElectronicConductivitySPerCm(IvFit fit, double thicknessUm, double areaCm2) =>
        ConductivitySPerCm(fit.ResistanceOhm, thicknessUm, areaCm2);

    /// <summary>
    /// Ionic resistance (ohm) of a composite electrode from an electron-blocking cell's spectrum: fits the electron-blocking
    /// two-rail line (<see cref="ElectronBlockingCell.CircuitText"/>, element TLEB) with the separator resistance held at the
    /// reference value. Thin wrapper of <see cref="ConductivityCells.IonicConductivity"/> (thickness and area do not enter R_ion).
    /// </summary>
    /// <param name="spectrum">the electron-blocking cell's spectrum</param>
    /// <param name="separatorResistanceOhm">separator resistance from a reference measurement, ohm</param>
    public static (double IonicResistanceOhm, CircuitFitResult Fit) IonicResistanceFromTransmissionLine(ImpedanceSpectrum spectrum, double separatorResistanceOhm = 0)
    {
        var r = ConductivityCells.IonicConductivity(spectrum, 1, 1, separatorResistanceOhm);
        return (r.RIonOhm, r.Fit);
    }

    /// <summary>
    /// Ionic resistance (ohm) from a cell whose composite layer is an ionic resistor between ion-reversible contacts
    /// (paper Fig 2g: Li | Li6PS5Cl | composite | Li6PS5Cl | Li): the real-axis resistance at the low-frequency end of the
    /// bulk arc (Re Z at the first local minimum of −Z'' after the highest-frequency apex), minus the separator resistance measured alone.
    /// </summary>
    public static double IonicResistanceFromLowFrequencyIntercept(ImpedanceSpectrum spectrum, double separatorResistanceOhm = 0)
    {
        var idx = Enumerable.Range(0, spectrum.Count).OrderByDescending(i => spectrum.FrequencyHz[i]).ToArray();
        var mz = idx.Select(i => -spectrum.ImpedanceOhm[i].Imaginary).ToArray();
        // From high to low frequency: the first local maximum of −Z'' is the bulk arc's apex, the next local minimum
        // the point where that arc meets the real axis (or the next process begins).
        int apex = 0;
        while (apex + 1 < mz.Length && !(mz[apex] > 0 && mz[apex + 1] < mz[apex])) apex++;
        int best = apex;
        while (best + 1 < mz.Length && mz[best + 1] <= mz[best]) best++;
        double r = spectrum.ImpedanceOhm[idx[best]].Real - separatorResistanceOhm;
        if (!(r > 0)) throw new InvalidInputException($"low-frequency intercept {spectrum.ImpedanceOhm[idx[best]].Real:G4} ohm is not above the separator resistance {separatorResistanceOhm:G4} ohm", spectrum.SourceName);
        return r;
    }

    /// <summary>Effective ionic conductivity (S/cm) from an ionic resistance, thickness and area.</summary>
    public static double IonicConductivitySPerCm(double ionicResistanceOhm, double thicknessUm, double areaCm2) =>
        ConductivitySPerCm(ionicResistanceOhm, thicknessUm, areaCm2);

    // ---------------------------------------------------------------- files

    /// <summary>
    /// Reads a chronoamperometry record: delimited text with a header (time column time/s, time_s, t (s); voltage column
    /// Ewe/V, voltage_v, potential; current column I/mA or &lt;I&gt;/mA in mA, otherwise A: current_a, I/A), an EC-Lab .mpt
    /// export ("Nb header lines : N", tab columns) or a Gamry .DTA (the CURVE table: T in s, Vf in V, Im in A).
    /// </summary>
    public static ChronoamperometryRecord ReadChronoamperometry(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var lines = IO.ImpedanceFiles.DecodeText(File.ReadAllBytes(path)).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        int h = 0;
        bool gamry = false;
        if (lines.Length > 1 && lines[0].StartsWith("EC-Lab ASCII FILE", StringComparison.OrdinalIgnoreCase)
            && lines[1].StartsWith("Nb header lines", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(lines[1].Split(':').Last().Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int nh) || nh < 2 || nh > lines.Length)
                throw new InvalidInputException("expected 'Nb header lines : N'", path, 2);
            h = nh - 1;
        }
        else if (lines.Length > 0 && lines[0].StartsWith("EXPLAIN", StringComparison.Ordinal))
        {
            h = Array.FindIndex(lines, l => l.StartsWith("CURVE", StringComparison.Ordinal) && l.Contains("TABLE"));
            if (h < 0) throw new InvalidInputException("Gamry file without a CURVE table (not a chronoamperometry?)", path);
            h++; // column names follow; a unit line follows them
            gamry = true;
        }
        else
            while (h < lines.Length && (lines[h].Trim().Length == 0 || lines[h].TrimStart().StartsWith('#'))) h++;
        if (h >= lines.Length) throw new InvalidInputException("empty file", path);
        char d = lines[h].Contains('\t') ? '\t' : lines[h].Contains(';') ? ';' : ',';
        var header = lines[h].Trim('\t').Split(d).Select(x => x.Trim().Trim('"')).ToArray();
        int ti = -1, vi = -1, ii = -1; double scale = 1;
        for (int k = 0; k < header.Length; k++)
        {
            var n = header[k].ToLowerInvariant().Replace(" ", "");
            if (ti < 0 && (n.StartsWith("time") || n.StartsWith("t/s") || n.StartsWith("t(s") || (gamry && n == "t"))) ti = k;
            else if (vi < 0 && (n.StartsWith("ewe") || n.StartsWith("<ewe>") || n.StartsWith("voltage") || n.StartsWith("potential") || n.StartsWith("e/v") || n.StartsWith("v/v") || (gamry && n == "vf"))) vi = k;
            else if (ii < 0 && (n.StartsWith("i/ma") || n.StartsWith("<i>/ma") || n.StartsWith("current_ma") || n.StartsWith("current(ma"))) { ii = k; scale = 1e-3; }
            else if (ii < 0 && (n.StartsWith("current") || n.StartsWith("i/a") || n.StartsWith("<i>/a") || (gamry && n == "im"))) ii = k;
        }
        string cols = string.Join(", ", header);
        if (ti < 0) throw new InvalidInputException($"no time column; header has [{cols}]", path, h + 1);
        if (vi < 0) throw new InvalidInputException($"no voltage column; header has [{cols}]", path, h + 1);
        if (ii < 0) throw new InvalidInputException($"no current column; header has [{cols}]", path, h + 1);
        var t = new List<double>(); var v = new List<double>(); var c = new List<double>();
        for (int l = h + 1 + (gamry ? 1 : 0); l < lines.Length; l++)
        {
            if (lines[l].Trim().Length == 0) continue;
            if (gamry && !lines[l].StartsWith('\t')) break; // the next Gamry block
            var f = lines[l].Trim('\t').Split(d);
            double P(int k, string name)
            {
                if (k >= f.Length || !double.TryParse(f[k].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                    throw new InvalidInputException($"expected a finite number in column '{name}'", path, l + 1, name);
                return x;
            }
            double tt = P(ti, header[ti]);
            if (t.Count > 0 && tt <= t[^1]) throw new InvalidInputException($"time must increase: {tt} s after {t[^1]} s", path, l + 1, header[ti]);
            t.Add(tt); v.Add(P(vi, header[vi])); c.Add(P(ii, header[ii]) * scale);
        }
        if (t.Count == 0) throw new InvalidInputException("no data rows after the header", path, h + 1);
        return new ChronoamperometryRecord(t.ToArray(), v.ToArray(), c.ToArray(), path);
    }

    /// <summary>Writes time_s,voltage_v,current_a CSV (round-trip precision) with an optional provenance sidecar.</summary>
    public static void WriteChronoamperometry(ChronoamperometryRecord r, string path, IO.ImpedanceProvenance? provenance = null)
    {
        var sb = new StringBuilder("time_s,voltage_v,current_a\n");
        for (int i = 0; i < r.Count; i++)
            sb.Append(r.TimeS[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(r.VoltageV[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
              .Append(r.CurrentA[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(path, sb.ToString());
        if (provenance is not null) WriteChronoamperometrySidecar(path, Path.GetFileName(path), provenance);
    }

    /// <summary>Writes the provenance sidecar of a chronoamperometry file (FILE.provenance.json).</summary>
    internal static void WriteChronoamperometrySidecar(string path, string fileName, IO.ImpedanceProvenance provenance) =>
        File.WriteAllText(IO.ImpedanceFiles.SidecarPath(path), System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["file"] = fileName, ["generator"] = provenance.Generator, ["parameters"] = provenance.Parameters,
            ["seed"] = provenance.Seed, ["noise_model"] = provenance.NoiseModel, ["note"] = provenance.Note,
            ["kit_version"] = IO.ImpedanceFiles.KitVersion,
        }, IO.ImpedanceFiles.SidecarJson) + "\n");
}

/// <summary>
/// Forward model of an ion-blocking DC polarization record. Each step from V_{k−1} to V_k gives
/// I(t) = V_k/R_e + (V_k − V_{k−1})/R_ion · exp(−(t − t_k)/τ), τ = R_ion C_dl: the electronic current is immediate and
/// constant, the ionic current charges the blocking double layers and decays (a Debye-type transient; Hebb-Wagner
/// polarization without the slow stoichiometric relaxation). Noise: Gaussian with σ = RelativeNoise·|I| + AbsoluteNoiseA,
/// from <see cref="SplitMix64"/> with the given seed.
/// </summary>
public static class ChronoamperometrySynthesis
{
    /// <summary>The paper's protocol (Fig 2h): 0.1-0.5 V in 0.1 V steps, 600 s each.</summary>
    public static double[] PaperStepVoltagesV => [0.1, 0.2, 0.3, 0.4, 0.5];

    public static ChronoamperometryRecord Generate(
        double electronicResistanceOhm, double ionicResistanceOhm, double doubleLayerCapacitanceF,
        double[]? stepVoltagesV = null, double stepDurationS = 600, double sampleIntervalS = 1,
        double relativeNoise = 0, double absoluteNoiseA = 0, ulong seed = 1)
    {
        stepVoltagesV ??= PaperStepVoltagesV;
        InvalidInputException.Require(electronicResistanceOhm > 0, "electronicResistanceOhm", "must be positive");
        InvalidInputException.Require(sampleIntervalS > 0 && stepDurationS >= 3 * sampleIntervalS, "sampleIntervalS", "need at least 3 samples per step");
        double tau = ionicResistanceOhm * doubleLayerCapacitanceF;
        var rng = new SplitMix64(seed);
        int per = (int)Math.Round(stepDurationS / sampleIntervalS);
        var t = new List<double>(); var v = new List<double>(); var c = new List<double>();
        double prev = 0;
        for (int k = 0; k < stepVoltagesV.Length; k++)
        {
            double vk = stepVoltagesV[k];
            for (int j = 1; j <= per; j++)
            {
                double local = j * sampleIntervalS;
                double i = vk / electronicResistanceOhm;
                if (ionicResistanceOhm > 0 && tau > 0) i += (vk - prev) / ionicResistanceOhm * Math.Exp(-local / tau);
                double sigma = relativeNoise * Math.Abs(i) + absoluteNoiseA;
                if (sigma > 0) i += sigma * rng.NextGaussian();
                t.Add(k * stepDurationS + local); v.Add(vk); c.Add(i);
            }
            prev = vk;
        }
        return new ChronoamperometryRecord(t.ToArray(), v.ToArray(), c.ToArray(),
            $"synthetic DC polarization: R_e={electronicResistanceOhm} ohm, R_ion={ionicResistanceOhm} ohm, C_dl={doubleLayerCapacitanceF} F, seed {seed}");
    }
}
