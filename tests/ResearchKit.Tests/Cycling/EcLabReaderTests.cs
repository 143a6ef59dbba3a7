using ResearchKit.Cycling;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Tests.Cycling;

public class EcLabReaderTests
{
    static string P(string n) => CyclingReferenceFiles.Path_(n);

    [SkippableTheory]
    [InlineData("yadg__gcpl.issue_226.CxN", 15)]
    [InlineData("yadg__gcpl.pr_182.1", 2533)]
    public void EcLabReader_Mpr_MatchesItsMptExport(string stem, int points)
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

    [SkippableFact]
    public void EcLabReader_StreamedBlocks_EqualTheWholeRead()
    {
        var path = P("yadg__gcpl.pr_182.1.mpr");
        var whole = EcLabMpr.ReadRaw(path);
        var blocks = EcLabMpr.ReadBlocks(path, 1000).ToList();
        Assert.Equal(3, blocks.Count);
        Assert.Equal(2000, blocks[2].FirstRecord);
        for (int c = 0; c < whole.Columns.Count; c++)
        {
            var joined = blocks.SelectMany(b => Enumerable.Range(0, b.Count).Select(i => b.Columns[c][i])).ToArray();
            Assert.Equal(whole.Columns[c].ToDoubles(), joined);
        }
    }

    [SkippableFact]
    public void EcLabReader_AllReferenceMprVersions_Read()
    {
        // v1 headers / data version 3 (pr_182), v2 headers / version 11 (issue_226, issue_228, Modulo Bat file).
        Assert.Equal(3, EcLabMpr.ReadModules(P("yadg__gcpl.pr_182.1.mpr")).Single(m => m.ShortName == "VMP data").Version);
        var mb = EcLabMpr.ReadRaw(P("navani__00_test_04_MB_C01.mpr"));
        Assert.Equal(1501, mb.TimeS.Length);
        Assert.Contains(mb.Columns, c => c.Name == "|Energy|/W.h");
        Assert.NotNull(mb.CurrentMA); // I/mA stored
        var c228 = EcLabMpr.ReadRaw(P("yadg__gcpl.issue_228.mpr"));
        Assert.Equal(10914, c228.TimeS.Length);
        Assert.Null(c228.CurrentMA); // no current column: derived from dq/dt by the builder
    }

    [SkippableFact]
    public void EcLabReader_StreamedMptBlocks_EqualTheWholeReadAndNameLines()
    {
        var path = P("yadg__gcpl.pr_182.1.mpt");
        var whole = EcLabMptReader.ReadRaw(path);
        var blocks = EcLabMptReader.ReadBlocks(path, 100_000).ToList();
        Assert.True(blocks.Count > 5);
        Assert.Equal(whole.TimeS.Length, blocks.Sum(b => b.Count));
        for (int c = 0; c < whole.Columns.Count; c++)
            Assert.Equal(whole.Columns[c].ToDoubles(), blocks.SelectMany(b => b.Columns[c].ToDoubles()).ToArray());

        // A bad number far into the file is reported with its line number from the start of the file.
        var tmp = Path.Combine(Path.GetTempPath(), $"rk-stream-{Guid.NewGuid():N}.mpt");
        try
        {
            var sb = new System.Text.StringBuilder("EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\tEwe/V\tI/mA\n");
            for (int i = 0; i < 5000; i++) sb.Append($"{i}\t3.5\t0.1\n");
            sb.Append("5000\t3.5x\t0.1\n");
            File.WriteAllText(tmp, sb.ToString());
            var ex = Assert.Throws<InvalidInputException>(() => EcLabMptReader.ReadBlocks(tmp, 4096).ToList());
            Assert.Contains("line 5004", ex.Message);
            Assert.Contains("Ewe/V", ex.Message);
            ex = Assert.Throws<InvalidInputException>(() => EcLabMptReader.ReadRaw(tmp));
            Assert.Contains("line 5004", ex.Message);
        }
        finally { File.Delete(tmp); }
    }
}
