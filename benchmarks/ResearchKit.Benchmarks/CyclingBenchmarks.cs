using System.Diagnostics;
using ResearchKit.Cycling;
using ResearchKit.Cycling.Analysis;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Synthetic cycling records for the benchmarks: CC half cycles of 1000 records with rests, cathode-like voltages.</summary>
internal static class CyclingBenchData
{
    /// <summary>
    /// Reads a file once untimed (page cache and JIT), then times the read and the read plus the unified-schema build (seconds).
    /// </summary>
    public static (CyclingData Data, double ReadSeconds, double ReadAndUnifySeconds) TimeReadAndUnify(Func<RawCyclerTable> read, int expectedRecords)
    {
        read();
        GC.Collect();
        var sw = Stopwatch.StartNew();
        var raw = read();
        double tRaw = sw.Elapsed.TotalSeconds;
        var data = CyclingDataBuilder.Build(raw, CellMode.Cathode);
        double tAll = sw.Elapsed.TotalSeconds;
        if (data.Count != expectedRecords) throw new InvalidOperationException($"record count mismatch: {data.Count} read, {expectedRecords} written");
        return (data, tRaw, tAll);
    }

    public static List<InstrumentColumn> Columns(int n, int recordsPerHalf = 1000)
    {
        var mode = new byte[n]; var ox = new byte[n]; var ns = new ushort[n];
        var t = new double[n]; var dq = new double[n]; var qqo = new double[n];
        var ctl = new float[n]; var ewe = new float[n]; var cur = new float[n];
        var irange = new ushort[n]; var q = new double[n]; var half = new uint[n];
        double acc = 0, qh = 0;
        for (int i = 0; i < n; i++)
        {
            int h = i / recordsPerHalf, k = i % recordsPerHalf;
            bool rest = k >= recordsPerHalf - 10;
            int sign = h % 2 == 0 ? 1 : -1;
            double I = rest ? 0 : sign * 0.5;
            t[i] = i * 10.0;
            dq[i] = I * 10.0 / 3600.0;
            if (k == 0) qh = 0;
            qh += dq[i]; acc += dq[i];
            q[i] = qh; qqo[i] = acc; half[i] = (uint)h;
            double x = sign > 0 ? k / (double)recordsPerHalf : 1 - k / (double)recordsPerHalf;
            ewe[i] = (float)(3.6 + 0.5 * x + 0.01 * sign);
            cur[i] = (float)I; ctl[i] = (float)I;
            mode[i] = (byte)(rest ? 3 : 1); ox[i] = (byte)(sign > 0 ? 1 : 0); ns[i] = (ushort)(rest ? 2 : 1); irange[i] = 13;
        }
        return
        [
            new("mode", mode), new("ox/red", ox), new("Ns", ns), new("time/s", t), new("dq/mA.h", dq), new("(Q-Qo)/mA.h", qqo),
            new("control/V/mA", ctl), new("Ewe/V", ewe), new("I/mA", cur), new("I Range", irange),
            new("Q charge/discharge/mA.h", q), new("half cycle", half),
        ];
    }
}

/// <summary>10-million-record EC-Lab .mpr parsed into the unified schema (issue 5 target &lt; 2 s).</summary>
public sealed class CyclingMprBenchmark : IBenchmark
{
    public string Name => "cycling-mpr-10m";
    public string Description => "parse a 10,000,000-record EC-Lab .mpr (v2 headers, 12 columns, 55 B/record) into the unified schema (target < 2 s)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        int n = quick ? 200_000 : 10_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"rk-bench-{Environment.ProcessId}.mpr");
        try
        {
            progress($"writing {n:N0} records to {path}");
            var cols = CyclingBenchData.Columns(n);
            EcLabMprWriter.Write(path, cols);
            cols.Clear();
            GC.Collect();
            long bytes = new FileInfo(path).Length;
            var (data, tRaw, tAll) = CyclingBenchData.TimeReadAndUnify(() => EcLabMpr.ReadRaw(path), n);
            return new Dictionary<string, object>
            {
                ["records"] = n,
                ["file_mb"] = Math.Round(bytes / 1048576.0, 1),
                ["decode_s"] = Math.Round(tRaw, 3),
                ["decode_and_unify_s"] = Math.Round(tAll, 3),
                ["half_cycles"] = data.HalfCycle[^1] + 1,
            };
        }
        finally { if (File.Exists(path)) File.Delete(path); }
    }
}

/// <summary>1-million-record EC-Lab .mpt text export parsed into the unified schema (target &lt; 2 s).</summary>
public sealed class CyclingMptBenchmark : IBenchmark
{
    public string Name => "cycling-mpt-1m";
    public string Description => "parse a 1,000,000-record EC-Lab .mpt text export (12 columns) into the unified schema (target < 2 s)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        int n = quick ? 100_000 : 1_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"rk-bench-{Environment.ProcessId}.mpt");
        try
        {
            progress($"writing {n:N0} records to {path}");
            WriteEcLabStyle(path, CyclingBenchData.Columns(n));
            long bytes = new FileInfo(path).Length;
            var (data, tRaw, tAll) = CyclingBenchData.TimeReadAndUnify(() => EcLabMptReader.ReadRaw(path), n);
            return new Dictionary<string, object>
            {
                ["records"] = n,
                ["file_mb"] = Math.Round(bytes / 1048576.0, 1),
                ["parse_s"] = Math.Round(tRaw, 3),
                ["parse_and_unify_s"] = Math.Round(tAll, 3),
            };
        }
        finally { if (File.Exists(path)) File.Delete(path); }
    }

    /// <summary>Numbers as EC-Lab exports them: 16 significant digits for float64 columns, 8 for float32, integers plain.</summary>
    static void WriteEcLabStyle(string path, List<InstrumentColumn> cols)
    {
        using var w = new StreamWriter(path, false, System.Text.Encoding.Latin1, 1 << 20);
        w.Write("EC-Lab ASCII FILE\nNb header lines : 3\n");
        w.Write(string.Join("\t", cols.Select(c => c.Name)) + "\t\n");
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        Span<char> buf = stackalloc char[48];
        for (int i = 0; i < cols[0].Length; i++)
        {
            foreach (var c in cols)
            {
                int len;
                switch (c.Values)
                {
                    case double[] d: d[i].TryFormat(buf, out len, "E15", ci); break;
                    case float[] f: f[i].TryFormat(buf, out len, "E7", ci); break;
                    default: ((long)c[i]).TryFormat(buf, out len, default, ci); break;
                }
                w.Write(buf[..len]);
                w.Write('\t');
            }
            w.Write('\n');
        }
    }
}

/// <summary>Per-cycle summary of 1,000 cycles (target &lt; 0.5 s).</summary>
public sealed class CyclingSummaryBenchmark : IBenchmark
{
    public string Name => "cycling-summary-1000";
    public string Description => "per-cycle summary (capacities, energies, CE, retention, Deedle frame) of 1,000 cycles x 2,000 records (target < 0.5 s)";

    public IReadOnlyDictionary<string, object> Run(bool quick, Action<string> progress)
    {
        int cycles = quick ? 100 : 1000;
        var cols = CyclingBenchData.Columns(cycles * 2000);
        var raw = new RawCyclerTable("bench", "memory", cols)
        {
            TimeS = cols.First(c => c.Name == "time/s").ToDoubles(),
            VoltageV = cols.First(c => c.Name == "Ewe/V").ToDoubles(),
            CurrentMA = cols.First(c => c.Name == "I/mA").ToDoubles(),
            ChargeIncrementMAh = cols.First(c => c.Name == "dq/mA.h").ToDoubles(),
        };
        var data = CyclingDataBuilder.Build(raw, CellMode.Cathode);
        CycleSummary.Compute(data).ToFrame(); // JIT warm-up
        data = CyclingDataBuilder.Build(raw, CellMode.Cathode); // fresh: the timed run includes the per-record cumulative capacities
        var sw = Stopwatch.StartNew();
        var s = CycleSummary.Compute(data);
        var frame = s.ToFrame();
        double t = sw.Elapsed.TotalSeconds;
        return new Dictionary<string, object>
        {
            ["cycles"] = s.Cycles.Count,
            ["records"] = data.Count,
            ["frame_rows"] = frame.RowCount,
            ["summary_s"] = Math.Round(t, 4),
        };
    }
}
