using ResearchKit.Cli;
using ResearchKit.Materials;

namespace ResearchKit.Tests.Materials;

public class BlendTests
{
    [Theory]
    [InlineData("7:3", 0.7)]
    [InlineData("CAM7:3", 0.7)]
    [InlineData("cam 8:2", 0.8)]
    [InlineData("0.7", 0.7)]
    [InlineData("70%", 0.7)]
    [InlineData("65:35", 0.65)]
    [InlineData("10:0", 1.0)]
    [InlineData("0:10", 0.0)]
    [InlineData("1", 1.0)]
    public void Parse_FourForms_GiveNcwaMassFraction(string text, double expected) => Assert.Equal(expected, Blend.Parse(text), 12);

    [Theory]
    [InlineData("7-3")]
    [InlineData("a:b")]
    [InlineData("0:0")]
    [InlineData("-1:2")]
    [InlineData("7")]
    [InlineData("120%")]
    [InlineData("")]
    [InlineData("7:3:1")]
    public void Parse_Bad_ThrowsNamingField(string text)
    {
        var e = Assert.Throws<InvalidInputException>(() => Blend.Parse(text));
        Assert.Equal("blend", e.Field);
        Assert.Contains(text, e.Message);
        Assert.False(Blend.TryParse(text, out _));
    }

    [Fact]
    public void Parse_CustomField_IsNamed() => Assert.Equal("ncwa", Assert.Throws<InvalidInputException>(() => Blend.Parse("x", "ncwa")).Field);

    [Fact]
    public void ParseComposition_PaperString_GivesWeightPercentages()
    {
        var c = Blend.ParseComposition("90:9.5:0.5", 0.7);
        Assert.Equal(new CathodeComposition(90, 9.5, 0.5, 0.7), c);
    }

    [Theory]
    [InlineData("90:9.5", "composition")]
    [InlineData("90:x:0.5", "composition")]
    [InlineData("90:9:0.5", "composition")]
    public void ParseComposition_Bad_ThrowsNamingField(string text, string field) =>
        Assert.Equal(field, Assert.Throws<InvalidInputException>(() => Blend.ParseComposition(text, 0.7)).Field);

    static string TwinStdout(string blend, params string[] extra)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(["twin", "--blend", blend, "--seed", "3", "--voxel-um", "0.5", "--box-um", "30", "--loading-mg-cm2", "2", .. extra], o, e);
        Assert.True(rc == 0, e.ToString());
        return o.ToString();
    }

    [Theory]
    [InlineData("--json")]
    [InlineData("--text")]
    public void TwinCli_FractionAndRatio_GiveByteIdenticalOutput(string mode)
    {
        string[] extra = mode == "--json" ? ["--json"] : [];
        var ratio = TwinStdout("7:3", extra);
        Assert.Equal(ratio, TwinStdout("0.7", extra));
        Assert.Equal(ratio, TwinStdout("CAM7:3", extra));
        Assert.Equal(ratio, TwinStdout("70%", extra));
        Assert.NotEqual(ratio, TwinStdout("8:2", extra)); // the blend does reach the twin
    }
}
