using System.Text.Json;
using ResearchKit.Cli;

namespace ResearchKit.Tests.Microstructure.Generators;

public class TwinCliTests
{
    static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    [Fact]
    public void Twin_Json_HasIssueKeysAndWritesFiles()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rk-twin-" + Guid.NewGuid().ToString("N"));
        var (rc, output, err) = Run("twin", "--blend", "1:1", "--seed", "2", "--voxel-um", "0.25", "--box-um", "30", "--loading-mg-cm2", "2", "--out", dir, "--json");
        Assert.True(rc == 0, err);
        var j = JsonDocument.Parse(output).RootElement;
        foreach (var k in new[] { "porosity", "volume_fractions", "thickness_um", "cam_packing_fraction", "particle_counts", "contacts", "shape_zyx", "voxel_um" })
            Assert.True(j.TryGetProperty(k, out _), k);
        var vf = j.GetProperty("volume_fractions");
        double sum = 0;
        foreach (var k in new[] { "pore", "ncwa", "ncm", "sse", "carbon" }) sum += vf.GetProperty(k).GetDouble();
        Assert.Equal(1.0, sum, 9);
        Assert.True(vf.GetProperty("carbon").GetDouble() > 0);
        Assert.Equal(j.GetProperty("porosity").GetDouble(), vf.GetProperty("pore").GetDouble());
        var shape = j.GetProperty("shape_zyx");
        Assert.Equal(120, shape[1].GetInt32());
        var vol = ResearchKit.Microstructure.IO.Npy.Read(Path.Combine(dir, "labels.npy"), 0.25);
        Assert.Equal(shape[0].GetInt32(), vol.Nz);
        Assert.True(File.Exists(Path.Combine(dir, "particles.csv")));
        var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "twin.json"))).RootElement;
        Assert.Equal(2UL, sidecar.GetProperty("seed").GetUInt64());
        Directory.Delete(dir, true);
    }

    [Theory]
    [InlineData("blend", "twin", "--blend", "7/3")]
    [InlineData("box_x_um", "twin", "--blend", "10:0", "--box-um", "15")]
    [InlineData("voxel_um", "twin", "--blend", "7:3", "--voxel-um", "0.3")]
    [InlineData("voxel_um", "twin", "--blend", "7:3", "--voxel-um", "-1")]
    [InlineData("composition", "twin", "--blend", "7:3", "--composition", "90:20:0.5")]
    [InlineData("composition", "twin", "--blend", "7:3", "--composition", "90:x")]
    public void Twin_BadInput_Exit2NamesField(string field, params string[] args)
    {
        var (rc, _, err) = Run(args);
        Assert.Equal(2, rc);
        Assert.Contains(field, err);
    }
}
