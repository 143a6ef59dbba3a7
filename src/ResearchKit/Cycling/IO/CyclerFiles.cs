namespace ResearchKit.Cycling.IO;

/// <summary>Reads any supported cycler file, deciding the format from the content (never from the extension alone).</summary>
public static class CyclerFiles
{
    /// <summary>Format names this kit reads.</summary>
    public static IReadOnlyList<string> Formats { get; } =
        [EcLabMpr.FormatName, EcLabMptReader.FormatName, MaccorTextReader.FormatName, ArbinCsvReader.FormatName, NewareNdaxReader.FormatName, GenericCsvReader.FormatName];

    /// <summary>Detects the format of a file from its first bytes.</summary>
    public static string DetectFormat(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var head = new byte[4096];
        int n;
        using (var fs = File.OpenRead(path)) n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var h = head.AsSpan(0, n);
        if (EcLabMpr.IsMpr(h)) return EcLabMpr.FormatName;
        if (EcLabMptReader.IsMpt(h)) return EcLabMptReader.FormatName;
        if (NewareNdaxReader.IsZip(h)) return NewareNdaxReader.FormatName;
        if (MaccorTextReader.IsMaccor(h)) return MaccorTextReader.FormatName;
        if (ArbinCsvReader.IsArbin(h)) return ArbinCsvReader.FormatName;
        if (GenericCsvReader.LooksLikeUnifiedCsv(h)) return GenericCsvReader.FormatName;
        throw new InvalidInputException(
            $"unrecognised cycler file: not an EC-Lab .mpr/.mpt, Maccor text export, Arbin CSV, Neware .ndax or a CSV with the columns {string.Join(", ", GenericCsvReader.DefaultMapping.Required)}", path, 1);
    }

    /// <summary>Reads a file of any supported format into the unified schema.</summary>
    public static CyclingData Read(string path, CellMode mode = CellMode.Auto) => CyclingDataBuilder.Build(ReadRaw(path), mode);

    public static RawCyclerTable ReadRaw(string path) => DetectFormat(path) switch
    {
        EcLabMpr.FormatName => EcLabMpr.ReadRaw(path),
        EcLabMptReader.FormatName => EcLabMptReader.ReadRaw(path),
        MaccorTextReader.FormatName => MaccorTextReader.ReadRaw(path),
        ArbinCsvReader.FormatName => ArbinCsvReader.ReadRaw(path),
        NewareNdaxReader.FormatName => NewareNdaxReader.ReadRaw(path),
        _ => GenericCsvReader.ReadRaw(path, GenericCsvReader.DefaultMapping),
    };
}
