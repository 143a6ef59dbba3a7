namespace ResearchKit.Cycling.IO;

/// <summary>Storage type of one EC-Lab .mpr data column.</summary>
public enum MprValueType : byte { Flags, Float32, Float64, UInt16, UInt32, Int32 }

/// <summary>One entry of the .mpr column-id table: id, EC-Lab's column name (as its .mpt export writes it), storage type.</summary>
public sealed record MprColumnSpec(int Id, string Name, MprValueType Type)
{
    public int Size => Type switch { MprValueType.Flags => 1, MprValueType.Float32 => 4, MprValueType.Float64 => 8, MprValueType.UInt16 => 2, _ => 4 };
}

/// <summary>
/// The column ids of the "VMP data" module of EC-Lab .mpr files. Each id names a quantity and fixes its storage
/// type; the record is the concatenation of the listed columns, little-endian, no padding. The six flag ids
/// (1, 2, 3, 21, 31, 65) share one byte: mode in bits 0-1 (1 = CC, 2 = CV, 3 = rest/OCV), ox/red bit 2, error bit 3,
/// control changes bit 4, Ns changes bit 5, counter inc. bit 7.
/// Sources of the format facts: the ids and types were checked byte-for-byte against the record sizes and the paired
/// .mpt exports of public EC-Lab test files (the yadg GPL fixtures, which the kit does not ship; see data/reference/cycling/PROVENANCE.md) (EC-Lab 11.x, data versions 3 and 11) and
/// agree with the public descriptions of the format (galvani, yadg documentation).
/// </summary>
public static class EcLabColumns
{
    /// <summary>Flag ids and their bit masks within the shared flags byte.</summary>
    public static IReadOnlyDictionary<int, (string Name, byte Mask)> Flags { get; } = new Dictionary<int, (string, byte)>
    {
        [1] = ("mode", 0x03),
        [2] = ("ox/red", 0x04),
        [3] = ("error", 0x08),
        [21] = ("control changes", 0x10),
        [31] = ("Ns changes", 0x20),
        [65] = ("counter inc.", 0x80),
    };

    static readonly MprColumnSpec[] Table =
    [
        new(4, "time/s", MprValueType.Float64),
        new(5, "control/V/mA", MprValueType.Float32),
        new(6, "Ewe/V", MprValueType.Float32),
        new(7, "dq/mA.h", MprValueType.Float64),
        new(8, "I/mA", MprValueType.Float32),
        new(9, "Ece/V", MprValueType.Float32),
        new(11, "<I>/mA", MprValueType.Float64),
        new(13, "(Q-Qo)/mA.h", MprValueType.Float64),
        new(16, "Analog IN 1/V", MprValueType.Float32),
        new(17, "Analog IN 2/V", MprValueType.Float32),
        new(19, "control/V", MprValueType.Float32),
        new(20, "control/mA", MprValueType.Float32),
        new(23, "dQ/mA.h", MprValueType.Float64),
        new(24, "cycle number", MprValueType.Float64),
        new(26, "Rapp/Ohm", MprValueType.Float32),
        new(27, "Ewe-Ece/V", MprValueType.Float32),
        new(32, "freq/Hz", MprValueType.Float32),
        new(33, "|Ewe|/V", MprValueType.Float32),
        new(34, "|I|/A", MprValueType.Float32),
        new(35, "Phase(Z)/deg", MprValueType.Float32),
        new(36, "|Z|/Ohm", MprValueType.Float32),
        new(37, "Re(Z)/Ohm", MprValueType.Float32),
        new(38, "-Im(Z)/Ohm", MprValueType.Float32),
        new(39, "I Range", MprValueType.UInt16),
        new(69, "R/Ohm", MprValueType.Float32),
        new(70, "P/W", MprValueType.Float32),
        new(74, "|Energy|/W.h", MprValueType.Float64),
        new(75, "Analog OUT/V", MprValueType.Float32),
        new(76, "<I>/mA", MprValueType.Float32),
        new(77, "<Ewe>/V", MprValueType.Float32),
        new(78, "Cs-2/µF-2", MprValueType.Float32),
        new(96, "|Ece|/V", MprValueType.Float32),
        new(98, "Phase(Zce)/deg", MprValueType.Float32),
        new(99, "|Zce|/Ohm", MprValueType.Float32),
        new(100, "Re(Zce)/Ohm", MprValueType.Float32),
        new(101, "-Im(Zce)/Ohm", MprValueType.Float32),
        new(123, "Energy charge/W.h", MprValueType.Float64),
        new(124, "Energy discharge/W.h", MprValueType.Float64),
        new(125, "Capacitance charge/µF", MprValueType.Float64),
        new(126, "Capacitance discharge/µF", MprValueType.Float64),
        new(131, "Ns", MprValueType.UInt16),
        new(163, "|Estack|/V", MprValueType.Float32),
        new(168, "Rcmp/Ohm", MprValueType.Float32),
        new(169, "Cs/µF", MprValueType.Float32),
        new(172, "Cp/µF", MprValueType.Float32),
        new(173, "Cp-2/µF-2", MprValueType.Float32),
        new(174, "<Ewe>/V", MprValueType.Float32),
        new(178, "(Q-Qo)/C", MprValueType.Float32),
        new(179, "dQ/C", MprValueType.Float32),
        new(182, "step time/s", MprValueType.Float64),
        new(211, "Q charge/discharge/mA.h", MprValueType.Float64),
        new(212, "half cycle", MprValueType.UInt32),
        new(213, "z cycle", MprValueType.UInt32),
        new(467, "Q charge/discharge/mA.h", MprValueType.Float64),
        new(468, "half cycle", MprValueType.UInt32),
        new(469, "z cycle", MprValueType.UInt32),
    ];

    static readonly Dictionary<int, MprColumnSpec> ById = Table.ToDictionary(c => c.Id);

    /// <summary>The spec of a column id, or null when the id is not known to this reader.</summary>
    public static MprColumnSpec? Find(int id)
    {
        if (Flags.TryGetValue(id, out var f)) return new MprColumnSpec(id, f.Name, MprValueType.Flags);
        return ById.GetValueOrDefault(id);
    }

    /// <summary>The id for a column name (first match), for the writer.</summary>
    public static int IdOf(string name)
    {
        foreach (var (id, f) in Flags) if (f.Name == name) return id;
        foreach (var c in Table) if (c.Name == name) return c.Id;
        throw new ArgumentException($"no .mpr column id for '{name}'", nameof(name));
    }
}
