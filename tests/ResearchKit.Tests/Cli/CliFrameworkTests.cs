using System.Text.Json;
using ResearchKit.Cli;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.IO;

namespace ResearchKit.Tests.Cli;

/// <summary>The System.CommandLine layer: generated help, the exit-code contract, one JSON object, library-side parsing.</summary>
public sealed class CliFrameworkTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static (int Code, string Out, string Err) Run(params string[] args) => CommandLineTests.Run(args);

    [Fact]
    public void TwinHelp_Generated_ListsEveryDeclaredOption()
    {
        var (code, output, _) = Run("twin", "--help");
        Assert.Equal(0, code);
        // The hand-written synopsis omitted the last four.
        foreach (var o in new[] { "--blend", "--seed", "--voxel-um", "--out", "--box-um", "--loading-mg-cm2", "--composition", "--threads", "--json",
                     "--interlayer-um", "--ncwa-psa", "--ncm-psa", "--particles" })
            Assert.Contains(o, output);
    }

    [Theory]
    [InlineData("--bogus", "pressiometry", "--bogus")]
    [InlineData("FILE", "kk")]
    [InlineData("--blend", "composition")]
    [InlineData("--count", "packing", "--count", "many")]
    [InlineData("--mode", "cycling", "summary", "x.mpt", "--mode", "sideways")]
    public void ParseErrors_UnknownOrMissingOrMalformed_ExitTwoWithOneLineNamingIt(string named, params string[] args)
    {
        var (code, output, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Single(err.TrimEnd().Split('\n'));
        Assert.Contains(named, err);
    }

    [Fact]
    public void Group_WithoutSubcommand_ExitsTwoListingThem()
    {
        var (code, _, err) = Run("cycling");
        Assert.Equal(2, code);
        Assert.Contains("summary", err);
        Assert.Equal(2, Run("frobnicate").Code);
        Assert.Equal(2, Run().Code);
    }

    [Fact]
    public void Tortuosity_Json_IsOneObjectWithConverged()
    {
        var v = new LabelVolume(12, 6, 6, 1.0);
        for (int z = 0; z < 12; z++) for (int y = 0; y < 6; y++) for (int x = 0; x < 3; x++) v[z, y, x] = 3;
        var path = Path.Combine(_dir, "half.raw");
        VolumeFiles.Write(v, path);
        var (code, output, err) = Run("tortuosity", path, "--axis", "z", "--conductivity", "sse=2.0", "--json");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(output); // throws on a second object or trailing text
        Assert.True(doc.RootElement.GetProperty("converged").GetBoolean());
        Assert.Equal("tolerance_reached", doc.RootElement.GetProperty("exit_reason").GetString());
        // A straight half-channel: tau = 1 exactly, sigma_eff = eps sigma = 0.5 * 2.
        Assert.Equal(1.0, doc.RootElement.GetProperty("tau").GetDouble(), 6);
        Assert.Equal(1.0, doc.RootElement.GetProperty("effective_conductivity").GetDouble(), 6);
    }

    [Fact]
    public void LabelSelection_NamesAndCodes_ParseToConductivities()
    {
        var v = new LabelVolume(2, 2, 2, 1.0);
        v[0, 0, 0] = 3; v[1, 1, 1] = 4;
        var s = LabelSelection.ParseValues("sse=1.5, 4=0.02", PhaseLabels.Names, v, "conductivity");
        Assert.Equal(1.5, s[3]);
        Assert.Equal(0.02, s[4]);
        var e = Assert.Throws<InvalidInputException>(() => LabelSelection.ParseValues("3=1,sse=2", PhaseLabels.Names, v, "conductivity"));
        Assert.Equal("conductivity", e.Field);
        Assert.Throws<InvalidInputException>(() => LabelSelection.ParseValues("3=-1", PhaseLabels.Names, v, "conductivity"));
        Assert.Throws<InvalidInputException>(() => LabelSelection.ParseValues("3", PhaseLabels.Names, v, "conductivity"));
    }

    [Fact]
    public void SeedSweep_ThreeSeeds_RunsInSeedOrder()
    {
        var rows = SeedSweep.Run(5, 3, s => new[] { s, s * 10 });
        Assert.Equal([5UL, 50, 6, 60, 7, 70], rows);
        Assert.Equal("seeds", Assert.Throws<InvalidInputException>(() => SeedSweep.Seeds(1, 0)).Field);
    }
}
