using BitMiracle.LibTiff.Classic;
using ResearchKit.Imaging;
using static ResearchKit.Tests.Imaging.ImagingTestData;

namespace ResearchKit.Tests.Imaging;

public class ImageIoTests
{
    static string Temp(string ext) => Path.Combine(Path.GetTempPath(), $"rk-img-{Guid.NewGuid():N}{ext}");

    [Theory]
    [InlineData(1, 8)]
    [InlineData(1, 16)]
    [InlineData(3, 8)]
    [InlineData(3, 16)]
    public void Png_RoundTrip_KeepsEverySampleAndPixelSize(int channels, int bits)
    {
        int w = 37, h = 23, max = (1 << bits) - 1;
        var s = new ushort[w * h * channels];
        var rng = new SplitMix64(3);
        for (int i = 0; i < s.Length; i++) s[i] = (ushort)(rng.NextUInt64() % (ulong)(max + 1));
        var path = Temp(".png");
        try
        {
            Png.Write(path, w, h, channels, bits, s, pixelSizeUm: 0.125);
            var r = ImageFile.Read(path);
            Assert.Equal((w, h, channels, bits), (r.Width, r.Height, r.Channels, r.BitDepth));
            Assert.Equal(s, r.Samples);
            Assert.Equal(0.125, r.Metadata.PixelSizeUm!.Value, 9);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Png_Truncated_IsInvalidInputNamingTheChunk()
    {
        var bytes = Png.Encode(20, 20, 1, 8, new ushort[400]);
        var e = Assert.Throws<InvalidInputException>(() => Png.Decode(bytes[..(bytes.Length - 20)], "cut.png"));
        Assert.Equal("chunk", e.Field);
        var damaged = (byte[])bytes.Clone();
        damaged[40] ^= 0xFF;
        Assert.Throws<InvalidInputException>(() => Png.Decode(damaged, "bad.png"));
    }

    [Fact]
    public void Png_ColourImage_IsRejectedWithoutAChannelAndReadsTheChannelGiven()
    {
        var s = new ushort[2 * 2 * 3];
        for (int i = 0; i < 4; i++) { s[3 * i] = 10; s[3 * i + 1] = 20; s[3 * i + 2] = 60; }
        var r = Png.Decode(Png.Encode(2, 2, 3, 8, s));
        Assert.Equal("channel", Assert.Throws<InvalidInputException>(() => r.ToGrey()).Field);
        Assert.All(r.ToGrey("g").Pixels, v => Assert.Equal(20, v));
        Assert.All(r.ToGrey("mean").Pixels, v => Assert.Equal(30, v));
    }

    [Fact]
    public void Tiff_FeiHelios16Bit_PixelWidthAndDataBarFromTag()
    {
        int w = 8, h = 12;
        var s = Enumerable.Range(0, w * h).Select(i => (ushort)(i * 500)).ToArray();
        string ini = "[User]\r\nDate=01/02/2026\r\n[Image]\r\nResolutionX=8\r\nResolutionY=10\r\n[Scan]\r\nPixelWidth=2.5e-008\r\nPixelHeight=2.5e-008\r\n";
        var path = Temp(".tif");
        try
        {
            File.WriteAllBytes(path, Tiff(w, h, 16, 1, s, new Dictionary<int, string> { [34682] = ini }));
            var r = ImageFile.Read(path);
            Assert.Equal((16, 1), (r.BitDepth, r.Channels));
            Assert.Equal(s, r.Samples);
            Assert.Equal(0.025, r.Metadata.PixelSizeUm!.Value, 12);
            Assert.Equal(2, r.Metadata.DataBarRows);
            Assert.Contains("PixelWidth", r.Metadata.PixelSizeSource);
            var g = ImageFile.ReadGrey(path, cropBottomPx: -1);
            Assert.Equal(10, g.Height);
            Assert.Equal(0.5, ImageFile.ReadGrey(path, scaleUmPerPx: 0.5).PixelSizeUm);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Tiff_ZeissBigEndian8Bit_ImagePixelSizeInNm()
    {
        var s = Enumerable.Range(0, 6 * 4).Select(i => (ushort)(i * 10)).ToArray();
        var path = Temp(".tif");
        try
        {
            File.WriteAllBytes(path, Tiff(6, 4, 8, 1, s, new Dictionary<int, string> { [34118] = "0\r\n AP_IMAGE_PIXEL_SIZE\r\nImage Pixel Size = 44.67 nm\r\n" }, bigEndian: true));
            var r = ImageFile.Read(path);
            Assert.Equal(s, r.Samples);
            Assert.Equal(0.04467, r.Metadata.PixelSizeUm!.Value, 9);
            Assert.Equal("Zeiss", r.Metadata.Vendor);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Tiff_LzwRgbWrittenByLibTiff_ReadsBackAndNeedsAChannel()
    {
        int w = 16, h = 9;
        var path = Temp(".tif");
        try
        {
            using (var t = BitMiracle.LibTiff.Classic.Tiff.Open(path, "w"))
            {
                t.SetField(TiffTag.IMAGEWIDTH, w); t.SetField(TiffTag.IMAGELENGTH, h);
                t.SetField(TiffTag.BITSPERSAMPLE, 8); t.SetField(TiffTag.SAMPLESPERPIXEL, 3);
                t.SetField(TiffTag.PHOTOMETRIC, Photometric.RGB); t.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
                t.SetField(TiffTag.COMPRESSION, Compression.LZW); t.SetField(TiffTag.ROWSPERSTRIP, 4);
                for (int y = 0; y < h; y++)
                {
                    var row = new byte[w * 3];
                    for (int x = 0; x < w; x++) { row[3 * x] = (byte)(x * 10); row[3 * x + 1] = (byte)y; row[3 * x + 2] = 7; }
                    t.WriteScanline(row, y);
                }
            }
            var r = ImageFile.Read(path);
            Assert.Equal(3, r.Channels);
            Assert.Equal("channel", Assert.Throws<InvalidInputException>(() => ImageFile.ReadGrey(path)).Field);
            var red = ImageFile.ReadGrey(path, "r");
            Assert.Equal(150, red[3, 15]);
            Assert.Equal(3, ImageFile.ReadGrey(path, "g")[3, 15]);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Read_GarbageOrMissing_IsInvalidInput()
    {
        var path = Temp(".png");
        try
        {
            File.WriteAllBytes(path, "hello, not an image"u8.ToArray());
            Assert.Equal("image", Assert.Throws<InvalidInputException>(() => ImageFile.Read(path)).Field);
            var tif = Tiff(10, 10, 8, 1, new ushort[100]);
            File.WriteAllBytes(path, tif[..(tif.Length - 60)]);
            Assert.Throws<InvalidInputException>(() => ImageFile.Read(path));
        }
        finally { File.Delete(path); }
        Assert.Throws<InvalidInputException>(() => ImageFile.Read(path + ".missing"));
    }

    [Fact]
    public void SemMetadata_ImageJDescription_MicronUnit()
    {
        var m = SemMetadata.FromImageJ("ImageJ=1.54f\nunit=micron\n", 8.0);
        Assert.Equal(0.125, m!.PixelSizeUm!.Value, 12);
        Assert.Null(SemMetadata.FromImageJ("something else", 8.0));
    }
}
