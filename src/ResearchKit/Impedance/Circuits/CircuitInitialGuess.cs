using System.Numerics;

namespace ResearchKit.Impedance.Circuits;

/// <summary>
/// Starting values from the spectrum alone, so that a user needs only the circuit string:
/// the high-frequency intercept R_∞ (Re Z where Z'' crosses zero at the high-frequency end, else at the highest frequency),
/// the low-frequency real part, the arcs (local maxima of −Z'' over log f: apex frequency f_k and width 2·(−Z''_max),
/// the height of an ideal semicircle being half its width) and the low-frequency capacitance −1/(ω Z'').
/// Parallel groups take the arcs in the order they appear in the string, from high to low frequency (the usual way of
/// writing R0-p(R1,CPE1)-p(R2,CPE2)); a group's C or CPE gets C = 1/(2π f_k R_k), α = 0.9.
/// </summary>
public static class CircuitInitialGuess
{
    internal sealed record Features(double RInfOhm, double RLowOhm, double OmegaLow, double OmegaHigh, Complex ZLow, Complex ZHigh,
        List<(double Omega, double WidthOhm)> Arcs, double RKneeOhm);

    public static double[] Guess(Circuit circuit, ImpedanceSpectrum spectrum)
    {
        var ft = Analyse(spectrum);
        var p = new double[circuit.ParameterCount];
        int groups = CountGroups(circuit.Root);
        var arcs = ChooseArcs(ft, Math.Max(groups, 1));
        int arcIndex = 0;
        bool seriesRUsed = false;
        AssignTop(circuit.Root, p, ft, arcs, ref arcIndex, ref seriesRUsed);
        for (int i = 0; i < p.Length; i++)
        {
            if (!double.IsFinite(p[i]) || p[i] <= circuit.LowerBounds[i]) p[i] = circuit.LowerBounds[i] + Math.Max(1e-9, Math.Abs(circuit.LowerBounds[i]) * 1e-3);
            if (p[i] >= circuit.UpperBounds[i]) p[i] = circuit.UpperBounds[i] * (1 - 1e-3);
        }
        return p;
    }

    /// <summary>Multiplies every time-constant-like parameter (C, CPE Q, τ) by factor: a different start for the multi-start.</summary>
    public static double[] ScaleTimeConstants(Circuit circuit, double[] p, double factor, IEnumerable<string> keepFixed)
    {
        var fixedSet = keepFixed.ToHashSet();
        var q = (double[])p.Clone();
        for (int i = 0; i < q.Length; i++)
        {
            if (fixedSet.Contains(circuit.ParameterNames[i])) continue;
            var u = circuit.ParameterUnits[i];
            if (u is "F" or "s") q[i] *= factor;
            else if (u.StartsWith("Ohm^-1 s^a", StringComparison.Ordinal)) q[i] *= factor;
        }
        return q;
    }

    /// <summary>
    /// Alternative starts for the multi-start: time constants scaled by decades, and for transmission lines other
    /// electronic/ionic rail ratios with the series resistance shared differently (the high-frequency intercept is
    /// R0 + R_ion∥R_el, so the split is not visible in one point).
    /// </summary>
    public static IEnumerable<double[]> Variants(Circuit circuit, double[] p, IEnumerable<string> keepFixed)
    {
        var fixedSet = keepFixed.ToHashSet();
        foreach (var e in circuit.Elements.Where(e => e.Type.Symbol is "TLM" or "TLMB"))
        {
            int o = e.ParameterOffset;
            foreach (double ratio in new[] { 0.1, 1.0, 10.0 })
            {
                var q = (double[])p.Clone();
                if (!fixedSet.Contains(circuit.ParameterNames[o + 1])) q[o + 1] = ratio * q[o];
                int r0 = circuit.Elements.FirstOrDefault(x => x.Type.Symbol == "R" && !fixedSet.Contains(x.Name))?.ParameterOffset ?? -1;
                if (r0 >= 0) q[r0] = Math.Max(q[r0] - q[o] * q[o + 1] / (q[o] + q[o + 1]), 0.05 * q[r0]);
                yield return q;
            }
        }
        foreach (double factor in new[] { 0.1, 10.0, 0.01, 100.0 })
            yield return ScaleTimeConstants(circuit, p, factor, fixedSet);
        // Arc resistances (every R but the first series one) a decade smaller or larger, CPE exponents lower.
        var firstR = circuit.Elements.FirstOrDefault(e => e.Type.Symbol == "R");
        foreach (double factor in new[] { 0.1, 10.0, 0.01 })
        foreach (double tauFactor in new[] { 1.0, 0.1, 10.0 })
        {
            var q = ScaleTimeConstants(circuit, p, tauFactor, fixedSet);
            foreach (var e in circuit.Elements.Where(e => e.Type.Symbol == "R" && e != firstR && !fixedSet.Contains(e.Name)))
                q[e.ParameterOffset] *= factor;
            foreach (var e in circuit.Elements.Where(e => e.Type.Symbol == "CPE" && !fixedSet.Contains(e.Name + "_1")))
                q[e.ParameterOffset + 1] = 0.7;
            yield return q;
        }
    }

    internal static Features Analyse(ImpedanceSpectrum s)
    {
        var idx = Enumerable.Range(0, s.Count).OrderBy(i => s.FrequencyHz[i]).ToArray(); // ascending frequency
        var f = idx.Select(i => s.FrequencyHz[i]).ToArray();
        var z = idx.Select(i => s.ImpedanceOhm[i]).ToArray();
        int n = f.Length;
        double zmax = z.Max(v => v.Magnitude);
        // R_inf: walk down from the highest frequency; if Z'' > 0 there (inductive), find the crossing to Z'' < 0.
        double rInf = z[n - 1].Real;
        if (z[n - 1].Imaginary > 0)
        {
            for (int i = n - 1; i > 0; i--)
                if (z[i].Imaginary > 0 && z[i - 1].Imaginary <= 0)
                {
                    double t = z[i].Imaginary / (z[i].Imaginary - z[i - 1].Imaginary);
                    rInf = z[i].Real + t * (z[i - 1].Real - z[i].Real);
                    break;
                }
        }
        else rInf = Math.Min(rInf, z.Min(v => v.Real));
        rInf = Math.Max(rInf, 1e-6 * zmax);
        double rLow = z[0].Real;
        // Arcs: local maxima of −Z'' (with −Z'' > 0), widths 2·(−Z''), apexes at ω = 2πf.
        var arcs = new List<(double Omega, double WidthOhm)>();
        for (int i = 0; i < n; i++)
        {
            double y = -z[i].Imaginary;
            if (y <= 0) continue;
            double left = i > 0 ? -z[i - 1].Imaginary : double.NegativeInfinity;
            double right = i < n - 1 ? -z[i + 1].Imaginary : double.NegativeInfinity;
            // An end point counts only at the high-frequency end (an arc cut off there); at the low end it is a tail.
            bool isMax = y >= left && y >= right && i > 0;
            if (isMax) arcs.Add((2 * Math.PI * f[i], 2 * y));
        }
        // Noise makes tiny local maxima (e.g. near an inductive crossing): keep arcs at least 5 % of the real-axis span.
        double span = Math.Max(z.Max(v => v.Real) - rInf, 1e-12 * zmax);
        arcs = arcs.Where(a => a.WidthOhm >= 0.05 * span).OrderByDescending(a => a.Omega).ToList();
        // Knee: going from high to low frequency, the first point where the Nyquist curve turns steep
        // (d(−Z'')/dZ' > 3, i.e. a capacitive line); for a blocking transmission line Re Z there ≈ R_∞ + (R_ion+R_el)/3.
        double rKnee = rLow;
        for (int i = n - 2; i >= 0; i--)
        {
            double dRe = z[i].Real - z[i + 1].Real, dIm = -(z[i].Imaginary - z[i + 1].Imaginary);
            if (dIm > 0 && dIm > 3 * Math.Abs(dRe) && -z[i].Imaginary > 0.5 * (z[i].Real - rInf)) { rKnee = z[i + 1].Real; break; }
        }
        return new Features(rInf, rLow, 2 * Math.PI * f[0], 2 * Math.PI * f[n - 1], z[0], z[n - 1], arcs, rKnee);
    }

    static List<(double Omega, double WidthOhm)> ChooseArcs(Features ft, int count)
    {
        double rPol = ft.RLowOhm - ft.RInfOhm;
        if (!(rPol > 0)) rPol = Math.Max(ft.ZLow.Magnitude - ft.RInfOhm, ft.RInfOhm);
        if (ft.Arcs.Count >= count)
            return ft.Arcs.OrderByDescending(a => a.WidthOhm).Take(count).OrderByDescending(a => a.Omega)
                .Select(a => (a.Omega, Math.Min(a.WidthOhm, rPol))).ToList();
        // Not enough apexes: spread the arcs evenly over the measured decades, sharing the polarization resistance.
        var list = new List<(double, double)>();
        double lhi = Math.Log10(ft.OmegaHigh), llo = Math.Log10(ft.OmegaLow);
        for (int k = 0; k < count; k++)
            list.Add((Math.Pow(10, lhi - (k + 0.5) / count * (lhi - llo)), rPol / count));
        return list;
    }

    static int CountGroups(CircuitNode node) => node switch
    {
        ParallelNode => 1,
        SeriesNode s => s.Children.Sum(CountGroups),
        _ => 0,
    };

    static void AssignTop(CircuitNode node, double[] p, Features ft, List<(double Omega, double WidthOhm)> arcs, ref int arcIndex, ref bool seriesRUsed)
    {
        switch (node)
        {
            case SeriesNode s:
                foreach (var c in s.Children) AssignTop(c, p, ft, arcs, ref arcIndex, ref seriesRUsed);
                break;
            case ParallelNode q:
            {
                var arc = arcs[Math.Min(arcIndex, arcs.Count - 1)];
                arcIndex++;
                AssignInArc(q, p, arc.Omega, arc.WidthOhm, ft);
                break;
            }
            case ElementNode e:
                AssignSeriesElement(e, p, ft, ref seriesRUsed);
                break;
        }
    }

    static void AssignInArc(CircuitNode node, double[] p, double omega, double r, Features ft)
    {
        switch (node)
        {
            case SeriesNode s: foreach (var c in s.Children) AssignInArc(c, p, omega, r / s.Children.Count, ft); break;
            case ParallelNode q: foreach (var c in q.Children) AssignInArc(c, p, omega, r, ft); break;
            case ElementNode e:
            {
                int o = e.ParameterOffset;
                switch (e.Type.Symbol)
                {
                    case "R": p[o] = r; break;
                    case "C": p[o] = 1 / (omega * r); break;
                    case "L": p[o] = r / omega; break;
                    case "CPE": p[o + 1] = 0.9; p[o] = 1 / (r * Math.Pow(omega, 0.9)); break;
                    case "W": p[o] = r * Math.Sqrt(omega); break;
                    case "Wo" or "Ws" or "G": p[o] = r; p[o + 1] = 1 / omega; break;
                    default: { bool used = true; AssignSeriesElement(e, p, ft, ref used); break; }
                }
                break;
            }
        }
    }

    static void AssignSeriesElement(ElementNode e, double[] p, Features ft, ref bool seriesRUsed)
    {
        int o = e.ParameterOffset;
        double rPol = Math.Max(ft.RLowOhm - ft.RInfOhm, 0.1 * ft.RInfOhm);
        double negImLow = Math.Max(-ft.ZLow.Imaginary, 1e-3 * ft.ZLow.Magnitude);
        switch (e.Type.Symbol)
        {
            case "R":
                p[o] = seriesRUsed ? 0.1 * rPol : ft.RInfOhm;
                seriesRUsed = true;
                break;
            case "L":
                p[o] = ft.ZHigh.Imaginary > 0 ? ft.ZHigh.Imaginary / ft.OmegaHigh : 1e-3 * ft.RInfOhm / ft.OmegaHigh;
                break;
            case "C": p[o] = 1 / (ft.OmegaLow * negImLow); break;
            case "CPE": p[o + 1] = 0.9; p[o] = 1 / (negImLow * Math.Pow(ft.OmegaLow, 0.9)); break;
            case "W": p[o] = negImLow * Math.Sqrt(ft.OmegaLow); break;
            case "Wo" or "Ws": p[o] = rPol; p[o + 1] = 3 / ft.OmegaLow; break;
            case "G": p[o] = rPol; p[o + 1] = 1 / Math.Sqrt(ft.OmegaLow * ft.OmegaHigh); break;
            case "TLMB":
                // Blocking line: Re Z(ω→0) − R_∞ ≈ (R_ion + R_el)/3, Z'' ≈ −1/(ωC) at the lowest frequency.
                double rLine = 3 * Math.Max(ft.RKneeOhm - ft.RInfOhm, 0.05 * ft.RInfOhm);
                p[o] = rLine; p[o + 1] = 0.1 * rLine; p[o + 3] = 0.9; p[o + 2] = 1 / (negImLow * Math.Pow(ft.OmegaLow, 0.9));
                break;
            case "TLEB" or "TLIB":
                // Symmetric blocking cell: the carrying rail's resistance is about the polarization resistance.
                p[o] = e.Type.Symbol == "TLEB" ? rPol : 0.1 * rPol; p[o + 1] = e.Type.Symbol == "TLEB" ? 0.1 * rPol : rPol; p[o + 3] = 0.9;
                p[o + 2] = 1 / (rPol * Math.Pow(Math.Sqrt(ft.OmegaLow * ft.OmegaHigh), 0.9));
                break;
            case "TLM":
                p[o] = rPol; p[o + 1] = 0.01 * rPol; p[o + 2] = rPol; p[o + 4] = 0.9;
                p[o + 3] = 1 / (rPol * Math.Pow(Math.Sqrt(ft.OmegaLow * ft.OmegaHigh), 0.9));
                break;
        }
    }
}
