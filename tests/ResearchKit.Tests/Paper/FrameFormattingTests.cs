using ResearchKit.Paper;

namespace ResearchKit.Tests.Paper;

public class FrameFormattingTests
{
    [Fact]
    public void FrameFormatting_Html_IsACompactTableWithKeysAndUnits()
    {
        var html = FrameFormatting.ToHtml(PaperData.Default.BySample("porosity_sem"));
        Assert.StartsWith("<table class=\"deedle-frame\"", html);
        Assert.Contains("CAM7:3", html);
        Assert.Contains("porosity_sem [%]", html);
        Assert.True(html.Length < 5000);
    }

    [Fact]
    public void FrameFormatting_LongFrames_AreTruncatedWithANote()
    {
        var keys = Enumerable.Range(0, 50).Select(i => $"r{i}").ToList();
        var f = new FrameColumns(keys).Add("x", keys.Select((_, i) => (double)i)).Build();
        Assert.Contains("showing 20 of 50 rows", FrameFormatting.ToHtml(f));
        Assert.Contains("(showing 20 of 50 rows)", FrameFormatting.ToText(f));
    }

    [Theory]
    [InlineData(0.123456, "0.1235")]
    [InlineData(1884.3199, "1884")]
    [InlineData(2.5e-7, "2.5e-7")]
    [InlineData(0.0, "0")]
    public void FrameFormatting_Numbers_HaveFourSignificantDigits(double v, string expected) => Assert.Equal(expected, FrameFormatting.FormatValue(v));
}
