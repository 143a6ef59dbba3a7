using Deedle;
using ResearchKit.Materials;

namespace ResearchKit.Paper;

/// <summary>Per-cathode result of the pressiometry mixing rules (Fig 4f).</summary>
public sealed record PressiometryRow(string Sample, double NcwaMassFraction, double MeasuredMpa, double MassWeightedMpa, double MassWeightedDeviationPercent)
{
    /// <summary>Measured minus mass-weighted stress change (MPa): positive where the blend changes more than the mixing rule says.</summary>
    public double ResidualMpa => MeasuredMpa - MassWeightedMpa;
}

/// <summary>Per-cathode volume fractions and tortuosity estimates (Fig 2f).</summary>
public sealed record VolumeFractionRow(string Sample, double PorosityPercent, PhaseVolumeFractions Fractions, double BruggemanTau, double? TauFromConductivity);

/// <summary>Per-cathode volumetric energy density estimate (Fig 2d).</summary>
public sealed record EnergyDensityRow(string Sample, double PorosityPercent, double CompositeDensityGPerCm3, double CapacityLowRateMahPerG, double CapacityHighRateMahPerG,
    double EnergyLowRateWhPerL, double EnergyHighRateWhPerL, double DecreasePercent);

/// <summary>
/// The paper's first analyses as functions of documented inputs: each returns typed rows and a Deedle frame keyed by sample.
/// Inputs are the paper's stated values (data/paper) and material defaults (data/materials); nothing is tuned per sample.
/// </summary>
public static class PaperStudies
{
    /// <summary>
    /// Fig 4f: measured stress changes of the five cathodes against the mass-weighted mixing rule, computed from the two
    /// unimodal cathodes only (CAM10:0 and CAM0:10).
    /// </summary>
    public static IReadOnlyList<PressiometryRow> Pressiometry(PaperData? paper = null)
    {
        paper ??= PaperData.Default;
        double s10 = paper.Value("CAM10:0", "stress_change"), s0 = paper.Value("CAM0:10", "stress_change");
        return Samples.All.Select(s =>
        {
            double measured = paper.Value(s.Name, "stress_change");
            double mw = Materials.Pressiometry.MassWeightedMpa(s.NcwaMassFraction, s10, s0);
            return new PressiometryRow(s.Name, s.NcwaMassFraction, measured, mw, 100 * (mw - measured) / measured);
        }).ToList();
    }

    public static Frame<string, string> PressiometryFrame(PaperData? paper = null)
    {
        var rows = Pressiometry(paper);
        return new FrameColumns(rows.Select(r => r.Sample))
            .Add("NCWA mass fraction", rows.Select(r => r.NcwaMassFraction))
            .Add("measured [MPa]", rows.Select(r => r.MeasuredMpa))
            .Add("mass-weighted [MPa]", rows.Select(r => Math.Round(r.MassWeightedMpa, 4)))
            .Add("deviation mass [%]", rows.Select(r => Math.Round(r.MassWeightedDeviationPercent, 2)))
            .Add("measured - rule [MPa]", rows.Select(r => Math.Round(r.ResidualMpa, 4)))
            .Build();
    }

    /// <summary>
    /// Fig 2f: volume fractions of NCWA, NCM, SSE, carbon and pores from the paper's composition (90:9.5:0.5), the material
    /// densities and the SEM porosity of each cathode (Table S1 via the text); the SSE tortuosity by Bruggeman (alpha = 1.5) and,
    /// where effective ionic conductivities are given (measured, or simulated on a twin), tau = eps_SSE sigma_bulk / sigma_eff.
    /// </summary>
    public static IReadOnlyList<VolumeFractionRow> VolumeFractions(IReadOnlyDictionary<string, double>? sigmaEffSPerCmBySample = null, double? sigmaBulkSPerCm = null,
        PaperData? paper = null, MaterialLibrary? materials = null)
    {
        paper ??= PaperData.Default;
        materials ??= MaterialLibrary.Default;
        var d = materials.Densities();
        double sigmaBulk = sigmaBulkSPerCm ?? materials.Value("SSE", "ionic_conductivity");
        return Samples.All.Select(s =>
        {
            double porosity = paper.Value(s.Name, "porosity_sem") / 100;
            var f = Composition.VolumeFractions(PaperComposition(paper, s.NcwaMassFraction), d, porosity);
            double? tau = sigmaEffSPerCmBySample is not null && sigmaEffSPerCmBySample.TryGetValue(s.Name, out var se)
                ? Materials.Tortuosity.FromConductivity(f.Sse, sigmaBulk, se) : null;
            return new VolumeFractionRow(s.Name, porosity * 100, f, Materials.Tortuosity.Bruggeman(f.Sse), tau);
        }).ToList();
    }

    public static Frame<string, string> VolumeFractionFrame(IReadOnlyDictionary<string, double>? sigmaEffSPerCmBySample = null, double? sigmaBulkSPerCm = null)
    {
        var rows = VolumeFractions(sigmaEffSPerCmBySample, sigmaBulkSPerCm);
        var b = new FrameColumns(rows.Select(r => r.Sample))
            .Add("NCWA [vol%]", rows.Select(r => Math.Round(100 * r.Fractions.Ncwa, 2)))
            .Add("NCM [vol%]", rows.Select(r => Math.Round(100 * r.Fractions.Ncm, 2)))
            .Add("SSE [vol%]", rows.Select(r => Math.Round(100 * r.Fractions.Sse, 2)))
            .Add("carbon [vol%]", rows.Select(r => Math.Round(100 * r.Fractions.Carbon, 3)))
            .Add("pore [vol%]", rows.Select(r => Math.Round(100 * r.Fractions.Pore, 2)))
            .Add("tau Bruggeman", rows.Select(r => Math.Round(r.BruggemanTau, 3)));
        if (rows.Any(r => r.TauFromConductivity is not null))
            b.Add("tau from sigma_eff", rows.Select(r => r.TauFromConductivity is double t ? Math.Round(t, 3) : (double?)null));
        return b.Build();
    }

    /// <summary>
    /// Fig 2d, estimated: volumetric energy density of each composite at a low and a high rate, from the composite bulk density
    /// (composition + SEM porosity) and specific capacities. The paper's per-cathode capacities (Tables S2-S3) are not in its main text,
    /// so the defaults are stated proxies: low rate = the mass-weighted half-cell discharge capacities of Fig 4a (an upper bound, 0.05 C),
    /// high rate = the middle of the 140-150 mAh/g that the cells delivered at 0.5 C (p.6), the same for all cathodes; mean voltage 3.75 V
    /// vs Li+/Li (typical of Ni-rich layered oxides). With equal capacities the ranking shows the packing-density effect alone;
    /// pass capacities per sample (e.g. from a cycling summary) to replace the proxies.
    /// </summary>
    public static IReadOnlyList<EnergyDensityRow> EnergyDensity(IReadOnlyDictionary<string, (double LowRate, double HighRate)>? capacityMahPerGBySample = null,
        double meanVoltageV = 3.75, PaperData? paper = null, MaterialLibrary? materials = null, IReadOnlyDictionary<string, double>? porosityBySample = null)
    {
        paper ??= PaperData.Default;
        materials ??= MaterialLibrary.Default;
        var d = materials.Densities();
        double qNcwa = paper.Value("NCWA", "halfcell_discharge_capacity"), qNcm = paper.Value("NCM", "halfcell_discharge_capacity");
        double qHigh = 0.5 * (paper.Value("all", "pressiometry_discharge_capacity_min") + paper.Value("all", "pressiometry_discharge_capacity_max"));
        return Samples.All.Select(s =>
        {
            double porosity = porosityBySample is not null && porosityBySample.TryGetValue(s.Name, out var eps) ? eps : paper.Value(s.Name, "porosity_sem") / 100;
            var comp = PaperComposition(paper, s.NcwaMassFraction);
            double rho = Composition.ActualDensityGPerCm3(comp, d, porosity);
            var (low, high) = capacityMahPerGBySample is not null && capacityMahPerGBySample.TryGetValue(s.Name, out var q)
                ? q : (s.NcwaMassFraction * qNcwa + (1 - s.NcwaMassFraction) * qNcm, qHigh);
            double w = comp.CamWtPercent / 100;
            double eLow = Materials.EnergyDensity.VolumetricWhPerL(low, meanVoltageV, w, rho);
            double eHigh = Materials.EnergyDensity.VolumetricWhPerL(high, meanVoltageV, w, rho);
            return new EnergyDensityRow(s.Name, porosity * 100, rho, low, high, eLow, eHigh, 100 * (eLow - eHigh) / eLow);
        }).ToList();
    }

    public static Frame<string, string> EnergyDensityFrame(IReadOnlyDictionary<string, (double LowRate, double HighRate)>? capacityMahPerGBySample = null, double meanVoltageV = 3.75)
        => EnergyDensityFrame(EnergyDensity(capacityMahPerGBySample, meanVoltageV));

    /// <summary>The Fig 2d table of given rows.</summary>
    public static Frame<string, string> EnergyDensityFrame(IReadOnlyList<EnergyDensityRow> rows)
    {
        return new FrameColumns(rows.Select(r => r.Sample))
            .Add("porosity [%]", rows.Select(r => r.PorosityPercent))
            .Add("composite density [g/cm3]", rows.Select(r => Math.Round(r.CompositeDensityGPerCm3, 3)))
            .Add("capacity low rate [mAh/g]", rows.Select(r => Math.Round(r.CapacityLowRateMahPerG, 1)))
            .Add("capacity high rate [mAh/g]", rows.Select(r => Math.Round(r.CapacityHighRateMahPerG, 1)))
            .Add("energy low rate [Wh/L]", rows.Select(r => Math.Round(r.EnergyLowRateWhPerL, 0)))
            .Add("energy high rate [Wh/L]", rows.Select(r => Math.Round(r.EnergyHighRateWhPerL, 0)))
            .Add("decrease [%]", rows.Select(r => Math.Round(r.DecreasePercent, 1)))
            .Build();
    }

    /// <summary>
    /// The paper's "BCCs have approximately 35-58 % lower porosity than UCCs" (p.3, SEM, Table S1) is the range of the relative
    /// reduction 1 - phi_BCC / phi_UCC over every (blend, unimodal) pair: smallest for CAM6:4 vs CAM10:0, largest for CAM7:3 vs CAM0:10.
    /// Rows are one per pair, in percent.
    /// </summary>
    public static IReadOnlyList<PorosityReductionRow> PorosityReductions(PaperData? paper = null)
    {
        paper ??= PaperData.Default;
        var rows = new List<PorosityReductionRow>();
        foreach (var b in Samples.All.Where(s => s.IsBimodal))
            foreach (var u in Samples.All.Where(s => !s.IsBimodal))
            {
                double pb = paper.Value(b.Name, "porosity_sem"), pu = paper.Value(u.Name, "porosity_sem");
                rows.Add(new PorosityReductionRow(b.Name, u.Name, pb, pu, 100 * (1 - pb / pu)));
            }
        return rows;
    }

    /// <summary>The paper's CAM:SSE:CC composition (data/paper) with a given NCWA share of the CAM.</summary>
    public static CathodeComposition PaperComposition(PaperData paper, double ncwaMassFraction) =>
        new(paper.Value("all", "cam_wt_percent"), paper.Value("all", "sse_wt_percent"), paper.Value("all", "carbon_wt_percent"), ncwaMassFraction);
}

/// <summary>Relative porosity reduction of one blend against one unimodal cathode (SEM, percent).</summary>
/// <param name="Blend">Bimodal cathode.</param>
/// <param name="Unimodal">Unimodal cathode.</param>
/// <param name="BlendPorosityPercent">SEM porosity of the blend (%).</param>
/// <param name="UnimodalPorosityPercent">SEM porosity of the unimodal cathode (%).</param>
/// <param name="ReductionPercent">100 (1 - blend / unimodal) (%).</param>
public sealed record PorosityReductionRow(string Blend, string Unimodal, double BlendPorosityPercent, double UnimodalPorosityPercent, double ReductionPercent);
