namespace ResearchKit.Imaging;

/// <summary>
/// A decoded raster as stored in the file: 1 (grey) or 3 (RGB) interleaved samples per pixel, 8 or 16 bits per sample
/// (alpha dropped, palettes expanded). Row-major, (0, 0) top left.
/// </summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="Channels">1 grey, 3 RGB.</param>
/// <param name="BitDepth">8 or 16.</param>
/// <param name="Samples">Width*Height*Channels samples, 0 .. 2^BitDepth - 1.</param>
/// <param name="Metadata">Calibration and vendor text found in the file.</param>
public sealed record RasterImage(int Width, int Height, int Channels, int BitDepth, ushort[] Samples, ImageMetadata Metadata)
{
    /// <summary>
    /// The grey image the analysis needs. A colour file needs a channel: "r", "g", "b" or "mean" ((R+G+B)/3, ImageJ's
    /// unweighted RGB-to-8-bit conversion); without one it is an error, so colour never passes silently as grey.
    /// </summary>
    public GreyImage ToGrey(string? channel = null, string? source = null)
    {
        if (Channels == 1)
        {
            if (channel is not null and not "grey" and not "gray" and not "mean")
                throw new InvalidInputException($"channel '{channel}' requested but the image is greyscale", source, field: "channel");
            return new GreyImage(Width, Height, BitDepth, Samples, Metadata.PixelSizeUm, Metadata.PixelSizeSource, source);
        }
        if (channel is null)
            throw new InvalidInputException($"colour image ({Channels} channels) where a grey image is required; choose a channel (r, g, b or mean)", source, field: "channel");
        int k = channel switch { "r" or "red" => 0, "g" or "green" => 1, "b" or "blue" => 2, "mean" => -1, _ => -2 };
        if (k == -2) throw new InvalidInputException($"unknown channel '{channel}'; expected r, g, b or mean", source, field: "channel");
        int n = Width * Height;
        var p = new ushort[n];
        for (int i = 0; i < n; i++)
            p[i] = k >= 0 ? Samples[3 * i + k] : (ushort)((Samples[3 * i] + Samples[3 * i + 1] + Samples[3 * i + 2] + 1) / 3);
        return new GreyImage(Width, Height, BitDepth, p, Metadata.PixelSizeUm, Metadata.PixelSizeSource, source);
    }
}

/// <summary>Calibration read from an image file.</summary>
/// <param name="PixelSizeUm">Pixel edge in micrometres, or null when the file does not say.</param>
/// <param name="PixelSizeSource">Where it came from (tag and key), or "none".</param>
/// <param name="DataBarRows">Rows of an instrument data bar at the bottom (from vendor tags), 0 when unknown.</param>
/// <param name="Vendor">"FEI", "Zeiss", "ImageJ", "PNG pHYs", or null.</param>
public sealed record ImageMetadata(double? PixelSizeUm, string PixelSizeSource, int DataBarRows, string? Vendor)
{
    public static ImageMetadata None { get; } = new(null, "none", 0, null);
}

/// <summary>
/// A greyscale image for analysis: 8- or 16-bit grey levels, row-major, with its pixel size when known.
/// </summary>
/// <param name="Width">Pixels per row.</param>
/// <param name="Height">Rows.</param>
/// <param name="BitDepth">8 or 16 (grey levels 0 .. 2^BitDepth - 1).</param>
/// <param name="Pixels">Width*Height grey levels.</param>
/// <param name="PixelSizeUm">Pixel edge in um, or null.</param>
/// <param name="PixelSizeSource">Where the pixel size came from ("option", a vendor tag, "none").</param>
/// <param name="Source">File name, for messages.</param>
public sealed record GreyImage(int Width, int Height, int BitDepth, ushort[] Pixels, double? PixelSizeUm, string PixelSizeSource, string? Source = null)
{
    public int Count => Width * Height;
    public int MaxLevel => (1 << BitDepth) - 1;

    public ushort this[int y, int x] => Pixels[y * Width + x];

    /// <summary>An 8-bit image from bytes (row-major).</summary>
    public static GreyImage FromBytes(int width, int height, byte[] pixels, double? pixelSizeUm = null)
    {
        InvalidInputException.Require(width > 0 && height > 0 && pixels.Length == width * height, "pixels", $"expected {width}x{height} pixels, got {pixels.Length}");
        var p = new ushort[pixels.Length];
        for (int i = 0; i < p.Length; i++) p[i] = pixels[i];
        return new GreyImage(width, height, 8, p, pixelSizeUm, pixelSizeUm is null ? "none" : "given");
    }

    /// <summary>The same image with the pixel size set by the user (um per pixel, > 0).</summary>
    public GreyImage WithPixelSize(double umPerPx)
    {
        if (!(double.IsFinite(umPerPx) && umPerPx > 0))
            throw new InvalidInputException($"expected a positive pixel size in um, got {umPerPx}", Source, field: "scale_um_per_px");
        return this with { PixelSizeUm = umPerPx, PixelSizeSource = "option" };
    }

    /// <summary>Removes <paramref name="bottomRows"/> rows at the bottom (an SEM data bar).</summary>
    public GreyImage CropBottom(int bottomRows)
    {
        if (bottomRows == 0) return this;
        if (bottomRows < 0 || bottomRows >= Height)
            throw new InvalidInputException($"cannot crop {bottomRows} rows from an image {Height} rows high", Source, field: "crop_bottom_px");
        int h = Height - bottomRows;
        return this with { Height = h, Pixels = Pixels.AsSpan(0, h * Width).ToArray() };
    }

    /// <summary>Levels as bytes, scaled to 0..255 for 16-bit images (for display and overlays).</summary>
    public byte[] ToDisplayBytes()
    {
        var b = new byte[Count];
        if (BitDepth == 8) { for (int i = 0; i < b.Length; i++) b[i] = (byte)Pixels[i]; return b; }
        int lo = int.MaxValue, hi = 0;
        foreach (var v in Pixels) { if (v < lo) lo = v; if (v > hi) hi = v; }
        double s = hi > lo ? 255.0 / (hi - lo) : 0;
        for (int i = 0; i < b.Length; i++) b[i] = (byte)Math.Round((Pixels[i] - lo) * s);
        return b;
    }
}
