namespace ResearchKit.Electrochemistry;

/// <summary>Summary of one cycle (a charge, with its CV, and the following discharge).</summary>
/// <param name="Cycle">1-based cycle number</param>
/// <param name="CRate">discharge rate of the cycle, C</param>
/// <param name="ChargeMAhPerG">charge capacity per gram of CAM</param>
/// <param name="DischargeMAhPerG">discharge capacity per gram of CAM</param>
/// <param name="CoulombicEfficiency">discharge / charge, fraction</param>
/// <param name="MeanDischargeVoltageV">energy / charge of the discharge, cell voltage (vs LTO), V</param>
public sealed record CycleSummary(int Cycle, double CRate, double ChargeMAhPerG, double DischargeMAhPerG, double CoulombicEfficiency, double MeanDischargeVoltageV);

/// <summary>Solver diagnostics of a run.</summary>
/// <param name="Converged">every step converged</param>
/// <param name="Steps">accepted time steps</param>
/// <param name="RejectedSteps">rejected (error control or Newton failure)</param>
/// <param name="NewtonIterations">global Newton iterations</param>
/// <param name="MaxResidualA">largest final current residual of a step, A/m2</param>
/// <param name="ChargePassedC">integral of the current, C (positive = net charge)</param>
/// <param name="LithiumExtractedC">lithium removed from the particles, C</param>
/// <param name="SideReactionC">parasitic charge, C</param>
/// <param name="ConservationRelativeError">|passed - extracted - side| / max(|passed| over the run, total charge throughput)</param>
public sealed record CellDiagnostics(bool Converged, int Steps, int RejectedSteps, int NewtonIterations, double MaxResidualA, double ChargePassedC,
    double LithiumExtractedC, double SideReactionC, double ConservationRelativeError, double ChargeThroughputC);

/// <summary>Time-stepping and recording options.</summary>
public sealed record SolverOptions
{
    /// <summary>Voltage error tolerance per step (difference from the linear predictor), V.</summary>
    public double VoltageToleranceV { get; init; } = 5e-3;
    /// <summary>Largest change of a surface lithiation fraction per step.</summary>
    public double MaxSurfaceChange { get; init; } = 0.02;
    /// <summary>Largest step as a fraction of one hour / C-rate (CC) or of the rest.</summary>
    public double MaxStepFraction { get; init; } = 0.04;
    /// <summary>Cutoff hit tolerance, V.</summary>
    public double CutoffToleranceV { get; init; } = 1e-4;
    /// <summary>Newton tolerance on the potentials, V.</summary>
    public double NewtonToleranceV { get; init; } = 1e-10;
    /// <summary>A record at least every this many seconds of test time.</summary>
    public double RecordIntervalS { get; init; } = 300;
    /// <summary>A record when the voltage moved by this much since the last record, V.</summary>
    public double RecordDeltaV { get; init; } = 0.02;
    /// <summary>
    /// Interface capacitances in the TIME domain (double layer C_dl, CEI film C_cei, LTO anode C_LTO), as the frequency-domain model has
    /// them. Off by default: then the interface is purely Faradaic + resistive and the old code path runs unchanged (the stored cycling
    /// files stay bit-identical); on for the small-sine validation of the impedance.
    /// </summary>
    public bool InterfaceCapacitance { get; init; }
    /// <summary>Frequencies of an <c>eis</c> protocol step, Hz (default 1 MHz to 1 mHz, 10 per decade: 91 points).</summary>
    public IReadOnlyList<double> ImpedanceFrequenciesHz { get; init; } = CellImpedance.LogFrequencies(1e6, 1e-3, 10);
    public static SolverOptions Default { get; } = new();
}

/// <summary>A simulated test: the records (as a cycler writes them), the cycle summaries and the diagnostics.</summary>
public sealed record CellRunResult(CellParameters Parameters, Protocol Protocol, double[] TimeS, double[] VoltageV, double[] CurrentMA, double[] ChargeIncrementMAh,
    byte[] Mode, int[] CycleNumber, IReadOnlyList<CycleSummary> Cycles, CellDiagnostics Diagnostics)
{
    /// <summary>Spectra of the protocol's <c>eis</c> steps, in order.</summary>
    public IReadOnlyList<CellSpectrum> Spectra { get; init; } = [];

    /// <summary>Retention: last discharge over the first discharge at the cycling rate (first cycle after formation), percent.</summary>
    public double RetentionPct(int formationCycles = 2)
    {
        if (Cycles.Count <= formationCycles) return double.NaN;
        return 100 * Cycles[^1].DischargeMAhPerG / Cycles[formationCycles].DischargeMAhPerG;
    }
}

/// <summary>
/// The cell model: composite cathode | SSE separator | LTO anode. Cathode through-thickness 1D finite volumes (x = 0 current collector,
/// x = L separator) for the electronic potential phi_s (sigma_e,eff) and the ionic potential phi_e (sigma_ion,eff) of a single-ion
/// conductor (t+ = 1: no salt concentration, Ohm's law in the SSE); Butler-Volmer (alpha = 0.5) per CAM size class on the CAM-SSE
/// contact area with a CEI resistance in series; spherical solid diffusion per class and finite volume; flat LTO with a lumped
/// resistance and an ohmic separator. Method of lines, backward Euler with error control; at each step the particles are eliminated
/// exactly (their BE update is linear in the surface flux), the local Butler-Volmer equations are solved per class, and Newton runs on
/// the two potentials with a banded (pentadiagonal) Jacobian that contains the exact Schur complement. Deterministic.
/// </summary>
/// <remarks>
/// Governing equations (Newman; single-ion form as in e.g. Bielefeld et al., ACS AMI 2020, for sulfide composites):
/// d i_s/dx = -J, d i_e/dx = J, i_s = -sigma_s dphi_s/dx, i_e = -kappa dphi_e/dx, J = sum_k a_k i_k,
/// i_k = 2 i0 sinh(F eta / 2RT), eta = phi_s - phi_e - U(theta_s) - i_k R_CEI, i0 = k c_ref^0.5 c_max sqrt(x(1-x)).
/// Boundary: i_s(0) = I, i_e(0) = 0, i_s(L) = 0, phi_e(L) = 0. Cell voltage V = phi_s(0) + I (R_sep + R_LTO) - U_LTO.
/// </remarks>
public static partial class CellModel
{
    const double Faraday = 96485.33212, Gas = 8.314462618;

    /// <summary>Runs a protocol from the pristine cell.</summary>
    public static CellRunResult Run(CellParameters p, Protocol protocol, SolverOptions? options = null, IProgress<string>? progress = null) =>
        TryRun(p, protocol, options, progress) is { } r && r.Diagnostics.Converged ? r
        : throw new InvalidOperationException("cell model did not converge");

    /// <summary>Runs a protocol; a result with Converged = false stops at the failing step.</summary>
    public static CellRunResult TryRun(CellParameters p, Protocol protocol, SolverOptions? options = null, IProgress<string>? progress = null)
    {
        p.Validate();
        var sim = new Simulator(p, options ?? SolverOptions.Default);
        sim.Execute(protocol, progress);
        return sim.Result(protocol);
    }

    /// <summary>
    /// Reaction current distribution J(x)/J_mean right after switching on a current density (one tiny step from rest): with small
    /// overpotentials and no diffusion limitation this is the Newman-Tobias distribution (tests).
    /// </summary>
    public static double[] InitialReactionDistribution(CellParameters p, double currentMA, double dtS = 1e-3)
    {
        p.Validate();
        var sim = new Simulator(p, SolverOptions.Default);
        return sim.ReactionDistribution(currentMA, dtS);
    }

    /// <summary>Open-circuit cell voltage of the pristine or a uniform state (tests): U_cat(theta) - U_LTO.</summary>
    public static double OcvCellVoltage(CellParameters p, double theta) => p.Ocv.Potential(theta) - p.AnodeOcvV;

    sealed class ClassInfo
    {
        public int Species;
        public double Eps, AGeo, AContact0, Qv;
        public required SphericalDiffusion Particle;
    }

    sealed partial class Simulator
    {
        readonly CellParameters _p;
        readonly SolverOptions _o;
        readonly int _n, _k, _nr;
        readonly double _h, _sigS, _kap, _f, _rExt, _area, _massG;
        // Time-domain interface capacitances (SolverOptions.InterfaceCapacitance): interface and film voltages per (cell, class), anode.
        readonly bool _cap;
        readonly double _rSep, _rAnode;
        readonly double[] _vInt, _vIntTrial, _vCei, _vCeiTrial;
        double _vAnode, _dtTrial = double.NaN;
        readonly List<CellSpectrum> _spectra = new();
        readonly ClassInfo[] _cls;
        double[] _theta, _thetaTrial;
        readonly double[] _thetaEnd; // end of the reversible window per (cell, class)
        readonly double[] _endDrop;  // OCV end-term amplitude per (cell, class), cached
        readonly double[] _ik, _ikTrial;   // intercalation current per contact area per (cell, class)
        readonly double[] _phi, _phiTrial; // [phi_s0, phi_e0, ...]
        readonly double[] _pSurf, _sSurf, _c0;
        readonly double[] _ceiExtra;       // added CEI resistance per class, ohm m2
        double _activeFraction = 1;  // mechanism 2: share of each class still in ionic contact (the rest is isolated)
        double _isolatedLithiumC;    // lithium left in isolated particles, C (whole cell)
        readonly BandedMatrix<double> _jac;
        readonly double[] _res;
        bool _formed;

        // Records.
        readonly List<double> _t = new(), _v = new(), _i = new(), _dq = new();
        readonly List<byte> _mode = new();
        readonly List<int> _cyc = new();
        readonly List<CycleSummary> _cycles = new();
        double _time, _qSinceRecord, _lastRecT, _lastRecV;
        int _cycle;
        double _cycCharge, _cycDischarge, _cycEnergy, _cycRate;
        bool _cycOpen;

        // Diagnostics.
        int _steps, _rejected, _newton;
        double _maxRes, _qPassed, _qSide, _throughput, _li0;
        bool _converged = true;

        public Simulator(CellParameters p, SolverOptions o)
        {
            _p = p; _o = o;
            _n = p.Cells; _nr = p.Shells;
            _h = p.Cathode.ThicknessUm * 1e-6 / _n;
            _sigS = p.Cathode.SigmaElectronicEffSPerCm * 100;
            _kap = p.Cathode.SigmaIonEffSPerCm * 100;
            _f = Faraday / (Gas * p.TemperatureK);
            _rExt = (p.SeparatorThicknessUm * 1e-4 / p.SeparatorConductivitySPerCm + p.AnodeResistanceOhmCm2) * 1e-4; // ohm m2
            _area = p.AreaCm2 * 1e-4;
            _massG = p.ActiveMassMg * 1e-3;
            // Species volume fractions from mass fractions and densities; classes split by volume share.
            double volSum = p.Species.Sum(s => s.MassFraction / s.DensityGPerCm3);
            var cls = new List<ClassInfo>();
            for (int si = 0; si < p.Species.Count; si++)
            {
                var s = p.Species[si];
                double epsS = p.Cathode.CamVolumeFraction * (s.MassFraction / s.DensityGPerCm3) / volSum;
                foreach (var c in s.Classes)
                {
                    double r = c.RadiusUm * 1e-6, eps = epsS * c.VolumeShare / s.Classes.Sum(q => q.VolumeShare);
                    cls.Add(new ClassInfo { Species = si, Eps = eps, AGeo = 3 * eps / r, Qv = s.ChargeDensityCPerM3, Particle = new SphericalDiffusion(r, s.DiffusivityM2PerS, _nr) });
                }
            }
            // The twin's contact area is shared among classes in proportion to their geometric area (3 eps / r).
            double aTwin = p.Cathode.ContactAreaPerVolumePerUm * 1e6, aGeoSum = cls.Sum(c => c.AGeo);
            foreach (var c in cls) c.AContact0 = aTwin * c.AGeo / aGeoSum;
            _cls = cls.ToArray();
            _k = _cls.Length;
            _theta = new double[_n * _k * _nr]; _thetaTrial = new double[_theta.Length];
            _thetaEnd = new double[_n * _k];
            _endDrop = new double[_n * _k];
            for (int i = 0; i < _n; i++)
                for (int k = 0; k < _k; k++)
                {
                    double th0 = 1.0 / p.Species[_cls[k].Species].InitialCoulombicEfficiency;
                    _thetaEnd[i * _k + k] = th0;
                    _theta.AsSpan((i * _k + k) * _nr, _nr).Fill(p.InitialTheta ?? th0);
                }
            RefreshEndDrop();
            _ik = new double[_n * _k]; _ikTrial = new double[_n * _k];
            _phi = new double[2 * _n]; _phiTrial = new double[2 * _n];
            double u0 = p.Ocv.Potential(_theta[0], _thetaEnd[0]);
            for (int i = 0; i < _n; i++) _phi[2 * i] = u0;
            _pSurf = new double[_n * _k]; _sSurf = new double[_n * _k]; _c0 = new double[_nr];
            _ceiExtra = new double[_k];
            _cap = o.InterfaceCapacitance;
            _rSep = p.SeparatorThicknessUm * 1e-4 / p.SeparatorConductivitySPerCm * 1e-4;
            _rAnode = p.AnodeResistanceOhmCm2 * 1e-4;
            _vInt = new double[_n * _k]; _vIntTrial = new double[_n * _k]; _vCei = new double[_n * _k]; _vCeiTrial = new double[_n * _k];
            for (int idx = 0; idx < _n * _k; idx++) _vInt[idx] = p.Ocv.Potential(_theta[idx * _nr], _thetaEnd[idx]); // at rest: no overpotential
            _jac = new BandedMatrix<double>(2 * _n, 2);
            _res = new double[2 * _n];
            _li0 = LithiumC(_theta);
            _lastRecV = double.NaN;
        }

        void RefreshEndDrop()
        {
            for (int idx = 0; idx < _thetaEnd.Length; idx++) _endDrop[idx] = _p.Ocv.EndDrop(_thetaEnd[idx]);
        }

        /// <summary>Contact area per electrode volume of the particles still in contact (current per volume = this x current per contact area).</summary>
        double AContact(int k) => _cls[k].AContact0 * _activeFraction;
        /// <summary>Contact area per particle volume of a contacted particle, relative to its geometric area: contact current -> surface flux.</summary>
        double ContactShare(int k) => _cls[k].AContact0 / _cls[k].AGeo;
        double RCei(int k) => _p.CeiResistanceOhmCm2 * 1e-4 + _ceiExtra[k];

        /// <summary>Lithium in the particles as charge, C (whole cell).</summary>
        double LithiumC(double[] theta)
        {
            double s = 0;
            for (int i = 0; i < _n; i++)
                for (int k = 0; k < _k; k++)
                {
                    var c = _cls[k];
                    s += c.Eps * _activeFraction * c.Qv * c.Particle.Mean(theta.AsSpan((i * _k + k) * _nr, _nr));
                }
            return s * _h * _area + _isolatedLithiumC;
        }

        /// <summary>Side-reaction current per contact area (mechanism 1), from the surface state at the start of the step.</summary>
        double SideCurrent(int idx)
        {
            double k1 = _p.Degradation.SideReactionAPerM2;
            if (k1 == 0) return 0;
            int k = idx % _k;
            double thS = _theta[idx * _nr + _nr - 1];
            double soc = 1 - thS;
            return k1 * Math.Max(0, (soc - 0.5) / 0.5);
        }

        /// <summary>Solves the local Butler-Volmer equation of (cell, class) for a potential difference; returns i and di/d(dphi).</summary>
        (double I, double Slope) Local(int idx, double dphi, double guess)
        {
            int k = idx % _k;
            double p0 = _pSurf[idx], s = _sSurf[idx], end = _thetaEnd[idx], drop = _endDrop[idx], r = RCei(k);
            var ocv = _p.Ocv;
            double i0Scale = _p.KineticsFactor * _p.RateConstant * Math.Sqrt(_p.ReferenceConcentrationMolPerM3) * _p.CMaxMolPerM3;
            double G(double i, out double dg, out double dgdphi)
            {
                double th = p0 + s * i;
                ocv.Evaluate(th, end, drop, out double u, out double du);
                double x = Math.Clamp(ocv.X(th), 1e-9, 1 - 1e-9);
                double i0 = i0Scale * Math.Sqrt(x * (1 - x));
                double eta = dphi - u - i * r;
                double a = Math.Clamp(0.5 * _f * eta, -200, 200);
                double ea = Math.Exp(a), eb = 1 / ea;
                double sh = 0.5 * (ea - eb), ch = 0.5 * (ea + eb);
                dg = 1 + i0 * _f * ch * (du * s + r);
                dgdphi = -i0 * _f * ch;
                return i - 2 * i0 * sh;
            }
            // Newton from the warm start (g is increasing in i); bracketed bisection-Newton only if that fails.
            double x = guess, g = 0, d = 1, dgp = 0;
            for (int it = 0; it < 12; it++)
            {
                g = G(x, out d, out dgp);
                double dx = g / d;
                if (!double.IsFinite(dx)) break;
                x -= dx;
                if (Math.Abs(dx) <= 1e-10 * (1 + Math.Abs(x))) return (x, -dgp / d);
            }
            x = guess;
            g = G(x, out d, out dgp);
            double lo, hi;
            if (g > 0) { hi = x; lo = x - Math.Max(1, Math.Abs(g)); for (int e = 0; e < 200 && !(G(lo, out _, out _) <= 0); e++) lo = x - 2 * (x - lo); }
            else { lo = x; hi = x + Math.Max(1, Math.Abs(g)); for (int e = 0; e < 200 && !(G(hi, out _, out _) >= 0); e++) hi = x + 2 * (hi - x); }
            for (int it = 0; it < 300; it++)
            {
                double nx = x - g / d;
                if (!(nx > lo && nx < hi)) nx = 0.5 * (lo + hi);
                double step = Math.Abs(nx - x);
                x = nx;
                g = G(x, out d, out dgp);
                if (g > 0) hi = x; else lo = x;
                if (step <= 1e-12 * (1 + Math.Abs(x)) || hi - lo <= 1e-14 * (1 + Math.Abs(x))) break;
            }
            return (x, -dgp / d);
        }

        /// <summary>Particle elimination for a step dt from the committed state: theta_s = p + s i.</summary>
        void PrepareParticles(double dt)
        {
            _dtTrial = dt;
            for (int k = 0; k < _k; k++) _cls[k].Particle.Prepare(dt);
            for (int i = 0; i < _n; i++)
                for (int k = 0; k < _k; k++)
                {
                    int idx = i * _k + k;
                    var c = _cls[k];
                    var part = c.Particle;
                    part.ZeroFluxResponse(_theta.AsSpan(idx * _nr, _nr), _c0);
                    double geo = ContactShare(k) / c.Qv; // contact current -> surface flux in theta units
                    _pSurf[idx] = _c0[_nr - 1];
                    _sSurf[idx] = (part.FluxResponse[_nr - 1] + part.SurfaceExtrapolation) * geo;
                }
        }

        /// <summary>Newton on the potentials for current density I (A/m2). Leaves the factorised Jacobian in _jac.</summary>
        bool SolvePotentials(double iDen, out double residual)
        {
            Array.Copy(_phi, _phiTrial, _phi.Length);
            Array.Copy(_ik, _ikTrial, _ik.Length);
            residual = double.NaN;
            var dJ = new double[_n];
            var jr = new double[_n];
            for (int it = 0; it < 60; it++)
            {
                _newton++;
                for (int i = 0; i < _n; i++)
                {
                    double dphi = _phiTrial[2 * i] - _phiTrial[2 * i + 1], sumJ = 0, sumD = 0;
                    for (int k = 0; k < _k; k++)
                    {
                        int idx = i * _k + k;
                        double cur, slope, jcur;
                        if (_cap) (cur, jcur, slope) = LocalCapacitive(idx, dphi, _ikTrial[idx]);
                        else { (cur, slope) = Local(idx, dphi, _ikTrial[idx]); jcur = cur; }
                        _ikTrial[idx] = cur;
                        double a = AContact(k);
                        sumJ += a * (jcur + SideCurrent(idx));
                        sumD += a * slope;
                    }
                    jr[i] = sumJ; dJ[i] = sumD;
                }
                _jac.Clear();
                double maxR = 0;
                for (int i = 0; i < _n; i++)
                {
                    int s = 2 * i, e = 2 * i + 1;
                    double fsL = i == 0 ? iDen : -_sigS * (_phiTrial[s] - _phiTrial[s - 2]) / _h;
                    double fsR = i == _n - 1 ? 0 : -_sigS * (_phiTrial[s + 2] - _phiTrial[s]) / _h;
                    double geL = i == 0 ? 0 : -_kap * (_phiTrial[e] - _phiTrial[e - 2]) / _h;
                    double geR = i == _n - 1 ? 2 * _kap * _phiTrial[e] / _h : -_kap * (_phiTrial[e + 2] - _phiTrial[e]) / _h;
                    _res[s] = fsR - fsL + _h * jr[i];
                    _res[e] = geR - geL - _h * jr[i];
                    maxR = Math.Max(maxR, Math.Max(Math.Abs(_res[s]), Math.Abs(_res[e])));
                    double hd = _h * dJ[i];
                    if (i > 0) { _jac.Add(s, s, _sigS / _h); _jac.Add(s, s - 2, -_sigS / _h); _jac.Add(e, e, _kap / _h); _jac.Add(e, e - 2, -_kap / _h); }
                    if (i < _n - 1) { _jac.Add(s, s, _sigS / _h); _jac.Add(s, s + 2, -_sigS / _h); _jac.Add(e, e, _kap / _h); _jac.Add(e, e + 2, -_kap / _h); }
                    else _jac.Add(e, e, 2 * _kap / _h);
                    _jac.Add(s, s, hd); _jac.Add(s, e, -hd); _jac.Add(e, s, -hd); _jac.Add(e, e, hd);
                }
                residual = maxR;
                if (!_jac.Factorize()) return false;
                var dx = _res.AsSpan();
                _jac.Solve(dx);
                double maxD = 0;
                for (int j = 0; j < dx.Length; j++) maxD = Math.Max(maxD, Math.Abs(dx[j]));
                double damp = maxD > 0.2 ? 0.2 / maxD : 1;
                for (int j = 0; j < dx.Length; j++) _phiTrial[j] -= damp * dx[j];
                if (!double.IsFinite(maxD)) return false;
                if (maxD < _o.NewtonToleranceV && damp == 1)
                {
                    // Final local solves at the converged potentials so that the currents used for the particles match the potentials.
                    double sumAll = 0;
                    for (int i = 0; i < _n; i++)
                    {
                        double dphi = _phiTrial[2 * i] - _phiTrial[2 * i + 1];
                        for (int k = 0; k < _k; k++)
                        {
                            int idx = i * _k + k;
                            if (_cap)
                            {
                                var (iF, iTot, _) = LocalCapacitive(idx, dphi, _ikTrial[idx]);
                                _ikTrial[idx] = iF;
                                sumAll += AContact(k) * (iTot + SideCurrent(idx)) * _h;
                                continue;
                            }
                            _ikTrial[idx] = Local(idx, dphi, _ikTrial[idx]).I;
                            sumAll += AContact(k) * (_ikTrial[idx] + SideCurrent(idx)) * _h;
                        }
                    }
                    residual = Math.Abs(sumAll - iDen);
                    return true;
                }
            }
            return false;
        }

        double Voltage(double iDen) => _cap ? _phiTrial[0] + iDen * (_h / (2 * _sigS) + _rSep) + AnodeOverpotential(iDen, _dtTrial) - _p.AnodeOcvV
            : _phiTrial[0] + iDen * (_h / (2 * _sigS) + _rExt) - _p.AnodeOcvV;

        /// <summary>dV/dI at the converged trial state (uses the factorised Jacobian).</summary>
        double VoltageSlope()
        {
            var w = new double[2 * _n];
            w[0] = 1; // -dR/dI: R_s0 contains -i_s(0) = -I
            _jac.Solve(w);
            if (_cap) return w[0] + _h / (2 * _sigS) + _rSep + AnodeSlope(_dtTrial);
            return w[0] + _h / (2 * _sigS) + _rExt;
        }

        /// <summary>Trial step: particles eliminated, potentials solved; on success the trial arrays hold the new state.</summary>
        bool Trial(double dt, ref double iDen, double? holdV, out double v)
        {
            PrepareParticles(dt);
            v = double.NaN;
            if (holdV is { } vs)
            {
                for (int outer = 0; outer < 30; outer++)
                {
                    if (!SolvePotentials(iDen, out _)) return false;
                    v = Voltage(iDen);
                    double err = v - vs;
                    if (Math.Abs(err) < 1e-9) break;
                    double slope = VoltageSlope();
                    iDen -= err / slope;
                    if (outer == 29) return false;
                }
            }
            else
            {
                if (!SolvePotentials(iDen, out double res)) return false;
                _maxRes = Math.Max(_maxRes, res);
                v = Voltage(iDen);
            }
            // New particle states.
            for (int i = 0; i < _n; i++)
                for (int k = 0; k < _k; k++)
                {
                    int idx = i * _k + k;
                    var c = _cls[k];
                    var part = c.Particle;
                    part.ZeroFluxResponse(_theta.AsSpan(idx * _nr, _nr), _c0);
                    double flux = _ikTrial[idx] * ContactShare(k) / c.Qv;
                    var g = part.FluxResponse;
                    var dst = _thetaTrial.AsSpan(idx * _nr, _nr);
                    for (int j = 0; j < _nr; j++) dst[j] = _c0[j] + g[j] * flux;
                }
            return true;
        }

        double MaxSurfaceChange()
        {
            double m = 0;
            for (int idx = 0; idx < _n * _k; idx++) m = Math.Max(m, Math.Abs(_thetaTrial[idx * _nr + _nr - 1] - _theta[idx * _nr + _nr - 1]));
            return m;
        }

        void Commit(double dt, double iDen, double v, byte mode, bool force = false)
        {
            // Mechanism 1: the parasitic charge narrows the reversible window (lithium sites lost) and thickens the CEI.
            if (_p.Degradation.SideReactionAPerM2 > 0)
            {
                for (int i = 0; i < _n; i++)
                    for (int k = 0; k < _k; k++)
                    {
                        int idx = i * _k + k;
                        double q = SideCurrent(idx) * AContact(k) * dt; // C per m3 electrode
                        _thetaEnd[idx] -= q / (_cls[k].Eps * _activeFraction * _cls[k].Qv);
                        _qSide += q * _h * _area;
                    }
                RefreshEndDrop();
                for (int k = 0; k < _k; k++)
                {
                    double mean = 0;
                    for (int i = 0; i < _n; i++) mean += SideCurrent(i * _k + k);
                    _ceiExtra[k] += _p.Degradation.CeiGrowthOhmM2PerCPerM2 * mean / _n * dt;
                }
            }
            (_theta, _thetaTrial) = (_thetaTrial, _theta);
            if (_cap)
            {
                Array.Copy(_vIntTrial, _vInt, _vInt.Length);
                Array.Copy(_vCeiTrial, _vCei, _vCei.Length);
                _vAnode = AnodeOverpotential(iDen, dt);
            }
            Array.Copy(_phiTrial, _phi, _phi.Length);
            Array.Copy(_ikTrial, _ik, _ik.Length);
            _steps++;
            double iMA = iDen * _area * 1e3;
            _time += dt;
            double dq = iMA * dt / 3600.0;
            _qPassed += iDen * _area * dt;
            _throughput += Math.Abs(iDen * _area * dt);
            _qSinceRecord += dq;
            if (iDen > 0) _cycCharge += dq;
            else if (iDen < 0) { _cycDischarge -= dq; _cycEnergy -= dq * v; }
            if (force || _time - _lastRecT >= _o.RecordIntervalS || Math.Abs(v - _lastRecV) >= _o.RecordDeltaV) Record(v, iMA, mode);
        }

        void Record(double v, double iMA, byte mode)
        {
            if (_t.Count > 0 && _t[^1] == _time) return;
            _t.Add(_time); _v.Add(v); _i.Add(iMA); _dq.Add(_qSinceRecord); _mode.Add(mode); _cyc.Add(Math.Max(_cycle, 1));
            _qSinceRecord = 0; _lastRecT = _time; _lastRecV = v;
        }

        public void Execute(Protocol protocol, IProgress<string>? progress)
        {
            // Initial open-circuit record.
            Record(_phi[0] - _p.AnodeOcvV, 0, 3);
            var (vMin, vMax) = (_p.WindowVsLiV.Min - _p.AnodeOcvV, _p.WindowVsLiV.Max - _p.AnodeOcvV);
            foreach (var step in protocol.Steps)
            {
                if (!_converged) break;
                double oneC = _p.OneCMilliAmp * 1e-3 / _area; // A/m2
                switch (step.Kind)
                {
                    case StepKind.Charge:
                        CloseCycle();
                        _cycle++; _cycOpen = true; _cycCharge = _cycDischarge = _cycEnergy = 0;
                        RunConstantCurrent(step.CRate * oneC, step.LimitVsLiV - _p.AnodeOcvV, 3600 / step.CRate);
                        if (!_formed)
                        {
                            // First charge done: the reversible window closes at theta = 1 (the ICE loss); a particle whose core was not
                            // reached keeps its window up to its most lithiated shell.
                            _formed = true;
                            for (int idx = 0; idx < _n * _k; idx++)
                            {
                                double mx = 1;
                                for (int j = 0; j < _nr; j++) mx = Math.Max(mx, _theta[idx * _nr + j]);
                                _thetaEnd[idx] = mx;
                            }
                            RefreshEndDrop();
                        }
                        break;
                    case StepKind.Discharge:
                        _cycRate = step.CRate;
                        RunConstantCurrent(-step.CRate * oneC, step.LimitVsLiV - _p.AnodeOcvV, 3600 / step.CRate);
                        break;
                    case StepKind.ConstantVoltage:
                        RunConstantVoltage(step.LimitVsLiV - _p.AnodeOcvV, step.CurrentLimitC * oneC, step.DurationS);
                        break;
                    case StepKind.Impedance:
                        _spectra.Add(Spectrum(step.Label ?? "eis", _o.ImpedanceFrequenciesHz, ImpedanceOptions.Default));
                        break;
                    case StepKind.Rest:
                        RunRest(step.DurationS);
                        if (_cycOpen && _cycDischarge > 0) { CloseCycle(); progress?.Report($"cycle {_cycles.Count}: {_cycles[^1].DischargeMAhPerG:F1} mAh/g"); }
                        break;
                }
            }
            CloseCycle();
            if (_t[^1] != _time) Record(_lastV, _lastI, 3);
        }

        double _lastV, _lastI;

        void CloseCycle()
        {
            if (!_cycOpen || _cycDischarge <= 0) return;
            _cycOpen = false;
            double chargeG = _cycCharge / _massG, disG = _cycDischarge / _massG;
            _cycles.Add(new CycleSummary(_cycle, _cycRate, chargeG, disG, _cycCharge > 0 ? _cycDischarge / _cycCharge : double.NaN, _cycEnergy / _cycDischarge));
            // Mechanism 2: CAM-SSE contact lost per cycle, driven by the interfacial strain energy and scaled by the depth of the cycle.
            // A particle that loses its contact is isolated (all or nothing; Koerver et al., Chem. Mater. 2017): its lithium stays in it
            // (counted in _isolatedLithiumC, so conservation holds) and the contacted particles keep their contact area per particle.
            double k2 = _p.Degradation.ContactLossPerCycle;
            if (k2 > 0)
            {
                double depth = Math.Min(1, chargeG / _p.ReversibleCapacityMAhPerG);
                double lost = Math.Clamp(k2 * _p.Degradation.InterfaceStrainEnergyMJPerM3 * depth, 0, 1);
                double before = LithiumC(_theta) - _isolatedLithiumC;
                _isolatedLithiumC += lost * before;
                _activeFraction *= 1 - lost;
            }
        }

        void RunConstantCurrent(double iDen, double vLimit, double nominalS)
        {
            bool charge = iDen > 0;
            double dtMax = _o.MaxStepFraction * nominalS, dt = Math.Min(dtMax, 0.5), tStep = 0;
            double vPrev = double.NaN, dtPrev = double.NaN, vNow = Voltage0(iDen);
            byte mode = 1;
            for (int guard = 0; guard < 1_000_000; guard++)
            {
                double id = iDen;
                if (!Trial(dt, ref id, null, out double v))
                {
                    _rejected++; dt *= 0.25; if (dt < 1e-8) { _converged = false; return; }
                    continue;
                }
                bool crossed = charge ? v >= vLimit : v <= vLimit;
                // Error control: difference from the linear predictor through the last two accepted voltages.
                double err = double.IsNaN(vPrev) ? 0 : Math.Abs(v - (vNow + (vNow - vPrev) * dt / dtPrev));
                double ds = MaxSurfaceChange();
                if (!crossed && (err > _o.VoltageToleranceV || ds > _o.MaxSurfaceChange) && dt > 1e-6)
                {
                    _rejected++;
                    dt *= Math.Clamp(0.9 * Math.Min(Math.Sqrt(_o.VoltageToleranceV / Math.Max(err, 1e-300)), _o.MaxSurfaceChange / Math.Max(ds, 1e-300)), 0.1, 0.7);
                    continue;
                }
                if (crossed)
                {
                    // Event: shorten the step so the voltage lands on the cutoff (secant-bisection on dt).
                    double lo = 0, hi = dt, vLo = vNow, vHi = v, dtHit = dt;
                    for (int it = 0; it < 60; it++)
                    {
                        double m = vHi != vLo ? lo + (hi - lo) * (vLimit - vLo) / (vHi - vLo) : 0.5 * (lo + hi);
                        if (!(m > lo + 1e-3 * (hi - lo) && m < hi - 1e-3 * (hi - lo))) m = 0.5 * (lo + hi);
                        double idm = iDen;
                        if (!Trial(m, ref idm, null, out double vm)) { _converged = false; return; }
                        dtHit = m; v = vm;
                        if (Math.Abs(vm - vLimit) < _o.CutoffToleranceV || hi - lo < 1e-9) break;
                        if (charge ? vm >= vLimit : vm <= vLimit) { hi = m; vHi = vm; } else { lo = m; vLo = vm; }
                    }
                    Commit(dtHit, iDen, v, mode, force: true);
                    _lastV = v; _lastI = iDen * _area * 1e3;
                    return;
                }
                Commit(dt, iDen, v, mode);
                tStep += dt;
                vPrev = vNow; vNow = v; dtPrev = dt;
                _lastV = v; _lastI = iDen * _area * 1e3;
                double grow = err > 0 ? 0.9 * Math.Sqrt(_o.VoltageToleranceV / err) : 2;
                if (ds > 0) grow = Math.Min(grow, 0.9 * _o.MaxSurfaceChange / ds);
                dt = Math.Min(dtMax, dt * Math.Clamp(grow, 0.3, 2));
                if (tStep > 3 * nominalS) { Record(v, _lastI, mode); return; } // safety: window not reached
            }
        }

        double Voltage0(double iDen) => Voltage(0);

        void RunConstantVoltage(double vSet, double iLimit, double maxS)
        {
            double iDen = _lastI * 1e-3 / _area, dt = 1, t = 0, dtMax = 600;
            for (int guard = 0; guard < 1_000_000 && t < maxS; guard++)
            {
                double id = iDen;
                double step = Math.Min(dt, maxS - t);
                if (!Trial(step, ref id, vSet, out double v)) { _rejected++; dt *= 0.25; if (dt < 1e-8) { _converged = false; return; } continue; }
                if (MaxSurfaceChange() > _o.MaxSurfaceChange && step > 1e-3) { _rejected++; dt *= 0.5; continue; }
                Commit(step, id, v, 2);
                t += step; iDen = id;
                _lastV = v; _lastI = id * _area * 1e3;
                if (Math.Abs(id) <= iLimit) break;
                dt = Math.Min(dtMax, dt * 1.5);
            }
            Record(_lastV, _lastI, 2);
        }

        void RunRest(double duration)
        {
            double t = 0, dt = 1, dtMax = Math.Max(1, _o.MaxStepFraction * 5 * duration);
            while (t < duration - 1e-9)
            {
                double step = Math.Min(dt, duration - t), id = 0;
                if (!Trial(step, ref id, null, out double v)) { _rejected++; dt *= 0.25; if (dt < 1e-8) { _converged = false; return; } continue; }
                Commit(step, 0, v, 3);
                t += step;
                _lastV = v; _lastI = 0;
                dt = Math.Min(dtMax, dt * 2);
            }
            Record(_lastV, 0, 3);
        }

        public double[] ReactionDistribution(double currentMA, double dt)
        {
            double iDen = currentMA * 1e-3 / _area;
            if (!Trial(dt, ref iDen, null, out _)) throw new InvalidOperationException("no convergence");
            var j = new double[_n];
            for (int i = 0; i < _n; i++)
                for (int k = 0; k < _k; k++) j[i] += AContact(k) * _ikTrial[i * _k + k];
            double mean = j.Average();
            return j.Select(x => x / mean).ToArray();
        }

        public CellRunResult Result(Protocol protocol)
        {
            double extracted = _li0 - LithiumC(_theta);
            double err = Math.Abs(_qPassed - extracted - _qSide) / Math.Max(_throughput, 1e-300);
            var diag = new CellDiagnostics(_converged, _steps, _rejected, _newton, _maxRes, _qPassed, extracted, _qSide, err, _throughput);
            return new CellRunResult(_p, protocol, _t.ToArray(), _v.ToArray(), _i.ToArray(), _dq.ToArray(), _mode.ToArray(), _cyc.ToArray(), _cycles.ToList(), diag)
            {
                Spectra = _spectra.ToList(),
            };
        }
    }
}
