using Deedle;

namespace ResearchKit.Frames;

/// <summary>
/// Builds a Deedle frame with string row keys column by column, from C# without F# types. Numeric columns take
/// nullable doubles (null = missing); text columns take strings. Column order is kept.
/// </summary>
public sealed class FrameColumns
{
    readonly List<string> _rowKeys;
    readonly List<(string Name, ISeries<string> Series)> _columns = new();

    public FrameColumns(IEnumerable<string> rowKeys)
    {
        _rowKeys = rowKeys.ToList();
        if (_rowKeys.Distinct().Count() != _rowKeys.Count) throw new ArgumentException("row keys must be unique", nameof(rowKeys));
    }

    public FrameColumns Add(string column, IEnumerable<double?> values)
    {
        var v = values.ToList();
        Check(column, v.Count);
        var sb = new SeriesBuilder<string, double>();
        for (int i = 0; i < v.Count; i++) if (v[i] is double d && !double.IsNaN(d)) sb.Add(_rowKeys[i], d);
        _columns.Add((column, sb.Series));
        return this;
    }

    public FrameColumns Add(string column, IEnumerable<double> values) => Add(column, values.Select(x => (double?)x));

    public FrameColumns Add(string column, IEnumerable<string> values)
    {
        var v = values.ToList();
        Check(column, v.Count);
        var sb = new SeriesBuilder<string, string>();
        for (int i = 0; i < v.Count; i++) if (v[i] is not null) sb.Add(_rowKeys[i], v[i]);
        _columns.Add((column, sb.Series));
        return this;
    }

    public FrameColumns Add(string column, IEnumerable<int> values) => Add(column, values.Select(x => (double?)x));

    void Check(string column, int count)
    {
        if (count != _rowKeys.Count) throw new ArgumentException($"column '{column}' has {count} values for {_rowKeys.Count} rows");
        if (_columns.Any(c => c.Name == column)) throw new ArgumentException($"duplicate column '{column}'");
    }

    public Frame<string, string> Build()
    {
        // Start from an empty frame indexed by the row keys so that row order is the builder's, not sorted.
        var frame = Frame.FromRowKeys(_rowKeys.ToArray());
        foreach (var (name, series) in _columns) frame.AddColumn(name, series);
        return frame;
    }
}
