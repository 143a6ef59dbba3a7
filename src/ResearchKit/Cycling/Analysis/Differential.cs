using MathNet.Numerics.LinearAlgebra;

namespace ResearchKit.Cycling.Analysis;

/// <summary>A voltage-capacity curve of one half cycle.</summary>
public sealed record VoltageProfile(int Cycle, bool IsCharge, double[] CapacityMAh, double[] VoltageV)
{
    /// <summary>Capacity per gram of active material, mAh/g.</summary>
    public double[] CapacityMAhPerG(double activeMassMg) => CapacityMAh.Select(q => q / (activeMassMg / 1000.0)).ToArray();
}

/// <summary>Smoothing of the differential analysis: uniform capacity grid, Savitzky-Golay window and polynomial order.</summary>
public sealed record DifferentialOptions
{
    /// <summary>Points of the capacity-uniform grid the profile is resampled on (linear interpolation). Default 400.</summary>
    public int GridPoints { get; init; } = 400;
    /// <summary>Savitzky-Golay window (odd, in grid points). Default 21.</summary>
    public int WindowPoints { get; init; } = 21;
    /// <summary>Savitzky-Golay polynomial order. Default 3.</summary>
    public int PolynomialOrder { get; init; } = 3;
}

/// <summary>dQ/dV and dV/dQ of one half cycle on the capacity-uniform grid.</summary>
public sealed record DifferentialCurve(int Cycle, bool IsCharge, double[] CapacityMAh, double[] VoltageV, double[] DvDqVPerMAh, double[] DqDvMAhPerV);

/// <summary>
/// Voltage profiles and differential capacity. Method (documented smoothing): the constant-current records of one half cycle
/// give V(Q) with Q the charge passed in that direction; V is resampled by linear interpolation onto a grid uniform in Q
/// (so that the smoothing window has a fixed width in capacity, not in time or record count), smoothed and
/// differentiated by a Savitzky-Golay least-squares polynomial (Savitzky &amp; Golay 1964) — at the ends the polynomial fitted
/// to the first/last full window is evaluated, so no points are dropped; dQ/dV = 1/(dV/dQ).
/// </summary>
public static class Differential
{
    /// <summary>V(Q) of the charge or discharge half of a cycle (CC and CV records, rests excluded), Q from 0.</summary>
    public static VoltageProfile Profile(CyclingData d, int cycle, bool charge, bool includeConstantVoltage = true)
    {
        var q = new List<double>(); var v = new List<double>();
        var cap = charge ? d.ChargeCapacityMAh : d.DischargeCapacityMAh;
        var want = charge ? CyclingStepType.Charge : CyclingStepType.Discharge;
        for (int i = 0; i < d.Count; i++)
        {
            if (d.Cycle[i] != cycle) continue;
            var t = d.StepType[i];
            bool ok = t == want || (includeConstantVoltage && t == CyclingStepType.ConstantVoltage && Math.Sign(d.CurrentMA[i]) == (charge ? d.ChargeSign : -d.ChargeSign));
            if (!ok) continue;
            q.Add(cap[i]); v.Add(d.VoltageV[i]);
        }
        if (q.Count == 0) throw new InvalidInputException($"cycle {cycle} has no {(charge ? "charge" : "discharge")} records", d.SourceName, field: "cycle");
        return new VoltageProfile(cycle, charge, q.ToArray(), v.ToArray());
    }

    /// <summary>dV/dQ and dQ/dV of the constant-current part of a half cycle (see the class remarks for the smoothing).</summary>
    public static DifferentialCurve Compute(CyclingData d, int cycle, bool charge, DifferentialOptions? options = null)
    {
        options ??= new DifferentialOptions();
        var p = Profile(d, cycle, charge, includeConstantVoltage: false);
        return Compute(p, options);
    }

    public static DifferentialCurve Compute(VoltageProfile p, DifferentialOptions? options = null)
    {
        options ??= new DifferentialOptions();
        InvalidInputException.Require(options.WindowPoints % 2 == 1 && options.WindowPoints > options.PolynomialOrder, "WindowPoints", "expected an odd window larger than the polynomial order");
        InvalidInputException.Require(options.GridPoints >= options.WindowPoints, "GridPoints", "expected at least as many grid points as the window");
        // Strictly increasing Q (drop records that pass no charge).
        var qs = new List<double>(); var vs = new List<double>();
        for (int i = 0; i < p.CapacityMAh.Length; i++)
            if (qs.Count == 0 || p.CapacityMAh[i] > qs[^1]) { qs.Add(p.CapacityMAh[i]); vs.Add(p.VoltageV[i]); }
        if (qs.Count < options.PolynomialOrder + 2)
            throw new InvalidInputException($"cycle {p.Cycle}: only {qs.Count} records with increasing capacity, too few for dQ/dV", field: "cycle");
        int n = options.GridPoints;
        double q0 = qs[0], q1 = qs[^1], h = (q1 - q0) / (n - 1);
        var grid = new double[n]; var vg = new double[n];
        int j = 0;
        for (int k = 0; k < n; k++)
        {
            double q = q0 + k * h;
            grid[k] = q;
            while (j < qs.Count - 2 && qs[j + 1] < q) j++;
            double w = (q - qs[j]) / (qs[j + 1] - qs[j]);
            vg[k] = vs[j] + Math.Clamp(w, 0, 1) * (vs[j + 1] - vs[j]);
        }
        var (smooth, deriv) = SavitzkyGolay(vg, options.WindowPoints, options.PolynomialOrder);
        var dvdq = new double[n]; var dqdv = new double[n];
        for (int k = 0; k < n; k++)
        {
            dvdq[k] = deriv[k] / h;
            dqdv[k] = Math.Abs(dvdq[k]) > 1e-12 ? 1.0 / dvdq[k] : double.NaN;
        }
        return new DifferentialCurve(p.Cycle, p.IsCharge, grid, smooth, dvdq, dqdv);
    }

    /// <summary>Savitzky-Golay smoothing and first derivative (per grid step) of uniformly spaced data.</summary>
    public static (double[] Smooth, double[] Derivative) SavitzkyGolay(double[] y, int window, int order)
    {
        int n = y.Length, m = window / 2;
        var smooth = new double[n]; var deriv = new double[n];
        // Least-squares polynomial in the offset x (relative to the evaluation point): coefficients = (AᵀA)⁻¹Aᵀ y.
        Matrix<double> Pinv(int lo, int hi, int at)
        {
            var a = Matrix<double>.Build.Dense(hi - lo + 1, order + 1, (r, c) => Math.Pow(lo + r - at, c));
            return (a.TransposeThisAndMultiply(a)).Inverse() * a.Transpose();
        }
        var centre = Pinv(-m, m, 0);
        for (int i = m; i < n - m; i++)
        {
            double s = 0, dsum = 0;
            for (int k = 0; k < window; k++) { s += centre[0, k] * y[i - m + k]; dsum += centre[1, k] * y[i - m + k]; }
            smooth[i] = s; deriv[i] = dsum;
        }
        for (int i = 0; i < Math.Min(m, n); i++)
        {
            foreach (int at in new[] { i, n - 1 - i })
            {
                int lo = at < m ? 0 : n - window;
                var pm = Pinv(lo, lo + window - 1, at);
                double s = 0, dsum = 0;
                for (int k = 0; k < window; k++) { s += pm[0, k] * y[lo + k]; dsum += pm[1, k] * y[lo + k]; }
                smooth[at] = s; deriv[at] = dsum;
            }
        }
        return (smooth, deriv);
    }
}
