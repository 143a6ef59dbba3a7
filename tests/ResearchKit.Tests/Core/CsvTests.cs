namespace ResearchKit.Tests.Core;

public class CsvTests
{
    [Fact]
    public void Parse_QuotedFieldsAndComments_KeepsLineNumbers()
    {
        var t = CsvTable.Parse("# comment\na,b\n1,\"x, y\"\n\n2,\"q\"\"q\"\n", "mem.csv");
        Assert.Equal(2, t.Rows.Count);
        Assert.Equal("x, y", t.Rows[0].Text("b"));
        Assert.Equal(3, t.Rows[0].Line);
        Assert.Equal("q\"q", t.Rows[1].Text("b"));
        Assert.Equal(5, t.Rows[1].Line);
    }

    [Fact]
    public void Number_NonNumeric_NamesFileLineAndColumn()
    {
        var t = CsvTable.Parse("a,value\nx,abc\n", "mem.csv");
        var e = Assert.Throws<InvalidInputException>(() => { t.Rows[0].Number("value"); });
        Assert.Contains("mem.csv", e.Message);
        Assert.Contains("line 2", e.Message);
        Assert.Contains("'value'", e.Message);
    }

    [Fact]
    public void Parse_MissingRequiredColumn_Throws()
    {
        var e = Assert.Throws<InvalidInputException>(() => CsvTable.Parse("a,b\n1,2\n", "m.csv", ["unit"]));
        Assert.Equal("unit", e.Field);
    }
}
