using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ResearchKit.Microstructure.IO;

namespace ResearchKit.Imaging;

/// <summary>
/// PNG reader and writer (W3C PNG specification, 3rd ed., 2025): chunk layer, the five scanline filters and zlib through
/// System.IO.Compression (the runtime's zlib-ng). Written here rather than taken from SkiaSharp because SkiaSharp 4.155
/// decodes 16-bit grey PNGs only to 8-bit Gray8 (an Rgba16161616 or Alpha16 decode returns InvalidConversion), which throws
/// away SEM grey levels, and it would bring a native library into the notebook package. Reads bit depths 1-16, grey,
/// grey+alpha, RGB, RGBA and palette (alpha dropped); every chunk's CRC is checked, so a truncated or damaged file is an error.
/// Interlaced (Adam7) files are refused with a message.
/// </summary>
public static class Png
{
    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static bool IsPng(ReadOnlySpan<byte> head) => head.Length >= 8 && head[..8].SequenceEqual(Signature);

    /// <summary>Decodes a PNG held in memory; <paramref name="source"/> names it in error messages.</summary>
    public static RasterImage Decode(byte[] f, string? source = null)
    {
        if (!IsPng(f)) throw new InvalidInputException("not a PNG file (signature missing)", source, field: "header");
        int pos = 8, width = 0, height = 0, depth = 0, colour = -1, interlace = 0;
        byte[]? palette = null;
        var idat = new MemoryStream();
        double? pixelUm = null;
        bool end = false;
        while (!end)
        {
            if (pos + 12 > f.Length) throw new InvalidInputException($"file ends inside a chunk header at byte {pos} (truncated)", source, field: "chunk");
            int len = (int)BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(pos));
            if (len < 0 || pos + 12L + len > f.Length) throw new InvalidInputException($"chunk at byte {pos} runs past the end of the file (truncated)", source, field: "chunk");
            string type = Encoding.ASCII.GetString(f, pos + 4, 4);
            var data = f.AsSpan(pos + 8, len);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(pos + 8 + len));
            if (Crc32(f.AsSpan(pos + 4, len + 4)) != crc) throw new InvalidInputException($"CRC mismatch in chunk {type} at byte {pos}", source, field: type);
            switch (type)
            {
                case "IHDR":
                    if (len != 13) throw new InvalidInputException("IHDR length is not 13", source, field: "IHDR");
                    width = (int)BinaryPrimitives.ReadUInt32BigEndian(data);
                    height = (int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    depth = data[8]; colour = data[9]; interlace = data[12];
                    break;
                case "PLTE": palette = data.ToArray(); break;
                case "IDAT": idat.Write(data); break;
                case "pHYs" when len == 9 && data[8] == 1:
                    uint ppx = BinaryPrimitives.ReadUInt32BigEndian(data), ppy = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
                    // Ignore screen/print defaults (72-300 dpi = 85-350 um); an SEM pixel is far below 10 um.
                    if (ppx == ppy && ppx > 0 && 1e6 / ppx <= 10) pixelUm = 1e6 / ppx;
                    break;
                case "IEND": end = true; break;
            }
            pos += 12 + len;
        }
        if (width <= 0 || height <= 0) throw new InvalidInputException("missing or empty IHDR", source, field: "IHDR");
        if (interlace != 0) throw new InvalidInputException("interlaced (Adam7) PNG is not supported; re-save without interlacing", source, field: "interlace");
        int spp = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => throw new InvalidInputException($"unknown colour type {colour}", source, field: "IHDR") };
        if (depth is not (1 or 2 or 4 or 8 or 16) || (colour != 0 && colour != 3 && depth < 8) || (colour == 3 && depth == 16))
            throw new InvalidInputException($"bit depth {depth} is invalid for colour type {colour}", source, field: "IHDR");
        if (colour == 3 && palette is null) throw new InvalidInputException("palette image without PLTE", source, field: "PLTE");
        int rowBytes = (width * spp * depth + 7) / 8, bpp = Math.Max(1, spp * depth / 8);
        var raw = new byte[(long)(rowBytes + 1) * height];
        idat.Position = 0;
        try
        {
            using var z = new ZLibStream(idat, CompressionMode.Decompress);
            int got = 0, r;
            while (got < raw.Length && (r = z.Read(raw, got, raw.Length - got)) > 0) got += r;
            if (got < raw.Length) throw new InvalidInputException($"image data hold {got} bytes, {raw.Length} expected (truncated)", source, field: "IDAT");
        }
        catch (InvalidDataException e) { throw new InvalidInputException("corrupt zlib stream in IDAT: " + e.Message, source, field: "IDAT", inner: e); }
        Unfilter(raw, rowBytes, bpp, height, source);
        int outCh = colour is 2 or 6 ? 3 : 1;
        int outDepth = depth == 16 ? 16 : 8;
        bool paletteGrey = false;
        if (colour == 3)
        {
            paletteGrey = true;
            for (int i = 0; i + 2 < palette!.Length; i += 3) if (palette[i] != palette[i + 1] || palette[i] != palette[i + 2]) { paletteGrey = false; break; }
            if (!paletteGrey) outCh = 3;
        }
        var s = new ushort[(long)width * height * outCh];
        int maxV = (1 << depth) - 1;
        for (int y = 0; y < height; y++)
        {
            int row = y * (rowBytes + 1) + 1;
            for (int x = 0; x < width; x++)
            {
                long o = ((long)y * width + x) * outCh;
                if (depth < 8)
                {
                    int bit = x * depth, b = raw[row + bit / 8];
                    int v = (b >> (8 - depth - bit % 8)) & maxV;
                    if (colour == 3) WritePalette(palette!, v, s, o, outCh, source);
                    else s[o] = (ushort)(v * 255 / maxV);
                    continue;
                }
                for (int c = 0; c < outCh && colour != 3; c++)
                {
                    int i = row + (x * spp + c) * (depth / 8);
                    s[o + c] = depth == 16 ? (ushort)(raw[i] << 8 | raw[i + 1]) : raw[i];
                }
                if (colour == 3) WritePalette(palette!, raw[row + x], s, o, outCh, source);
            }
        }
        var meta = pixelUm is { } p ? new ImageMetadata(p, "PNG pHYs", 0, "PNG pHYs") : ImageMetadata.None;
        return new RasterImage(width, height, outCh, outDepth, s, meta);
    }

    static void WritePalette(byte[] pal, int index, ushort[] s, long o, int ch, string? source)
    {
        if (3 * index + 2 >= pal.Length) throw new InvalidInputException($"palette index {index} beyond PLTE", source, field: "PLTE");
        for (int c = 0; c < ch; c++) s[o + c] = pal[3 * index + c];
    }

    static void Unfilter(byte[] raw, int rowBytes, int bpp, int height, string? source)
    {
        int stride = rowBytes + 1;
        for (int y = 0; y < height; y++)
        {
            int r = y * stride, prev = r - stride;
            byte filter = raw[r];
            var cur = raw.AsSpan(r + 1, rowBytes);
            for (int i = 0; i < rowBytes; i++)
            {
                int a = i >= bpp ? cur[i - bpp] : 0;
                int b = y > 0 ? raw[prev + 1 + i] : 0;
                int c = y > 0 && i >= bpp ? raw[prev + 1 + i - bpp] : 0;
                cur[i] = filter switch
                {
                    0 => cur[i],
                    1 => (byte)(cur[i] + a),
                    2 => (byte)(cur[i] + b),
                    3 => (byte)(cur[i] + ((a + b) >> 1)),
                    4 => (byte)(cur[i] + Paeth(a, b, c)),
                    _ => throw new InvalidInputException($"row {y}: unknown filter type {filter}", source, field: "IDAT"),
                };
            }
        }
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>
    /// Writes an 8- or 16-bit grey (channels 1) or RGB (channels 3) PNG atomically (temp file, then move). A known pixel size
    /// is stored in pHYs (pixels per metre), which <see cref="Decode"/> reads back.
    /// </summary>
    public static void Write(string path, int width, int height, int channels, int bitDepth, ReadOnlySpan<ushort> samples, double? pixelSizeUm = null)
    {
        var bytes = Encode(width, height, channels, bitDepth, samples, pixelSizeUm);
        VolumeFiles.Atomic(path, s => s.Write(bytes));
    }

    /// <summary>Writes an 8-bit grey image.</summary>
    public static void Write(string path, GreyImage image)
    {
        if (image.BitDepth != 8 && image.BitDepth != 16) throw new InvalidInputException($"bit depth {image.BitDepth}", path, field: "bit_depth");
        Write(path, image.Width, image.Height, 1, image.BitDepth, image.Pixels, image.PixelSizeUm);
    }

    /// <summary>Encodes to PNG bytes (filter Sub on every row, zlib level Optimal).</summary>
    public static byte[] Encode(int width, int height, int channels, int bitDepth, ReadOnlySpan<ushort> samples, double? pixelSizeUm = null)
    {
        if (channels is not (1 or 3) || bitDepth is not (8 or 16) || samples.Length != width * height * channels)
            throw new ArgumentException("expected 1 or 3 channels, 8 or 16 bits and width*height*channels samples");
        int bps = bitDepth / 8, rowBytes = width * channels * bps, bpp = channels * bps;
        var raw = new byte[(long)(rowBytes + 1) * height];
        var row = new byte[rowBytes];
        for (int y = 0; y < height; y++)
        {
            for (int i = 0; i < width * channels; i++)
            {
                ushort v = samples[y * width * channels + i];
                if (bps == 1) row[i] = (byte)v; else { row[2 * i] = (byte)(v >> 8); row[2 * i + 1] = (byte)v; }
            }
            int o = y * (rowBytes + 1);
            raw[o] = 1; // Sub
            for (int i = 0; i < rowBytes; i++) raw[o + 1 + i] = (byte)(row[i] - (i >= bpp ? row[i - bpp] : 0));
        }
        var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.SmallestSize, leaveOpen: true)) zs.Write(raw);
        var o2 = new MemoryStream();
        o2.Write(Signature);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), (uint)height);
        ihdr[8] = (byte)bitDepth; ihdr[9] = (byte)(channels == 1 ? 0 : 2);
        Chunk(o2, "IHDR", ihdr);
        if (pixelSizeUm is { } p && p > 0)
        {
            var phys = new byte[9];
            uint ppm = (uint)Math.Round(1e6 / p);
            BinaryPrimitives.WriteUInt32BigEndian(phys, ppm);
            BinaryPrimitives.WriteUInt32BigEndian(phys.AsSpan(4), ppm);
            phys[8] = 1;
            Chunk(o2, "pHYs", phys);
        }
        Chunk(o2, "IDAT", z.ToArray());
        Chunk(o2, "IEND", []);
        return o2.ToArray();
    }

    static void Chunk(Stream s, string type, byte[] data)
    {
        var head = new byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, head.AsSpan(4));
        s.Write(head);
        s.Write(data);
        var td = new byte[4 + data.Length];
        head.AsSpan(4).CopyTo(td); data.CopyTo(td, 4);
        var c = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(c, Crc32(td));
        s.Write(c);
    }

    static readonly uint[] CrcTable = MakeCrcTable();

    static uint[] MakeCrcTable()
    {
        var t = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }

    /// <summary>CRC-32 of the PNG specification (ISO 3309 polynomial), over chunk type and data.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFFu;
        foreach (var b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFFu;
    }
}
