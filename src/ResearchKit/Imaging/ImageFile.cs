using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BitMiracle.LibTiff.Classic;
using LibTiff = BitMiracle.LibTiff.Classic.Tiff;

namespace ResearchKit.Imaging;

/// <summary>
/// Reads PNG and TIFF images (format from the file's signature, not its name). TIFF goes through BitMiracle.LibTiff.NET
/// (managed port of libtiff, New BSD licence): all baseline compressions (none, PackBits, LZW, Deflate, JPEG), 8/16-bit, grey
/// or RGB, strips or tiles, and the vendor tags of SEM files. The kit's volume reader (Microstructure.IO.Tiff) stays for
/// 8-bit label stacks; it reads neither 16-bit nor RGB nor LZW, which SEM files use.
/// </summary>
public static class ImageFile
{
    /// <summary>Reads the first image of a PNG or TIFF file with the calibration found in it.</summary>
    public static RasterImage Read(string path)
    {
        byte[] f;
        try { f = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read image: {e.Message}", path, field: "image", inner: e);
        }
        if (Png.IsPng(f)) return Png.Decode(f, path);
        if (f.Length >= 4 && ((f[0] == 'I' && f[1] == 'I' && f[2] == 42) || (f[0] == 'M' && f[1] == 'M' && f[3] == 42))) return ReadTiff(f, path);
        throw new InvalidInputException("not a PNG or TIFF file (unknown signature)", path, field: "image");
    }

    /// <summary>
    /// Reads a grey image: the file, a channel when it is colour (see <see cref="RasterImage.ToGrey"/>), the pixel size from
    /// <paramref name="scaleUmPerPx"/> (wins) or the file's metadata, and the data bar cropped (<paramref name="cropBottomPx"/>
    /// rows, or the vendor's data-bar height when it is -1).
    /// </summary>
    /// <param name="path">PNG or TIFF file.</param>
    /// <param name="channel">r, g, b or mean for colour files; null for grey.</param>
    /// <param name="scaleUmPerPx">Pixel edge in um (> 0), or null for the file's value.</param>
    /// <param name="cropBottomPx">Rows to remove at the bottom; -1 = the data bar the vendor tags declare.</param>
    public static GreyImage ReadGrey(string path, string? channel = null, double? scaleUmPerPx = null, int cropBottomPx = 0)
    {
        if (scaleUmPerPx is { } s && !(double.IsFinite(s) && s > 0))
            throw new InvalidInputException($"expected a positive pixel size in um, got {s}", path, field: "scale_um_per_px");
        var r = Read(path);
        var g = r.ToGrey(channel, path);
        if (scaleUmPerPx is { } u) g = g.WithPixelSize(u);
        int crop = cropBottomPx == -1 ? r.Metadata.DataBarRows : cropBottomPx;
        return g.CropBottom(crop);
    }

    sealed class QuietErrors : TiffErrorHandler
    {
        [ThreadStatic] public static string? Last;
        public override void ErrorHandler(LibTiff tif, string method, string format, params object[] args) => Last = string.Format(CultureInfo.InvariantCulture, format, args);
        public override void ErrorHandlerExt(LibTiff tif, object clientData, string method, string format, params object[] args) => Last = string.Format(CultureInfo.InvariantCulture, format, args);
        public override void WarningHandler(LibTiff tif, string method, string format, params object[] args) { }
        public override void WarningHandlerExt(LibTiff tif, object clientData, string method, string format, params object[] args) { }
    }

    static readonly object Gate = new();
    static bool _handler;

    static RasterImage ReadTiff(byte[] f, string path)
    {
        lock (Gate) { if (!_handler) { LibTiff.SetErrorHandler(new QuietErrors()); _handler = true; } }
        QuietErrors.Last = null;
        using var ms = new MemoryStream(f, writable: false);
        using var t = LibTiff.ClientOpen(path, "r", ms, new TiffStream())
            ?? throw new InvalidInputException($"unreadable TIFF: {QuietErrors.Last ?? "header"}", path, field: "header");
        int w = Int(t, TiffTag.IMAGEWIDTH) ?? 0, h = Int(t, TiffTag.IMAGELENGTH) ?? 0;
        int bits = Int(t, TiffTag.BITSPERSAMPLE) ?? 1, spp = Int(t, TiffTag.SAMPLESPERPIXEL) ?? 1;
        int photometric = Int(t, TiffTag.PHOTOMETRIC) ?? 1, planar = Int(t, TiffTag.PLANARCONFIG) ?? 1;
        int format = Int(t, TiffTag.SAMPLEFORMAT) ?? 1;
        if (w <= 0 || h <= 0) throw new InvalidInputException("missing image size", path, field: "ImageWidth");
        if (bits is not (8 or 16) || format != 1) throw new InvalidInputException($"{bits}-bit samples (format {format}); expected 8- or 16-bit unsigned integers", path, field: "BitsPerSample");
        if (photometric == 3) throw new InvalidInputException("palette TIFF is not supported; convert to grey or RGB", path, field: "PhotometricInterpretation");
        if (planar != 1) throw new InvalidInputException("planar (separate) RGB is not supported", path, field: "PlanarConfiguration");
        if (t.IsTiled()) throw new InvalidInputException("tiled TIFF is not supported; SEM files are stripped", path, field: "TileWidth");
        int ch = photometric == 2 ? 3 : 1;
        if (spp < ch) throw new InvalidInputException($"{spp} samples per pixel for photometric {photometric}", path, field: "SamplesPerPixel");
        var s = new ushort[(long)w * h * ch];
        var line = new byte[t.ScanlineSize()];
        int bps = bits / 8;
        for (int y = 0; y < h; y++)
        {
            if (!t.ReadScanline(line, y))
                throw new InvalidInputException($"row {y} cannot be decoded (truncated or corrupt): {QuietErrors.Last}", path, field: "StripByteCounts");
            for (int x = 0; x < w; x++)
                for (int c = 0; c < ch; c++)
                {
                    int i = (x * spp + c) * bps;
                    ushort v = bps == 1 ? line[i] : BitConverter.ToUInt16(line, i); // libtiff returns host byte order
                    if (photometric == 0) v = (ushort)((1 << bits) - 1 - v); // WhiteIsZero
                    s[((long)y * w + x) * ch + c] = v;
                }
        }
        return new RasterImage(w, h, ch, bits, s, TiffMetadata(t, h));
    }

    static int? Int(LibTiff t, TiffTag tag) => t.GetField(tag) is { Length: > 0 } v ? v[0].ToInt() : null;

    /// <summary>ASCII/byte content of a tag as text, or null.</summary>
    static string? Text(LibTiff t, int tag)
    {
        var v = t.GetField((TiffTag)tag);
        if (v is null) return null;
        foreach (var fv in v)
        {
            switch (fv.Value)
            {
                case string s when s.Length > 2: return s;
                case byte[] b when b.Length > 2: return Encoding.Latin1.GetString(b).TrimEnd('\0');
            }
        }
        return null;
    }

    static ImageMetadata TiffMetadata(LibTiff t, int height)
    {
        // FEI / Thermo Fisher: INI text in tag 34682 (FEI_HELIOS) or 34680 (FEI_SFEG); PixelWidth in metres.
        foreach (var tag in new[] { 34682, 34680 })
            if (Text(t, tag) is { } ini && SemMetadata.FromFeiIni(ini, height, tag == 34682 ? "FEI_HELIOS" : "FEI_SFEG") is { } m) return m;
        // Zeiss SmartSEM: tag 34118 (CZ_SEM) text with "Image Pixel Size = 4.468 nm".
        if (Text(t, 34118) is { } zeiss && SemMetadata.FromZeiss(zeiss) is { } z) return z;
        // ImageJ: ImageDescription "unit=micron" with XResolution in pixels per unit.
        if (Text(t, 270) is { } desc && t.GetField(TiffTag.XRESOLUTION) is { Length: > 0 } xr && SemMetadata.FromImageJ(desc, xr[0].ToDouble()) is { } ij) return ij;
        return ImageMetadata.None;
    }
}

/// <summary>Parsers of SEM vendor metadata (text of the vendor TIFF tags).</summary>
public static class SemMetadata
{
    /// <summary>
    /// FEI/Thermo INI text: [Scan] PixelWidth (m), falling back to [EScan]; the data bar is the TIFF height minus [Image] ResolutionY.
    /// </summary>
    public static ImageMetadata? FromFeiIni(string ini, int imageHeight, string tagName)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        var cur = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        sections[""] = cur;
        foreach (var raw in ini.Split('\n'))
        {
            var l = raw.Trim();
            if (l.StartsWith('[') && l.EndsWith(']')) { cur = new(StringComparer.OrdinalIgnoreCase); sections[l[1..^1]] = cur; continue; }
            int eq = l.IndexOf('=');
            if (eq > 0) cur[l[..eq].Trim()] = l[(eq + 1)..].Trim();
        }
        double? px = null; string src = "";
        foreach (var sec in new[] { "Scan", "EScan" })
            if (px is null && sections.TryGetValue(sec, out var d) && d.TryGetValue("PixelWidth", out var pw)
                && double.TryParse(pw, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m > 0)
            { px = m * 1e6; src = $"{tagName} [{sec}] PixelWidth"; }
        if (px is null) return null;
        int bar = 0;
        if (sections.TryGetValue("Image", out var img) && img.TryGetValue("ResolutionY", out var ry) && int.TryParse(ry, out var rows) && rows > 0 && rows < imageHeight)
            bar = imageHeight - rows;
        return new ImageMetadata(px, src, bar, "FEI");
    }

    static readonly Regex ZeissPixel = new(@"Image Pixel Size\s*=\s*([0-9.eE+-]+)\s*(pm|nm|µm|um|mm)", RegexOptions.Compiled);

    /// <summary>Zeiss SmartSEM text (tag 34118): "Image Pixel Size = value unit".</summary>
    public static ImageMetadata? FromZeiss(string text)
    {
        var m = ZeissPixel.Match(text);
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0) return null;
        double um = m.Groups[2].Value switch { "pm" => v * 1e-6, "nm" => v * 1e-3, "mm" => v * 1e3, _ => v };
        return new ImageMetadata(um, "CZ_SEM (34118) Image Pixel Size", 0, "Zeiss");
    }

    /// <summary>ImageJ ImageDescription with unit=micron|um|nm and XResolution in pixels per unit.</summary>
    public static ImageMetadata? FromImageJ(string description, double xResolution)
    {
        if (!description.StartsWith("ImageJ", StringComparison.Ordinal) || !(xResolution > 0)) return null;
        var m = Regex.Match(description, @"unit=(\S+)");
        if (!m.Success) return null;
        double? perUnit = m.Groups[1].Value switch { "micron" or "um" or "µm" or @"\u00B5m" => 1, "nm" => 1e-3, "mm" => 1e3, _ => null };
        return perUnit is { } f ? new ImageMetadata(f / xResolution, "ImageJ unit + XResolution", 0, "ImageJ") : null;
    }
}
