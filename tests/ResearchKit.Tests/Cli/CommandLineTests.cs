using System.Text.Json;
using ResearchKit.Cli;

namespace ResearchKit.Tests.Cli;

public class CommandLineTests
{
    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = CommandLine.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void CommandLine_Help_ListsSubcommands()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        foreach (var c in new[] { "reproduce", "composition", "pressiometry", "bench" }) Assert.Contains(c, output);
    }

    [Fact]
    public void CommandLine_EveryCommand_HasHelp()
    {
        foreach (var c in CommandLine.Commands)
        {
            var (code, output, _) = Run([.. c.Name.Split(' '), "--help"]);
            Assert.Equal(0, code);
            Assert.Contains("researchkit " + c.Name, output);
        }
    }

    [Fact]
    public void CommandLine_UnknownCommandOrOption_ExitsTwo()
    {
        Assert.Equal(2, Run("frobnicate").Code);
        var (code, _, err) = Run("pressiometry", "--jsonn");
        Assert.Equal(2, code);
        Assert.Contains("--jsonn", err);
    }

    [Fact]
    public void Composition_Json_IsOneObjectWithFractionsAddingToOne()
    {
        var (code, output, _) = Run("composition", "--blend", "7:3", "--porosity", "0.076", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var f = doc.RootElement.GetProperty("volume_fractions");
        double sum = f.EnumerateObject().Sum(p => p.Value.GetDouble());
        Assert.Equal(1.0, sum, 12);
        Assert.Equal(0.076, f.GetProperty("pore").GetDouble(), 12);
    }

    [Fact]
    public void Composition_BadWeights_ExitTwoNamingField()
    {
        var (code, _, err) = Run("composition", "--blend", "7:3", "--wt", "90:9:0.5");
        Assert.Equal(2, code);
        Assert.Contains("wt_percent", err);
        Assert.Contains("100", err);
    }

    [Fact]
    public void Pressiometry_Json_HasTheFiveCathodes()
    {
        var (code, output, _) = Run("pressiometry", "--json");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var rows = doc.RootElement.GetProperty("cathodes").EnumerateArray().ToList();
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.True(Math.Abs(r.GetProperty("mass_weighted_deviation_percent").GetDouble()) < 3));
    }
}
