using System.Buffers.Binary;
using System.Text;
using ResearchKit.Imaging;

namespace ResearchKit.Tests.Imaging;

/// <summary>Synthetic test images with known answers, and a minimal baseline TIFF writer for vendor-tag files.</summary>
internal static class ImagingTestData
{
    public sealed record Disc(double X, double Y, double R);

    /// <summary>Dark discs (level <paramref name="pore"/>) on a bright background, optional blur and Gaussian noise.</summary>
    public static GreyImage Discs(int w, int h, IReadOnlyList<Disc> discs, double pore = 40, double solid = 200, double blurPx = 0, double noiseSd = 0, ulong seed = 7)
    {
        var f = new float[w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                // 4x4 supersampling: the image is the area-averaged disc, as a detector pixel integrates it.
                int inside = 0;
                for (int sy = 0; sy < 4; sy++)
                    for (int sx = 0; sx < 4; sx++)
                    {
                        double px = x + (sx + 0.5) / 4, py = y + (sy + 0.5) / 4;
                        foreach (var d in discs) if ((px - d.X) * (px - d.X) + (py - d.Y) * (py - d.Y) < d.R * d.R) { inside++; break; }
                    }
                f[y * w + x] = (float)(solid + (pore - solid) * inside / 16.0);
            }
        if (blurPx > 0) f = ImageFilters.Blur(f, w, h, blurPx);
        var rng = new SplitMix64(seed);
        var p = new ushort[w * h];
        for (int i = 0; i < p.Length; i++) p[i] = (ushort)Math.Clamp((int)Math.Round(f[i] + noiseSd * rng.NextGaussian()), 0, 255);
        return new GreyImage(w, h, 8, p, 0.1, "test");
    }

    /// <summary>Twelve separated discs, radii 8-30 px, in a 600 x 480 image.</summary>
    public static List<Disc> SeparatedDiscs()
    {
        var list = new List<Disc>();
        double[] r = [8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30];
        for (int i = 0; i < r.Length; i++)
        {
            int col = i % 4, row = i / 4;
            list.Add(new Disc(80 + col * 145 + (row % 2) * 7.3, 80 + row * 155 + col * 3.1, r[i]));
        }
        return list;
    }

    public static double DiscPorosity(IEnumerable<Disc> d, int w, int h) => d.Sum(x => Math.PI * x.R * x.R) / (w * h);

    /// <summary>
    /// Minimal uncompressed baseline TIFF: one strip, 8/16-bit, 1 or 3 samples, extra ASCII tags (tag -> text).
    /// Little-endian; enough to carry the vendor tags of FEI (34682) and Zeiss (34118) files.
    /// </summary>
    public static byte[] Tiff(int w, int h, int bits, int spp, ushort[] samples, IReadOnlyDictionary<int, string>? ascii = null, bool bigEndian = false)
    {
        var extra = (ascii ?? new Dictionary<int, string>()).OrderBy(kv => kv.Key).ToList();
        int bps = bits / 8;
        int dataLen = w * h * spp * bps;
        var entries = new List<(ushort Tag, ushort Type, uint Count, byte[] Value)>();
        byte[] U16(params ushort[] v) { var b = new byte[v.Length * 2]; for (int i = 0; i < v.Length; i++) if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(2 * i), v[i]); else BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2 * i), v[i]); return b; }
        byte[] U32(uint v) { var b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
        entries.Add((256, 4, 1, U32((uint)w)));
        entries.Add((257, 4, 1, U32((uint)h)));
        entries.Add((258, 3, (uint)spp, U16(Enumerable.Repeat((ushort)bits, spp).ToArray())));
        entries.Add((259, 3, 1, U16(1)));
        entries.Add((262, 3, 1, U16(spp == 3 ? (ushort)2 : (ushort)1)));
        entries.Add((273, 4, 1, U32(0))); // patched below
        entries.Add((277, 3, 1, U16((ushort)spp)));
        entries.Add((278, 4, 1, U32((uint)h)));
        entries.Add((279, 4, 1, U32((uint)dataLen)));
        foreach (var kv in extra) { var t = Encoding.ASCII.GetBytes(kv.Value + "\0"); entries.Add(((ushort)kv.Key, 2, (uint)t.Length, t)); }
        entries = entries.OrderBy(e => e.Tag).ToList();
        int ifdSize = 2 + entries.Count * 12 + 4;
        int overflowStart = 8 + ifdSize;
        int overflowLen = entries.Where(e => e.Value.Length > 4).Sum(e => e.Value.Length + (e.Value.Length & 1));
        int dataStart = overflowStart + overflowLen;
        var o = new MemoryStream();
        o.Write(bigEndian ? "MM"u8 : "II"u8); o.Write(U16(42)); o.Write(U32(8));
        o.Write(U16((ushort)entries.Count));
        int ov = overflowStart;
        var overflow = new MemoryStream();
        foreach (var e in entries)
        {
            o.Write(U16(e.Tag)); o.Write(U16(e.Type)); o.Write(U32(e.Count));
            var val = e.Tag == 273 ? U32((uint)dataStart) : e.Value;
            if (val.Length <= 4) { var pad = new byte[4]; val.CopyTo(pad, 0); o.Write(pad); }
            else { o.Write(U32((uint)ov)); overflow.Write(val); if ((val.Length & 1) != 0) overflow.WriteByte(0); ov += val.Length + (val.Length & 1); }
        }
        o.Write(U32(0));
        o.Write(overflow.ToArray());
        foreach (var s in samples) { if (bps == 1) o.WriteByte((byte)s); else o.Write(U16(s)); }
        return o.ToArray();
    }
}
