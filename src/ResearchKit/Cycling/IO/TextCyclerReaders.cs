using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ResearchKit.Cycling.IO;

/// <summary>A delimited text table with line numbers (shared by the Maccor, Arbin and generic CSV readers).</summary>
internal sealed class DelimitedText
{
    public required string Source { get; init; }
    public required List<string> Names { get; init; }
    public required List<string[]> Rows { get; init; }
    public required List<int> LineNumbers { get; init; }

    public static DelimitedText Parse(string path, char sep, int headerLine, Encoding enc)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var rows = new List<string[]>();
        var lines = new List<int>();
        List<string>? names = null;
        int ln = 0;
        using var r = new StreamReader(path, enc);
        string? l;
        while ((l = r.ReadLine()) is not null)
        {
            ln++;
            if (ln < headerLine) continue;
            var f = sep == ',' ? CsvTable.SplitLine(l).ToArray() : l.Split(sep);
            if (ln == headerLine)
            {
                names = f.Select(x => x.Trim()).ToList();
                while (names.Count > 0 && names[^1].Length == 0) names.RemoveAt(names.Count - 1);
                continue;
            }
            if (l.Trim().Length == 0) continue;
            if (f.Length < names!.Count)
                throw new InvalidInputException($"expected {names.Count} fields as in the header (line {headerLine}), found {f.Length}", path, ln);
            rows.Add(f);
            lines.Add(ln);
        }
        if (names is null) throw new InvalidInputException($"unexpected header: the file ends before the header line {headerLine}", path, ln);
        return new DelimitedText { Source = path, Names = names, Rows = rows, LineNumbers = lines };
    }

    public int Index(string name, bool required = true)
    {
        int i = Names.FindIndex(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (i < 0 && required)
            throw new InvalidInputException($"missing column '{name}'; the header has [{string.Join(", ", Names)}]", Source, LineNumbers.Count > 0 ? LineNumbers[0] - 1 : 1, name);
        return i;
    }

    public double[] Numbers(int col, double scale = 1.0)
    {
        var r = new double[Rows.Count];
        for (int i = 0; i < r.Length; i++)
        {
            var s = Rows[i][col].Trim();
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
            {
                if (s is "N/A" or "") { r[i] = double.NaN; continue; }
                throw new InvalidInputException($"expected a number, found '{s}'", Source, LineNumbers[i], Names[col]);
            }
            r[i] = x * scale;
        }
        return r;
    }

    public string[] Strings(int col) => Rows.Select(f => f[col].Trim()).ToArray();
}

/// <summary>
/// Maccor text export (.0xx): line 1 free text ("Today's Date ... Date of Test ... Filename ..."), line 2 tab-separated
/// column names (Rec#, Cyc#, Step, Test (Sec), Step (Sec), Amp-hr, Watt-hr, Amps, Volts, State, ES, DPt Time, ...),
/// then records. Amps is signed (negative on discharge); Amp-hr and Watt-hr restart at 0 at every step and are
/// unsigned, the State letter (C charge, D discharge, R rest, O other) giving the direction. Charge increments are taken
/// from Amp-hr differences within a step with the sign of the state (the instrument's own integration).
/// </summary>
public static class MaccorTextReader
{
    public const string FormatName = "maccor-text";

    public static bool IsMaccor(ReadOnlySpan<byte> head)
    {
        var s = Encoding.Latin1.GetString(head);
        return s.Contains("Rec#\t", StringComparison.Ordinal) && s.Contains("Amp-hr", StringComparison.Ordinal);
    }

    public static CyclingData Read(string path, CellMode mode = CellMode.Auto) => CyclingDataBuilder.Build(ReadRaw(path), mode);

    public static RawCyclerTable ReadRaw(string path)
    {
        if (File.Exists(path))
        {
            var head = new byte[4096];
            int n;
            using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(head, head.Length, false);
            if (!IsMaccor(head.AsSpan(0, n)))
                throw new InvalidInputException("not a Maccor text export: expected the column header 'Rec#<tab>Cyc#<tab>Step...' with 'Amp-hr' on line 2", path, 2);
        }
        var t = DelimitedText.Parse(path, '\t', 2, Encoding.Latin1);
        var time = t.Numbers(t.Index("Test (Sec)"));
        var amps = t.Numbers(t.Index("Amps"), 1000.0);
        var volts = t.Numbers(t.Index("Volts"));
        var ah = t.Numbers(t.Index("Amp-hr"), 1000.0);
        var state = t.Strings(t.Index("State"));
        var step = t.Numbers(t.Index("Step"));
        var cyc = t.Numbers(t.Index("Cyc#"));
        int n2 = time.Length;
        var dq = new double[n2];
        for (int i = 0; i < n2; i++)
        {
            bool sameStep = i > 0 && step[i] == step[i - 1] && cyc[i] == cyc[i - 1] && state[i] == state[i - 1];
            double inc = sameStep ? ah[i] - ah[i - 1] : ah[i];
            double sign = state[i] switch { "C" => 1.0, "D" => -1.0, _ => 0.0 };
            if (sign == 0.0 && amps[i] != 0) sign = Math.Sign(amps[i]);
            dq[i] = sign * inc;
        }
        var cols = new List<InstrumentColumn>();
        for (int c = 0; c < t.Names.Count; c++)
        {
            var name = t.Names[c];
            if (name == "State") { cols.Add(new InstrumentColumn(name, state.Select(s => s.Length > 0 ? (byte)s[0] : (byte)0).ToArray())); continue; }
            if (name == "DPt Time") continue;
            try { cols.Add(new InstrumentColumn(name, t.Numbers(c))); }
            catch (InvalidInputException) { /* a non-numeric column (e.g. a comment) stays out of the numeric set */ }
        }
        return new RawCyclerTable(FormatName, path, cols)
        {
            TimeS = time, VoltageV = volts, CurrentMA = amps, ChargeIncrementMAh = dq,
            Metadata = new Dictionary<string, string> { ["title"] = File.ReadLines(path, Encoding.Latin1).First().Trim() },
        };
    }
}

/// <summary>
/// Arbin CSV export (MITS Pro "channel" sheet as CSV): columns Data_Point, Test_Time, DateTime, Step_Time, Step_Index,
/// Cycle_Index, Current, Voltage, Charge_Capacity, Discharge_Capacity, Charge_Energy, Discharge_Energy, ... with optional
/// units in parentheses ("Current(A)"); current in A, capacities in Ah, energies in Wh. Charge_Capacity and
/// Discharge_Capacity are cumulative and restart at cycle changes, so the increments are their differences (or the
/// value itself after a restart). A companion "*_Metadata.csv" (one row of test settings) is read into the metadata.
/// </summary>
public static class ArbinCsvReader
{
    public const string FormatName = "arbin-csv";

    public static bool IsArbin(ReadOnlySpan<byte> head)
    {
        var s = Encoding.Latin1.GetString(head);
        int nl = s.IndexOf('\n');
        var first = nl < 0 ? s : s[..nl];
        return first.Contains("Data_Point", StringComparison.Ordinal) && first.Contains("Test_Time", StringComparison.Ordinal);
    }

    public static CyclingData Read(string path, CellMode mode = CellMode.Auto) => CyclingDataBuilder.Build(ReadRaw(path), mode);

    public static string MetadataPath(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? ".", Path.GetFileNameWithoutExtension(path) + "_Metadata.csv");

    public static RawCyclerTable ReadRaw(string path)
    {
        if (File.Exists(path))
        {
            var head = new byte[4096];
            int n0;
            using (var fs = File.OpenRead(path)) n0 = fs.ReadAtLeast(head, head.Length, false);
            if (!IsArbin(head.AsSpan(0, n0)))
                throw new InvalidInputException("not an Arbin CSV export: expected a header line with Data_Point and Test_Time", path, 1);
        }
        var t = DelimitedText.Parse(path, ',', 1, Encoding.UTF8);
        // Strip "(unit)" suffixes, remembering the unit.
        var units = new Dictionary<string, string>();
        for (int c = 0; c < t.Names.Count; c++)
        {
            var nm = t.Names[c];
            int p = nm.IndexOf('(');
            if (p > 0 && nm.EndsWith(')')) { units[nm[..p].Trim()] = nm[(p + 1)..^1]; t.Names[c] = nm[..p].Trim(); }
        }
        double Scale(string q, string defUnit, Dictionary<string, double> table)
        {
            var u = units.GetValueOrDefault(q, defUnit);
            return table.TryGetValue(u, out var s) ? s : throw new InvalidInputException($"unknown unit '{u}' for {q}; expected one of {string.Join(", ", table.Keys)}", path, 1, q);
        }
        var aScale = new Dictionary<string, double> { ["A"] = 1000, ["mA"] = 1 };
        var ahScale = new Dictionary<string, double> { ["Ah"] = 1000, ["mAh"] = 1 };
        var time = t.Numbers(t.Index("Test_Time"), Scale("Test_Time", "s", new() { ["s"] = 1 }));
        var cur = t.Numbers(t.Index("Current"), Scale("Current", "A", aScale));
        var volt = t.Numbers(t.Index("Voltage"), Scale("Voltage", "V", new() { ["V"] = 1 }));
        var qc = t.Numbers(t.Index("Charge_Capacity"), Scale("Charge_Capacity", "Ah", ahScale));
        var qd = t.Numbers(t.Index("Discharge_Capacity"), Scale("Discharge_Capacity", "Ah", ahScale));
        int n = time.Length;
        var dq = new double[n];
        for (int i = 0; i < n; i++)
        {
            double dc = i == 0 ? qc[0] : qc[i] >= qc[i - 1] ? qc[i] - qc[i - 1] : qc[i];
            double dd = i == 0 ? qd[0] : qd[i] >= qd[i - 1] ? qd[i] - qd[i - 1] : qd[i];
            dq[i] = dc - dd;
        }
        var cols = new List<InstrumentColumn>();
        for (int c = 0; c < t.Names.Count; c++)
        {
            try { cols.Add(new InstrumentColumn(t.Names[c], t.Numbers(c))); }
            catch (InvalidInputException) { }
        }
        var meta = new Dictionary<string, string>();
        var mp = MetadataPath(path);
        if (File.Exists(mp))
        {
            var m = CsvTable.Load(mp);
            if (m.Rows.Count > 0)
                foreach (var k in m.Columns.Where(k => k.Length > 0)) meta[k] = m.Rows[0].Text(k);
        }
        return new RawCyclerTable(FormatName, path, cols) { TimeS = time, VoltageV = volt, CurrentMA = cur, ChargeIncrementMAh = dq, Metadata = meta };
    }
}

/// <summary>Which CSV columns hold the quantities of the unified schema, and their units' factors to s, V, mA, mAh.</summary>
public sealed record CsvColumnMapping(string Time, string Voltage, string Current)
{
    /// <summary>Optional column of signed charge passed since the start of the half cycle (as the export writes), mAh.</summary>
    public string? HalfCycleCapacity { get; init; }
    public double TimeToS { get; init; } = 1;
    public double VoltageToV { get; init; } = 1;
    public double CurrentToMA { get; init; } = 1;
    public double CapacityToMAh { get; init; } = 1;
    /// <summary>Unit each numeric cell may carry as a suffix ("12.5 mA"); a cell with another unit is a mixed-units error.</summary>
    public string? CurrentUnit { get; init; } = "mA";

    public IEnumerable<string> Required => [Time, Voltage, Current];
}

/// <summary>
/// A CSV with a column mapping (by default the kit's own export: time_s, voltage_v, current_ma, capacity_mah).
/// Cells may carry a unit suffix ("0.5 mA"); a unit that differs from the mapping's unit is an error naming line and
/// column (mixed units), never silently scaled.
/// </summary>
public static class GenericCsvReader
{
    public const string FormatName = "csv";

    public static CsvColumnMapping DefaultMapping { get; } = new("time_s", "voltage_v", "current_ma") { HalfCycleCapacity = "capacity_mah" };

    public static bool LooksLikeUnifiedCsv(ReadOnlySpan<byte> head)
    {
        var s = Encoding.UTF8.GetString(head);
        int nl = s.IndexOf('\n');
        var first = nl < 0 ? s : s[..nl];
        return first.Contains("time_s", StringComparison.Ordinal) && first.Contains("voltage_v", StringComparison.Ordinal) && first.Contains("current_ma", StringComparison.Ordinal);
    }

    public static CyclingData Read(string path, CsvColumnMapping? mapping = null, CellMode mode = CellMode.Auto) =>
        CyclingDataBuilder.Build(ReadRaw(path, mapping ?? DefaultMapping), mode);

    public static RawCyclerTable ReadRaw(string path, CsvColumnMapping mapping)
    {
        var t = DelimitedText.Parse(path, ',', 1, Encoding.UTF8);
        int it = t.Index(mapping.Time), iv = t.Index(mapping.Voltage), ic = t.Index(mapping.Current);
        int iq = mapping.HalfCycleCapacity is { } qn ? t.Index(qn, required: false) : -1;
        var time = Column(t, it, mapping.TimeToS, null);
        var volt = Column(t, iv, mapping.VoltageToV, null);
        var cur = Column(t, ic, mapping.CurrentToMA, mapping.CurrentUnit);
        double[]? dq = null;
        if (iq >= 0)
        {
            // Increments from the half-cycle capacity: restarts at a sign change of the current.
            var q = Column(t, iq, mapping.CapacityToMAh, null);
            dq = new double[q.Length];
            var hc = t.Index("half_cycle", required: false);
            double[]? half = hc >= 0 ? t.Numbers(hc) : null;
            for (int i = 0; i < q.Length; i++)
                dq[i] = i == 0 || (half is not null && half[i] != half[i - 1]) ? q[i] : q[i] - q[i - 1];
        }
        var cols = new List<InstrumentColumn>();
        for (int c = 0; c < t.Names.Count; c++)
        {
            try { cols.Add(new InstrumentColumn(t.Names[c], c == ic ? cur : t.Numbers(c))); }
            catch (InvalidInputException) { }
        }
        return new RawCyclerTable(FormatName, path, cols) { TimeS = time, VoltageV = volt, CurrentMA = cur, ChargeIncrementMAh = dq };
    }

    static double[] Column(DelimitedText t, int col, double scale, string? unit)
    {
        var r = new double[t.Rows.Count];
        for (int i = 0; i < r.Length; i++)
        {
            var s = t.Rows[i][col].Trim();
            int k = s.Length;
            while (k > 0 && (char.IsLetter(s[k - 1]) || s[k - 1] == 'µ')) k--;
            var suffix = s[k..];
            var num = s[..k].Trim();
            if (suffix.Length > 0 && !(suffix.Equals("E", StringComparison.OrdinalIgnoreCase)))
            {
                if (unit is null || suffix != unit)
                    throw new InvalidInputException($"mixed units: the column's unit is {(unit is null ? "implicit (no suffix)" : $"'{unit}'")}, this cell says '{suffix}' ('{s}')", t.Source, t.LineNumbers[i], t.Names[col]);
            }
            if (!double.TryParse(num, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) || !double.IsFinite(x))
                throw new InvalidInputException($"expected a number, found '{s}'", t.Source, t.LineNumbers[i], t.Names[col]);
            r[i] = x * scale;
        }
        return r;
    }
}

/// <summary>
/// Neware .ndax: a zip container (Step.xml, TestInfo.xml, VersionInfo.xml, data.ndc, data_log.ndc ...). The records are in
/// data.ndc, which this reader decodes for the layout "file type 1, version 5" (BTS 8.x): a 4096-byte file header, then
/// 4096-byte pages, each with a 132-byte page header (record count u16 at byte 2) and up to 45 records of 87 bytes:
/// marker 0x55, index u32, cycle u32, step number u8, step type u8 (Neware codes: 1 CC_Chg, 2 CC_DChg, 3 CV_Chg, 4 Rest,
/// 7 CCCV_Chg, 20 CCCV_DChg ...), step index u8, 3 unknown bytes, step time u64 (ms), voltage i32 (0.1 mV), current i32,
/// 4 bytes, charge and discharge capacity and energy i64 each, date (year u16, month, day, hour, minute, second), current
/// range i32, total time u64 (ms). Current, capacities and energies are integers scaled by a factor that depends on the
/// current range; only range 1 (factor 1e-4 mA, checked on the reference file against its 0.12 mA step settings) is
/// accepted — another range, file type or version is an error naming it, never a guessed scale. Layout established from
/// the bytes of the MIT-licensed navani test.ndax (format facts only).
/// </summary>
public static class NewareNdaxReader
{
    public const string FormatName = "neware-ndax";
    const int Page = 4096, PageHeader = 132, RecordLength = 87;

    public static bool IsZip(ReadOnlySpan<byte> head) => head.Length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;

    /// <summary>Names and sizes of the entries of the .ndax container.</summary>
    public static IReadOnlyList<(string Name, long Length)> Entries(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        try
        {
            using var z = ZipFile.OpenRead(path);
            return z.Entries.Select(e => (e.FullName, e.Length)).ToList();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"not a Neware .ndax (zip) container: {e.Message}", path, inner: e);
        }
    }

    /// <summary>The text of a part (e.g. "TestInfo.xml").</summary>
    public static string ReadPart(string path, string name)
    {
        Entries(path);
        using var z = ZipFile.OpenRead(path);
        var e = z.GetEntry(name) ?? throw new InvalidInputException($"the .ndax container has no '{name}'", path, field: name);
        using var r = new StreamReader(e.Open(), Encoding.Latin1);
        return r.ReadToEnd();
    }

    public static CyclingData Read(string path, CellMode mode = CellMode.Auto) => CyclingDataBuilder.Build(ReadRaw(path), mode);

    public static RawCyclerTable ReadRaw(string path)
    {
        var entries = Entries(path);
        if (!entries.Any(e => e.Name == "data.ndc"))
            throw new InvalidInputException($"not a Neware .ndax: no data.ndc in the container (entries: {string.Join(", ", entries.Select(e => e.Name))})", path);
        byte[] b;
        using (var z = ZipFile.OpenRead(path))
        using (var s = z.GetEntry("data.ndc")!.Open())
        using (var ms = new MemoryStream())
        {
            s.CopyTo(ms);
            b = ms.ToArray();
        }
        string where = path + "!data.ndc";
        if (b.Length < Page) throw new InvalidInputException($"data.ndc is {b.Length} bytes, shorter than its {Page}-byte header (truncated)", where);
        int fileType = BitConverter.ToUInt16(b, 0), version = BitConverter.ToUInt16(b, 2);
        if (fileType != 1 || version != 5)
            throw new InvalidInputException($"data.ndc file type {fileType}, version {version}: only type 1 version 5 (BTS 8.x) is decoded", where, field: "ndc version");
        if (b.Length % Page != 0) throw new InvalidInputException($"data.ndc is {b.Length} bytes, not a whole number of {Page}-byte pages (truncated)", where);
        var idx = new List<uint>(); var cyc = new List<uint>(); var step = new List<byte>(); var stype = new List<byte>(); var sidx = new List<byte>();
        var tStep = new List<double>(); var volt = new List<double>(); var cur = new List<double>();
        var qc = new List<double>(); var qd = new List<double>(); var ec = new List<double>(); var ed = new List<double>();
        var range = new List<int>(); var tTot = new List<double>();
        for (int page = Page; page < b.Length; page += Page)
        {
            int count = BitConverter.ToUInt16(b, page + 2);
            if (count * RecordLength + PageHeader > Page)
                throw new InvalidInputException($"page at byte {page} declares {count} records, more than fit in a page", where);
            for (int k = 0; k < count; k++)
            {
                int o = page + PageHeader + k * RecordLength;
                if (b[o] != 0x55) throw new InvalidInputException($"record {k + 1} of the page at byte {page}: expected the record marker 0x55 at byte {o}, found 0x{b[o]:x2}", where);
                int rg = BitConverter.ToInt32(b, o + 75);
                if (rg != 1) throw new InvalidInputException($"record at byte {o}: current range {rg} has no validated scale factor (only range 1 is decoded)", where, field: "range");
                const double scale = 1e-4; // mA per count for range 1
                idx.Add(BitConverter.ToUInt32(b, o + 1)); cyc.Add(BitConverter.ToUInt32(b, o + 5));
                step.Add(b[o + 9]); stype.Add(b[o + 10]); sidx.Add(b[o + 11]);
                tStep.Add(BitConverter.ToUInt64(b, o + 16) / 1000.0);
                volt.Add(BitConverter.ToInt32(b, o + 24) * 1e-4);
                cur.Add(BitConverter.ToInt32(b, o + 28) * scale);
                qc.Add(BitConverter.ToInt64(b, o + 36) * scale / 3600.0);
                qd.Add(BitConverter.ToInt64(b, o + 44) * scale / 3600.0);
                ec.Add(BitConverter.ToInt64(b, o + 52) * scale / 3600.0 / 1000.0);
                ed.Add(BitConverter.ToInt64(b, o + 60) * scale / 3600.0 / 1000.0);
                range.Add(rg);
                tTot.Add(BitConverter.ToUInt64(b, o + 79) / 1000.0);
            }
        }
        int n = idx.Count;
        if (n == 0) throw new InvalidInputException("data.ndc holds no records", where);
        // Charge increments from the instrument's capacities, which restart at every step.
        var dq = new double[n];
        for (int i = 0; i < n; i++)
        {
            bool same = i > 0 && sidx[i] == sidx[i - 1] && step[i] == step[i - 1];
            dq[i] = (same ? qc[i] - qc[i - 1] : qc[i]) - (same ? qd[i] - qd[i - 1] : qd[i]);
        }
        var cols = new List<InstrumentColumn>
        {
            new("Index", idx.ToArray()), new("Cycle", cyc.ToArray()), new("Step", step.ToArray()), new("Step_Type", stype.ToArray()),
            new("Step_Index", sidx.ToArray()), new("Step_Time/s", tStep.ToArray()), new("Voltage/V", volt.ToArray()),
            new("Current/mA", cur.ToArray()), new("Charge_Capacity/mAh", qc.ToArray()), new("Discharge_Capacity/mAh", qd.ToArray()),
            new("Charge_Energy/Wh", ec.ToArray()), new("Discharge_Energy/Wh", ed.ToArray()), new("Range", range.ToArray()),
            new("Total_Time/s", tTot.ToArray()),
        };
        var meta = new Dictionary<string, string> { ["ndc_version"] = version.ToString(CultureInfo.InvariantCulture) };
        if (entries.Any(e => e.Name == "TestInfo.xml"))
        {
            try
            {
                var x = System.Xml.Linq.XDocument.Parse(ReadPart(path, "TestInfo.xml"));
                var ti = x.Descendants("TestInfo").FirstOrDefault();
                if (ti is not null) foreach (var a in ti.Attributes()) meta[a.Name.LocalName] = a.Value;
            }
            catch (System.Xml.XmlException e)
            {
                throw new InvalidInputException($"TestInfo.xml is not well-formed XML: {e.Message}", path + "!TestInfo.xml", e.LineNumber, inner: e);
            }
        }
        return new RawCyclerTable(FormatName, path, cols)
        {
            TimeS = tTot.ToArray(), VoltageV = volt.ToArray(), CurrentMA = cur.ToArray(), ChargeIncrementMAh = dq, Metadata = meta,
        };
    }
}
