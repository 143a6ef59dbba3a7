using System.Numerics;

namespace ResearchKit.Electrochemistry;

/// <summary>
/// Banded linear solver for diagonally dominant band matrices: LU without pivoting in band storage, O(n b^2). Generic over the
/// element type, so the time-domain Jacobian (double) and the frequency-domain system i omega C + G (Complex) of the cell model share
/// one factorisation; both have half-bandwidth 2 (two interleaved potentials per finite volume).
/// </summary>
public sealed class BandedMatrix<T> where T : INumberBase<T>
{
    readonly int _n, _b, _w;
    readonly T[] _a; // row-major band: a[i*w + (j - i + b)]

    /// <summary>An n x n matrix with lower and upper half-bandwidth <paramref name="halfBandwidth"/>.</summary>
    public BandedMatrix(int n, int halfBandwidth)
    {
        _n = n; _b = halfBandwidth; _w = 2 * halfBandwidth + 1; _a = new T[n * _w];
    }

    public int Size => _n;
    public void Clear() => Array.Clear(_a);

    public T this[int i, int j]
    {
        get => Math.Abs(i - j) > _b ? T.Zero : _a[i * _w + j - i + _b];
        set => _a[i * _w + j - i + _b] = value;
    }

    public void Add(int i, int j, T v) => _a[i * _w + j - i + _b] += v;

    /// <summary>In-place LU factorisation (Doolittle, no pivoting). Returns false on a zero or non-finite pivot.</summary>
    public bool Factorize()
    {
        for (int k = 0; k < _n; k++)
        {
            T piv = _a[k * _w + _b];
            if (piv == T.Zero || !T.IsFinite(piv)) return false;
            int iMax = Math.Min(_n - 1, k + _b);
            for (int i = k + 1; i <= iMax; i++)
            {
                T l = _a[i * _w + k - i + _b] / piv;
                _a[i * _w + k - i + _b] = l;
                if (l == T.Zero) continue;
                for (int j = k + 1; j <= Math.Min(_n - 1, k + _b); j++) _a[i * _w + j - i + _b] -= l * _a[k * _w + j - k + _b];
            }
        }
        return true;
    }

    /// <summary>Solves L U x = rhs in place after <see cref="Factorize"/>.</summary>
    public void Solve(Span<T> x)
    {
        for (int i = 0; i < _n; i++)
        {
            T s = x[i];
            for (int j = Math.Max(0, i - _b); j < i; j++) s -= _a[i * _w + j - i + _b] * x[j];
            x[i] = s;
        }
        for (int i = _n - 1; i >= 0; i--)
        {
            T s = x[i];
            for (int j = i + 1; j <= Math.Min(_n - 1, i + _b); j++) s -= _a[i * _w + j - i + _b] * x[j];
            x[i] = s / _a[i * _w + _b];
        }
    }
}

/// <summary>
/// Spherical solid diffusion by finite volumes in r (equal-width shells), backward Euler in time. Conservative: the change of the
/// shell contents equals the surface flux times the time step to round-off. State theta is the lithiation fraction; the surface
/// flux is given as a current density per particle surface (A/m2, positive = delithiation) divided by the charge density (C/m3).
/// </summary>
public sealed class SphericalDiffusion
{
    /// <summary>Shells.</summary>
    public int Shells { get; }
    public double RadiusM { get; }
    public double DiffusivityM2PerS { get; }
    readonly double _dr;
    readonly double[] _vol, _face; // shell volumes / (4 pi), inner-face areas / (4 pi)
    double _dt = double.NaN;
    readonly double[] _lower, _diag, _upper, _cp, _g;

    public SphericalDiffusion(double radiusM, double diffusivityM2PerS, int shells)
    {
        Shells = shells; RadiusM = radiusM; DiffusivityM2PerS = diffusivityM2PerS;
        _dr = radiusM / shells;
        _vol = new double[shells]; _face = new double[shells + 1];
        for (int j = 0; j < shells; j++)
        {
            double r0 = j * _dr, r1 = (j + 1) * _dr;
            _vol[j] = (r1 * r1 * r1 - r0 * r0 * r0) / 3.0;
            _face[j] = r0 * r0;
        }
        _face[shells] = radiusM * radiusM;
        _lower = new double[shells]; _diag = new double[shells]; _upper = new double[shells]; _cp = new double[shells]; _g = new double[shells];
    }

    /// <summary>Particle volume / (4 pi), m3.</summary>
    public double VolumeOver4Pi => RadiusM * RadiusM * RadiusM / 3.0;

    /// <summary>Shell volumes / (4 pi).</summary>
    public ReadOnlySpan<double> ShellVolumes => _vol;

    /// <summary>Mean theta of a particle state.</summary>
    public double Mean(ReadOnlySpan<double> theta)
    {
        double s = 0;
        for (int j = 0; j < Shells; j++) s += _vol[j] * theta[j];
        return s / VolumeOver4Pi;
    }

    /// <summary>
    /// Prepares a time step dt: factorises (V/dt + D L) and computes the response g = d theta_new / d flux, where flux is the
    /// surface flux in theta-units (m/s): current per particle surface / charge density.
    /// </summary>
    public void Prepare(double dt)
    {
        if (dt == _dt) return;
        _dt = dt;
        double k = DiffusivityM2PerS / _dr;
        for (int j = 0; j < Shells; j++)
        {
            double lo = j > 0 ? k * _face[j] : 0, up = j < Shells - 1 ? k * _face[j + 1] : 0;
            _lower[j] = -lo; _upper[j] = -up; _diag[j] = _vol[j] / dt + lo + up;
        }
        // Thomas factorisation (store modified upper coefficients and pivots).
        _cp[0] = _upper[0] / _diag[0];
        _diag[0] = _diag[0];
        for (int j = 1; j < Shells; j++)
        {
            double m = _diag[j] - _lower[j] * _cp[j - 1];
            _diag[j] = m;
            _cp[j] = _upper[j] / m;
        }
        // Response to a unit outward flux at the surface: rhs = -A_R e_N.
        Span<double> rhs = stackalloc double[Shells];
        rhs[Shells - 1] = -_face[Shells];
        SolveFactored(rhs, _g);
    }

    void SolveFactored(ReadOnlySpan<double> rhs, Span<double> x)
    {
        // diag holds the pivots m_j; forward: y_j = (rhs_j - lower_j y_{j-1}) / m_j; back: x_j = y_j - cp_j x_{j+1}.
        x[0] = rhs[0] / _diag[0];
        for (int j = 1; j < Shells; j++) x[j] = (rhs[j] - _lower[j] * x[j - 1]) / _diag[j];
        for (int j = Shells - 2; j >= 0; j--) x[j] -= _cp[j] * x[j + 1];
    }

    /// <summary>theta_new at zero flux (into <paramref name="c0"/>) for the prepared dt.</summary>
    public void ZeroFluxResponse(ReadOnlySpan<double> thetaOld, Span<double> c0)
    {
        Span<double> rhs = stackalloc double[Shells];
        for (int j = 0; j < Shells; j++) rhs[j] = _vol[j] / _dt * thetaOld[j];
        SolveFactored(rhs, c0);
    }

    /// <summary>d theta_j / d flux for the prepared dt.</summary>
    public ReadOnlySpan<double> FluxResponse => _g;

    /// <summary>
    /// Surface value: the outer shell value extrapolated half a shell with the imposed gradient (D dtheta/dr = -flux):
    /// theta_s = theta_N - flux dr / (2 D). Returns the coefficient of flux in that extrapolation.
    /// </summary>
    public double SurfaceExtrapolation => -_dr / (2 * DiffusivityM2PerS);

    /// <summary>
    /// Frequency response of the SAME finite-volume discretisation: surface value (outer shell extrapolated half a shell, as in the time
    /// domain) per surface flux (theta-units, m/s, positive = out) for a harmonic flux at angular frequency omega: solves
    /// (i omega V + D L) theta = -A_R e_N by the complex Thomas algorithm, then adds <see cref="SurfaceExtrapolation"/>. Units s/m. Tends to -3 / (i omega a) + ... at low frequency (the particle's capacity).
    /// </summary>
    public Complex SurfaceResponse(double omega)
    {
        double k = DiffusivityM2PerS / _dr;
        Span<Complex> cp = stackalloc Complex[Shells];
        Span<Complex> y = stackalloc Complex[Shells];
        Complex prevCp = 0, prevY = 0;
        for (int j = 0; j < Shells; j++)
        {
            double lo = j > 0 ? k * _face[j] : 0, up = j < Shells - 1 ? k * _face[j + 1] : 0;
            var diag = new Complex(lo + up, omega * _vol[j]);
            double rhs = j == Shells - 1 ? -_face[Shells] : 0;
            var m = diag - (j > 0 ? -lo * prevCp : Complex.Zero);
            cp[j] = -up / m;
            y[j] = (rhs - (j > 0 ? -lo * prevY : Complex.Zero)) / m;
            prevCp = cp[j]; prevY = y[j];
        }
        // Back substitution only needs the last unknown (the outer shell).
        return y[Shells - 1] + SurfaceExtrapolation;
    }

    /// <summary>
    /// Analytic surface response of a sphere with a reflecting centre (finite-space spherical diffusion; Jacobsen and West,
    /// Electrochim. Acta 40, 255, 1995): theta_s / flux = -(a / D) tanh(u) / (u - tanh u), u = a sqrt(i omega / D). Low-frequency
    /// limit -3 / (i omega a) - a / (5 D) (the particle capacity in series with Crank's 1/5 term).
    /// </summary>
    public static Complex AnalyticSurfaceResponse(double radiusM, double diffusivityM2PerS, double omega)
    {
        var u = radiusM * Complex.Sqrt(new Complex(0, omega / diffusivityM2PerS));
        Complex t;
        if (u.Magnitude < 1e-3)
            return -3.0 / (new Complex(0, omega) * radiusM) - radiusM / (5 * diffusivityM2PerS); // series: avoids cancellation in u - tanh u
        t = u.Real > 20 ? Complex.One : Complex.Tanh(u);
        return -(radiusM / diffusivityM2PerS) * t / (u - t);
    }

    /// <summary>One backward-Euler step at constant surface flux (theta-units, m/s; positive = out of the particle), in place.</summary>
    public void Step(Span<double> theta, double dt, double flux)
    {
        Prepare(dt);
        Span<double> c0 = stackalloc double[Shells];
        ZeroFluxResponse(theta, c0);
        for (int j = 0; j < Shells; j++) theta[j] = c0[j] + _g[j] * flux;
    }

    /// <summary>Surface value of a state under a flux.</summary>
    public double Surface(ReadOnlySpan<double> theta, double flux) => theta[Shells - 1] + SurfaceExtrapolation * flux;

    /// <summary>
    /// Crank (1975) eq. 6.60 at r = a: constant flux F into a sphere of radius a from uniform C0:
    /// C_s - C0 = (F a / D) [3 tau + 1/5 - 2 sum_n exp(-alpha_n^2 tau) / alpha_n^2], tau = D t / a^2, alpha_n the positive roots of
    /// alpha cot alpha = 1 (tan alpha = alpha). Returned in units of F a / D.
    /// </summary>
    public static double CrankSurfaceIncrement(double tau, int terms = 200)
    {
        double s = 0;
        for (int n = 1; n <= terms; n++)
        {
            // Root of tan(alpha) = alpha in (n pi, n pi + pi/2): Newton from just below the asymptote.
            double a = (n + 0.5) * Math.PI - 1e-3;
            for (int it = 0; it < 100; it++)
            {
                double f = Math.Tan(a) - a, df = 1 / (Math.Cos(a) * Math.Cos(a)) - 1;
                double na = a - f / df;
                if (na <= n * Math.PI) na = 0.5 * (a + n * Math.PI);
                if (na >= (n + 0.5) * Math.PI) na = 0.5 * (a + (n + 0.5) * Math.PI);
                if (Math.Abs(na - a) < 1e-15) { a = na; break; }
                a = na;
            }
            s += Math.Exp(-a * a * tau) / (a * a);
        }
        return 3 * tau + 0.2 - 2 * s;
    }
}
