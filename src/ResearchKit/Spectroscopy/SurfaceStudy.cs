using ResearchKit.Spectroscopy.Sims;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Spectroscopy;

/// <summary>Component shares of one cathode and state from the S 2p (block 0) and P 2p (block 1) fits.</summary>
public sealed record XpsShareRow(string Cathode, bool Cycled,
    double SulfurPs4, double SulfurP2Sx, double SulfurLi2Sn, double PhosphorusPs4, double PhosphorusP2Sx, double PhosphorusPox,
    double SulfurReducedChi2, double PhosphorusReducedChi2)
{
    /// <summary>S 2p share in side-reaction products (P₂Sₓ + Li₂Sₙ), the quantity of the paper's "~60 %" statement.</summary>
    public double SulfurDecomposed => SulfurP2Sx + SulfurLi2Sn;
}

/// <summary>Fitted intensity of one species (per total ion count) for one cathode and state.</summary>
public sealed record SimsIntensityRow(string Cathode, bool Cycled, string Species, double CenterMz, double Area, double NormalizedIntensity, double ResolvingPower);

/// <summary>
/// The Fig. 3c-f pipeline over a folder of files named like the synthetic set (&lt;cam10-0&gt;-after.vms,
/// &lt;cam10-0&gt;-after-mz62.txt): read, fit with <see cref="XpsSynthesis.SulfurModel"/> / <see cref="XpsSynthesis.PhosphorusModel"/>
/// and <see cref="SimsFitter.FitPair(SimsSpectrum, string)"/>, and tabulate.
/// </summary>
public static class SurfaceStudy
{
    public static IReadOnlyList<XpsShareRow> XpsShares(string directory)
    {
        var rows = new List<XpsShareRow>();
        foreach (var (name, _) in XpsSynthesis.Cathodes)
            foreach (bool cycled in new[] { false, true })
            {
                var path = Path.Combine(directory, $"{XpsSynthesis.FileStem(name)}-{(cycled ? "after" : "before")}.vms");
                var f = Vamas.Read(path);
                var s = XpsFitter.Fit(f.Block(0), XpsSynthesis.SulfurModel());
                var p = XpsFitter.Fit(f.Block(1), XpsSynthesis.PhosphorusModel());
                rows.Add(new XpsShareRow(name, cycled, s.Components[0].AreaShare, s.Components[1].AreaShare, s.Components[2].AreaShare,
                    p.Components[0].AreaShare, p.Components[1].AreaShare, p.Components[2].AreaShare, s.ReducedChiSquare, p.ReducedChiSquare));
            }
        return rows;
    }

    public static IReadOnlyList<SimsIntensityRow> SimsIntensities(string directory)
    {
        var rows = new List<SimsIntensityRow>();
        foreach (var (name, _) in XpsSynthesis.Cathodes)
            foreach (bool cycled in new[] { false, true })
                foreach (var (first, second, lo, _) in SimsFitter.PaperPairs)
                {
                    var path = Path.Combine(directory, $"{XpsSynthesis.FileStem(name)}-{(cycled ? "after" : "before")}-mz{Math.Floor(lo):0}.txt");
                    var fit = SimsFitter.FitPair(SimsTextReader.Read(path), $"{first},{second}");
                    foreach (var p in new[] { fit.First, fit.Second })
                        rows.Add(new SimsIntensityRow(name, cycled, p.Species, p.CenterMz, p.Area, p.NormalizedIntensity, fit.ResolvingPower));
                }
        return rows;
    }
}
