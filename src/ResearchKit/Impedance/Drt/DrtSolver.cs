using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace ResearchKit.Impedance.Drt;

/// <summary>
/// Tikhonov-regularised distribution of relaxation times (DRT) of an impedance spectrum:
/// Z(f) = R_inf + i 2 pi f L + integral gamma(ln tau) / (1 + i 2 pi f tau) d ln tau, gamma &gt;= 0.
/// </summary>
/// <remarks>
/// Method of Wan, Saccoccio, Chen and Ciucci, Electrochim. Acta 184 (2015) 483 (the method behind pyDRTtools): gamma is
/// expanded in Gaussian radial basis functions (or piecewise-linear hats) on a log-tau grid that extends
/// <see cref="DrtOptions.ExtensionDecades"/> beyond [1/(2 pi f_max), 1/(2 pi f_min)]; the misfit plus
/// lambda * integral (d^k gamma/d ln tau^k)^2, with the exact penalty integrals of the Gaussian expansion, is minimised
/// under non-negativity by an exact active-set QP (<see cref="NonNegativeQuadratic"/>).
/// Lambda: generalized cross-validation of the unconstrained problem (as pyDRTtools' "GCV"), the L-curve corner, or a user value.
/// Speed: R_inf and L are projected out, the penalty is Cholesky-factored and one symmetric eigendecomposition of the
/// transformed normal matrix gives the GCV score and the L-curve at any lambda in O(rows x unknowns), so the lambda search
/// costs no further factorisation.
/// </remarks>
public static class DrtSolver
{
    // Trapezoid nodes in t = epsilon (ln tau - ln tau_m) for the Gaussian RBF kernel integrals: spectrally accurate
    // because the integrand exp(-t^2) K(.) is analytic in a strip (the kernel's poles are at Im t = epsilon pi / 2).
    const double TrapezoidStep = 0.35;
    const int TrapezoidHalf = 18;
    static readonly double[] GaussLegendre5X = [-0.9061798459386640, -0.5384693101056831, 0, 0.5384693101056831, 0.9061798459386640];
    static readonly double[] GaussLegendre5W = [0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665, 0.2369268850561891];

    /// <summary>Fits the DRT of <paramref name="spectrum"/> with <paramref name="options"/> (defaults: see <see cref="DrtOptions"/>).</summary>
    /// <exception cref="InvalidInputException">Too few points, non-positive, duplicate or non-finite frequencies, non-finite impedance.</exception>
    public static DrtResult Compute(ImpedanceSpectrum spectrum, DrtOptions? options = null)
    {
        options ??= new DrtOptions();
        Validate(spectrum, options);
        var narrow = ComputeWithBasis(spectrum, options);
        if (options.WideShapeCoefficient is not double wide || wide == options.ShapeCoefficient
            || options.Basis != DrtBasis.Gaussian || options.LambdaMethod != DrtLambdaMethod.Gcv)
            return narrow;
        var broad = ComputeWithBasis(spectrum, options with { ShapeCoefficient = wide });
        // One-standard-error rule on the GCV score (DrtOptions.WideShapeCoefficient): the wide basis only when clearly better.
        int residuals = (options.FitPart == DrtFitPart.Combined ? 2 : 1) * spectrum.Count;
        double gNarrow = BestCriterion(narrow), gBroad = BestCriterion(broad);
        bool takeBroad = gBroad < gNarrow * (1 - Math.Sqrt(2.0 / residuals));
        // The result's options name the basis used, so a re-run with them reproduces it.
        return takeBroad ? broad with { Options = options with { ShapeCoefficient = wide, WideShapeCoefficient = null } } : narrow;
    }

    /// <summary>Smallest finite GCV score of the lambda search (the first, full-basis pass).</summary>
    static double BestCriterion(DrtResult r)
    {
        double best = double.PositiveInfinity;
        foreach (var v in r.CriterionScan) if (double.IsFinite(v) && v < best) best = v;
        return best;
    }

    static DrtResult ComputeWithBasis(ImpedanceSpectrum spectrum, DrtOptions options)
    {
        int n = spectrum.Count;
        var f = spectrum.FrequencyHz;
        var z = spectrum.ImpedanceOhm;
        double fMin = f.Min(), fMax = f.Max();

        // Grid of centres (ln tau), uniform.
        double decadesData = Math.Log10(fMax / fMin);
        double perDecade = options.CentresPerDecade > 0 ? options.CentresPerDecade
            : Math.Clamp((n - 1) / Math.Max(decadesData, 1e-9), 5, 20);
        double logTauLo = Math.Log10(1 / (2 * Math.PI * fMax)) - options.ExtensionDecades;
        double logTauHi = Math.Log10(1 / (2 * Math.PI * fMin)) + options.ExtensionDecades;
        int m = Math.Max(3, (int)Math.Round((logTauHi - logTauLo) * perDecade) + 1);
        var y = new double[m];
        for (int i = 0; i < m; i++) y[i] = Math.Log(10) * (logTauLo + (logTauHi - logTauLo) * i / (m - 1));
        double dy = y[1] - y[0];
        double epsilon = options.Basis == DrtBasis.Gaussian ? options.ShapeCoefficient * 2 * Math.Sqrt(Math.Log(2)) / dy : 0;

        bool withCapacitor = options.SeriesCapacitance == DrtSeriesCapacitance.Fit
            || (options.SeriesCapacitance == DrtSeriesCapacitance.Auto && HasCapacitiveTail(f, z));
        var design = Design(f, z, y, epsilon, options, withCapacitor);
        var (aRe, aIm, pen, a, b) = (design.KernelReal, design.KernelImaginary, design.Penalty, design.Matrix, design.Rhs);
        var (rows, p, p0, weight) = (design.Rows, design.Columns, design.NuisanceColumns, design.Weight);
        var (omega, omegaMin, omegaMax) = (design.Omega, design.OmegaMin, design.OmegaMax);
        var (useRe, useIm, rCol, lCol, cCol) = (design.UseReal, design.UseImaginary, design.RInfColumn, design.InductanceColumn, design.CapacitorColumn);

        double lambda = options.Lambda;
        double[] scan = [], criterion = [];
        if (options.LambdaMethod != DrtLambdaMethod.Fixed)
        {
            var spectral = new RidgeSpectrum(a, b, rows, p, p0, pen);
            (lambda, scan, criterion) = options.LambdaMethod switch
            {
                DrtLambdaMethod.Gcv => spectral.Minimise(options.LambdaMin, options.LambdaMax, spectral.Gcv),
                DrtLambdaMethod.Gml => spectral.Minimise(options.LambdaMin, options.LambdaMax, spectral.Gml),
                _ => spectral.LCurveCorner(options.LambdaMin, options.LambdaMax),
            };
        }
        else InvalidInputException.Require(lambda > 0 && double.IsFinite(lambda), "lambda", "a positive finite regularisation parameter");

        // Normal equations Q = A^T A + lambda Pen, c = A^T b.
        var ata = new double[p * p];
        var c = new double[p];
        for (int r = 0; r < rows; r++)
        {
            var ar = a.AsSpan(r * p, p);
            double br = b[r];
            for (int i = 0; i < p; i++)
            {
                double ai = ar[i];
                if (ai == 0) continue;
                c[i] += ai * br;
                var qi = ata.AsSpan(i * p, p);
                for (int j = 0; j <= i; j++) qi[j] += ai * ar[j];
            }
        }
        double bNorm2 = 0;
        foreach (var v in b) bNorm2 += v * v;
        var free = new bool[p];
        if (rCol && !options.NonNegativeRInf) free[0] = true;
        int iterations = 0;
        double[] NormalMatrix(double lam)
        {
            var q = (double[])ata.Clone();
            for (int i = 0; i < m; i++)
                for (int j = 0; j <= i; j++) q[(p0 + i) * p + p0 + j] += lam * pen[i * m + j];
            for (int i = 0; i < p; i++)
                for (int j = 0; j < i; j++) q[j * p + i] = q[i * p + j];
            return q;
        }
        double[] SolveAt(double lam)
        {
            var q = NormalMatrix(lam);
            if (options.NonNegative) return NonNegativeQuadratic.Solve(q, c, out iterations, free);
            DenseCholesky.FactorInPlace(q, p);
            var sol = (double[])c.Clone();
            DenseCholesky.SolveInPlace(q, p, sol);
            return sol;
        }
        double[] x = SolveAt(lambda);
        // Active-set GCV: the non-negativity constraint removes the zero coefficients from the fit, so the influence matrix
        // of the constrained solution is that of the ridge problem on the positive (passive) basis functions only.
        for (int pass = 0; options.NonNegative && options.ActiveSetPasses > pass && options.LambdaMethod is DrtLambdaMethod.Gcv or DrtLambdaMethod.Gml; pass++)
        {
            var keep = Enumerable.Range(0, m).Where(j => x[p0 + j] > 0).ToArray();
            if (keep.Length == m || keep.Length < 2) break;
            int ps = p0 + keep.Length, ms = keep.Length;
            var asub = new double[rows * ps];
            for (int r = 0; r < rows; r++)
            {
                for (int k = 0; k < p0; k++) asub[r * ps + k] = a[r * p + k];
                for (int k = 0; k < ms; k++) asub[r * ps + p0 + k] = a[r * p + p0 + keep[k]];
            }
            var psub = new double[ms * ms];
            for (int i = 0; i < ms; i++) for (int j = 0; j < ms; j++) psub[i * ms + j] = pen[keep[i] * m + keep[j]];
            var sub = new RidgeSpectrum(asub, b, rows, ps, p0, psub);
            var (lamNew, _, _) = sub.Minimise(options.LambdaMin, options.LambdaMax, options.LambdaMethod == DrtLambdaMethod.Gml ? sub.Gml : sub.Gcv);
            if (Math.Abs(Math.Log(lamNew / lambda)) < 1e-3) break;
            lambda = lamNew;
            x = SolveAt(lambda);
        }
        // Central-path (log-barrier) solution at the chosen lambda, started from the exact one (DrtOptions.PositivityBarrier).
        int nb = free.Count(v => !v);
        if (options.NonNegative && options.PositivityBarrier > 0 && nb > 0 && bNorm2 > 0)
        {
            x = NonNegativeQuadratic.SolveBarrier(NormalMatrix(lambda), c, options.PositivityBarrier * bNorm2 / nb, x, free);
        }
        var gammaCoef = x.AsSpan(p0, m).ToArray();
        double rInf = rCol ? x[0] : 0;
        double ind = lCol ? x[rCol ? 1 : 0] / omegaMax : 0;
        double xCap = cCol ? x[p0 - 1] : 0;

        // Parts not in the fit are estimated from the other component's residual.
        if (!useIm && options.FitInductance)
        {
            double num = 0, den = 0;
            for (int k = 0; k < n; k++)
            {
                double fit = 0;
                for (int j = 0; j < m; j++) fit += aIm[k * m + j] * gammaCoef[j];
                double w2 = weight[k] * weight[k];
                num += w2 * omega[k] * (z[k].Imaginary - fit);
                den += w2 * omega[k] * omega[k];
            }
            ind = Math.Max(0, num / den);
        }
        if (!useIm && withCapacitor)
        {
            double num = 0, den = 0;
            for (int k = 0; k < n; k++)
            {
                double fit = omega[k] * ind;
                for (int j = 0; j < m; j++) fit += aIm[k * m + j] * gammaCoef[j];
                double w2 = weight[k] * weight[k], col = -omegaMin / omega[k];
                num += w2 * col * (z[k].Imaginary - fit);
                den += w2 * col * col;
            }
            xCap = Math.Max(0, num / den);
        }
        if (!useRe)
        {
            double num = 0, den = 0;
            for (int k = 0; k < n; k++)
            {
                double fit = 0;
                for (int j = 0; j < m; j++) fit += aRe[k * m + j] * gammaCoef[j];
                double w2 = weight[k] * weight[k];
                num += w2 * (z[k].Real - fit);
                den += w2;
            }
            rInf = num / den;
        }

        var fitted = new Complex[n];
        for (int k = 0; k < n; k++)
        {
            double re = rInf, im = omega[k] * ind - xCap * omegaMin / omega[k];
            for (int j = 0; j < m; j++) { re += aRe[k * m + j] * gammaCoef[j]; im += aIm[k * m + j] * gammaCoef[j]; }
            fitted[k] = new Complex(re, im);
        }
        double area = options.Basis == DrtBasis.Gaussian ? Math.Sqrt(Math.PI) / epsilon : dy;
        double rPol = gammaCoef.Sum() * area;

        var centres = y.Select(v => Math.Exp(v)).ToArray();
        var result = new DrtResult
        {
            TauS = [], GammaOhm = [], CentreTauS = centres, Coefficients = gammaCoef,
            RInfOhm = rInf, InductanceH = ind, Lambda = lambda, RPolOhm = rPol,
            SeriesCapacitanceF = withCapacitor ? (xCap > 0 ? 1 / (xCap * omegaMin) : double.PositiveInfinity) : null,
            FrequencyHz = (double[])f.Clone(), ImpedanceOhm = (Complex[])z.Clone(), FittedImpedanceOhm = fitted,
            LambdaScan = scan, CriterionScan = criterion, Iterations = iterations, Options = options, Epsilon = epsilon,
        };
        int nOut = Math.Max(2, (int)Math.Round((logTauHi - logTauLo) * options.OutputPointsPerDecade) + 1);
        var tauOut = new double[nOut];
        var gOut = new double[nOut];
        for (int i = 0; i < nOut; i++)
        {
            tauOut[i] = Math.Pow(10, logTauLo + (logTauHi - logTauLo) * i / (nOut - 1));
            gOut[i] = result.GammaAt(tauOut[i]);
        }
        return result with { TauS = tauOut, GammaOhm = gOut };
    }

    /// <summary>
    /// The weighted least-squares design of the inversion on the centres y (ln tau): rows = real then imaginary residuals, columns =
    /// [R_inf | L omega_max | 1 / (C omega_min) | gamma coefficients] as the options and <paramref name="withCapacitor"/> select,
    /// with the kernel integrals and the penalty matrix. Shared by the solve and by <see cref="DrtCredibleBands"/>.
    /// </summary>
    internal static DrtDesign Design(double[] f, Complex[] z, double[] y, double epsilon, DrtOptions options, bool withCapacitor)
    {
        int n = f.Length, m = y.Length;
        var omega = f.Select(v => 2 * Math.PI * v).ToArray();
        double omegaMax = omega.Max();
        var aRe = new double[n * m];
        var aIm = new double[n * m];
        for (int k = 0; k < n; k++) KernelRow(omega[k], y, options.Basis, epsilon, aRe.AsSpan(k * m, m), aIm.AsSpan(k * m, m));
        var pen = PenaltyMatrix(y, options.Basis, options.Penalty, epsilon);

        bool useRe = options.FitPart != DrtFitPart.ImaginaryOnly, useIm = options.FitPart != DrtFitPart.RealOnly;
        bool rCol = useRe, lCol = useIm && options.FitInductance;
        bool cCol = useIm && withCapacitor;
        double omegaMin = omega.Min();
        int p0 = (rCol ? 1 : 0) + (lCol ? 1 : 0) + (cCol ? 1 : 0);
        int p = p0 + m;
        int rows = (useRe ? n : 0) + (useIm ? n : 0);
        var weight = new double[n];
        // Modulus weights are normalised by the geometric mean of |Z|, so that lambda keeps the scale it has with unit weights.
        double logMeanAbs = z.Average(v => Math.Log(v.Magnitude));
        for (int k = 0; k < n; k++) weight[k] = options.Weighting == DrtWeighting.Modulus ? Math.Exp(logMeanAbs) / z[k].Magnitude : 1;

        // Full design matrix (rows x p, row-major): [R_inf | L * omega_max | 1 / (C omega_min) | gamma coefficients].
        var a = new double[rows * p];
        var b = new double[rows];
        int row = 0;
        if (useRe)
            for (int k = 0; k < n; k++, row++)
            {
                int col = 0;
                if (rCol) a[row * p + col++] = weight[k];
                if (lCol) col++;
                if (cCol) col++;
                for (int j = 0; j < m; j++) a[row * p + col + j] = weight[k] * aRe[k * m + j];
                b[row] = weight[k] * z[k].Real;
            }
        if (useIm)
            for (int k = 0; k < n; k++, row++)
            {
                int col = 0;
                if (rCol) col++;
                if (lCol) a[row * p + col++] = weight[k] * omega[k] / omegaMax;
                // Series capacitor: Z'' = -1 / (omega C) = -(omega_min / omega) x_C with x_C = 1 / (C omega_min) >= 0 (ohm).
                if (cCol) a[row * p + col++] = -weight[k] * omegaMin / omega[k];
                for (int j = 0; j < m; j++) a[row * p + col + j] = weight[k] * aIm[k * m + j];
                b[row] = weight[k] * z[k].Imaginary;
            }
        return new DrtDesign(aRe, aIm, pen, a, b, rows, p, p0, weight, omega, omegaMax, omegaMin, useRe, useIm, rCol, lCol, cCol);
    }

    /// <summary>Z of the DRT model at one frequency: R_inf + i omega L + sum of basis kernels.</summary>
    internal static Complex Synthesise(DrtResult r, double frequencyHz)
    {
        int m = r.CentreTauS.Length;
        var y = r.CentreTauS.Select(v => Math.Log(v)).ToArray();
        var re = new double[m];
        var im = new double[m];
        double omega = 2 * Math.PI * frequencyHz;
        KernelRow(omega, y, r.Options.Basis, r.Epsilon, re, im);
        double zr = r.RInfOhm, zi = omega * r.InductanceH;
        if (r.SeriesCapacitanceF is double cap && double.IsFinite(cap)) zi -= 1 / (omega * cap);
        for (int j = 0; j < m; j++) { zr += re[j] * r.Coefficients[j]; zi += im[j] * r.Coefficients[j]; }
        return new Complex(zr, zi);
    }

    /// <summary>
    /// Whether the spectrum keeps rising capacitively at its low-frequency end (a blocking electrode, or a process far slower than
    /// the window), so that it does not close on the real axis: the phase at the lowest frequency is below -60 degrees and
    /// -Z'' grows over the three lowest frequencies. A closing arc (ZARC, RC, finite diffusion) turns back towards the real axis.
    /// </summary>
    public static bool HasCapacitiveTail(IReadOnlyList<double> frequencyHz, IReadOnlyList<Complex> impedanceOhm)
    {
        int n = frequencyHz.Count;
        if (n < 4) return false;
        var order = Enumerable.Range(0, n).OrderBy(i => frequencyHz[i]).Take(3).ToArray();
        var z0 = impedanceOhm[order[0]];
        double phaseDeg = Math.Atan2(z0.Imaginary, z0.Real) * 180 / Math.PI;
        return phaseDeg < -60 && -impedanceOhm[order[0]].Imaginary > -impedanceOhm[order[1]].Imaginary
            && -impedanceOhm[order[1]].Imaginary > -impedanceOhm[order[2]].Imaginary;
    }

    static void Validate(ImpedanceSpectrum s, DrtOptions o)
    {
        s.RequireAnalysable("a DRT");
        InvalidInputException.Require(o.ExtensionDecades >= 0 && double.IsFinite(o.ExtensionDecades), "ExtensionDecades", "a non-negative number of decades");
        InvalidInputException.Require(o.ShapeCoefficient > 0, "ShapeCoefficient", "a positive FWHM coefficient");
        InvalidInputException.Require(o.LambdaMin > 0 && o.LambdaMax > o.LambdaMin, "LambdaMin/LambdaMax", "0 < LambdaMin < LambdaMax");
        InvalidInputException.Require(o.OutputPointsPerDecade > 0, "OutputPointsPerDecade", "a positive number");
        InvalidInputException.Require(o.WideShapeCoefficient is null or > 0, "WideShapeCoefficient", "null or a positive FWHM coefficient");
        InvalidInputException.Require(o.PositivityBarrier >= 0 && double.IsFinite(o.PositivityBarrier), "PositivityBarrier", "a non-negative finite barrier weight");
        InvalidInputException.Require(o.CentresPerDecade >= 0, "CentresPerDecade", "0 (automatic) or a positive number");
    }

    /// <summary>
    /// Real and imaginary kernel integrals of each basis function at one angular frequency:
    /// re_m = integral phi_m(y) / (1 + (omega e^y)^2) dy, im_m = -integral phi_m(y) omega e^y / (1 + (omega e^y)^2) dy.
    /// </summary>
    internal static void KernelRow(double omega, double[] y, DrtBasis basis, double epsilon, Span<double> re, Span<double> im)
    {
        int m = y.Length;
        if (basis == DrtBasis.Gaussian)
        {
            int nq = 2 * TrapezoidHalf + 1;
            Span<double> wq = stackalloc double[nq];
            Span<double> mult = stackalloc double[nq];
            for (int k = 0; k < nq; k++)
            {
                double t = (k - TrapezoidHalf) * TrapezoidStep;
                wq[k] = TrapezoidStep / epsilon * Math.Exp(-t * t);
                mult[k] = Math.Exp(t / epsilon);
            }
            for (int j = 0; j < m; j++)
            {
                double wt0 = omega * Math.Exp(y[j]);
                double sr = 0, si = 0;
                for (int k = 0; k < nq; k++)
                {
                    double wt = wt0 * mult[k];
                    double inv = wq[k] / (1 + wt * wt);
                    sr += inv;
                    si -= inv * wt;
                }
                re[j] = sr; im[j] = si;
            }
            return;
        }
        double dy = y[1] - y[0];
        for (int j = 0; j < m; j++)
        {
            double sr = 0, si = 0;
            // Hat function: two halves [y_j - dy, y_j] and [y_j, y_j + dy], 5-point Gauss-Legendre on each.
            for (int half = -1; half <= 1; half += 2)
                for (int g = 0; g < 5; g++)
                {
                    double u = 0.5 * dy * (1 + GaussLegendre5X[g]); // distance from y_j
                    double hat = 1 - u / dy;
                    double wt = omega * Math.Exp(y[j] + half * u);
                    double inv = 0.5 * dy * GaussLegendre5W[g] * hat / (1 + wt * wt);
                    sr += inv; si -= inv * wt;
                }
            re[j] = sr; im[j] = si;
        }
    }

    /// <summary>
    /// Penalty matrix P with gamma^T P gamma = integral (d^k gamma / dy^k)^2 dy, y = ln tau. For the Gaussian RBF the integrals are
    /// exact over the real line (Wan et al. 2015, sec. 2.3): with g(d) = integral phi(y) phi(y+d) dy = sqrt(pi/2)/eps exp(-eps^2 d^2/2),
    /// P1_ij = -g''(d_ij) and P2_ij = g''''(d_ij). For hats: exact first-difference energy, second differences / dy^3.
    /// </summary>
    internal static double[] PenaltyMatrix(double[] y, DrtBasis basis, DrtPenalty order, double epsilon)
    {
        int m = y.Length;
        var pen = new double[m * m];
        if (basis == DrtBasis.Gaussian)
        {
            double s = epsilon * epsilon / 2, cst = Math.Sqrt(Math.PI / 2) / epsilon;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < m; j++)
                {
                    double d = y[i] - y[j], d2 = d * d, e = cst * Math.Exp(-s * d2);
                    pen[i * m + j] = order == DrtPenalty.FirstDerivative
                        ? e * (2 * s - 4 * s * s * d2)
                        : e * (16 * s * s * s * s * d2 * d2 - 48 * s * s * s * d2 + 12 * s * s);
                }
            return pen;
        }
        double dy = y[1] - y[0];
        if (order == DrtPenalty.FirstDerivative)
        {
            for (int i = 0; i + 1 < m; i++)
            {
                double w = 1 / dy;
                pen[i * m + i] += w; pen[(i + 1) * m + i + 1] += w;
                pen[i * m + i + 1] -= w; pen[(i + 1) * m + i] -= w;
            }
            return pen;
        }
        double w2 = 1 / (dy * dy * dy);
        Span<double> st = [1, -2, 1];
        for (int i = 1; i + 1 < m; i++)
            for (int a = 0; a < 3; a++)
                for (int b = 0; b < 3; b++)
                    pen[(i - 1 + a) * m + i - 1 + b] += w2 * st[a] * st[b];
        return pen;
    }

    /// <summary>
    /// The unconstrained problem min ||A x - b||^2 + lambda x_g^T P x_g in spectral form: unpenalised columns (R_inf, L) are
    /// projected out, P = L L^T, B = A_perp L^-T and B^T B = V S V^T; then x(lambda) and the influence matrix follow from the
    /// filter factors s_i / (s_i + lambda) in O(rows x unknowns) per lambda.
    /// </summary>
    sealed class RidgeSpectrum
    {
        readonly int _rows, _m, _p0;
        readonly double[] _s, _c, _bPerp;

        public RidgeSpectrum(double[] a, double[] b, int rows, int p, int p0, double[] pen)
        {
            _rows = rows; _p0 = p0; int m = _m = p - p0;
            // Orthonormal basis of the unpenalised columns (modified Gram-Schmidt, twice).
            var q0 = new double[p0][];
            for (int k = 0; k < p0; k++)
            {
                var v = new double[rows];
                for (int r = 0; r < rows; r++) v[r] = a[r * p + k];
                for (int pass = 0; pass < 2; pass++)
                    for (int j = 0; j < k; j++)
                    {
                        double dot = 0;
                        for (int r = 0; r < rows; r++) dot += q0[j][r] * v[r];
                        for (int r = 0; r < rows; r++) v[r] -= dot * q0[j][r];
                    }
                double norm = Math.Sqrt(v.Sum(t => t * t));
                for (int r = 0; r < rows; r++) v[r] /= norm;
                q0[k] = v;
            }
            var ap = new double[rows * m];
            for (int r = 0; r < rows; r++) for (int j = 0; j < m; j++) ap[r * m + j] = a[r * p + p0 + j];
            _bPerp = (double[])b.Clone();
            foreach (var qk in q0)
            {
                for (int j = 0; j < m; j++)
                {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) dot += qk[r] * ap[r * m + j];
                    for (int r = 0; r < rows; r++) ap[r * m + j] -= dot * qk[r];
                }
                double db = 0;
                for (int r = 0; r < rows; r++) db += qk[r] * _bPerp[r];
                for (int r = 0; r < rows; r++) _bPerp[r] -= db * qk[r];
            }
            // Cholesky of the penalty with a relative jitter (derivative penalties are only semi-definite for hats).
            var l = (double[])pen.Clone();
            double maxDiag = 0;
            for (int i = 0; i < m; i++) maxDiag = Math.Max(maxDiag, l[i * m + i]);
            for (int i = 0; i < m; i++) l[i * m + i] += 1e-10 * maxDiag;
            DenseCholesky.FactorInPlace(l, m);
            // B = A_perp L^-T: each row solves L x = a_row.
            var bm = new double[rows * m];
            for (int r = 0; r < rows; r++)
            {
                var xr = bm.AsSpan(r * m, m);
                var arow = ap.AsSpan(r * m, m);
                for (int i = 0; i < m; i++)
                {
                    double sum = arow[i];
                    for (int k = 0; k < i; k++) sum -= l[i * m + k] * xr[k];
                    xr[i] = sum / l[i * m + i];
                }
            }
            // G = B^T B accumulated row by row (contiguous access).
            var gArr = new double[m * m];
            for (int r = 0; r < rows; r++)
            {
                var br = bm.AsSpan(r * m, m);
                for (int i = 0; i < m; i++)
                {
                    double bi = br[i];
                    if (bi == 0) continue;
                    var gi = gArr.AsSpan(i * m, i + 1);
                    for (int j = 0; j <= i; j++) gi[j] += bi * br[j];
                }
            }
            var g = Matrix<double>.Build.Dense(m, m);
            for (int i = 0; i < m; i++)
                for (int j = 0; j <= i; j++) { g[i, j] = gArr[i * m + j]; g[j, i] = gArr[i * m + j]; }
            var evd = g.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
            var v2 = evd.EigenVectors;
            _s = new double[m];
            for (int i = 0; i < m; i++) _s[i] = Math.Max(0, evd.EigenValues[i].Real);
            var btb = new double[m];
            for (int j = 0; j < m; j++)
            {
                double sum = 0;
                for (int r = 0; r < rows; r++) sum += bm[r * m + j] * _bPerp[r];
                btb[j] = sum;
            }
            _c = new double[m];
            for (int i = 0; i < m; i++)
            {
                double sum = 0;
                for (int j = 0; j < m; j++) sum += v2[j, i] * btb[j];
                _c[i] = sum;
            }
            _vArr = v2.ToArray();
            _bm = bm;
            _b2 = 0;
            foreach (var t in _bPerp) _b2 += t * t;
        }

        readonly double[,] _vArr;
        readonly double[] _bm;
        readonly double _b2;
        double[]? _w;

        /// <summary>W = B V, built only when a residual is so small that the closed form would cancel.</summary>
        double[] WMatrix()
        {
            if (_w is not null) return _w;
            var w = new double[_rows * _m];
            for (int r = 0; r < _rows; r++)
                for (int j = 0; j < _m; j++)
                {
                    double bj = _bm[r * _m + j];
                    if (bj == 0) continue;
                    for (int i = 0; i < _m; i++) w[r * _m + i] += bj * _vArr[j, i];
                }
            return _w = w;
        }

        /// <summary>Residual norm^2, trace of the influence matrix (penalised part), and penalty seminorm^2 at lambda.</summary>
        public (double Residual2, double Trace, double Seminorm2) At(double lambda)
        {
            Span<double> d = _m <= 512 ? stackalloc double[_m] : new double[_m];
            double trace = 0, eta2 = 0;
            for (int i = 0; i < _m; i++)
            {
                double den = _s[i] + lambda;
                d[i] = _c[i] / den;
                trace += _s[i] / den;
                eta2 += d[i] * d[i];
            }
            // ||r||^2 = ||b_perp||^2 - sum c_i^2 (s_i + 2 lambda) / (s_i + lambda)^2 (W^T W = diag(s), W^T b_perp = c);
            // where that cancels (near-exact data) the residual is formed explicitly.
            double fitted = 0;
            for (int i = 0; i < _m; i++) fitted += d[i] * _c[i] * (_s[i] + 2 * lambda) / (_s[i] + lambda);
            double res2 = _b2 - fitted;
            if (res2 > 1e-6 * _b2) return (res2, trace, eta2);
            var w = WMatrix();
            res2 = 0;
            for (int r = 0; r < _rows; r++)
            {
                var wr = w.AsSpan(r * _m, _m);
                double fit = 0;
                for (int i = 0; i < _m; i++) fit += wr[i] * d[i];
                double e = _bPerp[r] - fit;
                res2 += e * e;
            }
            return (res2, trace, eta2);
        }

        /// <summary>GCV(lambda) = rows ||(I - H) b||^2 / tr(I - H)^2 (Golub, Heath and Wahba 1979).</summary>
        public double Gcv(double lambda)
        {
            var (res2, trace, _) = At(lambda);
            double dof = _rows - _p0 - trace;
            if (dof <= 1e-9 * _rows) return double.PositiveInfinity;
            return _rows * res2 / (dof * dof);
        }

        /// <summary>
        /// GML(lambda) = b^T (I - H) b / det+(I - H)^(1/n'), the generalized maximum likelihood (marginal likelihood) score of
        /// Wahba, Ann. Statist. 13 (1985) 1378; b^T (I - H) b = ||r||^2 + lambda ||L^T x||^2 avoids the cancellation of the direct form.
        /// </summary>
        public double Gml(double lambda)
        {
            var (res2, _, eta2) = At(lambda);
            double logDet = 0;
            for (int i = 0; i < _m; i++) logDet += Math.Log(lambda / (_s[i] + lambda));
            int dof = _rows - _p0;
            return Math.Log(Math.Max(res2 + lambda * eta2, 1e-300)) - logDet / dof;
        }

        public (double Lambda, double[] Scan, double[] Criterion) Minimise(double lo, double hi, Func<double, double> score)
        {
            var (logs, vals) = Scan(lo, hi, 10, score);
            int best = 0;
            for (int i = 1; i < vals.Length; i++) if (vals[i] < vals[best]) best = i;
            // Golden-section refinement in log lambda between the neighbours of the best grid point.
            double a = logs[Math.Max(0, best - 1)], b = logs[Math.Min(logs.Length - 1, best + 1)];
            const double gr = 0.6180339887498949;
            double x1 = b - gr * (b - a), x2 = a + gr * (b - a);
            double f1 = score(Math.Pow(10, x1)), f2 = score(Math.Pow(10, x2));
            for (int it = 0; it < 40 && b - a > 1e-4; it++)
            {
                if (f1 < f2) { b = x2; x2 = x1; f2 = f1; x1 = b - gr * (b - a); f1 = score(Math.Pow(10, x1)); }
                else { a = x1; x1 = x2; f1 = f2; x2 = a + gr * (b - a); f2 = score(Math.Pow(10, x2)); }
            }
            double xBest = f1 < f2 ? x1 : x2;
            double lam = Math.Min(f1, f2) <= vals[best] ? Math.Pow(10, xBest) : Math.Pow(10, logs[best]);
            return (lam, logs.Select(v => Math.Pow(10, v)).ToArray(), vals);
        }

        /// <summary>Corner of the L-curve: maximum signed curvature of (log ||residual||, log ||penalty||) over log lambda (Hansen 1992).</summary>
        public (double Lambda, double[] Scan, double[] Criterion) LCurveCorner(double lo, double hi)
        {
            var (logs, _) = Scan(lo, hi, 20, _ => 0);
            int k = logs.Length;
            var xr = new double[k];
            var ye = new double[k];
            for (int i = 0; i < k; i++)
            {
                var (res2, _, eta2) = At(Math.Pow(10, logs[i]));
                xr[i] = 0.5 * Math.Log(Math.Max(res2, 1e-300));
                ye[i] = 0.5 * Math.Log(Math.Max(eta2, 1e-300));
            }
            var kappa = new double[k];
            int best = -1;
            for (int i = 1; i + 1 < k; i++)
            {
                double h = logs[i + 1] - logs[i];
                double x1 = (xr[i + 1] - xr[i - 1]) / (2 * h), y1 = (ye[i + 1] - ye[i - 1]) / (2 * h);
                double x2 = (xr[i + 1] - 2 * xr[i] + xr[i - 1]) / (h * h), y2 = (ye[i + 1] - 2 * ye[i] + ye[i - 1]) / (h * h);
                double den = Math.Pow(x1 * x1 + y1 * y1, 1.5);
                kappa[i] = den > 0 ? (x1 * y2 - x2 * y1) / den : 0;
                if (best < 0 || kappa[i] > kappa[best]) best = i;
            }
            return (Math.Pow(10, logs[Math.Max(best, 0)]), logs.Select(v => Math.Pow(10, v)).ToArray(), kappa);
        }

        static (double[] Logs, double[] Values) Scan(double lo, double hi, int perDecade, Func<double, double> f)
        {
            double a = Math.Log10(lo), b = Math.Log10(hi);
            int k = Math.Max(3, (int)Math.Round((b - a) * perDecade) + 1);
            var logs = new double[k];
            var vals = new double[k];
            for (int i = 0; i < k; i++)
            {
                logs[i] = a + (b - a) * i / (k - 1);
                vals[i] = f(Math.Pow(10, logs[i]));
            }
            return (logs, vals);
        }
    }
}

/// <summary>The weighted design of one DRT inversion (see <see cref="DrtSolver.Design"/>).</summary>
internal sealed record DrtDesign(double[] KernelReal, double[] KernelImaginary, double[] Penalty, double[] Matrix, double[] Rhs,
    int Rows, int Columns, int NuisanceColumns, double[] Weight, double[] Omega, double OmegaMax, double OmegaMin,
    bool UseReal, bool UseImaginary, bool RInfColumn, bool InductanceColumn, bool CapacitorColumn);
