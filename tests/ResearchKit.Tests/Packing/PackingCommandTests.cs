using System.Text.Json;
using ResearchKit.Cli;

namespace ResearchKit.Tests.Packing;

public class PackingCommandTests
{
    [Fact]
    public void PackingCommand_Json_HasTheIssueKeys()
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(["packing", "--psd", "binary", "--size-ratio", "0.5", "--large-fraction", "0.7", "--count", "200", "--seed", "3", "--json"], o, e);
        Assert.Equal(0, rc);
        using var doc = JsonDocument.Parse(o.ToString());
        var root = doc.RootElement;
        Assert.InRange(root.GetProperty("packing_fraction").GetDouble(), 0.55, 0.72);
        Assert.Equal(200, root.GetProperty("count").GetInt32());
        Assert.True(root.GetProperty("iterations").GetInt32() > 0);
        Assert.True(root.GetProperty("max_relative_overlap").GetDouble() < 1e-3);
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
    }

    [Theory]
    [InlineData("--psd", "trimodal")]
    [InlineData("--size-ratio", "1.5")]
    [InlineData("--large-fraction", "-0.1")]
    [InlineData("--count", "1")]
    public void PackingCommand_BadOptions_Exit2(string option, string value)
    {
        var args = new List<string> { "packing", "--psd", "binary", "--count", "50" };
        int i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value; else { args.Add(option); args.Add(value); }
        var o = new StringWriter(); var e = new StringWriter();
        Assert.Equal(2, CommandLine.Run(args.ToArray(), o, e));
        Assert.Contains(option, e.ToString());
    }
}
