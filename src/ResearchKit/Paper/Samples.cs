using System.Globalization;

namespace ResearchKit.Paper;

/// <summary>A composite cathode of the paper: its name (CAM7:3) and NCWA share of the CAM mass.</summary>
public sealed record Sample(string Name, double NcwaMassFraction)
{
    public bool IsBimodal => NcwaMassFraction is > 0 and < 1;
    public override string ToString() => Name;
}

/// <summary>The five cathodes of the paper, in the order of its figures (blends are parsed by <see cref="ResearchKit.Materials.Blend.Parse"/>).</summary>
public static class Samples
{
    public static readonly Sample Cam10_0 = new("CAM10:0", 1.0);
    public static readonly Sample Cam8_2 = new("CAM8:2", 0.8);
    public static readonly Sample Cam7_3 = new("CAM7:3", 0.7);
    public static readonly Sample Cam6_4 = new("CAM6:4", 0.6);
    public static readonly Sample Cam0_10 = new("CAM0:10", 0.0);

    /// <summary>CAM10:0, CAM8:2, CAM7:3, CAM6:4, CAM0:10 (the order of the paper's panels).</summary>
    public static IReadOnlyList<Sample> All { get; } = [Cam10_0, Cam8_2, Cam7_3, Cam6_4, Cam0_10];

    /// <summary>Names that may appear in data/paper besides the five cathodes.</summary>
    public static IReadOnlySet<string> OtherNames { get; } = new HashSet<string> { "all", "BCC", "UCC", "NCWA", "NCM", "SSE", "CAM8+2", "CAM7+3", "CAM6+4" };

    public static Sample ByName(string name) =>
        All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidInputException($"unknown sample '{name}'; expected one of {string.Join(", ", All.Select(s => s.Name))}", field: "sample");

    /// <summary>Name of a blend in the paper's style: 0.7 -> "CAM7:3"; other ratios keep two decimals ("CAM6.5:3.5").</summary>
    public static string NameOf(double ncwaMassFraction)
    {
        double a = Math.Round(ncwaMassFraction * 10, 2), b = Math.Round(10 - a, 2);
        return $"CAM{a.ToString(CultureInfo.InvariantCulture)}:{b.ToString(CultureInfo.InvariantCulture)}";
    }
}
