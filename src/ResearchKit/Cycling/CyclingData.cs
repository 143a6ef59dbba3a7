namespace ResearchKit.Cycling;

/// <summary>What a record is doing, decided from current and voltage (not from the instrument's own step counters).</summary>
public enum CyclingStepType : byte
{
    /// <summary>Open circuit before the first current flows.</summary>
    Ocv = 0,
    /// <summary>Zero current after current has flowed (a rest between steps).</summary>
    Rest = 1,
    /// <summary>Constant (or otherwise controlled) current in the charge direction of the cell mode.</summary>
    Charge = 2,
    /// <summary>Constant current in the discharge direction.</summary>
    Discharge = 3,
    /// <summary>Constant voltage hold (current decaying at fixed voltage), either direction.</summary>
    ConstantVoltage = 4,
}

/// <summary>
/// Which current direction charges the cell. Cycler files store the current of the working electrode with oxidation
/// positive (EC-Lab, Arbin, Maccor all do): for a cathode half cell or a full cell positive current is charge
/// (delithiation of the cathode); for an anode half cell (graphite, Si, LTO vs Li) negative current (lithiation) is charge.
/// </summary>
public enum CellMode
{
    /// <summary>The direction of the first current decides: the protocol starts with a charge.</summary>
    Auto = 0,
    /// <summary>Cathode half cell: oxidation (I &gt; 0) is charge.</summary>
    Cathode = 1,
    /// <summary>Anode half cell: reduction (I &lt; 0) is charge.</summary>
    Anode = 2,
    /// <summary>Full cell: I &gt; 0 is charge, as for a cathode.</summary>
    FullCell = 3,
}

/// <summary>
/// One column as the instrument stored it, in its native type (float[], double[], int[], uint[], ushort[], byte[]),
/// under the instrument's own name (e.g. "Ewe/V", "Amp-hr"). Kept so that nothing a reader understood is lost.
/// </summary>
public sealed class InstrumentColumn
{
    public string Name { get; }
    /// <summary>The values as read (one element per record).</summary>
    public Array Values { get; }

    public InstrumentColumn(string name, Array values)
    {
        Name = name;
        Values = values;
        if (values is not (float[] or double[] or int[] or uint[] or ushort[] or byte[] or long[]))
            throw new ArgumentException($"unsupported column element type {values.GetType().Name}", nameof(values));
    }

    public int Length => Values.Length;

    /// <summary>Value of record i as a double.</summary>
    public double this[int i] => Values switch
    {
        double[] d => d[i],
        float[] f => f[i],
        int[] n => n[i],
        uint[] u => u[i],
        ushort[] s => s[i],
        byte[] b => b[i],
        long[] l => l[i],
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A copy of the column as doubles (the same array when it already is double[]).</summary>
    public double[] ToDoubles()
    {
        if (Values is double[] d) return d;
        var r = new double[Length];
        switch (Values)
        {
            case float[] f: for (int i = 0; i < r.Length; i++) r[i] = f[i]; break;
            case int[] n: for (int i = 0; i < r.Length; i++) r[i] = n[i]; break;
            case uint[] u: for (int i = 0; i < r.Length; i++) r[i] = u[i]; break;
            case ushort[] s: for (int i = 0; i < r.Length; i++) r[i] = s[i]; break;
            case byte[] b: for (int i = 0; i < r.Length; i++) r[i] = b[i]; break;
            case long[] l: for (int i = 0; i < r.Length; i++) r[i] = l[i]; break;
        }
        return r;
    }

    public override string ToString() => $"{Name} ({Values.GetType().GetElementType()?.Name}[{Length}])";
}

/// <summary>
/// What a reader found in a file before any interpretation: the instrument's columns, and which of them carry the
/// quantities the unified schema needs. <see cref="CyclingDataBuilder"/> turns it into <see cref="CyclingData"/>.
/// </summary>
public sealed record RawCyclerTable(string Format, string SourceName, IReadOnlyList<InstrumentColumn> Columns)
{
    /// <summary>Time since the start of the test, s (required).</summary>
    public required double[] TimeS { get; init; }
    /// <summary>Working-electrode (or cell) voltage, V (required).</summary>
    public required double[] VoltageV { get; init; }
    /// <summary>Current, mA, oxidation positive; null when the file has none (then it is derived from the charge increments).</summary>
    public double[]? CurrentMA { get; init; }
    /// <summary>Charge passed since the previous record, mAh, signed (e.g. EC-Lab dq/mA.h); null to integrate the current.</summary>
    public double[]? ChargeIncrementMAh { get; init; }
    /// <summary>Key/value metadata from the file header (instrument, version, dates, mass...).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>
/// The one schema every reader produces. Columns are arrays of equal length, one element per record, in file order.
/// Capacity conventions (all in mAh, all non-negative except <see cref="CapacityMAh"/>):
/// <list type="bullet">
/// <item><see cref="CapacityMAh"/>: signed charge passed since the start of the record's half cycle (as EC-Lab's "Q charge/discharge").</item>
/// <item><see cref="ChargeCapacityMAh"/>, <see cref="DischargeCapacityMAh"/>: charge passed in the charge (discharge) direction since
/// the start of the record's cycle (as Arbin's Charge_Capacity / Discharge_Capacity).</item>
/// <item><see cref="ChargeEnergyWh"/>, <see cref="DischargeEnergyWh"/>: the same for energy, ∫|V dq|.</item>
/// </list>
/// Cycle numbering: cycle 1 starts with the first half cycle in the charge direction of <see cref="Mode"/>; records before it are cycle 0.
/// Half cycles are numbered 0, 1, 2... and change when the sign of the current changes (rests stay in the half cycle they follow).
/// Steps are numbered 0, 1, 2... and change when the <see cref="StepType"/> changes.
/// </summary>
public sealed class CyclingData
{
    public required string Format { get; init; }
    public required string SourceName { get; init; }
    public required CellMode Mode { get; init; }
    public required double[] TimeS { get; init; }
    public required double[] VoltageV { get; init; }
    public required double[] CurrentMA { get; init; }
    public required double[] CapacityMAh { get; init; }
    /// <summary>Signed charge passed since the previous record, mAh (the increments all capacities are sums of).</summary>
    public required double[] ChargeIncrementMAh { get; init; }
    /// <summary>Charge passed in the charge direction since the start of the cycle, mAh (computed on first use).</summary>
    public double[] ChargeCapacityMAh => Cumulative.Qc;
    /// <summary>Charge passed in the discharge direction since the start of the cycle, mAh (computed on first use).</summary>
    public double[] DischargeCapacityMAh => Cumulative.Qd;
    /// <summary>Energy ∫|V dq| in the charge direction since the start of the cycle, Wh, with V the mean of consecutive records.</summary>
    public double[] ChargeEnergyWh => Cumulative.Ec;
    /// <summary>Energy in the discharge direction since the start of the cycle, Wh.</summary>
    public double[] DischargeEnergyWh => Cumulative.Ed;
    public required int[] Cycle { get; init; }
    public required int[] Step { get; init; }
    public required int[] HalfCycle { get; init; }
    public required CyclingStepType[] StepType { get; init; }
    /// <summary>+1 when positive current charges the cell (cathode, full cell), -1 when negative current does (anode half cell).</summary>
    public required int ChargeSign { get; init; }
    /// <summary>The instrument's own columns, under its own names.</summary>
    public required IReadOnlyList<InstrumentColumn> InstrumentColumns { get; init; }
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public int Count => TimeS.Length;

    (double[] Qc, double[] Qd, double[] Ec, double[] Ed)? _cumulative;
    readonly object _lock = new();

    (double[] Qc, double[] Qd, double[] Ec, double[] Ed) Cumulative
    {
        get
        {
            lock (_lock)
            {
                return _cumulative ??= ComputeCumulative();
            }
        }
    }

    (double[], double[], double[], double[]) ComputeCumulative()
    {
        int n = Count;
        var qc = new double[n]; var qd = new double[n]; var ec = new double[n]; var ed = new double[n];
        var v = VoltageV; var dq = ChargeIncrementMAh; var cyc = Cycle;
        for (int i = 0; i < n; i++)
        {
            bool newCycle = i == 0 || cyc[i] != cyc[i - 1];
            double q = dq[i] * ChargeSign;
            double vm = i == 0 ? v[0] : 0.5 * (v[i] + v[i - 1]);
            double e = Math.Abs(vm * q) / 1000.0; // V·mAh → Wh
            qc[i] = (newCycle ? 0.0 : qc[i - 1]) + (q > 0 ? q : 0.0);
            qd[i] = (newCycle ? 0.0 : qd[i - 1]) + (q < 0 ? -q : 0.0);
            ec[i] = (newCycle ? 0.0 : ec[i - 1]) + (q > 0 ? e : 0.0);
            ed[i] = (newCycle ? 0.0 : ed[i - 1]) + (q < 0 ? e : 0.0);
        }
        return (qc, qd, ec, ed);
    }

    /// <summary>The instrument column of that name (ordinal, case-insensitive), or null.</summary>
    public InstrumentColumn? Column(string name) =>
        InstrumentColumns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
}
