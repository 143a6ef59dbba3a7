using ResearchKit.Cycling;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Tests.Cycling;

public class EcLabReaderTests
{
    static string P(string n) => CyclingReferenceFiles.Path_(n);

    [Theory]
    [InlineData("yadg__gcpl.issue_226.CxN", 15)]
    [InlineData("yadg__gcpl.pr_182.1", 2533)]
    public void MprMatchesItsMptExport(string stem, int points)
    {
        var mpr = EcLabMpr.ReadRaw(P(stem + ".mpr"));
        var mpt = EcLabMptReader.ReadRaw(P(stem + ".mpt"));
        Assert.Equal(points, mpr.TimeS.Length);
        Assert.Equal(points, mpt.TimeS.Length);
        int compared = 0;
        foreach (var col in mpr.Columns)
        {
            var other = mpt.Columns.FirstOrDefault(c => c.Name == col.Name);
            Assert.True(other is not null, $"column {col.Name} of the .mpr is missing from the .mpt");
            // float32 columns are printed with 8 significant digits, float64 with 16.
            double rel = col.Values is float[] ? 2e-7 : 1e-14;
            for (int i = 0; i < points; i++)
            {
                double a = col[i], b = other![i];
                Assert.True(Math.Abs(a - b) <= rel * Math.Max(Math.Abs(a), Math.Abs(b)) + 1e-300,
                    $"{stem} column {col.Name} row {i}: mpr {a:R} vs mpt {b:R}");
            }
            compared++;
        }
        Assert.True(compared >= 15);
    }
}
