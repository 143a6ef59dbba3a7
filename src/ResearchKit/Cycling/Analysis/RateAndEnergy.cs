namespace ResearchKit.Cycling.Analysis;

/// <summary>A block of consecutive cycles at one C-rate.</summary>
public sealed record RateBlock(int FirstCycle, int LastCycle, double CurrentMA, double CRate, double MeanDischargeCapacityMAh, double StdDischargeCapacityMAh, int Cycles);

/// <summary>Rate-test result: the blocks in order, and the recovery when the last block returns to the first block's rate.</summary>
public sealed record RateTestResult(IReadOnlyList<RateBlock> Blocks, double? Recovery);

/// <summary>
/// Rate test analysis (Fig 2e): consecutive cycles whose mean discharge current agrees within <c>tolerance</c> (relative)
/// form a block; C-rate = current / nominal capacity; spread = sample standard deviation of the discharge capacity in
/// the block; recovery = mean discharge capacity of the last block / that of the first block when both are at the same
/// rate (the return to low rate), else null.
/// </summary>
public static class RateTest
{
    public static RateTestResult Analyze(CycleSummaryTable summary, double nominalCapacityMAh, double tolerance = 0.1)
    {
        InvalidInputException.Require(nominalCapacityMAh > 0, "nominalCapacityMAh", "expected a positive nominal capacity");
        var rows = summary.Cycles.Where(r => r.DischargeCapacityMAh > 0 && double.IsFinite(r.MeanDischargeCurrentMA)).ToList();
        var blocks = new List<RateBlock>();
        int s = 0;
        for (int k = 1; k <= rows.Count; k++)
        {
            if (k < rows.Count && Math.Abs(rows[k].MeanDischargeCurrentMA - rows[s].MeanDischargeCurrentMA) <= tolerance * rows[s].MeanDischargeCurrentMA) continue;
            var b = rows.GetRange(s, k - s);
            double mean = b.Average(r => r.DischargeCapacityMAh);
            double sd = b.Count > 1 ? Math.Sqrt(b.Sum(r => (r.DischargeCapacityMAh - mean) * (r.DischargeCapacityMAh - mean)) / (b.Count - 1)) : 0;
            double i = b.Average(r => r.MeanDischargeCurrentMA);
            blocks.Add(new RateBlock(b[0].Cycle, b[^1].Cycle, i, i / nominalCapacityMAh, mean, sd, b.Count));
            s = k;
        }
        double? recovery = null;
        if (blocks.Count >= 2 && Math.Abs(blocks[^1].CurrentMA - blocks[0].CurrentMA) <= tolerance * blocks[0].CurrentMA)
            recovery = blocks[^1].MeanDischargeCapacityMAh / blocks[0].MeanDischargeCapacityMAh;
        return new RateTestResult(blocks, recovery);
    }
}

/// <summary>Reference electrodes and energy density of the composite.</summary>
public static class Electrochemistry
{
    /// <summary>Potential of the LTO (Li4Ti5O12/Li7Ti5O12) plateau vs Li+/Li, V: the counter electrode of the paper's ASSB cells.</summary>
    public const double LtoVsLiV = 1.55;
    /// <summary>Potential of Li-In alloy vs Li+/Li, V (common ASSB counter electrode).</summary>
    public const double LiInVsLiV = 0.62;

    /// <summary>Cell voltage vs a counter electrode → working-electrode potential vs Li+/Li: E = V_cell + E_CE (V).</summary>
    public static double[] ToLiReference(double[] cellVoltageV, double counterElectrodeVsLiV = LtoVsLiV) =>
        cellVoltageV.Select(v => v + counterElectrodeVsLiV).ToArray();

    /// <summary>Potential vs Li+/Li → cell voltage vs a counter electrode: V_cell = E − E_CE.</summary>
    public static double[] FromLiReference(double[] potentialVsLiV, double counterElectrodeVsLiV = LtoVsLiV) =>
        potentialVsLiV.Select(v => v - counterElectrodeVsLiV).ToArray();

    /// <summary>
    /// Volumetric energy density of the composite cathode (Fig 2d), Wh/L = mWh/cm³:
    /// q (mAh per g of CAM) × mean discharge voltage vs Li (V) × CAM mass fraction × composite density (g/cm³).
    /// The composite density (packing density of the composite, Table S1) comes from the Materials composition code.
    /// </summary>
    public static double VolumetricEnergyDensityWhPerL(double dischargeCapacityMAhPerGCam, double meanDischargeVoltageV, double camMassFraction, double compositeDensityGPerCm3)
    {
        InvalidInputException.Require(camMassFraction is > 0 and <= 1, "camMassFraction", "expected a CAM mass fraction in (0, 1]");
        InvalidInputException.Require(compositeDensityGPerCm3 > 0, "compositeDensityGPerCm3", "expected a positive density in g/cm3");
        return dischargeCapacityMAhPerGCam * meanDischargeVoltageV * camMassFraction * compositeDensityGPerCm3;
    }
}
