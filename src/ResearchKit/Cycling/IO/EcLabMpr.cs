using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ResearchKit.Cycling.IO;

/// <summary>A block of consecutive .mpr records (see <see cref="EcLabMpr.ReadBlocks"/>).</summary>
public sealed record MprBlock(long FirstRecord, IReadOnlyList<InstrumentColumn> Columns)
{
    public int Count => Columns.Count == 0 ? 0 : Columns[0].Length;
}

/// <summary>One module of an .mpr file ("VMP Set", "VMP data", "VMP LOG", ...): its header fields and where its payload lies.</summary>
public sealed record MprModule(string ShortName, string LongName, int HeaderVersion, int Version, string Date, long DataOffset, long Length);

/// <summary>
/// Reader of BioLogic EC-Lab binary .mpr files.
/// Layout (little-endian throughout): a 52-byte file magic ("BIO-LOGIC MODULAR FILE\x1a", padded with spaces, then 4 zero
/// bytes); then modules, each "MODULE" + short name (10 bytes) + long name (25 bytes) + a header that comes in two
/// versions: v1 = length u32, version u32, date (8 ASCII); v2 (EC-Lab ≥ 11.50, recognised by 0xFFFFFFFF where v1 has the
/// length) = 0xFFFFFFFF u32, length u32, u32, version u32, date (8 ASCII). The "VMP data" payload is: number of records
/// u32, number of column ids (u8 with v1 headers, u16 with v2), the column ids u16 each, zero padding up to the data start (0x195 bytes into the payload
/// for data version 2, 0x196 for version 3, 0x3EF with v2 headers), then the records (see <see cref="EcLabColumns"/>).
/// Every declared size is checked against the file, so a truncated file or an unknown column is an error naming the
/// byte offset or the id and module version, never a silently shortened table.
/// </summary>
public static class EcLabMpr
{
    public const string FormatName = "biologic-mpr";
    internal static readonly byte[] Magic = Encoding.ASCII.GetBytes("BIO-LOGIC MODULAR FILE\x1a                         \0\0\0\0");
    static readonly byte[] ModuleMagic = "MODULE"u8.ToArray();

    /// <summary>True when the file starts with the .mpr magic.</summary>
    public static bool IsMpr(ReadOnlySpan<byte> head) => head.Length >= 22 && head[..22].SequenceEqual(Magic.AsSpan(0, 22));

    /// <summary>Reads an .mpr file into the unified schema.</summary>
    public static CyclingData Read(string path, CellMode mode = CellMode.Auto) => CyclingDataBuilder.Build(ReadRaw(path), mode);

    /// <summary>Lists the modules of an .mpr file (checks the magic and every module header, not the data).</summary>
    public static IReadOnlyList<MprModule> ReadModules(string path)
    {
        using var fs = OpenRead(path);
        return ReadModules(fs, path);
    }

    static FileStream OpenRead(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
    }

    static List<MprModule> ReadModules(FileStream fs, string path)
    {
        long fileLength = fs.Length;
        var head = new byte[Magic.Length];
        int got = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (got < 22 || !IsMpr(head))
            throw new InvalidInputException(
                $"not an EC-Lab .mpr file: expected the magic 'BIO-LOGIC MODULAR FILE' at byte 0, found '{Printable(head.AsSpan(0, Math.Min(got, 22)))}'", path);
        if (got < Magic.Length) throw new InvalidInputException($"truncated .mpr: the file ends at byte {got}, inside the 52-byte file header", path);
        var modules = new List<MprModule>();
        long pos = Magic.Length;
        var hdr = new byte[6 + 10 + 25 + 24];
        while (pos < fileLength)
        {
            fs.Position = pos;
            int n = fs.ReadAtLeast(hdr, hdr.Length, throwOnEndOfStream: false);
            if (n < 6 || !hdr.AsSpan(0, 6).SequenceEqual(ModuleMagic))
                throw new InvalidInputException($"expected 'MODULE' at byte {pos}, found '{Printable(hdr.AsSpan(0, Math.Min(n, 6)))}' (corrupt or truncated .mpr)", path);
            if (n < 6 + 10 + 25 + 4 + 4 + 4 + 8)
                throw new InvalidInputException($"truncated .mpr: module header at byte {pos} is cut off at byte {fileLength}", path);
            string shortName = Encoding.Latin1.GetString(hdr, 6, 10).Trim();
            string longName = Encoding.Latin1.GetString(hdr, 16, 25).Trim();
            var f = hdr.AsSpan(41);
            uint first = BinaryPrimitives.ReadUInt32LittleEndian(f);
            int headerVersion, version, headerSize;
            long length;
            string date;
            if (first == 0xFFFFFFFF)
            {
                if (n < 6 + 10 + 25 + 24) throw new InvalidInputException($"truncated .mpr: v2 module header at byte {pos} is cut off", path);
                headerVersion = 2;
                length = BinaryPrimitives.ReadUInt32LittleEndian(f[4..]);
                version = (int)BinaryPrimitives.ReadUInt32LittleEndian(f[12..]);
                date = Encoding.ASCII.GetString(hdr, 41 + 16, 8);
                headerSize = 6 + 10 + 25 + 24;
            }
            else
            {
                headerVersion = 1;
                length = first;
                version = (int)BinaryPrimitives.ReadUInt32LittleEndian(f[4..]);
                date = Encoding.ASCII.GetString(hdr, 41 + 8, 8);
                headerSize = 6 + 10 + 25 + 16;
            }
            long dataOffset = pos + headerSize;
            if (dataOffset + length > fileLength)
                throw new InvalidInputException(
                    $"truncated .mpr: module '{shortName}' at byte {pos} declares {length} bytes from byte {dataOffset}, but the file ends at byte {fileLength}", path);
            modules.Add(new MprModule(shortName, longName, headerVersion, version, date, dataOffset, length));
            pos = dataOffset + length;
        }
        return modules;
    }

    sealed record DataLayout(List<MprModule> Modules, MprModule Data, List<MprColumnSpec> Specs, int[] Offsets, int RecordSize, int Count, long Start)
    {
        public byte[] Masks => Specs.Select(s => s.Type == MprValueType.Flags ? EcLabColumns.Flags[s.Id].Mask : (byte)0).ToArray();
    }

    static DataLayout ReadLayout(FileStream fs, string path)
    {
        var modules = ReadModules(fs, path);
        var data = modules.FirstOrDefault(m => m.ShortName == "VMP data")
            ?? throw new InvalidInputException($"no 'VMP data' module; modules are [{string.Join(", ", modules.Select(m => m.ShortName))}]", path);

        // Data module header.
        var head = new byte[Math.Min(data.Length, 0x3EF)];
        fs.Position = data.DataOffset;
        fs.ReadExactly(head);
        if (head.Length < 5) throw new InvalidInputException($"'VMP data' module at byte {data.DataOffset} is too short ({data.Length} bytes)", path);
        long nPoints = BinaryPrimitives.ReadUInt32LittleEndian(head);
        // The column count is one byte with v1 headers and two bytes with v2 headers.
        int idStart = data.HeaderVersion == 2 ? 6 : 5;
        int nCols = data.HeaderVersion == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(4)) : head[4];
        if (idStart + 2 * nCols > head.Length) throw new InvalidInputException($"'VMP data' module declares {nCols} columns but is only {data.Length} bytes long", path);
        var specs = new List<MprColumnSpec>();
        bool flagsSeen = false;
        int recordSize = 0;
        var offsets = new List<int>();
        for (int c = 0; c < nCols; c++)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(head.AsSpan(idStart + 2 * c));
            var spec = EcLabColumns.Find(id) ?? throw new InvalidInputException(
                $"unknown column id {id} (column {c + 1} of {nCols}) in the 'VMP data' module, version {data.Version} (header v{data.HeaderVersion}, byte {data.DataOffset + idStart + 2 * c}); its storage size is unknown, so the records cannot be decoded",
                path, field: $"column id {id}");
            specs.Add(spec);
            if (spec.Type == MprValueType.Flags)
            {
                // All flag ids share one byte, placed where the first flag id is.
                if (!flagsSeen) { offsets.Add(recordSize); recordSize += 1; flagsSeen = true; }
                else offsets.Add(offsets[specs.FindIndex(s => s.Type == MprValueType.Flags)]);
            }
            else { offsets.Add(recordSize); recordSize += spec.Size; }
        }
        long start = data.HeaderVersion == 2 ? 0x3EF : data.Version >= 3 ? 0x196 : 0x195;
        long expected = start + nPoints * recordSize;
        if (expected != data.Length)
        {
            if (expected > data.Length)
                throw new InvalidInputException(
                    $"truncated .mpr data: {nPoints} records of {recordSize} bytes from byte {data.DataOffset + start} need {expected - start} bytes, the module holds {data.Length - start}", path);
            throw new InvalidInputException(
                $"'VMP data' module version {data.Version} (header v{data.HeaderVersion}): {nPoints} records of {recordSize} bytes (ids {string.Join(",", specs.Select(s => s.Id))}) should fill {expected} bytes, the module has {data.Length}; a column type differs in this version",
                path);
        }
        if (nPoints > int.MaxValue) throw new InvalidInputException($"{nPoints} records exceed the reader's limit", path);
        int count = (int)nPoints;
        return new DataLayout(modules, data, specs, offsets.ToArray(), recordSize, count, start);
    }

    /// <summary>Reads an .mpr file: every column of the data module under EC-Lab's names, plus the roles of the unified schema.</summary>
    public static RawCyclerTable ReadRaw(string path)
    {
        using var fs = OpenRead(path);
        var L = ReadLayout(fs, path);
        var (modules, data, specs, count) = (L.Modules, L.Data, L.Specs, L.Count);
        var arrays = Allocate(specs, count);
        const int blockRecords = 1 << 18;
        var buffer = new byte[(long)Math.Min(blockRecords, Math.Max(count, 1)) * L.RecordSize];
        fs.Position = data.DataOffset + L.Start;
        int done = 0;
        var masks = L.Masks;
        while (done < count)
        {
            int take = Math.Min(blockRecords, count - done);
            fs.ReadExactly(buffer, 0, take * L.RecordSize);
            DecodeBlock(buffer, take, L, masks, arrays, done);
            done += take;
        }
        var columns = new List<InstrumentColumn>(specs.Count);
        for (int c = 0; c < specs.Count; c++) columns.Add(new InstrumentColumn(specs[c].Name, arrays[c]));

        InstrumentColumn? Col(params string[] names)
        {
            foreach (var nm in names)
            {
                var col = columns.FirstOrDefault(x => x.Name == nm);
                if (col is not null) return col;
            }
            return null;
        }
        var time = Col("time/s") ?? throw new InvalidInputException("the data module has no time/s column (id 4)", path);
        var volt = Col("Ewe/V", "<Ewe>/V") ?? throw new InvalidInputException("the data module has no Ewe/V column (id 6 or 77)", path);
        var cur = Col("I/mA", "<I>/mA");
        var dq = Col("dq/mA.h", "dQ/mA.h");
        var meta = new Dictionary<string, string>
        {
            ["modules"] = string.Join(", ", modules.Select(m => $"{m.ShortName} (v{m.Version}, header v{m.HeaderVersion}, {m.Date})")),
            ["data_version"] = data.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["header_version"] = data.HeaderVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["column_ids"] = string.Join(",", specs.Select(s => s.Id)),
        };
        double[]? voltD = null, curD = null;
        Parallel.Invoke(() => voltD = volt.ToDoubles(), () => curD = cur?.ToDoubles());
        return new RawCyclerTable(FormatName, path, columns)
        {
            TimeS = time.ToDoubles(),
            VoltageV = voltD!,
            CurrentMA = curD,
            ChargeIncrementMAh = dq?.ToDoubles(),
            Metadata = meta,
        };
    }


    /// <summary>
    /// Streams the records of an .mpr in blocks (for files too large to hold): each block holds the typed columns of
    /// <paramref name="blockRecords"/> consecutive records (the last one fewer) and the index of its first record.
    /// The header is checked before the first block, so a truncated or unknown-column file fails before any data is returned.
    /// </summary>
    public static IEnumerable<MprBlock> ReadBlocks(string path, int blockRecords = 1 << 20)
    {
        if (blockRecords <= 0) throw new ArgumentOutOfRangeException(nameof(blockRecords));
        var fs = OpenRead(path);
        DataLayout L;
        try { L = ReadLayout(fs, path); }
        catch { fs.Dispose(); throw; }
        return Iterate(fs, L, blockRecords);
    }

    static IEnumerable<MprBlock> Iterate(FileStream fs, DataLayout L, int blockRecords)
    {
        using (fs)
        {
            var masks = L.Masks;
            var buffer = new byte[(long)Math.Min(blockRecords, Math.Max(L.Count, 1)) * L.RecordSize];
            fs.Position = L.Data.DataOffset + L.Start;
            for (int done = 0; done < L.Count;)
            {
                int take = Math.Min(blockRecords, L.Count - done);
                fs.ReadExactly(buffer, 0, take * L.RecordSize);
                var arrays = Allocate(L.Specs, take);
                DecodeBlock(buffer, take, L, masks, arrays, 0);
                yield return new MprBlock(done, L.Specs.Select((s, c) => new InstrumentColumn(s.Name, arrays[c])).ToList());
                done += take;
            }
        }
    }

    static Array[] Allocate(List<MprColumnSpec> specs, int count)
    {
        var arrays = new Array[specs.Count];
        for (int c = 0; c < specs.Count; c++)
            arrays[c] = specs[c].Type switch
            {
                MprValueType.Flags => new byte[count],
                MprValueType.Float32 => new float[count],
                MprValueType.Float64 => new double[count],
                MprValueType.UInt16 => new ushort[count],
                MprValueType.UInt32 => new uint[count],
                _ => new int[count],
            };
        return arrays;
    }

    /// <summary>Decodes <paramref name="take"/> records of the buffer into the arrays from row <paramref name="baseRow"/>, split over the cores.</summary>
    static void DecodeBlock(byte[] buffer, int take, DataLayout L, byte[] masks, Array[] arrays, int baseRow)
    {
        int chunks = Math.Max(1, Math.Min(Environment.ProcessorCount, take / 4096));
        Parallel.For(0, chunks, k =>
        {
            int r0 = (int)((long)take * k / chunks), r1 = (int)((long)take * (k + 1) / chunks);
            for (int c = 0; c < arrays.Length; c++)
                DecodeColumn(buffer, L.RecordSize, L.Offsets[c], L.Specs[c].Type, masks[c], arrays[c], r0, r1, baseRow);
        });
    }

    static void DecodeColumn(byte[] buf, int rec, int off, MprValueType type, byte mask, Array dest, int r0, int r1, int baseRow)
    {
        ref byte b0 = ref MemoryMarshal.GetArrayDataReference(buf);
        switch (type)
        {
            case MprValueType.Flags:
            {
                var d = (byte[])dest;
                int shift = System.Numerics.BitOperations.TrailingZeroCount(mask);
                for (int r = r0; r < r1; r++) d[baseRow + r] = (byte)((Unsafe.Add(ref b0, r * rec + off) & mask) >> shift);
                break;
            }
            case MprValueType.Float32:
            {
                var d = (float[])dest;
                for (int r = r0; r < r1; r++) d[baseRow + r] = Unsafe.ReadUnaligned<float>(ref Unsafe.Add(ref b0, r * rec + off));
                break;
            }
            case MprValueType.Float64:
            {
                var d = (double[])dest;
                for (int r = r0; r < r1; r++) d[baseRow + r] = Unsafe.ReadUnaligned<double>(ref Unsafe.Add(ref b0, r * rec + off));
                break;
            }
            case MprValueType.UInt16:
            {
                var d = (ushort[])dest;
                for (int r = r0; r < r1; r++) d[baseRow + r] = Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref b0, r * rec + off));
                break;
            }
            case MprValueType.UInt32:
            {
                var d = (uint[])dest;
                for (int r = r0; r < r1; r++) d[baseRow + r] = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b0, r * rec + off));
                break;
            }
            default:
            {
                var d = (int[])dest;
                for (int r = r0; r < r1; r++) d[baseRow + r] = Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref b0, r * rec + off));
                break;
            }
        }
    }

    static string Printable(ReadOnlySpan<byte> b)
    {
        var sb = new StringBuilder();
        foreach (var x in b) sb.Append(x is >= 32 and < 127 ? (char)x : '.');
        return sb.ToString();
    }
}
