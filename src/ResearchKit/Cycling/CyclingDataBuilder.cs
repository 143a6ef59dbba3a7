namespace ResearchKit.Cycling;

/// <summary>Tolerances of the instrument-independent segmentation (see <see cref="CyclingDataBuilder"/>).</summary>
public sealed record SegmentationOptions
{
    /// <summary>|I| at or below this fraction of the largest |I| in the file counts as zero current (rest). Default 1e-4.</summary>
    public double ZeroCurrentFraction { get; init; } = 1e-4;
    /// <summary>Relative change of |I| that ends a constant-current stretch. Default 0.02 (2 %).</summary>
    public double CurrentRelativeTolerance { get; init; } = 0.02;
    /// <summary>Largest voltage change between consecutive records of a constant-voltage hold, V. Default 0.002.</summary>
    public double ConstantVoltageToleranceV { get; init; } = 0.002;

    public static SegmentationOptions Default { get; } = new();
}

/// <summary>
/// Turns what a reader found (<see cref="RawCyclerTable"/>) into the one schema (<see cref="CyclingData"/>), with a
/// segmentation that uses only time, voltage and current (or charge increments), never the instrument's counters:
/// <list type="number">
/// <item>charge increments dq (mAh): the instrument's per-record increments when it stores them (EC-Lab dq/mA.h is
/// integrated at the instrument's internal rate, better than any re-integration), else the trapezoidal rule on I(t);</item>
/// <item>current: as stored, else dq·3600/Δt (this is how EC-Lab computes its &lt;I&gt;/mA export column);</item>
/// <item>half cycles: a new one starts at the first record whose current has the opposite sign of the running half cycle
/// (|I| above <see cref="SegmentationOptions.ZeroCurrentFraction"/> of the maximum); rests stay in the half cycle they follow;</item>
/// <item>cycles: each half cycle in the charge direction of the <see cref="CellMode"/> starts a new cycle;</item>
/// <item>step types: zero current → OCV (before any current) or rest; otherwise constant current (charge/discharge)
/// until |I| decays by more than the tolerance at constant voltage → CV.</item>
/// </list>
/// O(n), single pass per quantity.
/// </summary>
public static class CyclingDataBuilder
{
    public static CyclingData Build(RawCyclerTable raw, CellMode mode = CellMode.Auto, SegmentationOptions? options = null)
    {
        options ??= SegmentationOptions.Default;
        var t = raw.TimeS;
        var v = raw.VoltageV;
        int n = t.Length;
        if (v.Length != n) throw new ArgumentException("time and voltage columns differ in length");
        if (raw.CurrentMA is { } ci && ci.Length != n) throw new ArgumentException("current column length differs");
        if (raw.ChargeIncrementMAh is { } qi && qi.Length != n) throw new ArgumentException("charge increment column length differs");

        // 1. Charge increments and current.
        double[] dq;
        double[] current;
        if (raw.ChargeIncrementMAh is { } inc)
        {
            dq = inc;
            if (raw.CurrentMA is { } cur) current = cur;
            else
            {
                current = new double[n];
                for (int i = 1; i < n; i++)
                {
                    double dt = t[i] - t[i - 1];
                    current[i] = dt > 0 ? dq[i] * 3600.0 / dt : 0.0;
                }
            }
        }
        else if (raw.CurrentMA is { } cur)
        {
            current = cur;
            dq = new double[n];
            for (int i = 1; i < n; i++) dq[i] = 0.5 * (cur[i - 1] + cur[i]) * (t[i] - t[i - 1]) / 3600.0;
        }
        else throw new InvalidInputException("the file has neither a current column nor charge increments", raw.SourceName);

        double maxAbsI = 0;
        for (int i = 0; i < n; i++) { double a = Math.Abs(current[i]); if (a > maxAbsI && double.IsFinite(a)) maxAbsI = a; }
        double zeroTol = Math.Max(maxAbsI * options.ZeroCurrentFraction, 1e-12);

        // 2. Half cycles from the sign of the current.
        var half = new int[n];
        var halfDirs = new List<int>();
        int h = 0, dirH = 0;
        for (int i = 0; i < n; i++)
        {
            int d = Direction(current[i], zeroTol);
            if (d != 0)
            {
                if (dirH == 0) dirH = d;
                else if (d != dirH) { halfDirs.Add(dirH); h++; dirH = d; }
            }
            half[i] = h;
        }
        halfDirs.Add(dirH);

        int chargeSign = mode switch
        {
            CellMode.Cathode or CellMode.FullCell => 1,
            CellMode.Anode => -1,
            _ => halfDirs.FirstOrDefault(d => d != 0) is var first && first != 0 ? first : 1,
        };

        // 3. Cycles: each charge-direction half cycle opens a cycle.
        var cycleOfHalf = new int[halfDirs.Count];
        int cyc = 0;
        for (int k = 0; k < halfDirs.Count; k++)
        {
            if (halfDirs[k] == chargeSign) cyc++;
            cycleOfHalf[k] = cyc;
        }

        // 4. Half-cycle capacity and cycle numbers (per-cycle charge/discharge capacities and energies are computed
        //    lazily by CyclingData from the same increments: they cost memory that parsing alone does not need).
        var cap = new double[n];
        var cycle = new int[n];
        var type = new CyclingStepType[n];
        var step = new int[n];
        // The two passes are independent (both only read half[]): run them on two cores.
        Parallel.Invoke(
            () =>
            {
                for (int i = 0; i < n; i++)
                {
                    cycle[i] = cycleOfHalf[half[i]];
                    cap[i] = (i == 0 || half[i] != half[i - 1] ? 0.0 : cap[i - 1]) + dq[i];
                }
            },
            () => ClassifySteps(current, v, half, zeroTol, chargeSign, options, type, step));


        return new CyclingData
        {
            Format = raw.Format,
            SourceName = raw.SourceName,
            Mode = mode,
            ChargeSign = chargeSign,
            TimeS = t,
            VoltageV = v,
            CurrentMA = current,
            CapacityMAh = cap,
            ChargeIncrementMAh = dq,
            Cycle = cycle,
            Step = step,
            HalfCycle = half,
            StepType = type,
            InstrumentColumns = raw.Columns,
            Metadata = raw.Metadata,
        };
    }

    /// <summary>Step types (OCV, rest, CC charge/discharge, CV) and step numbers; see the class remarks.</summary>
    static void ClassifySteps(double[] current, double[] v, int[] half, double zeroTol, int chargeSign, SegmentationOptions options, CyclingStepType[] type, int[] step)
    {
        int n = current.Length;
        bool anyCurrent = false;
        double iRef = 0;
        int s = 0;
        double rel = options.CurrentRelativeTolerance, vTol = options.ConstantVoltageToleranceV;
        for (int i = 0; i < n; i++)
        {
            double a = Math.Abs(current[i]);
            int d = Direction(current[i], zeroTol);
            CyclingStepType ty;
            if (d == 0) ty = anyCurrent ? CyclingStepType.Rest : CyclingStepType.Ocv;
            else
            {
                anyCurrent = true;
                var prev = i > 0 ? type[i - 1] : CyclingStepType.Ocv;
                bool continuing = i > 0 && half[i] == half[i - 1] && prev is (CyclingStepType.Charge or CyclingStepType.Discharge or CyclingStepType.ConstantVoltage)
                                  && Direction(current[i - 1], zeroTol) == d;
                var cc = d == chargeSign ? CyclingStepType.Charge : CyclingStepType.Discharge;
                if (!continuing) { ty = cc; iRef = a; }
                else if (prev == CyclingStepType.ConstantVoltage)
                {
                    // A hold ends when the voltage moves or the current rises again (a new current step).
                    ty = Math.Abs(v[i] - v[i - 1]) <= vTol && a <= iRef * (1 + rel) ? CyclingStepType.ConstantVoltage : cc;
                    if (ty == cc) iRef = a;
                    else iRef = Math.Min(iRef, a);
                }
                else if (a < iRef * (1 - rel) && Math.Abs(v[i] - v[i - 1]) <= vTol) { ty = CyclingStepType.ConstantVoltage; iRef = a; }
                else
                {
                    ty = cc;
                    if (Math.Abs(a - iRef) > rel * iRef) iRef = a; // a new current level (rate step) or the first full record
                }
            }
            type[i] = ty;
            if (i > 0 && (ty != type[i - 1] || half[i] != half[i - 1])) s++;
            step[i] = s;
        }
    }

    static int Direction(double current, double zeroTol) => current > zeroTol ? 1 : current < -zeroTol ? -1 : 0;
}
