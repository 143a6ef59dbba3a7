using System.Globalization;
using System.Text.Json;
using ResearchKit.Spectroscopy.Sims;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Spectroscopy;

/// <summary>Poisson deviates from the kit's SplitMix64 (Knuth's product method below 30, normal approximation with
/// continuity correction above: adequate for spectra, where the mean per channel is large).</summary>
public static class PoissonNoise
{
    public static double Sample(SplitMix64 rng, double mean)
    {
        if (!(mean > 0)) return 0;
        if (mean < 30)
        {
            double L = Math.Exp(-mean), p = 1; int k = 0;
            do { k++; p *= rng.NextDouble(); } while (p > L);
            return k - 1;
        }
        return Math.Max(0, Math.Round(mean + Math.Sqrt(mean) * rng.NextGaussian()));
    }
}

/// <summary>A component of a synthetic XPS spectrum: name, level (doublet) or null, centre (eV), FWHM (eV), area (counts·eV).</summary>
public sealed record SyntheticPeak(string Name, string? Level, double CenterEv, double FwhmEv, double Area);

/// <summary>
/// XPS forward model: peaks (unit-area line shapes × area; doublets split by the spin-orbit table) on a Shirley
/// background B(E) = baseline + k ∫_{E_min}^{E} peaks dE' (the exact fixed point of the iterative Shirley algorithm when the
/// end points are flat), Poisson counts per channel. Channels ascend in binding energy; written as VAMAS (kinetic axis omitted).
/// </summary>
public static class XpsSynthesis
{
    /// <summary>Expected (noise-free) counts per channel and the background alone.</summary>
    public static (double[] Expected, double[] Background) Expected(double[] be, IReadOnlyList<SyntheticPeak> peaks, PeakShape shape, double baseline, double shirleyK)
    {
        int n = be.Length;
        var peak = new double[n];
        foreach (var p in peaks)
        {
            var d = p.Level is null ? null : SpinOrbitTable.Get(p.Level);
            double r = d?.AreaRatio ?? 0, major = d is null ? 1 : r / (1 + r), minor = d is null ? 0 : 1 / (1 + r);
            for (int i = 0; i < n; i++)
            {
                double v = major * shape.Profile(be[i] - p.CenterEv, p.FwhmEv);
                if (d is not null) v += minor * shape.Profile(be[i] - p.CenterEv - d.SplittingEv, p.FwhmEv);
                peak[i] += p.Area * v;
            }
        }
        var bg = new double[n]; double cum = 0;
        bg[0] = baseline;
        for (int i = 1; i < n; i++) { cum += 0.5 * (be[i] - be[i - 1]) * (peak[i] + peak[i - 1]); bg[i] = baseline + shirleyK * cum; }
        return (peak.Select((v, i) => v + bg[i]).ToArray(), bg);
    }

    /// <summary>A noisy spectrum on an even grid from <paramref name="lowEv"/> to <paramref name="highEv"/> with <paramref name="stepEv"/>.</summary>
    public static XpsSpectrum Spectrum(string label, string species, string transition, double lowEv, double highEv, double stepEv,
        IReadOnlyList<SyntheticPeak> peaks, PeakShape shape, double baseline, double shirleyK, ulong seed, double photonEnergyEv = 1486.6)
    {
        int n = (int)Math.Round((highEv - lowEv) / stepEv) + 1;
        var be = Enumerable.Range(0, n).Select(i => lowEv + i * stepEv).ToArray();
        var (expected, _) = Expected(be, peaks, shape, baseline, shirleyK);
        var rng = new SplitMix64(seed);
        var y = expected.Select(m => PoissonNoise.Sample(rng, m)).ToArray();
        return new XpsSpectrum(label, species, transition, be, EnergyAxis.Binding, y, IntensityUnit.Counts, photonEnergyEv, 0.1, 1, null, null, 0);
    }

    /// <summary>Binding energies of the paper (Fig. 3c,d text) and one literature value (PS₄³⁻ P 2p, not stated in the paper).</summary>
    public static class PaperEnergies
    {
        public const double SulfurPs4 = 161.6, SulfurP2Sx = 163.0, SulfurLi2Sn = 164.4;
        public const double PhosphorusP2Sx = 133.0, PhosphorusPox = 134.0;
        /// <summary>ASSUMED: P 2p₃/₂ of PS₄³⁻ in argyrodite near 131.9 eV (Auvergniot et al., Solid State Ionics 300 (2017) 78); the paper does not state it.</summary>
        public const double PhosphorusPs4 = 131.9;
    }

    /// <summary>The five cathodes by NCWA mass fraction, with their names (the Paper layer holds the canonical list).</summary>
    public static IReadOnlyList<(string Name, double NcwaMassFraction)> Cathodes { get; } =
        [("CAM10:0", 1.0), ("CAM8:2", 0.8), ("CAM7:3", 0.7), ("CAM6:4", 0.6), ("CAM0:10", 0.0)];

    /// <summary>The S 2p region of one cathode: three S 2p doublets with shares from <see cref="InterphaseShares"/>, 1e5 counts·eV total.</summary>
    public static XpsSpectrum Sulfur(string cathode, double ncwa, bool cycled, InterphaseShares shares, ulong seed, double totalArea = 1.0e5)
    {
        var (a, b, c) = shares.Sulfur(ncwa, cycled);
        var peaks = new[]
        {
            new SyntheticPeak("PS4", "S2p", PaperEnergies.SulfurPs4, 1.0, totalArea * a),
            new SyntheticPeak("P2Sx", "S2p", PaperEnergies.SulfurP2Sx, 1.0, totalArea * b),
            new SyntheticPeak("Li2Sn", "S2p", PaperEnergies.SulfurLi2Sn, 1.0, totalArea * c),
        };
        return Spectrum($"{cathode} S2p {(cycled ? "after" : "before")}", "S", "2p", 156, 172, 0.1, peaks, PeakShape.Default, 2000, 0.02, seed);
    }

    /// <summary>The P 2p region of one cathode (PS₄³⁻, P₂Sₓ, POₓ doublets), 4e4 counts·eV total.</summary>
    public static XpsSpectrum Phosphorus(string cathode, double ncwa, bool cycled, InterphaseShares shares, ulong seed, double totalArea = 4.0e4)
    {
        var (a, b, c) = shares.Phosphorus(ncwa, cycled);
        var peaks = new[]
        {
            new SyntheticPeak("PS4", "P2p", PaperEnergies.PhosphorusPs4, 1.0, totalArea * a),
            new SyntheticPeak("P2Sx", "P2p", PaperEnergies.PhosphorusP2Sx, 1.0, totalArea * b),
            new SyntheticPeak("POx", "P2p", PaperEnergies.PhosphorusPox, 1.0, totalArea * c),
        };
        return Spectrum($"{cathode} P2p {(cycled ? "after" : "before")}", "P", "2p", 126, 140, 0.1, peaks, PeakShape.Default, 1500, 0.02, seed);
    }

    /// <summary>The fit model that matches the synthetic files (three doublets, widths equal, Shirley background).</summary>
    public static XpsFitModel SulfurModel() => XpsFitModel.Parse("""
        background shirley
        shape GL(30)
        doublet PS4 S2p center=161.6 fwhm=1.0
        doublet P2Sx S2p center=163.0
        doublet Li2Sn S2p center=164.4
        equal fwhm PS4 P2Sx Li2Sn
        """, "<sulfur model>");

    public static XpsFitModel PhosphorusModel() => XpsFitModel.Parse("""
        background shirley
        shape GL(30)
        doublet PS4 P2p center=131.9 fwhm=1.0
        doublet P2Sx P2p center=133.0
        doublet POx P2p center=134.0
        equal fwhm PS4 P2Sx POx
        """, "<phosphorus model>");

    /// <summary>
    /// Writes the synthetic set: for each cathode and state (before/after) one VAMAS file holding the S 2p (block 0) and
    /// P 2p (block 1) regions, plus a JSON sidecar with generator, seed and the input shares. Seeds: seed + 10·cathode + state.
    /// </summary>
    public static IReadOnlyList<string> WriteSet(string directory, ulong seed = 2026, InterphaseShares? shares = null)
    {
        shares ??= new InterphaseShares();
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        for (int k = 0; k < Cathodes.Count; k++)
        {
            var (name, w) = Cathodes[k];
            foreach (bool cycled in new[] { false, true })
            {
                ulong s = seed + (ulong)(10 * k + (cycled ? 1 : 0));
                var sBlock = Sulfur(name, w, cycled, shares, s);
                var pBlock = Phosphorus(name, w, cycled, shares, s + 1000);
                var file = Path.Combine(directory, $"{FileStem(name)}-{(cycled ? "after" : "before")}.vms");
                Vamas.Write(file, [sBlock, pBlock], [
                    "SYNTHETIC: ResearchKit.Spectroscopy.XpsSynthesis (forward model), not a measurement",
                    $"cathode {name}, {(cycled ? "after" : "before")} cycling, seed {s} (S 2p) and {s + 1000} (P 2p)",
                    "shares are inputs shaped after the paper's statements (Fig. 3c,d), not predictions"]);
                var (sa, sb, sc) = shares.Sulfur(w, cycled);
                var (pa, pb, pc) = shares.Phosphorus(w, cycled);
                var side = new Dictionary<string, object>
                {
                    ["synthetic"] = true,
                    ["generator"] = "ResearchKit.Spectroscopy.XpsSynthesis.WriteSet",
                    ["cathode"] = name,
                    ["ncwa_mass_fraction"] = w,
                    ["state"] = cycled ? "after cycling" : "before cycling",
                    ["seed_s2p"] = s,
                    ["seed_p2p"] = s + 1000,
                    ["blocks"] = new[] { "0: S 2p (156-172 eV, 0.1 eV)", "1: P 2p (126-140 eV, 0.1 eV)" },
                    ["line_shape"] = "GL(30), FWHM 1.0 eV, doublets S 2p 1.18 eV 2:1, P 2p 0.87 eV 2:1",
                    ["background"] = "Shirley: baseline 2000 (S) / 1500 (P) counts + 0.02 x cumulative peak area; Poisson noise",
                    ["s2p_shares_input"] = new Dictionary<string, double> { ["PS4"] = sa, ["P2Sx"] = sb, ["Li2Sn"] = sc },
                    ["p2p_shares_input"] = new Dictionary<string, double> { ["PS4"] = pa, ["P2Sx"] = pb, ["POx"] = pc },
                    ["shares_note"] = "inputs shaped after the paper's statements (PS4 falls from CAM10:0 to CAM0:10; ~60 % P2Sx + Li2Sn for CAM0:10 after cycling); blends follow from the unimodal values by the NCM surface share with an assumed surface-area ratio " + shares.SurfaceAreaRatio.ToString(CultureInfo.InvariantCulture) + "; not predictions",
                    ["binding_energies_ev"] = "S 2p: 161.6, 163.0, 164.4 (paper); P 2p: 133.0, 134.0 (paper), PS4 131.9 (assumed, literature)",
                };
                WriteJson(Path.ChangeExtension(file, ".json"), side);
                written.Add(file);
            }
        }
        return written;
    }

    internal static string FileStem(string cathode) => cathode.Replace(":", "-").ToLowerInvariant();

    internal static void WriteJson(string path, object value)
    {
        var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(tmp, JsonSerializer.Serialize(value, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(tmp, path, overwrite: true);
    }
}

/// <summary>
/// ToF-SIMS forward model: Gaussian peaks at the exact anion m/z with FWHM = m/R on a flat baseline, Poisson counts, on a
/// 0.0005 u grid over the paper's two windows. Peak areas per total ion count follow the interphase shares (inputs):
/// PS⁻ ∝ intact PS₄³⁻ share, PO₂⁻ ∝ POₓ share, S₂⁻ ∝ Li₂Sₙ share, SO₂⁻ ∝ decomposed S share (all plus a floor).
/// </summary>
public static class SimsSynthesis
{
    /// <summary>Expected counts of Gaussian peaks (area, exact m/z) with resolving power R on a baseline.</summary>
    public static double[] Expected(double[] mz, IReadOnlyList<(double Mz, double Area)> peaks, double resolvingPower, double baseline)
    {
        var y = new double[mz.Length];
        double c = 4 * Math.Log(2);
        foreach (var (m0, a) in peaks)
        {
            double f = m0 / resolvingPower, h = a / (f * Math.Sqrt(Math.PI / c));
            for (int i = 0; i < mz.Length; i++) { double u = (mz[i] - m0) / f; y[i] += h * Math.Exp(-c * u * u); }
        }
        for (int i = 0; i < y.Length; i++) y[i] += baseline;
        return y;
    }

    /// <summary>A noisy window spectrum with two species of given areas (counts).</summary>
    public static SimsSpectrum Window(string first, string second, double areaFirst, double areaSecond, double lo, double hi,
        double resolvingPower, double baseline, double totalIonCount, ulong seed, double stepMz = 0.0005)
    {
        int n = (int)Math.Round((hi - lo) / stepMz) + 1;
        var mz = Enumerable.Range(0, n).Select(i => lo + i * stepMz).ToArray();
        var a = IonFormula.Parse(first); var b = IonFormula.Parse(second);
        // areas are total counts in a peak: counts per channel = counts × channel width × normalised profile (per u)
        var dens = Expected(mz, [(a.Mz, areaFirst * stepMz), (b.Mz, areaSecond * stepMz)], resolvingPower, baseline);
        var rng = new SplitMix64(seed);
        return new SimsSpectrum(mz, dens.Select(m => PoissonNoise.Sample(rng, m)).ToArray(), totalIonCount, null);
    }

    /// <summary>Normalised intensities (per total ion count) of PS⁻, PO₂⁻, S₂⁻, SO₂⁻ for a cathode: the forward model's inputs.</summary>
    public static IReadOnlyDictionary<string, double> NormalizedIntensities(double ncwa, bool cycled, InterphaseShares shares)
    {
        var (ps4, _, li2sn) = shares.Sulfur(ncwa, cycled);
        var (_, _, pox) = shares.Phosphorus(ncwa, cycled);
        return new Dictionary<string, double>
        {
            ["PS-"] = 2.0e-3 * ps4,
            ["PO2-"] = 1.0e-3 * (pox + 0.05),
            ["S2-"] = 1.5e-3 * (li2sn + 0.05),
            ["SO2-"] = 0.8e-3 * (1 - ps4 + 0.05),
        };
    }

    /// <summary>Writes both windows for the five cathodes before and after cycling (text exports + JSON sidecars), R = 7000.</summary>
    public static IReadOnlyList<string> WriteSet(string directory, ulong seed = 3026, InterphaseShares? shares = null, double resolvingPower = 7000, double totalIonCount = 1.0e7)
    {
        shares ??= new InterphaseShares();
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        for (int k = 0; k < XpsSynthesis.Cathodes.Count; k++)
        {
            var (name, w) = XpsSynthesis.Cathodes[k];
            foreach (bool cycled in new[] { false, true })
            {
                var inten = NormalizedIntensities(w, cycled, shares);
                int pairIndex = 0;
                foreach (var (first, second, lo, hi) in SimsFitter.PaperPairs)
                {
                    ulong s = seed + (ulong)(100 * k + 10 * (cycled ? 1 : 0) + pairIndex);
                    var spec = Window(first, second, inten[first] * totalIonCount, inten[second] * totalIonCount, lo, hi, resolvingPower, 5, totalIonCount, s);
                    var file = Path.Combine(directory, $"{XpsSynthesis.FileStem(name)}-{(cycled ? "after" : "before")}-mz{Math.Floor(lo):0}.txt");
                    SimsTextReader.Write(file, spec, [
                        "SYNTHETIC: ResearchKit.Spectroscopy.SimsSynthesis (forward model), not a measurement",
                        $"cathode {name}, {(cycled ? "after" : "before")} cycling, window m/z {lo}-{hi}, R = {resolvingPower}, seed {s}"]);
                    XpsSynthesis.WriteJson(Path.ChangeExtension(file, ".json"), new Dictionary<string, object>
                    {
                        ["synthetic"] = true,
                        ["generator"] = "ResearchKit.Spectroscopy.SimsSynthesis.WriteSet",
                        ["cathode"] = name,
                        ["ncwa_mass_fraction"] = w,
                        ["state"] = cycled ? "after cycling" : "before cycling",
                        ["seed"] = s,
                        ["window_mz"] = new[] { lo, hi },
                        ["resolving_power"] = resolvingPower,
                        ["total_ion_count"] = totalIonCount,
                        ["baseline_counts_per_channel"] = 5,
                        ["channel_width_u"] = 0.0005,
                        ["normalized_intensity_input"] = new Dictionary<string, double> { [first] = inten[first], [second] = inten[second] },
                        ["note"] = "intensities are inputs derived from the interphase shares (InterphaseShares), shaped after the paper's statements; not predictions",
                        ["masses"] = IsotopeTable.Source,
                    });
                    written.Add(file);
                    pairIndex++;
                }
            }
        }
        return written;
    }
}
