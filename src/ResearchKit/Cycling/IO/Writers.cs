using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace ResearchKit.Cycling.IO;

/// <summary>Where a generated file comes from: generator, its parameters, seed and the kit version. Written next to the file.</summary>
public sealed record CyclingProvenance(string Generator, IReadOnlyDictionary<string, string> Parameters, ulong? Seed)
{
    public string KitVersion { get; init; } = typeof(CyclingProvenance).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
    /// <summary>Short statement that the data are not a measurement.</summary>
    public string Note { get; init; } = "synthetic data, not a measurement";

    /// <summary>The sidecar path for a data file: "FILE.provenance.json".</summary>
    public static string SidecarPath(string dataPath) => dataPath + ".provenance.json";

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["generator"] = Generator,
        ["parameters"] = Parameters,
        ["seed"] = Seed,
        ["kit_version"] = KitVersion,
        ["note"] = Note,
    }, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public IEnumerable<string> HeaderLines()
    {
        yield return $"Generator : {Generator}";
        yield return $"ResearchKit version : {KitVersion}";
        yield return $"Seed : {(Seed is null ? "none" : Seed.Value.ToString(CultureInfo.InvariantCulture))}";
        foreach (var (k, v) in Parameters) yield return $"Parameter {k} : {v}";
        yield return $"Note : {Note}";
    }
}

/// <summary>Atomic file writes: write a temporary file in the target folder, then rename over the target.</summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}

/// <summary>
/// Writes EC-Lab-style text (.mpt) that <see cref="EcLabMptReader"/> and other tools (galvani-like readers, EC-Lab
/// itself for display) read: the two magic lines, provenance as "key : value" header lines, tab-separated columns with
/// EC-Lab names, numbers in round-trip ("R") format so that a read-back is exact.
/// </summary>
public static class EcLabMptWriter
{
    /// <summary>Writes named columns (EC-Lab names such as "time/s", "Ewe/V", "I/mA", "dq/mA.h") atomically.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, double[] Values)> columns, CyclingProvenance? provenance = null)
    {
        AtomicFile.Write(path, s => Write(s, columns, provenance));
        if (provenance is not null) File.WriteAllText(CyclingProvenance.SidecarPath(path), provenance.ToJson());
    }

    public static void Write(Stream stream, IReadOnlyList<(string Name, double[] Values)> columns, CyclingProvenance? provenance = null)
    {
        if (columns.Count == 0) throw new ArgumentException("no columns", nameof(columns));
        int n = columns[0].Values.Length;
        foreach (var c in columns)
            if (c.Values.Length != n) throw new ArgumentException($"column '{c.Name}' has {c.Values.Length} values, expected {n}", nameof(columns));
        var header = new List<string> { EcLabMptReader.Magic, "" };
        header.Add("");
        header.Add("Written by ResearchKit (EC-Lab text layout)");
        if (provenance is not null) header.AddRange(provenance.HeaderLines());
        header.Add("");
        header.Add(string.Join("\t", columns.Select(c => c.Name)) + "\t");
        header[1] = $"Nb header lines : {header.Count}";
        using var w = new StreamWriter(stream, Encoding.Latin1, 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        foreach (var l in header) w.WriteLine(l);
        Span<char> buf = stackalloc char[64];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < columns.Count; c++)
            {
                columns[c].Values[i].TryFormat(buf, out int len, "R", CultureInfo.InvariantCulture);
                w.Write(buf[..len]);
                w.Write('\t');
            }
            w.WriteLine();
        }
    }

    /// <summary>The standard EC-Lab columns of a unified table (mode from the step type, ox/red from the current sign).</summary>
    public static IReadOnlyList<(string Name, double[] Values)> StandardColumns(CyclingData d)
    {
        int n = d.Count;
        var mode = new double[n];
        var oxred = new double[n];
        var qqo = new double[n];
        var dq = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++)
        {
            mode[i] = d.StepType[i] switch { CyclingStepType.ConstantVoltage => 2, CyclingStepType.Rest or CyclingStepType.Ocv => 3, _ => 1 };
            oxred[i] = d.CurrentMA[i] > 0 ? 1 : 0;
            dq[i] = i == 0 || d.HalfCycle[i] != d.HalfCycle[i - 1] ? d.CapacityMAh[i] : d.CapacityMAh[i] - d.CapacityMAh[i - 1];
            acc += dq[i];
            qqo[i] = acc;
        }
        return
        [
            ("mode", mode), ("ox/red", oxred), ("time/s", d.TimeS), ("Ewe/V", d.VoltageV), ("I/mA", d.CurrentMA),
            ("dq/mA.h", dq), ("(Q-Qo)/mA.h", qqo), ("Q charge/discharge/mA.h", d.CapacityMAh),
            ("half cycle", d.HalfCycle.Select(x => (double)x).ToArray()), ("cycle number", d.Cycle.Select(x => (double)x).ToArray()),
        ];
    }
}

/// <summary>
/// Writes EC-Lab binary .mpr files with v2 module headers (data version 11, records from byte 0x3EF of the data
/// module) in the layout <see cref="EcLabMpr"/> reads. Used by the forward models and by the 10-million-record
/// benchmark; the records are streamed in blocks, so the file size is not limited by memory.
/// </summary>
public static class EcLabMprWriter
{
    /// <summary>Preferred ids for names that have two ids (old and new EC-Lab numbering).</summary>
    static readonly Dictionary<string, int> Preferred = new()
    {
        ["Q charge/discharge/mA.h"] = 467,
        ["half cycle"] = 468,
        ["z cycle"] = 469,
        ["<I>/mA"] = 11,
        ["<Ewe>/V"] = 77,
    };

    /// <summary>Writes columns given by EC-Lab name; flag columns ("mode", "ox/red", ...) hold the flag value (mode 1-3, others 0/1).</summary>
    public static void Write(string path, IReadOnlyList<InstrumentColumn> columns, string comment = "")
    {
        AtomicFile.Write(path, s => Write(s, columns, comment));
    }

    public static void Write(Stream stream, IReadOnlyList<InstrumentColumn> columns, string comment = "")
    {
        int n = columns.Count == 0 ? 0 : columns[0].Length;
        var specs = new List<MprColumnSpec>();
        foreach (var c in columns)
        {
            if (c.Length != n) throw new ArgumentException($"column '{c.Name}' has {c.Length} values, expected {n}", nameof(columns));
            int id = Preferred.TryGetValue(c.Name, out var p) ? p : EcLabColumns.IdOf(c.Name);
            specs.Add(EcLabColumns.Find(id)!);
        }
        // Flags first (one shared byte), then the other columns in the given order.
        var order = Enumerable.Range(0, columns.Count).OrderBy(i => specs[i].Type == MprValueType.Flags ? 0 : 1).ToList();
        int recordSize = (specs.Any(s => s.Type == MprValueType.Flags) ? 1 : 0) + specs.Where(s => s.Type != MprValueType.Flags).Sum(s => s.Size);

        var bw = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        bw.Write(EcLabMpr.Magic);
        var settings = Encoding.Latin1.GetBytes(comment);
        WriteModuleHeader(bw, "VMP Set", "VMP settings", 10, settings.Length);
        bw.Write(settings);
        long dataLength = 0x3EF + (long)n * recordSize;
        WriteModuleHeader(bw, "VMP data", "VMP data", 11, checked((uint)dataLength));
        var head = new byte[0x3EF];
        BitConverter.TryWriteBytes(head.AsSpan(0), (uint)n);
        BitConverter.TryWriteBytes(head.AsSpan(4), checked((ushort)columns.Count));
        for (int k = 0; k < order.Count; k++) BitConverter.TryWriteBytes(head.AsSpan(6 + 2 * k), (ushort)specs[order[k]].Id);
        bw.Write(head);
        bw.Flush();

        const int block = 1 << 16;
        var buf = new byte[block * recordSize];
        for (int r0 = 0; r0 < n; r0 += block)
        {
            int take = Math.Min(block, n - r0);
            Array.Clear(buf, 0, take * recordSize);
            int off = 0;
            bool flagsPlaced = false;
            int flagOff = 0;
            foreach (int ci in order)
            {
                var spec = specs[ci];
                var col = columns[ci];
                if (spec.Type == MprValueType.Flags)
                {
                    if (!flagsPlaced) { flagOff = off; off += 1; flagsPlaced = true; }
                    byte mask = EcLabColumns.Flags[spec.Id].Mask;
                    int shift = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    for (int r = 0; r < take; r++) buf[r * recordSize + flagOff] |= (byte)(((int)col[r0 + r] << shift) & mask);
                    continue;
                }
                for (int r = 0; r < take; r++)
                {
                    var span = buf.AsSpan(r * recordSize + off);
                    double x = col[r0 + r];
                    switch (spec.Type)
                    {
                        case MprValueType.Float32: BitConverter.TryWriteBytes(span, (float)x); break;
                        case MprValueType.Float64: BitConverter.TryWriteBytes(span, x); break;
                        case MprValueType.UInt16: BitConverter.TryWriteBytes(span, (ushort)x); break;
                        case MprValueType.UInt32: BitConverter.TryWriteBytes(span, (uint)x); break;
                        default: BitConverter.TryWriteBytes(span, (int)x); break;
                    }
                }
                off += spec.Size;
            }
            stream.Write(buf, 0, take * recordSize);
        }
    }

    static void WriteModuleHeader(BinaryWriter bw, string shortName, string longName, uint version, long length)
    {
        bw.Write(Encoding.ASCII.GetBytes("MODULE"));
        bw.Write(Encoding.ASCII.GetBytes(shortName.PadRight(10)));
        bw.Write(Encoding.ASCII.GetBytes(longName.PadRight(25)));
        bw.Write(0xFFFFFFFFu);
        bw.Write(checked((uint)length));
        bw.Write(0u);
        bw.Write(version);
        bw.Write(Encoding.ASCII.GetBytes("01/01/26"));
    }
}

/// <summary>
/// CSV of the unified table (columns time_s, voltage_v, current_ma, capacity_mah, cycle, step, half_cycle, and with
/// <c>extended</c> also charge/discharge capacity and energy and the step type), written atomically, with an optional
/// provenance sidecar. <see cref="GenericCsvReader"/> reads it back with the default mapping.
/// </summary>
public static class CyclingCsvWriter
{
    public static readonly string[] ExportColumns = ["time_s", "voltage_v", "current_ma", "capacity_mah", "cycle", "step", "half_cycle"];

    public static void Write(string path, CyclingData d, bool extended = false, CyclingProvenance? provenance = null)
    {
        AtomicFile.Write(path, s => Write(s, d, extended));
        if (provenance is not null) File.WriteAllText(CyclingProvenance.SidecarPath(path), provenance.ToJson());
    }

    public static void Write(Stream stream, CyclingData d, bool extended = false)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" };
        var cols = ExportColumns.ToList();
        if (extended) cols.AddRange(["charge_capacity_mah", "discharge_capacity_mah", "charge_energy_wh", "discharge_energy_wh", "step_type"]);
        w.WriteLine(string.Join(",", cols));
        Span<char> buf = stackalloc char[64];
        void Num(StreamWriter w, double x, Span<char> b)
        {
            x.TryFormat(b, out int len, "R", CultureInfo.InvariantCulture);
            w.Write(b[..len]);
        }
        for (int i = 0; i < d.Count; i++)
        {
            Num(w, d.TimeS[i], buf); w.Write(',');
            Num(w, d.VoltageV[i], buf); w.Write(',');
            Num(w, d.CurrentMA[i], buf); w.Write(',');
            Num(w, d.CapacityMAh[i], buf); w.Write(',');
            w.Write(d.Cycle[i]); w.Write(',');
            w.Write(d.Step[i]); w.Write(',');
            w.Write(d.HalfCycle[i]);
            if (extended)
            {
                w.Write(','); Num(w, d.ChargeCapacityMAh[i], buf);
                w.Write(','); Num(w, d.DischargeCapacityMAh[i], buf);
                w.Write(','); Num(w, d.ChargeEnergyWh[i], buf);
                w.Write(','); Num(w, d.DischargeEnergyWh[i], buf);
                w.Write(','); w.Write(StepTypeName(d.StepType[i]));
            }
            w.WriteLine();
        }
    }

    public static string StepTypeName(CyclingStepType t) => t switch
    {
        CyclingStepType.Ocv => "ocv",
        CyclingStepType.Rest => "rest",
        CyclingStepType.Charge => "charge",
        CyclingStepType.Discharge => "discharge",
        _ => "cv",
    };
}
