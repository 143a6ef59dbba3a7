using Deedle;

namespace ResearchKit.Paper;

/// <summary>One number stated in the paper, with where it is stated.</summary>
public sealed record PaperValue(string Sample, string Quantity, double Value, string Unit, string Source, string Note);

/// <summary>
/// The paper's numbers (data/paper/paper-values.csv), transcribed by hand with a figure or section reference per row.
/// Loaded from the copy embedded in the kit, or from a file of the same shape.
/// </summary>
public sealed class PaperData
{
    static readonly string[] Required = ["sample", "quantity", "value", "unit", "source", "note"];

    public IReadOnlyList<PaperValue> Values { get; }

    PaperData(IReadOnlyList<PaperValue> values) => Values = values;

    /// <summary>The kit's transcription of the paper.</summary>
    public static PaperData Default { get; } = Parse(EmbeddedData.Read("paper", "paper-values.csv"), "data/paper/paper-values.csv");

    public static PaperData Load(string path) =>
        Parse(File.Exists(path) ? File.ReadAllText(path) : throw new InvalidInputException("file not found", path), path);

    /// <summary>Parses and validates: known sample names, numeric values, a unit on every row, a source on every row.</summary>
    public static PaperData Parse(string csv, string sourceName)
    {
        var table = CsvTable.Parse(csv, sourceName, Required);
        var list = new List<PaperValue>();
        var seen = new HashSet<(string, string, double)>();
        foreach (var r in table.Rows)
        {
            var sample = r.RequiredText("sample");
            if (!Samples.All.Any(s => s.Name == sample) && !Samples.OtherNames.Contains(sample))
                throw new InvalidInputException(
                    $"unknown sample '{sample}'; expected one of {string.Join(", ", Samples.All.Select(s => s.Name).Concat(Samples.OtherNames))}",
                    sourceName, r.Line, "sample");
            var v = new PaperValue(sample, r.RequiredText("quantity"), r.Number("value"), r.RequiredText("unit"), r.RequiredText("source"), r.Text("note"));
            if (!seen.Add((v.Sample, v.Quantity, v.Value)))
                throw new InvalidInputException($"duplicate row for {v.Sample} {v.Quantity} = {v.Value}", sourceName, r.Line);
            list.Add(v);
        }
        return new PaperData(list);
    }

    /// <summary>The single value of a quantity for a sample (or "all").</summary>
    public PaperValue Get(string sample, string quantity)
    {
        var matches = Values.Where(v => v.Sample == sample && v.Quantity == quantity).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new InvalidInputException($"the paper data have no {quantity} for {sample}", field: quantity),
            _ => throw new InvalidInputException($"the paper data have {matches.Count} values of {quantity} for {sample}; use All()", field: quantity),
        };
    }

    public double Value(string sample, string quantity) => Get(sample, quantity).Value;

    /// <summary>All rows of a quantity (e.g. a list like rate_test_steps).</summary>
    public IReadOnlyList<PaperValue> All(string quantity) => Values.Where(v => v.Quantity == quantity).ToList();

    /// <summary>
    /// A frame keyed by the five cathodes (rows CAM10:0 ... CAM0:10) with one column per requested quantity, named
    /// "quantity [unit]". Missing values are missing (not zero).
    /// </summary>
    public Frame<string, string> BySample(params string[] quantities)
    {
        var b = new FrameColumns(Samples.All.Select(s => s.Name));
        foreach (var q in quantities)
        {
            var rows = Values.Where(v => v.Quantity == q && Samples.All.Any(s => s.Name == v.Sample)).ToList();
            if (rows.Count == 0) throw new InvalidInputException($"no per-sample values of '{q}' in the paper data", field: q);
            var unit = rows[0].Unit;
            b.Add($"{q} [{unit}]", Samples.All.Select(s => rows.FirstOrDefault(r => r.Sample == s.Name)?.Value));
        }
        return b.Build();
    }

    /// <summary>The whole table as a frame (rows numbered), for browsing.</summary>
    public Frame<int, string> ToFrame() => Frame.FromRecords(Values);
}
