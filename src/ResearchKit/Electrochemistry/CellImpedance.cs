using System.Numerics;

namespace ResearchKit.Electrochemistry;

/// <summary>What the frequency-domain linearisation includes (the validations switch parts off).</summary>
/// <param name="SolidDiffusion">spherical solid diffusion in the Faradaic branch (U' Z_theta); off = R_ct alone</param>
/// <param name="Capacitances">double layer, CEI film and anode capacitances; off = a purely resistive (plus diffusion) network</param>
/// <param name="DiffusionShells">null (default) = Z_theta of the model's own shells (the same discretisation as the time domain); a number =
/// Z_theta of a finer shell grid of the same particles (the state's surface values still come from the model's shells): a check of the
/// shell error, not the default</param>
public sealed record ImpedanceOptions(bool SolidDiffusion = true, bool Capacitances = true, int? DiffusionShells = null)
{
    public static ImpedanceOptions Default { get; } = new();
}

/// <summary>
/// One model impedance spectrum (whole cell, ohm; Z'' &lt; 0 for capacitive arcs) and the state it was taken at.
/// </summary>
/// <param name="Label">protocol label (before, after, ...)</param>
/// <param name="FrequencyHz">frequencies, high to low</param>
/// <param name="ImpedanceOhm">cell impedance, ohm</param>
/// <param name="StateOfCharge">1 - mean lithiation of the contacted particles over the reversible window (0 = 2.7 V end, 1 = 4.3 V end)</param>
/// <param name="Cycle">cycle the spectrum was taken in</param>
/// <param name="TestTimeS">test time of the state, s</param>
/// <param name="ActiveContactFraction">share of the CAM still in ionic contact (contact-loss mechanism)</param>
/// <param name="MeanCeiResistanceOhmCm2">CEI resistance per contact area, mean over the size classes, ohm cm2 (CEI growth mechanism)</param>
/// <param name="VoltageV">cell voltage of the state (vs LTO), V</param>
public sealed record CellSpectrum(string Label, double[] FrequencyHz, Complex[] ImpedanceOhm, double StateOfCharge, int Cycle, double TestTimeS,
    double ActiveContactFraction, double MeanCeiResistanceOhmCm2, double VoltageV)
{
    /// <summary>Re Z at the highest frequency, ohm.</summary>
    public double HighFrequencyResistanceOhm => ImpedanceOhm[IndexOfExtremeFrequency(max: true)].Real;
    /// <summary>Re Z at the lowest frequency, ohm.</summary>
    public double LowFrequencyResistanceOhm => ImpedanceOhm[IndexOfExtremeFrequency(max: false)].Real;

    int IndexOfExtremeFrequency(bool max)
    {
        int best = 0;
        for (int i = 1; i < FrequencyHz.Length; i++)
            if (max ? FrequencyHz[i] > FrequencyHz[best] : FrequencyHz[i] < FrequencyHz[best]) best = i;
        return best;
    }
}

/// <summary>
/// Frequency-domain linearisation of the cell model (issue 10, "impedance from the same model").
/// Per (cell, class) the interface impedance per contact area is
/// z = (R_cei || C_cei) + ((R_ct + U'_eff Z_theta) || C_dl), with R_ct = 1 / (di/d eta) of Butler-Volmer at the state
/// (RT / (F i0) at zero current), U'_eff = dU/dtheta_s - R_ct di/dtheta_s|eta (the i0(theta) term, zero at zero current) and Z_theta the
/// surface response of the SAME finite-volume shells as the time domain ((i omega V + D L) theta = flux, complex). The local admittance
/// per volume y = sum_k a_k / z_k enters the same two-rail finite-volume stencil as the Newton Jacobian (complex band solve), then
/// Z = phi_s(0) + h / (2 sigma_s) + R_sep + (R_LTO || C_LTO). The side reaction is left out of the linearisation (its current is
/// lagged by one step in the time domain and is 1e-4 of i0).
/// </summary>
public static class CellImpedance
{
    /// <summary>Vacuum permittivity, F/m.</summary>
    public const double Epsilon0 = 8.8541878128e-12;

    /// <summary>Log-spaced frequencies from <paramref name="highHz"/> down to <paramref name="lowHz"/>, <paramref name="perDecade"/> per decade, both ends included.</summary>
    public static double[] LogFrequencies(double highHz, double lowHz, int perDecade)
    {
        InvalidInputException.Require(highHz > lowHz && lowHz > 0, "frequencies", "expected high > low > 0");
        InvalidInputException.Require(perDecade >= 1, "points_per_decade", "expected at least one point per decade");
        double decades = Math.Log10(highHz / lowHz);
        int n = (int)Math.Round(decades * perDecade);
        return Enumerable.Range(0, n + 1).Select(i => highHz * Math.Pow(10, -decades * i / n)).ToArray();
    }

    /// <summary>
    /// Two-rail transmission line (uniform porous electrode, electronic rail r_s and ionic rail r_e in ohm m, interface impedance per
    /// volume z_v in ohm m3, thickness L; current collector on the electronic rail at x = 0, separator on the ionic rail at x = L):
    /// Z = r_s r_e / (r_s + r_e) (L + 2 lambda / sinh(L / lambda)) + lambda (r_s^2 + r_e^2) / (r_s + r_e) coth(L / lambda),
    /// lambda = sqrt(z_v / (r_s + r_e)) (Paasch, Micka and Gersdorf, Electrochim. Acta 38, 2653, 1993, eq. 20; Bisquert, PCCP 2, 4185,
    /// 2000). Returns ohm m2. r_s = 0 gives de Levie's lambda r_e coth(L / lambda).
    /// </summary>
    public static Complex TwoRailTransmissionLine(double rs, double re, Complex zv, double thicknessM)
    {
        var lambda = Complex.Sqrt(zv / (rs + re));
        var nu = thicknessM / lambda;
        Complex coth, overSinh;
        if (nu.Real > 30) { coth = 1; overSinh = 0; }
        else { coth = Complex.Cosh(nu) / Complex.Sinh(nu); overSinh = 1 / Complex.Sinh(nu); }
        return rs * re / (rs + re) * (thicknessM + 2 * lambda * overSinh) + lambda * (rs * rs + re * re) / (rs + re) * coth;
    }
}

public static partial class CellModel
{
    /// <summary>
    /// Impedance of the cell in its initial state (pristine or <see cref="CellParameters.InitialTheta"/>, at rest), at the given frequencies.
    /// </summary>
    public static CellSpectrum Impedance(CellParameters p, IReadOnlyList<double> frequenciesHz, ImpedanceOptions? options = null)
    {
        p.Validate();
        return new Simulator(p, SolverOptions.Default).Spectrum("initial", frequenciesHz, options ?? ImpedanceOptions.Default);
    }

    /// <summary>
    /// Small-sine check in the TIME domain (validation of <see cref="Impedance"/>): from the initial state at rest, the current
    /// I(t) = amplitude sin(2 pi f t) is applied with <paramref name="stepsPerPeriod"/> backward-Euler steps per period for
    /// <paramref name="periods"/> periods (time-domain capacitances on); the voltage over the last <paramref name="fitPeriods"/> periods is fitted by
    /// least squares to c0 + c1 t + a sin + b cos, and Z = (a + i b) / amplitude (ohm).
    /// </summary>
    public static Complex SmallSineImpedance(CellParameters p, double frequencyHz, double amplitudeMA, int periods = 8, int stepsPerPeriod = 2000, int fitPeriods = 2)
    {
        p.Validate();
        InvalidInputException.Require(frequencyHz > 0, "frequency_hz", "expected a positive frequency");
        InvalidInputException.Require(periods > fitPeriods && fitPeriods >= 1, "periods", "expected periods > fit periods >= 1");
        var sim = new Simulator(p, SolverOptions.Default with { InterfaceCapacitance = true });
        return sim.SineImpedance(frequencyHz, amplitudeMA, periods, stepsPerPeriod, fitPeriods);
    }

    sealed partial class Simulator
    {
        /// <summary>CEI film capacitance per contact area of class k, F/m2: eps0 eps_r / d, d = R_cei sigma_cei (grows thinner in C as the film grows).</summary>
        double CeiCapacitance(int k)
        {
            double r = RCei(k);
            return r > 0 ? CellImpedance.Epsilon0 * _p.CeiRelativePermittivity / (_p.CeiConductivitySPerCm * 100 * r) : 0;
        }

        double AnodeCapacitanceFPerM2 => _p.AnodeCapacitanceFPerCm2 * 1e4;

        /// <summary>LTO overpotential at current density i after a step dt (R_LTO || C_LTO, backward Euler from the committed value).</summary>
        double AnodeOverpotential(double iDen, double dt)
        {
            if (_rAnode == 0) return 0;
            double c = AnodeCapacitanceFPerM2 / dt;
            return (iDen + c * _vAnode) / (1 / _rAnode + c);
        }

        double AnodeSlope(double dt) => _rAnode == 0 ? 0 : 1 / (1 / _rAnode + AnodeCapacitanceFPerM2 / dt);

        /// <summary>
        /// Local interface with capacitances (backward Euler over the trial step): unknown the Faradaic current i_F per contact area;
        /// theta_s = p + s i_F, eta = (2/f) asinh(i_F / 2 i0(theta_s)), V_int = U(theta_s) + eta, i_tot = i_F + C_dl (V_int - V_int,old) / dt,
        /// film V_cei from i_tot = V_cei / R_cei + C_cei (V_cei - V_cei,old) / dt, and V_cei + V_int = dphi. With C_dl = C_cei = 0 this is the
        /// same equation as <see cref="Local"/>. Returns i_F (for the particles), i_tot (into the rails) and d i_tot / d dphi; stores the trial
        /// interface and film voltages.
        /// </summary>
        (double IF, double ITot, double Slope) LocalCapacitive(int idx, double dphi, double guess)
        {
            int k = idx % _k;
            double p0 = _pSurf[idx], s = _sSurf[idx], end = _thetaEnd[idx], drop = _endDrop[idx], r = RCei(k);
            var ocv = _p.Ocv;
            double dt = _dtTrial, cdl = _p.DoubleLayerCapacitanceFPerM2 / dt, ccei = CeiCapacitance(k) / dt;
            double vIntOld = _vInt[idx], vCeiOld = _vCei[idx];
            double i0Scale = _p.KineticsFactor * _p.RateConstant * Math.Sqrt(_p.ReferenceConcentrationMolPerM3) * _p.CMaxMolPerM3;
            double dxdth = ocv.XDischarged - ocv.XCharged;
            double vInt = 0, vCei = 0, iTot = 0, dITot = 1;
            double G(double i, out double dg)
            {
                double th = p0 + s * i;
                ocv.Evaluate(th, end, drop, out double u, out double du);
                double xr = ocv.X(th), x = Math.Clamp(xr, 1e-9, 1 - 1e-9);
                double i0 = i0Scale * Math.Sqrt(x * (1 - x));
                double di0 = xr == x ? i0 * (1 - 2 * x) / (2 * x * (1 - x)) * dxdth : 0; // d i0 / d theta
                double ratio = i / (2 * i0), root = Math.Sqrt(1 + ratio * ratio);
                double eta = 2 / _f * Math.Asinh(ratio);
                double deta = 2 / _f / root * (1 - i / i0 * di0 * s) / (2 * i0);
                vInt = u + eta;
                double dvInt = du * s + deta;
                iTot = i + cdl * (vInt - vIntOld);
                dITot = 1 + cdl * dvInt;
                double dvCei;
                if (r > 0) { double den = 1 / r + ccei; vCei = (iTot + ccei * vCeiOld) / den; dvCei = dITot / den; }
                else { vCei = 0; dvCei = 0; }
                dg = dvCei + dvInt;
                return vCei + vInt - dphi;
            }
            double x = guess, d = 1;
            bool ok = false;
            for (int it = 0; it < 50; it++)
            {
                double g = G(x, out d);
                double dx = g / d;
                if (!double.IsFinite(dx)) break;
                // Damp steps that would move i by more than its scale (asinh flattens; Newton can overshoot from a cold start).
                double lim = 10 * (1 + Math.Abs(x));
                if (Math.Abs(dx) > lim) dx = Math.Sign(dx) * lim;
                x -= dx;
                if (Math.Abs(dx) <= 1e-12 * (1 + Math.Abs(x))) { ok = true; break; }
            }
            if (!ok)
            {
                // Bisection on the monotone residual.
                double lo = guess - 1, hi = guess + 1;
                for (int e = 0; e < 200 && G(lo, out _) > 0; e++) lo = guess - 2 * (guess - lo);
                for (int e = 0; e < 200 && G(hi, out _) < 0; e++) hi = guess + 2 * (hi - guess);
                for (int it = 0; it < 200 && hi - lo > 1e-14 * (1 + Math.Abs(lo)); it++)
                {
                    double m = 0.5 * (lo + hi);
                    if (G(m, out _) > 0) hi = m; else lo = m;
                }
                x = 0.5 * (lo + hi);
            }
            G(x, out d);
            _vIntTrial[idx] = vInt; _vCeiTrial[idx] = vCei;
            return (x, iTot, dITot / d);
        }

        /// <summary>State of charge of the contacted particles: 1 - volume-weighted mean lithiation (theta = 0 at 4.3 V, 1 at 2.7 V).</summary>
        double StateOfCharge()
        {
            double s = 0, w = 0;
            for (int i = 0; i < _n; i++)
                for (int k = 0; k < _k; k++)
                {
                    var c = _cls[k];
                    s += c.Eps * c.Particle.Mean(_theta.AsSpan((i * _k + k) * _nr, _nr));
                    w += c.Eps;
                }
            return 1 - s / w;
        }

        /// <summary>The linearised spectrum about the committed state (see <see cref="CellImpedance"/>).</summary>
        public CellSpectrum Spectrum(string label, IReadOnlyList<double> frequenciesHz, ImpedanceOptions o)
        {
            int nk = _n * _k;
            var rct = new double[nk];
            var uEff = new double[nk];
            var ocv = _p.Ocv;
            double i0Scale = _p.KineticsFactor * _p.RateConstant * Math.Sqrt(_p.ReferenceConcentrationMolPerM3) * _p.CMaxMolPerM3;
            double dxdth = ocv.XDischarged - ocv.XCharged;
            for (int idx = 0; idx < nk; idx++)
            {
                int k = idx % _k;
                var c = _cls[k];
                double ik = _ik[idx];
                // Surface state as the time domain defines it: outer shell extrapolated half a shell with the committed flux.
                double th = c.Particle.Surface(_theta.AsSpan(idx * _nr, _nr), ik * ContactShare(k) / c.Qv);
                ocv.Evaluate(th, _thetaEnd[idx], _endDrop[idx], out _, out double du);
                double xr = ocv.X(th), x = Math.Clamp(xr, 1e-9, 1 - 1e-9);
                double i0 = i0Scale * Math.Sqrt(x * (1 - x));
                double ratio = ik / (2 * i0);
                // i = 2 i0 sinh(f eta / 2): di/deta = i0 f cosh(f eta / 2) = i0 f sqrt(1 + (i / 2 i0)^2); di/dtheta|eta = (i / i0) di0/dtheta.
                rct[idx] = 1 / (i0 * _f * Math.Sqrt(1 + ratio * ratio));
                double di0 = xr == x ? i0 * (1 - 2 * x) / (2 * x * (1 - x)) * dxdth : 0;
                uEff[idx] = du - rct[idx] * ik / i0 * di0;
            }
            double rSep = _rSep, rLto = _rAnode, cLto = AnodeCapacitanceFPerM2, cdl = _p.DoubleLayerCapacitanceFPerM2;
            var ceiC = Enumerable.Range(0, _k).Select(CeiCapacitance).ToArray();
            var zTheta = new Complex[_k];
            var zParticles = _cls.Select(c => o.DiffusionShells is { } ns ? new SphericalDiffusion(c.Particle.RadiusM, c.Particle.DiffusivityM2PerS, ns) : c.Particle).ToArray();
            var m = new BandedMatrix<Complex>(2 * _n, 2);
            var w = new Complex[2 * _n];
            var z = new Complex[frequenciesHz.Count];
            var freqs = frequenciesHz.ToArray();
            for (int fi = 0; fi < freqs.Length; fi++)
            {
                double omega = 2 * Math.PI * freqs[fi];
                var jw = new Complex(0, omega);
                for (int k = 0; k < _k; k++)
                    zTheta[k] = o.SolidDiffusion ? zParticles[k].SurfaceResponse(omega) * (ContactShare(k) / _cls[k].Qv) : Complex.Zero;
                m.Clear();
                for (int i = 0; i < _n; i++)
                {
                    Complex y = 0;
                    for (int k = 0; k < _k; k++)
                    {
                        int idx = i * _k + k;
                        Complex zF = rct[idx] + uEff[idx] * zTheta[k];
                        Complex zInt = o.Capacitances && cdl > 0 ? zF / (1 + jw * cdl * zF) : zF;
                        double rc = RCei(k);
                        Complex zCei = o.Capacitances ? rc / (1 + jw * rc * ceiC[k]) : rc;
                        y += AContact(k) / (zCei + zInt);
                    }
                    int s = 2 * i, e = 2 * i + 1;
                    if (i > 0) { m.Add(s, s, _sigS / _h); m.Add(s, s - 2, -_sigS / _h); m.Add(e, e, _kap / _h); m.Add(e, e - 2, -_kap / _h); }
                    if (i < _n - 1) { m.Add(s, s, _sigS / _h); m.Add(s, s + 2, -_sigS / _h); m.Add(e, e, _kap / _h); m.Add(e, e + 2, -_kap / _h); }
                    else m.Add(e, e, 2 * _kap / _h);
                    var hy = _h * y;
                    m.Add(s, s, hy); m.Add(s, e, -hy); m.Add(e, s, -hy); m.Add(e, e, hy);
                }
                if (!m.Factorize()) throw new InvalidOperationException($"impedance: singular system at {freqs[fi]} Hz");
                Array.Clear(w);
                w[0] = 1; // unit current density into the electronic rail at the collector
                m.Solve(w);
                Complex zAnode = o.Capacitances ? rLto / (1 + jw * rLto * cLto) : rLto;
                z[fi] = (w[0] + _h / (2 * _sigS) + rSep + zAnode) / _area;
            }
            double ceiMean = Enumerable.Range(0, _k).Average(RCei) * 1e4;
            double v = _phi[0] - _p.AnodeOcvV + (_cap ? _vAnode : 0); // at the committed state the current is zero after a rest
            return new CellSpectrum(label, freqs, z, StateOfCharge(), Math.Max(_cycle, 1), _time, _activeFraction, ceiMean, v);
        }

        /// <summary>Small-sine time-domain response (see <see cref="CellModel.SmallSineImpedance"/>).</summary>
        public Complex SineImpedance(double frequencyHz, double amplitudeMA, int periods, int stepsPerPeriod, int fitPeriods)
        {
            double omega = 2 * Math.PI * frequencyHz, dt = 1 / (frequencyHz * stepsPerPeriod);
            double amp = amplitudeMA * 1e-3 / _area;
            int total = periods * stepsPerPeriod, fitFrom = total - fitPeriods * stepsPerPeriod;
            // Normal equations of the fit V = c0 + c1 t' + a sin + b cos (t' relative to the fit window).
            var ata = new double[4, 4];
            var atb = new double[4];
            for (int n = 1; n <= total; n++)
            {
                double t = n * dt, iDen = amp * Math.Sin(omega * t);
                if (!Trial(dt, ref iDen, null, out double v)) throw new InvalidOperationException("small-sine run did not converge");
                Commit(dt, iDen, v, 1);
                if (n <= fitFrom) continue;
                double tr = (n - fitFrom) * dt;
                double[] row = [1, tr, Math.Sin(omega * t), Math.Cos(omega * t)];
                for (int a = 0; a < 4; a++) { atb[a] += row[a] * v; for (int b = 0; b < 4; b++) ata[a, b] += row[a] * row[b]; }
            }
            var c = Solve4(ata, atb);
            return new Complex(c[2], c[3]) / (amp * _area);
        }

        static double[] Solve4(double[,] a, double[] b)
        {
            int n = b.Length;
            var m = (double[,])a.Clone();
            var x = (double[])b.Clone();
            for (int k = 0; k < n; k++)
            {
                int piv = k;
                for (int i = k + 1; i < n; i++) if (Math.Abs(m[i, k]) > Math.Abs(m[piv, k])) piv = i;
                if (piv != k) { for (int j = 0; j < n; j++) (m[k, j], m[piv, j]) = (m[piv, j], m[k, j]); (x[k], x[piv]) = (x[piv], x[k]); }
                for (int i = k + 1; i < n; i++)
                {
                    double l = m[i, k] / m[k, k];
                    for (int j = k; j < n; j++) m[i, j] -= l * m[k, j];
                    x[i] -= l * x[k];
                }
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double s = x[i];
                for (int j = i + 1; j < n; j++) s -= m[i, j] * x[j];
                x[i] = s / m[i, i];
            }
            return x;
        }
    }
}

public static partial class CellModel
{
    /// <summary>
    /// (V(I) - V(0)) / I after one backward-Euler step dt from the initial state (both from the same state): the instantaneous
    /// resistance of the time-domain model, ohm (DC-limit validation of the impedance with fast diffusion and a tiny current).
    /// </summary>
    public static double InstantaneousResistanceOhm(CellParameters p, double currentMA, double dtS)
    {
        p.Validate();
        var sim = new Simulator(p, SolverOptions.Default);
        return sim.StepResistance(currentMA * 1e-3 / (p.AreaCm2 * 1e-4), dtS) / (p.AreaCm2 * 1e-4);
    }

    sealed partial class Simulator
    {
        /// <summary>dV/dI of one trial step (ohm m2).</summary>
        public double StepResistance(double iDen, double dt)
        {
            double zero = 0;
            if (!Trial(dt, ref zero, null, out double v0) || !Trial(dt, ref iDen, null, out double v1)) throw new InvalidOperationException("no convergence");
            return (v1 - v0) / iDen;
        }
    }
}

/// <summary>
/// Known answers for the impedance of the cell model, shared by the tests and the cell-model-explained notebook: a uniform cathode
/// (one state everywhere, at rest, no separator or anode) and its analytic spectrum, the two-rail transmission line of Paasch et al.
/// with the interface impedance written out from the parameters, optionally with Jacobsen and West's finite-space spherical diffusion.
/// </summary>
public static class ImpedanceValidation
{
    const double Faraday = 96485.33212, Gas = 8.314462618;

    /// <summary>The small validation cell (CellModelValidation.SmallCell: NCWA in 3 and 6 um radius classes) at theta = 0.5, no separator
    /// and no anode resistance, so the spectrum is the cathode's alone.</summary>
    public static CellParameters UniformCell(int cells = 20) => CellModelValidation.SmallCell(cells: cells) with
    {
        InitialTheta = 0.5, SeparatorThicknessUm = 0, AnodeResistanceOhmCm2 = 0,
    };

    /// <summary>
    /// Analytic spectrum (ohm) of a uniform one-species cell: interface per contact area z_k = (R_cei || C_cei) + ((R_ct + U' Z_theta,k) || C_dl),
    /// R_ct = RT / (F i0(theta)), Z_theta,k from <see cref="SphericalDiffusion.AnalyticSurfaceResponse"/> (or zero), y = sum_k a_k / z_k,
    /// then <see cref="CellImpedance.TwoRailTransmissionLine"/> + R_sep + (R_LTO || C_LTO), over the area.
    /// </summary>
    public static Complex[] AnalyticCell(CellParameters p, IReadOnlyList<double> frequenciesHz, bool diffusion)
    {
        InvalidInputException.Require(p.Species.Count == 1 && p.InitialTheta is not null, "species", "the analytic cell has one species and a uniform initial state");
        var sp = p.Species[0];
        double theta = p.InitialTheta!.Value, thetaEnd = 1 / sp.InitialCoulombicEfficiency;
        double rs = 1 / (p.Cathode.SigmaElectronicEffSPerCm * 100), re = 1 / (p.Cathode.SigmaIonEffSPerCm * 100), l = p.Cathode.ThicknessUm * 1e-6;
        double shareSum = sp.Classes.Sum(c => c.VolumeShare);
        var eps = sp.Classes.Select(c => p.Cathode.CamVolumeFraction * c.VolumeShare / shareSum).ToArray();
        var aGeo = sp.Classes.Select((c, k) => 3 * eps[k] / (c.RadiusUm * 1e-6)).ToArray();
        double aTwin = p.Cathode.ContactAreaPerVolumePerUm * 1e6, contactShare = aTwin / aGeo.Sum();
        double x = p.Ocv.X(theta);
        double i0 = p.KineticsFactor * p.RateConstant * Math.Sqrt(p.ReferenceConcentrationMolPerM3) * p.CMaxMolPerM3 * Math.Sqrt(x * (1 - x));
        double rct = Gas * p.TemperatureK / (Faraday * i0), du = p.Ocv.Slope(theta, thetaEnd);
        double rcei = p.CeiResistanceOhmCm2 * 1e-4;
        double ccei = rcei > 0 ? CellImpedance.Epsilon0 * p.CeiRelativePermittivity / (p.CeiConductivitySPerCm * 100 * rcei) : 0;
        double cdl = p.DoubleLayerCapacitanceFPerM2, rSep = p.SeparatorThicknessUm * 1e-4 / p.SeparatorConductivitySPerCm * 1e-4;
        double rLto = p.AnodeResistanceOhmCm2 * 1e-4, cLto = p.AnodeCapacitanceFPerCm2 * 1e4, area = p.AreaCm2 * 1e-4;
        return frequenciesHz.Select(f =>
        {
            double w = 2 * Math.PI * f;
            var jw = new Complex(0, w);
            Complex y = 0;
            for (int k = 0; k < aGeo.Length; k++)
            {
                Complex zTheta = diffusion ? SphericalDiffusion.AnalyticSurfaceResponse(sp.Classes[k].RadiusUm * 1e-6, sp.DiffusivityM2PerS, w) * contactShare / sp.ChargeDensityCPerM3 : 0;
                Complex zF = rct + du * zTheta;
                y += aTwin * aGeo[k] / aGeo.Sum() / (rcei / (1 + jw * rcei * ccei) + zF / (1 + jw * cdl * zF));
            }
            return (CellImpedance.TwoRailTransmissionLine(rs, re, 1 / y, l) + rSep + rLto / (1 + jw * rLto * cLto)) / area;
        }).ToArray();
    }

    /// <summary>
    /// Shell study of the diffusion impedance: the uniform cell (160 finite volumes) with solid diffusion against the analytic TLM with
    /// Jacobsen-West spheres, per shell count: the worst relative error over 1 MHz-1 mHz (10 per decade) and the frequency where it occurs.
    /// The finite-volume surface value (outer shell + half-shell extrapolation, as in the time domain) converges to first order in the
    /// shell width at frequencies whose penetration depth sqrt(D / omega) is below a shell.
    /// </summary>
    public static IReadOnlyList<(int Shells, double WorstRelativeError, double AtFrequencyHz)> ShellStudy(IReadOnlyList<int> shells, int cells = 160)
    {
        var f = CellImpedance.LogFrequencies(1e6, 1e-3, 10);
        return shells.Select(n =>
        {
            var p = UniformCell(cells) with { Shells = n };
            var model = CellModel.Impedance(p, f);
            var exact = AnalyticCell(p, f, diffusion: true);
            var err = model.ImpedanceOhm.Select((z, i) => (z - exact[i]).Magnitude / exact[i].Magnitude).ToArray();
            int worst = Array.IndexOf(err, err.Max());
            return (n, err[worst], f[worst]);
        }).ToList();
    }

    /// <summary>
    /// The uniform cathode against its analytic transmission line over 1 MHz-1 mHz (10 per decade): without diffusion at
    /// <paramref name="cells"/> finite volumes, or with diffusion (Jacobsen-West spheres) at <paramref name="shells"/> shells. Both spectra as
    /// <see cref="Impedance.ImpedanceSpectrum"/> (for the Nyquist chart) and the worst relative error.
    /// </summary>
    public static (Impedance.ImpedanceSpectrum Model, Impedance.ImpedanceSpectrum Exact, double WorstRelativeError) UniformCellCheck(bool diffusion, int cells = 160, int shells = 640)
    {
        var f = CellImpedance.LogFrequencies(1e6, 1e-3, 10);
        var p = UniformCell(cells) with { Shells = diffusion ? shells : 12 };
        var model = CellModel.Impedance(p, f, new ImpedanceOptions(SolidDiffusion: diffusion));
        var exact = AnalyticCell(p, f, diffusion);
        string what = diffusion ? $"{cells} cells, {shells} shells" : $"{cells} cells, no diffusion";
        return (new Impedance.ImpedanceSpectrum(f, model.ImpedanceOhm, $"model ({what})"), new Impedance.ImpedanceSpectrum(f, exact.ToArray(), "analytic two-rail TLM" + (diffusion ? " + Jacobsen-West" : "")),
            WorstRelativeError(model, exact));
    }

    /// <summary>The small-sine cell: the uniform cell at 10 cells and 10 shells with its separator and LTO anode back (500 um at 3 mS/cm,
    /// 10 ohm cm2 || 0.01 F/cm2, so the anode capacitance is checked too) and fast diffusion (1e-12 m2/s) so that the particles'
    /// start-up transient dies out within the run.</summary>
    public static CellParameters SmallSineCell()
    {
        var small = CellModelValidation.SmallCell();
        var p = UniformCell(10) with { Shells = 10, SeparatorThicknessUm = small.SeparatorThicknessUm, AnodeResistanceOhmCm2 = small.AnodeResistanceOhmCm2 };
        return p with { Species = p.Species.Select(x => x with { DiffusivityM2PerS = 1e-12 }).ToList() };
    }

    /// <summary>
    /// Small-sine check at four frequencies (20 kHz: CEI film arc; 100 Hz: charge-transfer arc; 1 Hz: LTO arc; 0.1 Hz: diffusion): the time-domain model
    /// with its interface capacitances on, 2 uA amplitude, 6 periods of 500 backward-Euler steps (fit over the last 2), against the
    /// frequency-domain spectrum of the same state. Returns (frequency, Z frequency domain, Z time domain, |difference| / |Z|).
    /// </summary>
    public static IReadOnlyList<(double FrequencyHz, Complex FrequencyDomainOhm, Complex TimeDomainOhm, double RelativeError)> SmallSineCheck()
    {
        var p = SmallSineCell();
        double[] f = [2e4, 100, 1, 0.1];
        var zFreq = CellModel.Impedance(p, f).ImpedanceOhm;
        return f.Select((x, i) =>
        {
            var zTime = CellModel.SmallSineImpedance(p, x, 2e-3, periods: 6, stepsPerPeriod: 500);
            return (x, zFreq[i], zTime, (zTime - zFreq[i]).Magnitude / zFreq[i].Magnitude);
        }).ToList();
    }

    /// <summary>max over frequencies of |Z_model - Z_exact| / |Z_exact|.</summary>
    public static double WorstRelativeError(CellSpectrum model, IReadOnlyList<Complex> exact) =>
        model.ImpedanceOhm.Select((z, i) => (z - exact[i]).Magnitude / exact[i].Magnitude).Max();
}
