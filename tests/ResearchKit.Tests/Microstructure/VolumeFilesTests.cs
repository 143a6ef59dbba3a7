using System.Text.Json.Nodes;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.IO;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Microstructure;

public sealed class VolumeFilesTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("rk-volio-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static LabelVolume Sample() => TransportGeometries.OverlappingSpheres(7, 5, 6, 1.5, 0.5, 9, 0.25);

    [Theory]
    [InlineData("v.npy")]
    [InlineData("v.raw")]
    [InlineData("v.tif")]
    [InlineData("v.tiff")]
    public void VolumeFiles_WriteRead_RoundTrips(string name)
    {
        var v = Sample();
        v.Labels[3] = 4;
        var path = Path.Combine(_dir, name);
        VolumeFiles.Write(v, path, new VolumeMetadata { Generator = "test", Seed = 9, Parameters = new JsonObject { ["r"] = 1.5 } });
        var back = VolumeFiles.Read(path);
        Assert.Equal((7, 5, 6), back.ShapeZyx);
        Assert.Equal(0.25, back.VoxelUm);
        Assert.Equal(v.Labels, back.Labels);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp-*"));
        var side = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(path, ".json")))!;
        Assert.Equal("test", side["generator"]!.GetValue<string>());
        Assert.Equal(9UL, side["seed"]!.GetValue<ulong>());
        Assert.Equal("sse", side["labels"]!["3"]!.GetValue<string>());
    }

    [Fact]
    public void VolumeFiles_PackBitsTiff_Reads()
    {
        var v = Sample();
        // Build a PackBits-compressed big-endian-free little-endian TIFF by hand: one page per slice.
        var path = Path.Combine(_dir, "pb.tif");
        using (var fs = File.Create(path))
        {
            var bw = new BinaryWriter(fs);
            bw.Write("II"u8.ToArray()); bw.Write((ushort)42); bw.Write(8u);
            uint offset = 8;
            int page = v.Ny * v.Nx;
            for (int z = 0; z < v.Nz; z++)
            {
                var packed = Tiff.PackBits(v.Labels.AsSpan(z * page, page));
                uint data = offset + 2 + 8 * 12 + 4;
                uint next = z == v.Nz - 1 ? 0 : data + (uint)packed.Length;
                bw.Write((ushort)8);
                void E(ushort tag, ushort type, uint val) { bw.Write(tag); bw.Write(type); bw.Write(1u); if (type == 3) { bw.Write((ushort)val); bw.Write((ushort)0); } else bw.Write(val); }
                E(256, 4, (uint)v.Nx); E(257, 4, (uint)v.Ny); E(258, 3, 8); E(259, 3, 32773); E(262, 3, 1);
                E(273, 4, data); E(277, 3, 1); E(279, 4, (uint)packed.Length);
                bw.Write(next);
                bw.Write(packed);
                offset = next;
            }
        }
        var back = VolumeFiles.Read(path, 0.25);
        Assert.Equal(v.Labels, back.Labels);
    }

    [Fact]
    public void VolumeFiles_SidecarSizeMismatch_NamesTheField()
    {
        var v = Sample();
        var path = Path.Combine(_dir, "m.raw");
        VolumeFiles.Write(v, path);
        var side = Path.ChangeExtension(path, ".json");
        File.WriteAllText(side, File.ReadAllText(side).Replace("\"shape_zyx\": [\n    7,", "\"shape_zyx\": [\n    8,"));
        var e = Assert.Throws<InvalidInputException>(() => VolumeFiles.Read(path));
        Assert.Equal("shape_zyx", e.Field);
        // .npy with a disagreeing sidecar
        var npy = Path.Combine(_dir, "m2.npy");
        VolumeFiles.Write(v, npy);
        File.WriteAllText(Path.ChangeExtension(npy, ".json"), File.ReadAllText(side));
        Assert.Equal("shape_zyx", Assert.Throws<InvalidInputException>(() => VolumeFiles.Read(npy)).Field);
        // No voxel size anywhere
        var bare = Path.Combine(_dir, "bare.npy");
        Npy.Write(v, bare);
        Assert.Equal("voxel_um", Assert.Throws<InvalidInputException>(() => VolumeFiles.Read(bare)).Field);
    }

    [Fact]
    public void VolumeFiles_Vtk_IsWritten()
    {
        var v = Sample();
        var vti = Path.Combine(_dir, "v.vti");
        var vtk = Path.Combine(_dir, "v.vtk");
        VolumeFiles.Write(v, vti);
        VolumeFiles.Write(v, vtk);
        var bytes = File.ReadAllBytes(vti);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        Assert.Contains("WholeExtent=\"0 6 0 5 0 7\"", text);
        int us = text.IndexOf("\n   _", StringComparison.Ordinal) + 5;
        Assert.Equal((ulong)v.Count, BitConverter.ToUInt64(bytes, us));
        Assert.Equal(v.Labels, bytes.AsSpan(us + 8, (int)v.Count).ToArray());
        Assert.StartsWith("# vtk DataFile Version 3.0", File.ReadAllText(vtk));
        Assert.Throws<InvalidInputException>(() => VolumeFiles.Write(v, Path.Combine(_dir, "v.xyz")));
    }
}
