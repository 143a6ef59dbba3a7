namespace ResearchKit.Electrochemistry;

/// <summary>One row of data/materials/cell-model.csv: a parameter with its unit, source and status (paper, literature, derived, calibrated, assumed).</summary>
public sealed record CellModelParameter(string Material, string Quantity, string Value, string Unit, string Source, string Status, string Note);

/// <summary>A validation case of the cell model: the known answer, the model's value and their relative difference.</summary>
public sealed record CellModelCheck(string Case, double Exact, double Computed)
{
    public double RelativeError => (Computed - Exact) / Exact;
}

/// <summary>One point of a resolution study: capacity of one discharge at a given number of cells, shells and voltage tolerance.</summary>
public sealed record CellConvergencePoint(string Axis, int Cells, int Shells, double VoltageToleranceV, double DischargeMAhPerG, int Steps, double Seconds);

/// <summary>
/// Known-answer checks of the cell model (conservation, ideal limit, Crank sphere, Newman-Tobias distribution) and a resolution study,
/// shared by the unit tests and notebooks/cell-model-explained.ipynb so that both run the same calls.
/// </summary>
public static class CellModelValidation
{
    const double Faraday = 96485.33212, Gas = 8.314462618;

    /// <summary>The parameter table with sources (data/materials/cell-model.csv, embedded).</summary>
    public static IReadOnlyList<CellModelParameter> ParameterTable()
    {
        var t = CsvTable.Parse(EmbeddedData.Read("materials", "cell-model.csv"), CellModelDefaults.SourceName, ["material", "quantity", "value", "unit", "source", "status", "note"]);
        return t.Rows.Select(r => new CellModelParameter(r.Text("material"), r.Text("quantity"), r.Text("value"), r.Text("unit"), r.Text("source"), r.Text("status"), r.Text("note"))).ToList();
    }

    /// <summary>
    /// A small cell on fixed microstructure inputs (60 um, CAM fraction 0.6, sigma_ion = sigma, sigma_e = 2 sigma, contact area 0.3 /um;
    /// one NCWA species in two size classes, 3 and 6 um radius), all other values from cell-model.csv: fast enough for tests and notebooks.
    /// </summary>
    public static CellParameters SmallCell(double diffusivityM2PerS = 4e-15, double kineticsFactor = 1, double sigmaSPerCm = 1e-3, double initialCoulombicEfficiency = 1.0, int cells = 20)
    {
        IReadOnlyList<SizeClass> classes = [new SizeClass(3, 0.5), new SizeClass(6, 0.5)];
        return CellModelDefaults.ForBlend(1.0, new CathodeMicrostructure(60, 0.6, sigmaSPerCm, 2 * sigmaSPerCm, 0.3), classes, [], 4.75, 4.8) with
        {
            Species = [new ActiveMaterial("NCWA", 1, 4.75, 218.3, initialCoulombicEfficiency, diffusivityM2PerS, classes)],
            KineticsFactor = kineticsFactor, Cells = cells, Shells = 10,
        };
    }

    /// <summary>The conservation protocol: CC charge, CV, rest, CC discharge, rest (every step kind).</summary>
    public const string ConservationProtocolText = "charge 1C to 4.3V\ncv 4.3V until 0.1C\nrest 10min\ndischarge 1C to 2.7V\nrest 5min";

    /// <summary>Charge conservation on the small cell (ICE 0.9) through every step kind: the run's diagnostics.</summary>
    public static CellDiagnostics Conservation() =>
        CellModel.Run(SmallCell(initialCoulombicEfficiency: 0.9), Protocol.Parse(ConservationProtocolText)).Diagnostics;

    /// <summary>The ideal-limit cell: fast diffusion (1e-11 m2/s), kinetics x 1e4, sigma 10 S/cm, no CEI, no anode or separator resistance.</summary>
    public static CellParameters IdealCell() => SmallCell(diffusivityM2PerS: 1e-11, kineticsFactor: 1e4, sigmaSPerCm: 10) with
    {
        CeiResistanceOhmCm2 = 0, AnodeResistanceOhmCm2 = 0, SeparatorConductivitySPerCm = 1e3,
    };

    /// <summary>Ideal limit at 0.02 C: the run, discharge capacity over the window's theoretical capacity, and the largest deviation of the
    /// discharge voltage from U(theta_mean) - U_LTO for 0.1 &lt; theta_mean &lt; 0.9 (V) with the number of points compared.</summary>
    public static (CellRunResult Run, CellModelCheck Capacity, double MaxVoltageDeviationV, int Points) IdealLimit()
    {
        var p = IdealCell();
        var r = CellModel.Run(p, Protocol.Parse("charge 0.02C to 4.3V\ndischarge 0.02C to 2.7V"), SolverOptions.Default with { RecordIntervalS = 600 });
        double qMah = 0, cap = p.ReversibleCapacityMAhPerG * p.ActiveMassMg * 1e-3, maxDev = 0;
        int points = 0;
        for (int i = 0; i < r.TimeS.Length; i++)
        {
            if (r.CurrentMA[i] >= 0) continue;
            qMah -= r.ChargeIncrementMAh[i];
            double theta = qMah / cap;
            if (theta is < 0.1 or > 0.9) continue;
            maxDev = Math.Max(maxDev, Math.Abs(CellModel.OcvCellVoltage(p, theta) - r.VoltageV[i]));
            points++;
        }
        return (r, new CellModelCheck("ideal limit: discharge capacity [mAh/g]", p.ReversibleCapacityMAhPerG, r.Cycles[0].DischargeMAhPerG), maxDev, points);
    }

    /// <summary>
    /// One sphere (a = 1, D = 1, 20 shells) under constant inward flux F = 1, backward Euler with 4000 steps to tau: the surface increment
    /// against Crank's series (units F a / D), and the mean against 3 tau (exact conservation).
    /// </summary>
    public static (CellModelCheck Surface, CellModelCheck Mean) CrankSphere(double tau, int shells = 20, int steps = 4000)
    {
        var s = new SphericalDiffusion(1.0, 1.0, shells);
        var theta = new double[shells];
        double dt = tau / steps;
        for (int k = 0; k < steps; k++) s.Step(theta, dt, -1.0);
        return (new CellModelCheck($"Crank surface, tau = {tau}", SphericalDiffusion.CrankSurfaceIncrement(tau), s.Surface(theta, -1.0)),
                new CellModelCheck($"mean = 3 tau, tau = {tau}", 3 * tau, s.Mean(theta)));
    }

    /// <summary>
    /// Newman and Tobias (JES 109, 1183, 1962): linear kinetics and two ohmic phases in a porous electrode of thickness L. The
    /// overpotential is eta(x) = A cosh(kx) + B sinh(kx), k^2 = a i0 F/(RT) (1/kappa + 1/sigma), with eta'(0) = -I/sigma (current enters
    /// the solid at the collector) and eta'(L) = I/kappa; returns the reaction current at the cell centres normalised by its mean, and nu = kL.
    /// Units: a 1/m, i0 A/m2, kappa and sigma S/m, L m.
    /// </summary>
    public static (double[] Distribution, double Nu) NewmanTobias(double areaPerM, double exchangeCurrentAPerM2, double temperatureK, double kappaSPerM, double sigmaSPerM, double thicknessM, int cells)
    {
        double f = Faraday / (Gas * temperatureK);
        double k = Math.Sqrt(areaPerM * exchangeCurrentAPerM2 * f * (1 / kappaSPerM + 1 / sigmaSPerM)), nu = k * thicknessM;
        double b = -1 / (sigmaSPerM * k), a = (1 / (k * kappaSPerM) + Math.Cosh(nu) / (k * sigmaSPerM)) / Math.Sinh(nu);
        var eta = Enumerable.Range(0, cells).Select(i => { double x = (i + 0.5) * thicknessM / cells; return a * Math.Cosh(k * x) + b * Math.Sinh(k * x); }).ToArray();
        double mean = eta.Average();
        return (eta.Select(e => e / mean).ToArray(), nu);
    }

    /// <summary>The Newman-Tobias cell: small cell, kappa 7e-4 and sigma 3.5e-4 S/cm, no CEI, theta = 0.5, 40 cells, fast diffusion.</summary>
    public static CellParameters NewmanTobiasCell() => SmallCell(diffusivityM2PerS: 1e-9) with
    {
        Cathode = new CathodeMicrostructure(60, 0.6, 7e-4, 3.5e-4, 0.3), CeiResistanceOhmCm2 = 0, InitialTheta = 0.5, Cells = 40,
    };

    /// <summary>Model (first step at 1e-4 mA from rest) and analytic reaction distributions of <see cref="NewmanTobiasCell"/>, with nu.</summary>
    public static (double[] Model, double[] Exact, double Nu) ReactionDistribution()
    {
        var p = NewmanTobiasCell();
        var model = CellModel.InitialReactionDistribution(p, 1e-4);
        double x = p.Ocv.X(p.InitialTheta ?? 0.5);
        double i0 = p.KineticsFactor * p.RateConstant * Math.Sqrt(p.ReferenceConcentrationMolPerM3) * p.CMaxMolPerM3 * Math.Sqrt(x * (1 - x));
        var (exact, nu) = NewmanTobias(p.Cathode.ContactAreaPerVolumePerUm * 1e6, i0, p.TemperatureK, p.Cathode.SigmaIonEffSPerCm * 100,
            p.Cathode.SigmaElectronicEffSPerCm * 100, p.Cathode.ThicknessUm * 1e-6, p.Cells);
        return (model, exact, nu);
    }

    /// <summary>
    /// Resolution study on one charge and one discharge at <paramref name="cRate"/> (discharge capacity): cells in x at the given shells and
    /// tolerance, shells in r at the given cells, and the voltage error tolerance of the adaptive step (t). Deterministic; each point times itself.
    /// </summary>
    public static IReadOnlyList<CellConvergencePoint> Convergence(CellParameters p, double cRate, IReadOnlyList<int> cells, IReadOnlyList<int> shells,
        IReadOnlyList<double> voltageTolerancesV, int baseCells = 24, int baseShells = 12, double baseToleranceV = 5e-3)
    {
        var protocol = Protocol.Parse(Protocol.SingleCycleText(cRate));
        CellConvergencePoint Point(string axis, int n, int m, double tol)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var r = CellModel.Run(p with { Cells = n, Shells = m }, protocol, SolverOptions.Default with { VoltageToleranceV = tol });
            return new CellConvergencePoint(axis, n, m, tol, r.Cycles[^1].DischargeMAhPerG, r.Diagnostics.Steps, sw.Elapsed.TotalSeconds);
        }
        var points = new List<CellConvergencePoint>();
        points.AddRange(cells.Select(n => Point("x (cells)", n, baseShells, baseToleranceV)));
        points.AddRange(shells.Select(m => Point("r (shells)", baseCells, m, baseToleranceV)));
        points.AddRange(voltageTolerancesV.Select(t => Point("t (tolerance)", baseCells, baseShells, t)));
        return points;
    }

    /// <summary>Richardson estimate from the two finest points of the shell axis (second order: error ~ 1/shells^2, so halving dr quarters it).</summary>
    public static double ShellRichardson(IReadOnlyList<CellConvergencePoint> study)
    {
        var r = study.Where(p => p.Axis.StartsWith('r')).OrderBy(p => p.Shells).ToList();
        InvalidInputException.Require(r.Count >= 2 && r[^1].Shells == 2 * r[^2].Shells, "shells", "expected the finest two shell counts to differ by a factor 2");
        return r[^1].DischargeMAhPerG + (r[^1].DischargeMAhPerG - r[^2].DischargeMAhPerG) / 3;
    }

    /// <summary>(max - min) / max of the capacities along one axis of a study ("x", "r" or "t").</summary>
    public static double Spread(IReadOnlyList<CellConvergencePoint> study, string axis)
    {
        var c = study.Where(p => p.Axis.StartsWith(axis, StringComparison.Ordinal)).Select(p => p.DischargeMAhPerG).ToList();
        return (c.Max() - c.Min()) / c.Max();
    }
}
