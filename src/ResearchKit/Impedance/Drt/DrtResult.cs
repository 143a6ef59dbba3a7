using System.Numerics;

namespace ResearchKit.Impedance.Drt;

/// <summary>
/// A distribution of relaxation times fitted to a spectrum: gamma(ln tau) in ohm on an output grid, the basis expansion behind
/// it, R_inf, L, the lambda used (and the curve it was chosen from), and the re-synthesised impedance with its residuals.
/// </summary>
public sealed record DrtResult
{
    /// <summary>Output grid of time constants (s), log-spaced.</summary>
    public required double[] TauS { get; init; }
    /// <summary>gamma(ln tau) on <see cref="TauS"/> (ohm per unit ln tau).</summary>
    public required double[] GammaOhm { get; init; }
    /// <summary>Centres of the basis functions (s).</summary>
    public required double[] CentreTauS { get; init; }
    /// <summary>Basis coefficients (ohm).</summary>
    public required double[] Coefficients { get; init; }
    /// <summary>High-frequency resistance (ohm).</summary>
    public required double RInfOhm { get; init; }
    /// <summary>Series inductance (H).</summary>
    public required double InductanceH { get; init; }
    /// <summary>Series capacitance (F) when one was fitted (infinite if the fit found none); null when the option was off or not triggered.</summary>
    public double? SeriesCapacitanceF { get; init; }
    /// <summary>Regularisation parameter used.</summary>
    public required double Lambda { get; init; }
    /// <summary>Total polarisation resistance integral gamma d ln tau (ohm) over the whole grid.</summary>
    public required double RPolOhm { get; init; }
    /// <summary>Frequencies of the fitted spectrum (Hz).</summary>
    public required double[] FrequencyHz { get; init; }
    /// <summary>Measured impedance (ohm).</summary>
    public required Complex[] ImpedanceOhm { get; init; }
    /// <summary>Impedance re-synthesised from R_inf, L and gamma (ohm).</summary>
    public required Complex[] FittedImpedanceOhm { get; init; }
    /// <summary>Lambda values of the search (empty for a fixed lambda) and the criterion at each (GCV score or L-curve curvature).</summary>
    public required double[] LambdaScan { get; init; }
    public required double[] CriterionScan { get; init; }
    /// <summary>Active-set iterations of the non-negative solve.</summary>
    public required int Iterations { get; init; }
    /// <summary>Options used.</summary>
    public required DrtOptions Options { get; init; }
    /// <summary>Gaussian shape parameter epsilon (1 / unit ln tau); 0 for piecewise-linear.</summary>
    public required double Epsilon { get; init; }

    /// <summary>Real residual (Z' - Zfit') / |Z| per frequency.</summary>
    public double[] RelativeResidualReal => ImpedanceOhm.Select((z, i) => (z.Real - FittedImpedanceOhm[i].Real) / z.Magnitude).ToArray();
    /// <summary>Imaginary residual (Z'' - Zfit'') / |Z| per frequency.</summary>
    public double[] RelativeResidualImaginary => ImpedanceOhm.Select((z, i) => (z.Imaginary - FittedImpedanceOhm[i].Imaginary) / z.Magnitude).ToArray();
    /// <summary>Root-mean-square of both relative residuals.</summary>
    public double RmsRelativeResidual
    {
        get
        {
            double s = 0;
            foreach (var r in RelativeResidualReal) s += r * r;
            foreach (var r in RelativeResidualImaginary) s += r * r;
            return Math.Sqrt(s / (2.0 * ImpedanceOhm.Length));
        }
    }

    /// <summary>gamma(ln tau) at any tau (ohm), from the basis expansion.</summary>
    public double GammaAt(double tauS)
    {
        double y = Math.Log(tauS);
        double sum = 0;
        if (Options.Basis == DrtBasis.Gaussian)
        {
            for (int m = 0; m < Coefficients.Length; m++)
                if (Coefficients[m] != 0) sum += Coefficients[m] * BasisAt(m, tauS);
            return sum;
        }
        int mm = CentreTauS.Length;
        double y0 = Math.Log(CentreTauS[0]), dy = (Math.Log(CentreTauS[mm - 1]) - y0) / (mm - 1);
        double t = (y - y0) / dy;
        int k = (int)Math.Floor(t);
        double frac = t - k;
        if (k >= 0 && k < mm) sum += Coefficients[k] * (1 - frac);
        if (k + 1 >= 0 && k + 1 < mm) sum += Coefficients[k + 1] * frac;
        return sum;
    }

    /// <summary>Basis function <paramref name="index"/> at tau (the expansion gamma = sum of coefficient times this).</summary>
    internal double BasisAt(int index, double tauS)
    {
        double y = Math.Log(tauS);
        if (Options.Basis == DrtBasis.Gaussian)
        {
            double u = Epsilon * (y - Math.Log(CentreTauS[index]));
            return Math.Abs(u) < 8 ? Math.Exp(-u * u) : 0;
        }
        int mm = CentreTauS.Length;
        double y0 = Math.Log(CentreTauS[0]), dy = (Math.Log(CentreTauS[mm - 1]) - y0) / (mm - 1);
        return Math.Max(0, 1 - Math.Abs((y - y0) / dy - index));
    }

    /// <summary>Impedance of the DRT model at any frequency (ohm).</summary>
    public Complex ImpedanceAt(double frequencyHz) => DrtSolver.Synthesise(this, frequencyHz);
}
