using Deedle;
using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Spectroscopy;

/// <summary>Deedle views of the spectroscopy results (for notebooks).</summary>
public static class SpectroscopyFrames
{
    /// <summary>One row per component: level, center_ev, center_error_ev, fwhm_ev, area, area_share, area_share_error.</summary>
    public static Frame<string, string> ToFrame(this XpsFitResult fit) =>
        new FrameColumns(fit.Components.Select(c => c.Name))
            .Add("level", fit.Components.Select(c => c.Level ?? "singlet"))
            .Add("center_ev", fit.Components.Select(c => c.CenterEv))
            .Add("center_error_ev", fit.Components.Select(c => c.CenterErrorEv))
            .Add("fwhm_ev", fit.Components.Select(c => c.FwhmEv))
            .Add("area", fit.Components.Select(c => c.Area))
            .Add("area_share", fit.Components.Select(c => c.AreaShare))
            .Add("area_share_error", fit.Components.Select(c => c.AreaShareError))
            .Build();

    /// <summary>Backgrounds compared: one row per method with net_area, iterations, converged, b_ev2, warning.</summary>
    public static Frame<string, string> Compare(IEnumerable<BackgroundResult> results)
    {
        var list = results.ToList();
        return new FrameColumns(list.Select(r => r.Method.ToString().ToLowerInvariant()))
            .Add("net_area", list.Select(r => r.NetArea))
            .Add("iterations", list.Select(r => r.Iterations))
            .Add("converged", list.Select(r => r.Converged ? "yes" : "no"))
            .Add("b_ev2", list.Select(r => double.IsFinite(r.BEv2) ? (double?)r.BEv2 : null))
            .Add("warning", list.Select(r => r.Warning ?? ""))
            .Build();
    }

    /// <summary>Recovered shares per cathode and state (rows "CAM10:0 after"), S 2p and P 2p columns.</summary>
    public static Frame<string, string> XpsShares(IEnumerable<XpsShareRow> rows)
    {
        var list = rows.ToList();
        return new FrameColumns(list.Select(r => $"{r.Cathode} {(r.Cycled ? "after" : "before")}"))
            .Add("s2p_ps4", list.Select(r => r.SulfurPs4))
            .Add("s2p_p2sx", list.Select(r => r.SulfurP2Sx))
            .Add("s2p_li2sn", list.Select(r => r.SulfurLi2Sn))
            .Add("s2p_p2sx_plus_li2sn", list.Select(r => r.SulfurDecomposed))
            .Add("p2p_ps4", list.Select(r => r.PhosphorusPs4))
            .Add("p2p_p2sx", list.Select(r => r.PhosphorusP2Sx))
            .Add("p2p_pox", list.Select(r => r.PhosphorusPox))
            .Add("s2p_reduced_chi2", list.Select(r => r.SulfurReducedChi2))
            .Build();
    }

    /// <summary>SIMS intensities per total ion count: rows "CAM10:0 before", one column per species.</summary>
    public static Frame<string, string> SimsIntensities(IEnumerable<SimsIntensityRow> rows)
    {
        var list = rows.ToList();
        var keys = list.Select(r => $"{r.Cathode} {(r.Cycled ? "after" : "before")}").Distinct().ToList();
        var fc = new FrameColumns(keys);
        foreach (var sp in list.Select(r => r.Species).Distinct())
            fc.Add(sp + "_per_tic", keys.Select(k => list.Where(r => $"{r.Cathode} {(r.Cycled ? "after" : "before")}" == k && r.Species == sp).Select(r => (double?)r.NormalizedIntensity).FirstOrDefault()));
        return fc.Build();
    }
}
