using System.Globalization;
using ResearchKit.Cycling;
using ResearchKit.Cycling.IO;
using ResearchKit.Diffraction.Fitting;
using ResearchKit.Diffraction.IO;

namespace ResearchKit.Diffraction;

/// <summary>
/// Lattice parameters against the fraction x of the first-charge capacity (x = 0 pristine, 1 top of charge), shaped like
/// the paper's Fig 4d: a(x) = a0 (1 + ΔA (1 − (1 − x)²)) contracts and flattens; c rises as
/// c0 (1 + E (1 − (1 − min(x/x_c, 1))²)) and collapses by the factor (1 − K G(x)), G a logistic step centred at x_c
/// with width w, normalised to 0 at x = 0 and 1 at x = 1 (the H2-H3 transition). Discharge retraces the same curves in x.
/// </summary>
public sealed record LatticeCurve(double A0, double C0, double AChange, double CExpansion, double CCollapse, double XCollapse = 0.80, double CollapseWidth = 0.03)
{
    /// <summary>
    /// NCWA: a −2.0 %, c collapse −4.6 % (Fig 4d text), volume −6.5 % at the top of charge (Fig 4e text); the expansion E = 2.05 %
    /// follows from those three: (1 − 0.020)²(1 + E)(1 − 0.046) = 1 − 0.065.
    /// </summary>
    public static LatticeCurve Ncwa { get; } = new(2.870, 14.19, -0.020, 0.0205, 0.046);
    /// <summary>NCM: a −2.0 %, c −2.8 %, V −4.8 % (Fig 4d-e text), hence E = 1.98 %.</summary>
    public static LatticeCurve Ncm { get; } = new(2.872, 14.20, -0.020, 0.0198, 0.028);

    public double A(double x) { x = Math.Clamp(x, 0, 1); return A0 * (1 + AChange * (1 - (1 - x) * (1 - x))); }
    public double C(double x)
    {
        x = Math.Clamp(x, 0, 1);
        double u = Math.Min(x / XCollapse, 1);
        double g(double t) => 1 / (1 + Math.Exp(-(t - XCollapse) / CollapseWidth));
        double G = (g(x) - g(0)) / (g(1) - g(0));
        return C0 * (1 + CExpansion * (1 - (1 - u) * (1 - u))) * (1 - CCollapse * G);
    }
}

/// <summary>
/// Half-cell voltage of a Ni-rich layered cathode on the first cycle (synthetic, shaped like the paper's Fig 4a): charge
/// voltage piecewise linear in x through knots with the H2-H3 plateau at 4.15-4.2 V; discharge 60 mV lower with a
/// steep fall to 2.7 V as x approaches its end value 1 − ICE.
/// </summary>
public static class FirstCycleVoltage
{
    static readonly (double X, double V)[] Knots =
        [(0, 3.45), (0.03, 3.62), (0.10, 3.68), (0.30, 3.75), (0.50, 3.88), (0.62, 4.00), (0.70, 4.12), (0.75, 4.15), (0.85, 4.20), (0.95, 4.23), (1.0, 4.30)];

    public static double Charge(double x)
    {
        x = Math.Clamp(x, 0, 1);
        for (int i = 1; i < Knots.Length; i++)
            if (x <= Knots[i].X) return Knots[i - 1].V + (Knots[i].V - Knots[i - 1].V) * (x - Knots[i - 1].X) / (Knots[i].X - Knots[i - 1].X);
        return Knots[^1].V;
    }

    public static double Discharge(double x, double xEnd) => Math.Max(2.7, Charge(x) - 0.06 - 1.4 * Math.Exp(-(x - xEnd) / 0.012));
}

/// <summary>Specification of a synthetic operando XRD series of one material on its first cycle.</summary>
public sealed record OperandoSeriesSpec
{
    public required string Material { get; init; }
    public required LayeredOxide Structure { get; init; }
    public required LatticeCurve Lattice { get; init; }
    /// <summary>Specific first-charge and first-discharge capacities (mAh/g).</summary>
    public required double ChargeCapacityMAhPerG { get; init; }
    public required double DischargeCapacityMAhPerG { get; init; }
    public double MassMg { get; init; } = 10;
    /// <summary>C-rate of the operando run with 1 C = 200 mA/g (the paper's operando cells ran at 0.05 C, Fig 4f text).</summary>
    public double CRate { get; init; } = 0.05;
    public int Patterns { get; init; } = 32;
    public double TwoThetaMinDeg { get; init; } = 15;
    public double TwoThetaMaxDeg { get; init; } = 70;
    public double StepDeg { get; init; } = 0.02;
    public double StrongestCounts { get; init; } = 1e4;
    public Instrument Instrument { get; init; } = new() { ZeroDeg = 0.01 };
    /// <summary>Be window and Al foil areas relative to the strongest sample line.</summary>
    public double BerylliumScale { get; init; } = 0.6;
    public double AluminiumScale { get; init; } = 0.3;
    public ulong Seed { get; init; } = 2026;
    public int CyclerRecords { get; init; } = 400;
}

/// <summary>One pattern of a generated series: file, mid-acquisition time, x, voltage and the cell it was generated with.</summary>
public sealed record OperandoTruth(string File, double TimeS, double StateOfCharge, double VoltageV, double AAngstrom, double CAngstrom, double VolumeA3);

/// <summary>One refined pattern of an operando series.</summary>
public sealed record OperandoPoint(int Index, string File, double TimeH, double VoltageV, double CapacityMAh, double StateOfCharge,
    double AAngstrom, double CAngstrom, double VolumeA3, double AAngstromEsd, double CAngstromEsd, double VolumeA3Esd, double Rwp, bool Converged);

/// <summary>Relative lattice changes over the first charge, in %, as read from a series (the paper's Fig 4d-e quantities).</summary>
public sealed record LatticeChange(double AChangePct, double CExpansionPct, double CCollapsePct, double VolumeChangePct, double VoltageAtCMaxV)
{
    /// <summary>
    /// From charge-branch values: a and V change = (min − first)/first, c expansion = (max − first)/first, c collapse =
    /// (min after the maximum − max)/max, all in %.
    /// </summary>
    public static LatticeChange From(IReadOnlyList<double> a, IReadOnlyList<double> c, IReadOnlyList<double> v, IReadOnlyList<double> voltage)
    {
        int iMax = 0;
        for (int i = 1; i < c.Count; i++) if (c[i] > c[iMax]) iMax = i;
        double cMinAfter = c.Skip(iMax).Min();
        return new LatticeChange(100 * (a.Min() - a[0]) / a[0], 100 * (c[iMax] - c[0]) / c[0], 100 * (cMinAfter - c[iMax]) / c[iMax],
            100 * (v.Min() - v[0]) / v[0], voltage[iMax]);
    }
}

/// <summary>Refined series, its first-charge lattice change and the timing.</summary>
public sealed record OperandoResult(IReadOnlyList<OperandoPoint> Points, LatticeChange Change, int ChargePoints, double Seconds, bool Converged);

/// <summary>Intensity map (counts) against 2θ (columns) and time (rows), with the voltage at each row (Fig 4c).</summary>
public sealed record OperandoContour(double[] TwoThetaDeg, double[] TimeH, double[] VoltageV, double[][] Intensity);

/// <summary>Operando series: forward generation of pattern files and a cycler file, and sequential Pawley refinement.</summary>
public static class OperandoSeries
{
    public const string GeneratorName = "ResearchKit.Diffraction.OperandoSeries";

    /// <summary>
    /// Writes the series into <paramref name="dir"/>: scan_NNN.xy (header "time_s", mid-acquisition time), cycler.mpt
    /// (EC-Lab text: first charge then discharge at constant current), series.provenance.json, and returns the truth
    /// table. Each pattern: the structure with a(x), c(x), Poisson noise (seed + index), Be and Al lines.
    /// </summary>
    public static IReadOnlyList<OperandoTruth> Write(string dir, OperandoSeriesSpec s)
    {
        InvalidInputException.Require(s.Patterns >= 4, "patterns", "expected at least 4 patterns");
        InvalidInputException.Require(s.DischargeCapacityMAhPerG > 0 && s.ChargeCapacityMAhPerG >= s.DischargeCapacityMAhPerG, "capacity", "expected charge >= discharge > 0");
        Directory.CreateDirectory(dir);
        double currentMA = s.CRate * 200 * s.MassMg / 1000;
        double qc = s.ChargeCapacityMAhPerG * s.MassMg / 1000, qd = s.DischargeCapacityMAhPerG * s.MassMg / 1000;
        double tc = qc / currentMA * 3600, td = qd / currentMA * 3600, total = tc + td;
        double xEnd = 1 - qd / qc;
        (double X, double V) State(double t) => t <= tc ? (t / tc, FirstCycleVoltage.Charge(t / tc)) : (1 - (t - tc) / td * (qd / qc), FirstCycleVoltage.Discharge(1 - (t - tc) / td * (qd / qc), xEnd));

        // Cycler file.
        int n = s.CyclerRecords;
        var time = new double[n + 1]; var volt = new double[n + 1]; var cur = new double[n + 1]; var dq = new double[n + 1]; var mode = new double[n + 1]; var ox = new double[n + 1];
        volt[0] = FirstCycleVoltage.Charge(0); mode[0] = 3; ox[0] = 1;
        for (int i = 1; i <= n; i++)
        {
            double t = total * i / n;
            time[i] = t;
            bool charge = t <= tc + 1e-9;
            double tPrev = time[i - 1];
            cur[i] = charge ? currentMA : -currentMA;
            dq[i] = cur[i] * (t - tPrev) / 3600;
            volt[i] = State(t).V; mode[i] = 1; ox[i] = charge ? 1 : 0;
        }
        var parameters = new Dictionary<string, string>
        {
            ["material"] = s.Material,
            ["lattice_curve"] = s.Lattice.ToString(),
            ["charge_capacity_mah_per_g"] = s.ChargeCapacityMAhPerG.ToString("R", CultureInfo.InvariantCulture),
            ["discharge_capacity_mah_per_g"] = s.DischargeCapacityMAhPerG.ToString("R", CultureInfo.InvariantCulture),
            ["mass_mg"] = s.MassMg.ToString("R", CultureInfo.InvariantCulture),
            ["c_rate"] = s.CRate.ToString("R", CultureInfo.InvariantCulture),
            ["patterns"] = s.Patterns.ToString(CultureInfo.InvariantCulture),
            ["two_theta"] = FormattableString.Invariant($"{s.TwoThetaMinDeg}:{s.TwoThetaMaxDeg}:{s.StepDeg}"),
            ["strongest_counts"] = s.StrongestCounts.ToString("R", CultureInfo.InvariantCulture),
            ["instrument"] = s.Instrument.ToString(),
            ["stationary"] = FormattableString.Invariant($"Be window x{s.BerylliumScale}, Al foil (220),(311) x{s.AluminiumScale}"),
        };
        var prov = new CyclingProvenance(GeneratorName, parameters, s.Seed);
        EcLabMptWriter.Write(Path.Combine(dir, "cycler.mpt"), [("mode", mode), ("ox/red", ox), ("time/s", time), ("Ewe/V", volt), ("I/mA", cur), ("dq/mA.h", dq)], prov);

        var truth = new List<OperandoTruth>();
        for (int k = 0; k < s.Patterns; k++)
        {
            double t = total * (k + 0.5) / s.Patterns;
            var (x, v) = State(t);
            double a = s.Lattice.A(x), c = s.Lattice.C(x);
            var st = s.Structure with { Cell = new HexagonalCell(a, c) };
            var sim = PowderSimulator.Simulate(st, s.Instrument, new SimulationOptions
            {
                TwoThetaMinDeg = s.TwoThetaMinDeg, TwoThetaMaxDeg = s.TwoThetaMaxDeg, StepDeg = s.StepDeg, StrongestCounts = s.StrongestCounts,
                Stationary = [(StationaryPhase.BerylliumWindow, s.BerylliumScale), (StationaryPhase.AluminiumFoil, s.AluminiumScale)],
            });
            var noisy = PowderSimulator.WithPoissonNoise(sim.Pattern, s.Seed + (ulong)k);
            var file = $"scan_{k:D3}.xy";
            var meta = new Dictionary<string, string>
            {
                ["time_s"] = t.ToString("R", CultureInfo.InvariantCulture),
                ["wavelength"] = s.Instrument.WavelengthAngstrom.ToString("R", CultureInfo.InvariantCulture),
                ["note"] = "synthetic (ResearchKit forward model), not a measurement",
            };
            XyFormat.Write(Path.Combine(dir, file), noisy with { Metadata = meta }, null, withEsd: false);
            truth.Add(new OperandoTruth(file, t, x, v, a, c, st.Cell.VolumeA3));
        }
        File.WriteAllText(Path.Combine(dir, "series.provenance.json"), prov.ToJson());
        using (var w = new StreamWriter(Path.Combine(dir, "truth.csv")))
        {
            w.WriteLine("file,time_s,state_of_charge,voltage_v,a_angstrom,c_angstrom,volume_a3");
            foreach (var r in truth) w.WriteLine(FormattableString.Invariant($"{r.File},{r.TimeS:R},{r.StateOfCharge:R},{r.VoltageV:R},{r.AAngstrom:R},{r.CAngstrom:R},{r.VolumeA3:R}"));
        }
        return truth;
    }

    /// <summary>The pattern files of a series folder (readable extensions, sorted by name; sidecars and the cycler file left out).</summary>
    public static IReadOnlyList<string> PatternPaths(string dir)
    {
        if (!Directory.Exists(dir)) throw new InvalidInputException("directory not found", dir);
        var list = Directory.GetFiles(dir).Where(f => PatternFiles.Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()) && !Path.GetFileName(f).StartsWith("cycler", StringComparison.OrdinalIgnoreCase)
            && !Path.GetFileName(f).Equals("truth.csv", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (list.Count == 0) throw new InvalidInputException($"no pattern files ({string.Join(", ", PatternFiles.Extensions)}) in the directory", dir);
        return list;
    }

    /// <summary>Mid-acquisition time (s) of a pattern from its "time_s" header item.</summary>
    public static double TimeOf(PowderPattern p)
    {
        if (!p.Metadata.TryGetValue("time_s", out var s) || !PatternFiles.TryNumber(s, out var t))
            throw new InvalidInputException("no 'time_s' header item (mid-acquisition time in seconds, e.g. '# time_s: 1234.5')", p.SourceName, field: "time_s");
        return t;
    }

    /// <summary>
    /// Sequential Pawley refinement of every pattern in <paramref name="dir"/>: the first from <paramref name="options"/>
    /// (coarse search ±5 %), each next seeded by the previous cell, zero and profile with a ±2.5 % search. Voltage and net
    /// charge at each pattern's time are interpolated from the cycler file (any format CyclerFiles reads); state of charge
    /// = net charge / its maximum. Patterns are read and refined in parallel chunks only through their seeds' order, so the
    /// result does not depend on the thread count (the refinement itself is sequential).
    /// </summary>
    public static OperandoResult Refine(string dir, string cyclerPath, PawleyOptions? options = null, Action<string>? progress = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var o = options ?? new PawleyOptions { ModelStationary = [StationaryPhase.BerylliumWindow, StationaryPhase.AluminiumFoil] };
        var paths = PatternPaths(dir);
        var cyc = CyclerFiles.Read(cyclerPath, CellMode.Cathode);
        var q = new double[cyc.Count];
        for (int i = 1; i < cyc.Count; i++) q[i] = q[i - 1] + cyc.ChargeIncrementMAh[i] * cyc.ChargeSign;
        double qMax = Math.Max(q.Max(), 1e-12);
        var patterns = new PowderPattern[paths.Count];
        Parallel.For(0, paths.Count, i => patterns[i] = PatternFiles.Read(paths[i]));
        var points = new List<OperandoPoint>();
        PawleyResult? prev = null;
        for (int k = 0; k < patterns.Length; k++)
        {
            var p = patterns[k];
            double t = TimeOf(p);
            var opt = prev is null ? o : o with { A0 = prev.AAngstrom, C0 = prev.CAngstrom, Instrument = prev.Instrument, SearchFraction = Math.Min(o.SearchFraction, 0.025) };
            var r = PawleyRefinement.Refine(p, opt);
            double v = Interp(cyc.TimeS, cyc.VoltageV, t), qt = Interp(cyc.TimeS, q, t);
            points.Add(new OperandoPoint(k, Path.GetFileName(paths[k]), t / 3600, v, qt, qt / qMax, r.AAngstrom, r.CAngstrom, r.VolumeA3,
                r.AAngstromEsd, r.CAngstromEsd, r.VolumeA3Esd, r.Rwp, r.Converged));
            progress?.Invoke(FormattableString.Invariant($"{Path.GetFileName(paths[k])}: {v:F3} V, a {r.AAngstrom:F5}, c {r.CAngstrom:F5}, Rwp {r.Rwp:F4}"));
            prev = r;
        }
        // Charge branch: up to the highest state of charge.
        int top = 0;
        for (int i = 1; i < points.Count; i++) if (points[i].StateOfCharge > points[top].StateOfCharge) top = i;
        var ch = points.Take(top + 1).ToList();
        var change = LatticeChange.From(ch.Select(x => x.AAngstrom).ToList(), ch.Select(x => x.CAngstrom).ToList(), ch.Select(x => x.VolumeA3).ToList(), ch.Select(x => x.VoltageV).ToList());
        return new OperandoResult(points, change, ch.Count, sw.Elapsed.TotalSeconds, points.All(x => x.Converged));
    }

    /// <summary>Intensity map of a series over [lo, hi] deg 2θ (rows in file order), with time and voltage per row.</summary>
    public static OperandoContour Contour(string dir, string cyclerPath, double loDeg, double hiDeg)
    {
        var paths = PatternPaths(dir);
        var cyc = CyclerFiles.Read(cyclerPath, CellMode.Cathode);
        var rows = paths.Select(PatternFiles.Read).Select(p => p.Slice(loDeg, hiDeg)).ToList();
        var x = rows[0].TwoThetaDeg;
        var inten = rows.Select(r => x.Select(xx => Interp(r.TwoThetaDeg, r.Counts, xx)).ToArray()).ToArray();
        var t = rows.Select(TimeOf).ToArray();
        return new OperandoContour(x, t.Select(v => v / 3600).ToArray(), t.Select(v => Interp(cyc.TimeS, cyc.VoltageV, v)).ToArray(), inten);
    }

    internal static double Interp(double[] x, double[] y, double v)
    {
        if (v <= x[0]) return y[0];
        if (v >= x[^1]) return y[^1];
        int i = PowderSimulator.LowerBound(x, v);
        double f = (v - x[i - 1]) / (x[i] - x[i - 1]);
        return y[i - 1] + f * (y[i] - y[i - 1]);
    }
}
