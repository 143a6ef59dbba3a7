using System.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace ResearchKit.Impedance;

/// <summary>Data the Lin-KK Voigt chain is fitted to.</summary>
public enum LinKKFitType { Real, Complex }

/// <summary>Options for <see cref="LinKK.Test"/>.</summary>
public sealed record LinKKOptions
{
    /// <summary>Threshold c of the μ criterion (Schönleber et al. 2014 recommend 0.85).</summary>
    public double MuThreshold { get; init; } = 0.85;
    /// <summary>Fixed number of RC elements; null = automatic by the μ criterion.</summary>
    public int? Elements { get; init; }
    /// <summary>Largest M tried by the automatic choice (also capped at N − 2).</summary>
    public int MaxElements { get; init; } = 60;
    /// <summary>
    /// Pass/fail threshold on the largest relative residual max_i(|Δ'_i|, |Δ''_i|). 0.01 = 1 % of |Z|: residuals of a
    /// valid, well-measured spectrum scatter at the noise level (typically 0.1-1 %); systematic residuals above 1 %
    /// (Schönleber et al. 2014, Fig. 6) indicate drift or nonlinearity.
    /// </summary>
    public double ResidualThreshold { get; init; } = 0.01;
    /// <summary>
    /// Which part the R_k are fitted to. Real (default, as impedance.py): R0 and R_k from Z' alone, then L (and 1/C) from
    /// what remains of Z''; the imaginary part is then a genuine KK prediction from the real part. Complex: both at once.
    /// </summary>
    public LinKKFitType FitType { get; init; } = LinKKFitType.Real;
    /// <summary>Add a series capacitance (default on: it lets the chain follow blocking-electrode spectra whose Z'' diverges at low frequency; for other spectra 1/C fits to about 0).</summary>
    public bool SeriesCapacitance { get; init; } = true;
    /// <summary>
    /// Fewest elements the automatic choice accepts, per decade of measured frequency (default 2). μ is not monotonic at
    /// small M: an under-resolved chain (τ_k far from the true time constants) reaches negative R_k and μ &lt; c before it
    /// fits. Starting the search at ⌈2·decades⌉ + 1 elements avoids stopping there.
    /// </summary>
    public double MinElementsPerDecade { get; init; } = 2.0;
    /// <summary>
    /// Noise-aware verdict (default off, so the fixed-threshold verdicts stay as documented). The noise level σ̂ is estimated
    /// from the residuals' point-to-point differences, σ̂² = mean(Δ_{i+1} − Δ_i)²/2 over both parts (white noise survives
    /// differencing, a smooth systematic residual does not). The spectrum passes when (a) max |Δ| ≤ clamp(4σ̂, threshold,
    /// 3·threshold) and (b) the residuals are not dominated by structure: NOT (rms(Δ) &gt; 2σ̂ and rms(Δ) &gt; threshold/10).
    /// A causal spectrum with 0.5 % noise then passes (its max residual of 1.4-2 % is 3-4σ̂), while a noise-free 5 % drift fails
    /// by (b): its residuals are smooth.
    /// </summary>
    public bool NoiseAware { get; init; }
}

/// <summary>
/// Result of the Lin-KK test: M RC elements with time constants TauS (log-spaced from 1/ω_max to 1/ω_min), fitted
/// R0, R_k, series inductance, μ, and the relative residuals Δ'_i = (Z'_i − Ẑ'_i)/|Z_i|, Δ''_i = (Z''_i − Ẑ''_i)/|Z_i|.
/// </summary>
public sealed record LinKKResult(
    int Elements,
    double Mu,
    double[] TauS,
    double[] ResistancesOhm,
    double SeriesResistanceOhm,
    double InductanceH,
    double InverseCapacitancePerF,
    double[] FrequencyHz,
    double[] ResidualReal,
    double[] ResidualImag,
    double MaxResidual,
    double ResidualThreshold,
    bool Valid,
    Complex[] FittedOhm)
{
    /// <summary>Noise level estimated from the residuals' point-to-point differences (relative to |Z|).</summary>
    public double NoiseEstimate { get; init; }
    /// <summary>Root mean square of all residuals (relative to |Z|).</summary>
    public double RmsResidual { get; init; }
    /// <summary>The threshold the verdict used (the fixed one, or the noise-aware one).</summary>
    public double EffectiveThreshold { get; init; }
}

/// <summary>
/// Lin-KK validity test (Schönleber, Klotz and Ivers-Tiffée, Electrochim. Acta 131 (2014) 20): the spectrum is fitted by
/// a linear least-squares problem with a Voigt chain Ẑ = R0 + jωL (+ 1/(jωC)) + Σ_k R_k/(1 + jωτ_k) whose τ_k are fixed,
/// so the fit is causal and KK-consistent by construction; a spectrum it cannot follow violates the KK relations.
/// The complex fit weights each point by 1/|Z_i|. M is chosen automatically: the smallest M with
/// μ = 1 − Σ_{R_k&lt;0}|R_k| / Σ_{R_k≥0}|R_k| ≤ c (over-fitting shows up as negative R_k, which drive μ down), searched
/// from a floor of two elements per decade (see <see cref="LinKKOptions.MinElementsPerDecade"/>).
/// </summary>
public static class LinKK
{
    public static LinKKResult Test(ImpedanceSpectrum spectrum, LinKKOptions? options = null)
    {
        options ??= new LinKKOptions();
        int n = spectrum.Count;
        spectrum.RequireAnalysable("Lin-KK");
        int maxM = Math.Max(1, Math.Min(options.MaxElements, n - 2 - (options.SeriesCapacitance ? 1 : 0)));
        if (options.Elements is int fixedM)
        {
            if (fixedM < 1 || fixedM > maxM) throw new InvalidInputException($"elements must be in 1..{maxM}", spectrum.SourceName, field: "elements");
            return Fit(spectrum, fixedM, options);
        }
        LinKKResult? last = null;
        double decades = Math.Log10(spectrum.FrequencyHz.Max() / spectrum.FrequencyHz.Min());
        int minM = Math.Clamp((int)Math.Ceiling(options.MinElementsPerDecade * decades) + 1, 1, maxM);
        for (int m = minM; m <= maxM; m++)
        {
            last = Fit(spectrum, m, options);
            if (last.Mu <= options.MuThreshold) return last;
        }
        return last!;
    }

    static LinKKResult Fit(ImpedanceSpectrum s, int m, LinKKOptions o)
    {
        int n = s.Count;
        var f = s.FrequencyHz;
        double wMin = 2 * Math.PI * f.Min(), wMax = 2 * Math.PI * f.Max();
        double tauMin = 1 / wMax, tauMax = 1 / wMin;
        var tau = new double[m];
        for (int k = 0; k < m; k++)
            tau[k] = m == 1 ? Math.Sqrt(tauMin * tauMax) : tauMin * Math.Pow(tauMax / tauMin, k / (double)(m - 1));
        bool cap = o.SeriesCapacitance;
        int cols = 1 + m + 1 + (cap ? 1 : 0); // R0, R_k, L, (1/C)
        var A = Matrix<double>.Build.Dense(2 * n, cols);
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(2 * n);
        // Columns are scaled so that all unknowns are of order |Z| (L and 1/C by ω_max and ω_min).
        double lScale = 1 / wMax, cScale = wMin;
        for (int i = 0; i < n; i++)
        {
            double w = 2 * Math.PI * f[i];
            double wt = 1 / s.ImpedanceOhm[i].Magnitude;
            int re = 2 * i, im = 2 * i + 1;
            A[re, 0] = wt;
            for (int k = 0; k < m; k++)
            {
                double x = w * tau[k], d = 1 + x * x;
                A[re, 1 + k] = wt / d;
                A[im, 1 + k] = -wt * x / d;
            }
            A[im, 1 + m] = wt * w * lScale;
            if (cap) A[im, 2 + m] = -wt / w * cScale;
            b[re] = wt * s.ImpedanceOhm[i].Real;
            b[im] = wt * s.ImpedanceOhm[i].Imaginary;
        }
        double r0, L, invC;
        double[] rk;
        if (o.FitType == LinKKFitType.Complex)
        {
            var x0 = A.QR().Solve(b);
            r0 = x0[0];
            rk = Enumerable.Range(0, m).Select(k => x0[1 + k]).ToArray();
            L = x0[1 + m] * lScale;
            invC = cap ? x0[2 + m] * cScale : 0;
        }
        else
        {
            // Real part: rows 2i of A restricted to the columns R0, R_k.
            var Ar = Matrix<double>.Build.Dense(n, 1 + m);
            var br = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n);
            for (int i = 0; i < n; i++) { for (int c = 0; c <= m; c++) Ar[i, c] = A[2 * i, c]; br[i] = b[2 * i]; }
            var xr = Ar.QR().Solve(br);
            r0 = xr[0];
            rk = Enumerable.Range(0, m).Select(k => xr[1 + k]).ToArray();
            // Imaginary part: L (and 1/C) from the remainder of Z'' after the Voigt chain.
            int extra = cap ? 2 : 1;
            var Ai = Matrix<double>.Build.Dense(n, extra);
            var bi = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(n);
            for (int i = 0; i < n; i++)
            {
                double rest = b[2 * i + 1];
                for (int k = 0; k < m; k++) rest -= A[2 * i + 1, 1 + k] * rk[k];
                bi[i] = rest;
                Ai[i, 0] = A[2 * i + 1, 1 + m];
                if (cap) Ai[i, 1] = A[2 * i + 1, 2 + m];
            }
            var xi = Ai.QR().Solve(bi);
            L = xi[0] * lScale;
            invC = cap ? xi[1] * cScale : 0;
        }
        double pos = rk.Where(v => v >= 0).Sum(), neg = rk.Where(v => v < 0).Sum(v => -v);
        double mu = pos > 0 ? 1 - neg / pos : 0;
        var fitted = new Complex[n];
        var dRe = new double[n]; var dIm = new double[n];
        double maxRes = 0;
        for (int i = 0; i < n; i++)
        {
            double w = 2 * Math.PI * f[i];
            Complex z = r0 + Complex.ImaginaryOne * w * L;
            if (cap) z += invC / (Complex.ImaginaryOne * w);
            for (int k = 0; k < m; k++) z += rk[k] / (1 + Complex.ImaginaryOne * w * tau[k]);
            fitted[i] = z;
            double mag = s.ImpedanceOhm[i].Magnitude;
            dRe[i] = (s.ImpedanceOhm[i].Real - z.Real) / mag;
            dIm[i] = (s.ImpedanceOhm[i].Imaginary - z.Imaginary) / mag;
            maxRes = Math.Max(maxRes, Math.Max(Math.Abs(dRe[i]), Math.Abs(dIm[i])));
        }
        double d2 = 0, ss = 0; int nd = 0;
        for (int i = 0; i < n; i++)
        {
            ss += dRe[i] * dRe[i] + dIm[i] * dIm[i];
            if (i > 0) { d2 += Math.Pow(dRe[i] - dRe[i - 1], 2) + Math.Pow(dIm[i] - dIm[i - 1], 2); nd += 2; }
        }
        double sigma = nd > 0 ? Math.Sqrt(d2 / nd / 2) : 0, rms = Math.Sqrt(ss / Math.Max(1, 2 * n));
        double thr = o.ResidualThreshold;
        bool valid = maxRes <= thr;
        if (o.NoiseAware)
        {
            thr = Math.Clamp(4 * sigma, o.ResidualThreshold, 3 * o.ResidualThreshold);
            bool structured = rms > 2 * sigma && rms > o.ResidualThreshold / 10;
            valid = maxRes <= thr && !structured;
        }
        return new LinKKResult(m, mu, tau, rk, r0, L, invC, (double[])f.Clone(), dRe, dIm, maxRes, o.ResidualThreshold,
            valid, fitted) { NoiseEstimate = sigma, RmsResidual = rms, EffectiveThreshold = thr };
    }
}
