using System.Text.Json;
using ResearchKit.Cli;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.IO;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Transport;

public sealed class TransportCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("rk-tcli-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    string Strip()
    {
        // 10x10 channel (label 3) along every axis of a 20^3 block of label 1.
        var v = new LabelVolume(20, 20, 20, 0.5);
        Array.Fill(v.Labels, (byte)1);
        for (int z = 0; z < 20; z++) for (int y = 0; y < 10; y++) for (int x = 0; x < 10; x++) v[z, y, x] = 3;
        var path = Path.Combine(_dir, "strip.raw");
        VolumeFiles.Write(v, path);
        return path;
    }

    [Fact]
    public void Tortuosity_PlainNpyWithoutVoxelSize_GivesDimensionlessTauAndNullVoxel()
    {
        // Tortuous-free check: a straight channel of label 1 along x (a quarter of the cross-section) in label 0; tau = 1, eps = 0.25.
        var v = new LabelVolume(8, 8, 12, 1.0);
        for (int z = 0; z < 4; z++) for (int y = 0; y < 4; y++) for (int x = 0; x < 12; x++) v[z, y, x] = 1;
        var path = Path.Combine(_dir, "plain.npy");
        Npy.Write(v, path);
        Assert.False(File.Exists(VolumeFiles.SidecarPath(path)));
        var (rc, o, e) = Run("tortuosity", path, "--axis", "x", "--phase", "1", "--json");
        Assert.True(rc == 0, e);
        var j = JsonDocument.Parse(o).RootElement;
        Assert.Equal(1.0, j.GetProperty("tau").GetDouble(), 6);
        Assert.Equal(0.25, j.GetProperty("volume_fraction").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("voxel_um").ValueKind);
        Assert.Contains("dimensionless", j.GetProperty("voxel_um_note").GetString());
    }

    [Fact]
    public void TortuosityCommand_Json_HasTheKeys()
    {
        var (rc, o, e) = Run("tortuosity", Strip(), "--axis", "z", "--phase", "sse", "--json");
        Assert.True(rc == 0, e);
        var j = JsonDocument.Parse(o).RootElement;
        foreach (var k in new[] { "tau", "relative_conductivity", "volume_fraction", "through_fraction", "percolating", "iterations", "residual", "seconds" })
            Assert.True(j.TryGetProperty(k, out _), k);
        Assert.Equal(1.0, j.GetProperty("tau").GetDouble(), 5);
        Assert.Equal(0.25, j.GetProperty("volume_fraction").GetDouble(), 9);
        Assert.True(j.GetProperty("percolating").GetBoolean());
    }

    [Fact]
    public void TortuosityCommand_MultiphaseAndNonPercolating_GiveInfinity()
    {
        var path = Strip();
        var (rc, o, _) = Run("tortuosity", path, "--axis", "z", "--conductivity", "3=2.0, 1=0", "--json");
        Assert.Equal(0, rc);
        Assert.Equal(1.0, JsonDocument.Parse(o).RootElement.GetProperty("tau").GetDouble(), 5);
        // A phase that is absent from the volume but named in the sidecar does not percolate: tau = "Infinity".
        (rc, o, _) = Run("tortuosity", path, "--axis", "y", "--phase", "0", "--json");
        Assert.Equal(0, rc);
        var j = JsonDocument.Parse(o).RootElement;
        Assert.Equal("Infinity", j.GetProperty("tau").GetString());
        Assert.False(j.GetProperty("percolating").GetBoolean());
    }

    [Theory]
    [InlineData("--conductivity", "7=1", "conductivity")]
    [InlineData("--conductivity", "nickel=1", "conductivity")]
    [InlineData("--conductivity", "3=-1", "conductivity")]
    [InlineData("--phase", "99", "phase")]
    public void TransportCli_BadLabels_ExitTwoNamingTheField(string opt, string value, string field)
    {
        var (rc, _, e) = Run("tortuosity", Strip(), "--axis", "z", opt, value);
        Assert.Equal(2, rc);
        Assert.Contains($"field '{field}'", e);
    }

    [Fact]
    public void TransportCli_AxisOfLengthOneAndSidecarMismatch_ExitTwo()
    {
        var v = new LabelVolume(1, 8, 8, 1.0);
        var flat = Path.Combine(_dir, "flat.npy");
        VolumeFiles.Write(v, flat);
        var (rc, _, e) = Run("tortuosity", flat, "--axis", "z", "--phase", "0");
        Assert.Equal(2, rc);
        Assert.Contains("field 'axis'", e);
        var path = Strip();
        File.WriteAllBytes(path, new byte[100]);
        (rc, _, e) = Run("tortuosity", path, "--axis", "z", "--phase", "3");
        Assert.Equal(2, rc);
        Assert.Contains("shape_zyx", e);
        (rc, _, _) = Run("tortuosity", Strip(), "--phase", "3");
        Assert.Equal(2, rc);
    }

    [Fact]
    public void MorphologyCommand_Json_HasTheKeys()
    {
        var (rc, o, e) = Run("morphology", Strip(), "--json");
        Assert.True(rc == 0, e);
        var j = JsonDocument.Parse(o).RootElement;
        Assert.Equal(0.25, j.GetProperty("volume_fractions").GetProperty("3").GetDouble(), 9);
        Assert.Equal(0.75, j.GetProperty("through_fractions").GetProperty("1").GetDouble(), 9);
        // Two 20x10 internal faces between the channel and the block: (2/3) * 400 faces * 0.25 um^2 / (8000 * 0.125 um^3).
        Assert.Equal(2.0 / 3.0 * 400 * 0.25 / 1000, j.GetProperty("interface_area_per_volume").GetProperty("1-3").GetDouble(), 9);
        Assert.Equal(JsonValueKind.Null, j.GetProperty("mean_pore_size_um").ValueKind);
        Assert.Equal(JsonValueKind.Array, j.GetProperty("pore_size_distribution").ValueKind);
    }

    [Fact]
    public void MorphologyCommand_SpherePores_GivePoreSize()
    {
        var v = TransportGeometries.OverlappingSpheres(24, 24, 24, 4, 0.4, 3, 0.1);
        var path = Path.Combine(_dir, "sph.npy");
        VolumeFiles.Write(v, path);
        var (rc, o, e) = Run("morphology", path, "--voxel-um", "0.2", "--json");
        Assert.True(rc == 0, e);
        double mean = JsonDocument.Parse(o).RootElement.GetProperty("mean_pore_size_um").GetDouble();
        Assert.InRange(mean, 0.2, 24 * 0.2);
    }
}
