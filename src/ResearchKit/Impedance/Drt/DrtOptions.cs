namespace ResearchKit.Impedance.Drt;

/// <summary>How gamma(ln tau) is expanded on the log-tau grid.</summary>
public enum DrtBasis
{
    /// <summary>Gaussian radial basis functions exp(-(epsilon (ln tau - ln tau_m))^2) (Wan et al. 2015, pyDRTtools default).</summary>
    Gaussian,
    /// <summary>Piecewise-linear hat functions centred on the grid points.</summary>
    PiecewiseLinear,
}

/// <summary>Which part of the spectrum the DRT is fitted to.</summary>
public enum DrtFitPart
{
    /// <summary>Real and imaginary parts together (R_inf and L fitted).</summary>
    Combined,
    /// <summary>Real part only (R_inf fitted; L estimated afterwards from the imaginary residual).</summary>
    RealOnly,
    /// <summary>Imaginary part only (L fitted; R_inf estimated afterwards from the real residual).</summary>
    ImaginaryOnly,
}

/// <summary>Order of the derivative penalised in the Tikhonov term lambda * integral (d^k gamma / d ln tau^k)^2.</summary>
public enum DrtPenalty
{
    FirstDerivative = 1,
    SecondDerivative = 2,
}

/// <summary>How the regularisation parameter lambda is chosen.</summary>
public enum DrtLambdaMethod
{
    /// <summary>Generalized cross-validation (Golub, Heath, Wahba 1979) of the unconstrained ridge problem, as pyDRTtools.</summary>
    Gcv,
    /// <summary>Corner (maximum curvature) of the L-curve log||residual|| vs log||penalty|| (Hansen 1992).</summary>
    LCurve,
    /// <summary>Generalized maximum likelihood (Wahba 1985): the lambda that maximises the marginal likelihood of the data under the Gaussian prior the penalty defines.</summary>
    Gml,
    /// <summary>The user's value <see cref="DrtOptions.Lambda"/>.</summary>
    Fixed,
}

/// <summary>Whether a series capacitor C (Z = ... + 1 / (i omega C)) is fitted beside R_inf, L and gamma.</summary>
public enum DrtSeriesCapacitance
{
    /// <summary>Only when the spectrum has a capacitive low-frequency tail (<see cref="DrtSolver.HasCapacitiveTail"/>). Default.</summary>
    Auto,
    /// <summary>Always fit C (1/C &gt;= 0, so C may come out infinite, i.e. absent).</summary>
    Fit,
    /// <summary>Never fit C.</summary>
    None,
}

/// <summary>Row weighting of the least-squares misfit.</summary>
public enum DrtWeighting
{
    /// <summary>Every residual in ohm counts the same (pyDRTtools default).</summary>
    Unit,
    /// <summary>Residuals divided by |Z| at that frequency, times the geometric mean of |Z| (so lambda keeps its scale).</summary>
    Modulus,
}

/// <summary>
/// Options of the Tikhonov-regularised DRT inversion. Every property has a documented default, so <c>new DrtOptions()</c>
/// is the recommended setting: Gaussian RBF (FWHM coefficient 0.3, or 0.5 when GCV clearly prefers it), combined fit, second-derivative penalty, modulus weighting, grid
/// 0.3 decade beyond the data, lambda by GCV re-selected once on the positive coefficients, series capacitor when the spectrum has
/// a capacitive tail, the central-path (barrier) solution at the chosen lambda. The basis widths, the barrier and the active-set GCV were set on issue 11's overlap set; the other defaults were chosen on the issue-6 validation set (one and two ZARCs, Havriliak-Negami, two RCs,
/// noise-free and 0.5 % proportional noise, 91 points): they give the smallest relative L2 error of gamma while keeping R_inf and R_pol
/// within 1.5 %. pyDRTtools' defaults are Unit weighting, FirstDerivative, no extension (centres at 1/f).
/// </summary>
public sealed record DrtOptions
{
    /// <summary>Basis of the expansion. Default Gaussian RBF.</summary>
    public DrtBasis Basis { get; init; } = DrtBasis.Gaussian;
    /// <summary>Real, imaginary or both. Default combined.</summary>
    public DrtFitPart FitPart { get; init; } = DrtFitPart.Combined;
    /// <summary>
    /// Derivative order of the penalty. Default second derivative: with modulus weighting and near-noise-free data (GCV picks a tiny
    /// lambda) a first-derivative penalty leaves spurious split peaks; the second derivative does not.
    /// </summary>
    public DrtPenalty Penalty { get; init; } = DrtPenalty.SecondDerivative;
    /// <summary>Lambda selection. Default GCV.</summary>
    public DrtLambdaMethod LambdaMethod { get; init; } = DrtLambdaMethod.Gcv;
    /// <summary>Lambda used when <see cref="LambdaMethod"/> is Fixed. Default 1e-3 (pyDRTtools' default value; with the normalised modulus weights lambda keeps roughly the scale it has with unit weights).</summary>
    public double Lambda { get; init; } = 1e-3;
    /// <summary>
    /// Smallest and largest lambda of the GCV / L-curve search. Default 1e-12 .. 10 (1e-12 since issue 11: on noise-free spectra the
    /// GCV minimum lies near 1e-11, and the positivity barrier needs it there; noisy spectra choose 1e-5..1e-2 either way).
    /// </summary>
    public double LambdaMin { get; init; } = 1e-12;
    public double LambdaMax { get; init; } = 10;
    /// <summary>Fit a series inductance (L &gt;= 0). Default true.</summary>
    public bool FitInductance { get; init; } = true;
    /// <summary>Basis centres per decade of tau. Default 0 = as many as the spectrum has points per decade (at least 5, at most 20).</summary>
    public double CentresPerDecade { get; init; }
    /// <summary>
    /// Decades the tau grid extends beyond [1/(2 pi f_max), 1/(2 pi f_min)] on each side. Default 0.3: wider grids let noise put
    /// mass where the data cannot see it (short tau trades with R_inf, long tau is nearly invisible), which on 0.5 %-noise ZARC
    /// spectra moved R_inf by up to 4 % and R_pol by 2.4 % with 1 decade, under 1.9 % / 0.6 % with 0.5 decade and under 1.5 % / 0.4 %
    /// with 0.3 decade (the Gaussians at the ends still reach a grid step beyond).
    /// </summary>
    public double ExtensionDecades { get; init; } = 0.3;
    /// <summary>
    /// Gaussian shape: FWHM coefficient c, epsilon = c * 2 sqrt(ln 2) / Delta(ln tau) (pyDRTtools' "FWHM coefficient"; its default
    /// 0.5 gives each Gaussian a full width at half maximum of two grid spacings). Default 0.3 (FWHM = grid spacing / c = 3.3 grid
    /// spacings, so neighbouring Gaussians overlap more and gamma has no ripple between centres): on the issue-11 overlap set it lowered the L2 error of the noise-free four-process
    /// spectrum from 0.052 to 0.037, the HN one from 0.017 to 0.008 and the 0.6-decade pair with noise from 0.337 to 0.312.
    /// </summary>
    public double ShapeCoefficient { get; init; } = 0.3;
    /// <summary>
    /// A second, wider Gaussian basis tried beside <see cref="ShapeCoefficient"/> when lambda is chosen by GCV (null: none). The
    /// wider basis is kept only when its GCV score is lower than the default basis's by more than the score's own sampling error,
    /// a relative sqrt(2 / N) for N residuals (a one-standard-error rule, Hastie, Tibshirani and Friedman, The Elements of
    /// Statistical Learning, 2nd ed., sec. 7.10, with the default basis as the reference). Why: the narrow default wins on noisy
    /// spectra, where the two scores differ by under 0.3 % and the rule keeps it; on noise-free spectra of sharp, close processes
    /// the narrow basis cannot represent the answer (the best non-negative fit of the exact 0.6-decade ZARC pair has L2 error 0.054
    /// with c = 0.3, 0.003 with c = 0.5) and the wider basis' score is 25-60 % lower. Default 0.5 (pyDRTtools' width). Costs a
    /// second fit.
    /// </summary>
    public double? WideShapeCoefficient { get; init; } = 0.5;
    /// <summary>
    /// Misfit weighting. Default modulus (residual / |Z|, weights normalised to geometric mean 1): the maximum-likelihood weighting
    /// for noise proportional to |Z|; on the 0.5 %-noise validation spectra it lowered the L2 error of gamma by 5-20 % against unit weights.
    /// </summary>
    public DrtWeighting Weighting { get; init; } = DrtWeighting.Modulus;
    /// <summary>Points per decade of the output curve gamma(tau). Default 40.</summary>
    public double OutputPointsPerDecade { get; init; } = 40;
    /// <summary>Enforce gamma &gt;= 0 (and L &gt;= 0) with an exact active-set solver. Default true.</summary>
    public bool NonNegative { get; init; } = true;
    /// <summary>
    /// Also require R_inf &gt;= 0 (default true, as pyDRTtools). Set false for spectra whose high-frequency real part is negative
    /// through cable or fixture artefacts (e.g. impedance.py's Parstat example), so that R_inf can absorb the offset.
    /// </summary>
    public bool NonNegativeRInf { get; init; } = true;
    /// <summary>
    /// Series capacitance: a blocking cell or a capacitive low-frequency tail does not close on the real axis, and a DRT without
    /// C would pile the tail into huge peaks at the longest tau. Default Auto (detected from the low-frequency phase).
    /// </summary>
    public DrtSeriesCapacitance SeriesCapacitance { get; init; } = DrtSeriesCapacitance.Auto;
    /// <summary>
    /// Re-selections of lambda by GCV (or GML) on the basis functions that are positive in the previous non-negative solution.
    /// Default 1. Why: GCV of the unconstrained ridge problem counts the degrees of freedom of coefficients the constraint sets to
    /// zero, its curve is flat, and it over-smooths; on the issue-11 overlap set (two ZARCs 1 and 0.6 decade apart, four processes,
    /// skewed HN; 0.5 % noise, five seeds) one pass lowered the mean L2 error of gamma by 1-11 %. A second pass changed little.
    /// </summary>
    public int ActiveSetPasses { get; init; } = 1;
    /// <summary>
    /// Relative weight kappa of a logarithmic barrier added after lambda is chosen: the returned coefficients minimise
    /// ||W(A x - b)||^2 + lambda ||L x||^2 - mu sum ln x_i with mu = kappa ||W b||^2 / n_b (n_b constrained unknowns), i.e. the point of
    /// the interior-point central path whose duality gap n_b mu is kappa times the data energy (Boyd and Vandenberghe, Convex
    /// Optimization, 2004, sec. 11.2). It keeps every coefficient strictly positive, which is what pyDRTtools gets implicitly when
    /// cvxopt stops its interior-point solve at its default tolerance. Lambda and the active-set GCV still use the exact solution.
    /// Default 1e-10. Issue 11 scan (noise-free, GCV, LambdaMin 1e-12): kappa 1e-10 lowered the L2 error of the 1-decade ZARC pair
    /// from 0.024 to 0.012 (pyDRTtools as shipped 0.0137), of the 0.6-decade pair from 0.075 to 0.064 (with the wide basis of
    /// <see cref="WideShapeCoefficient"/> 0.036, pyDRTtools 0.0397), and left the noisy cases unchanged to 4 digits (cost: 13-18
    /// Newton steps, within timing noise of the ~10 ms Release 91-point fit). 0 gives the exact non-negative solution.
    /// Applies only with <see cref="NonNegative"/>.
    /// </summary>
    public double PositivityBarrier { get; init; } = 1e-10;
}
