using ResearchKit.Impedance;
using ResearchKit.Impedance.Drt;

namespace ResearchKit.Paper;

/// <summary>
/// Fig 3a/3b from the cell model's own impedance: the full-cell spectra before and after cycling that
/// <c>researchkit cell run --protocol eis</c> writes (data/synthetic/cell/CAMa-b-eis-before|after.mpt, model predictions, not
/// measurements), read back through the kit's EC-Lab reader and fitted with the kit's DRT; gamma integrated over the paper's bands
/// D1-D4 gives the band resistances. Nothing here is tuned to Fig 3: the spectra follow from the cell model's parameters
/// (data/materials/cell-model.csv) and the twins.
/// </summary>
public static class FullCellDrtStudy
{
    /// <summary>gamma integrated over each band (ohm): the resistance a DRT assigns to D1..D4.</summary>
    public static double[] BandAreasOhm(DrtResult drt, IReadOnlyList<DrtBand> bands) =>
        bands.Select(b =>
        {
            double sum = 0;
            for (int i = 0; i + 1 < drt.TauS.Length; i++)
            {
                double t0 = Math.Max(drt.TauS[i], b.TauMinS), t1 = Math.Min(drt.TauS[i + 1], b.TauMaxS);
                if (t1 <= t0) continue;
                sum += 0.5 * (drt.GammaAt(t0) + drt.GammaAt(t1)) * Math.Log(t1 / t0);
            }
            return sum;
        }).ToArray();

    /// <summary>
    /// Reads the ten model spectra (five cathodes, before and after cycling) under dataDirectory/synthetic/cell and fits a DRT to
    /// each (kit defaults unless <paramref name="options"/> is given).
    /// </summary>
    public static IReadOnlyList<FullCellDrt> AnalyseModelSpectra(string dataDirectory, DrtOptions? options = null)
    {
        var bands = DrtBands.FromPaper();
        var list = new List<FullCellDrt>();
        foreach (var sample in Samples.All)
            foreach (var state in new[] { "before", "after" })
            {
                var spectrum = CellModelFiles.ReadSpectrum(dataDirectory, sample, state);
                var drt = DrtSolver.Compute(spectrum, options);
                var areas = BandAreasOhm(drt, bands);
                list.Add(new FullCellDrt(sample.Name, state, areas[0], areas[1], areas[2], areas[3], drt.RPolOhm,
                    drt.RmsRelativeResidual, drt));
            }
        return list;
    }

    /// <summary>The paper's statements on D1-D4 (Fig 3a/3b discussion), each checked on the after-cycling DRTs.</summary>
    public static IReadOnlyList<PaperStatementCheck> CheckStatements(IReadOnlyList<FullCellDrt> rows)
    {
        var after = rows.Where(r => r.State == "after").ToList();
        string maxD1 = after.MaxBy(r => r.D1Ohm)!.Sample, maxD2 = after.MaxBy(r => r.D2Ohm)!.Sample;
        var twoSmallestD1 = after.OrderBy(r => r.D1Ohm).Take(2).Select(r => r.Sample).ToHashSet();
        double d3Spread = after.Max(r => r.D3Ohm) / after.Min(r => r.D3Ohm);
        var before = rows.Where(r => r.State == "before").ToList();
        bool d3Rises = after.All(a => a.D3Ohm > before.First(b => b.Sample == a.Sample).D3Ohm);
        return
        [
            new("D1 largest for CAM10:0", maxD1 == "CAM10:0", $"largest D1: {maxD1}"),
            new("D1 smallest for CAM0:10 and CAM7:3", twoSmallestD1.SetEquals(["CAM0:10", "CAM7:3"]), $"two smallest D1: {string.Join(", ", twoSmallestD1)}"),
            new("D2 highest for CAM0:10", maxD2 == "CAM0:10", $"highest D2: {maxD2}"),
            new("D3 similar among cathodes, higher after cycling", d3Spread < 1.1 && d3Rises, $"D3 max/min after {d3Spread:F3}; rises for every cathode: {d3Rises}"),
        ];
    }
}

/// <summary>The DRT of one full-cell spectrum: gamma integrated over the paper's bands D1..D4 (ohm), R_pol, the rms residual.</summary>
public sealed record FullCellDrt(string Sample, string State, double D1Ohm, double D2Ohm, double D3Ohm, double D4Ohm, double RPolOhm,
    double RmsRelativeResidual, DrtResult Drt);

/// <summary>One statement of the paper and whether the model reproduces it.</summary>
public sealed record PaperStatementCheck(string Statement, bool Reproduced, string Detail);
