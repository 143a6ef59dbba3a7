using System.Buffers.Binary;

namespace ResearchKit.Microstructure.IO;

/// <summary>
/// Multi-page 8-bit greyscale TIFF, one page per z slice (the ImageJ / tifffile convention for label stacks).
/// Writes uncompressed little-endian baseline TIFF; reads uncompressed and PackBits (compression 1 and 32773),
/// little- or big-endian, any strip layout. Reference: TIFF 6.0 specification (Adobe 1992), sections 2, 8 and 9.
/// </summary>
public static class Tiff
{
    public static void Write(LabelVolume v, string path)
    {
        long bytes = v.Count + (long)v.Nz * 200 + 8;
        if (bytes > uint.MaxValue) throw new InvalidInputException($"volume of {v.Count} voxels exceeds the 4 GB limit of classic TIFF; use .npy or .raw", path, field: "shape");
        int page = v.Ny * v.Nx;
        VolumeFiles.Atomic(path, s =>
        {
            var bw = new BinaryWriter(s);
            bw.Write((byte)'I'); bw.Write((byte)'I'); bw.Write((ushort)42);
            bw.Write(8u); // first IFD follows the header... after its image data, see below
            // Layout per page: [IFD][pixels]; the IFD's next-offset points to the next page's IFD.
            const int entries = 9;
            int ifdSize = 2 + entries * 12 + 4;
            uint offset = 8;
            for (int z = 0; z < v.Nz; z++)
            {
                uint data = offset + (uint)ifdSize;
                uint next = z == v.Nz - 1 ? 0u : data + (uint)page;
                bw.Write((ushort)entries);
                void Entry(ushort tag, ushort type, uint value)
                {
                    bw.Write(tag); bw.Write(type); bw.Write(1u);
                    if (type == 3) { bw.Write((ushort)value); bw.Write((ushort)0); } else bw.Write(value);
                }
                Entry(256, 4, (uint)v.Nx);  // ImageWidth
                Entry(257, 4, (uint)v.Ny);  // ImageLength
                Entry(258, 3, 8);           // BitsPerSample
                Entry(259, 3, 1);           // Compression: none
                Entry(262, 3, 1);           // Photometric: BlackIsZero
                Entry(273, 4, data);        // StripOffsets
                Entry(277, 3, 1);           // SamplesPerPixel
                Entry(278, 4, (uint)v.Ny);  // RowsPerStrip
                Entry(279, 4, (uint)page);  // StripByteCounts
                bw.Write(next);
                bw.Write(v.Labels, z * page, page);
                offset = next;
            }
            bw.Flush();
        });
    }

    public static LabelVolume Read(string path, double voxelUm)
    {
        var f = File.ReadAllBytes(path);
        if (f.Length < 8) throw new InvalidInputException("file too short for a TIFF header", path, field: "header");
        bool le = f[0] == 'I' && f[1] == 'I';
        if (!le && !(f[0] == 'M' && f[1] == 'M')) throw new InvalidInputException("not a TIFF file (byte order mark II or MM missing)", path, field: "header");
        ushort U16(long o) => le ? BinaryPrimitives.ReadUInt16LittleEndian(f.AsSpan((int)o)) : BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan((int)o));
        uint U32(long o) => le ? BinaryPrimitives.ReadUInt32LittleEndian(f.AsSpan((int)o)) : BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan((int)o));
        if (U16(2) != 42) throw new InvalidInputException(U16(2) == 43 ? "BigTIFF is not supported" : "bad TIFF magic number", path, field: "header");
        var pages = new List<byte[]>();
        int w = -1, h = -1;
        long ifd = U32(4);
        var seen = new HashSet<long>();
        while (ifd != 0)
        {
            if (ifd + 2 > f.Length || !seen.Add(ifd)) throw new InvalidInputException($"IFD offset {ifd} is outside the file or loops", path, field: "ifd");
            int n = U16(ifd);
            int width = 0, height = 0, bits = 1, comp = 1, spp = 1, rowsPerStrip = int.MaxValue;
            long[] offsets = [], counts = [];
            for (int e = 0; e < n; e++)
            {
                long p = ifd + 2 + e * 12;
                ushort tag = U16(p), type = U16(p + 2);
                uint count = U32(p + 4);
                int size = type switch { 3 => 2, 4 => 4, 1 => 1, _ => 0 };
                long valuePos = size * count <= 4 ? p + 8 : U32(p + 8);
                long Value(int k) => type == 3 ? U16(valuePos + 2 * k) : type == 4 ? U32(valuePos + 4 * k) : f[valuePos + k];
                long[] Values() { var a = new long[count]; for (int k = 0; k < count; k++) a[k] = Value(k); return a; }
                switch (tag)
                {
                    case 256: width = (int)Value(0); break;
                    case 257: height = (int)Value(0); break;
                    case 258: bits = (int)Value(0); break;
                    case 259: comp = (int)Value(0); break;
                    case 273: offsets = Values(); break;
                    case 277: spp = (int)Value(0); break;
                    case 278: rowsPerStrip = (int)Value(0); break;
                    case 279: counts = Values(); break;
                }
            }
            int pageNo = pages.Count;
            if (bits != 8 || spp != 1) throw new InvalidInputException($"page {pageNo}: {bits}-bit, {spp} samples per pixel; expected 8-bit greyscale labels", path, field: "BitsPerSample");
            if (comp != 1 && comp != 32773) throw new InvalidInputException($"page {pageNo}: compression {comp} is not supported; expected 1 (none) or 32773 (PackBits)", path, field: "Compression");
            if (w < 0) { w = width; h = height; }
            else if (width != w || height != h) throw new InvalidInputException($"page {pageNo} is {width}x{height}, page 0 is {w}x{h}", path, field: "ImageWidth");
            if (offsets.Length != counts.Length || offsets.Length == 0) throw new InvalidInputException($"page {pageNo}: strip offsets and byte counts disagree", path, field: "StripOffsets");
            var img = new byte[(long)w * h];
            int pos = 0;
            for (int s = 0; s < offsets.Length; s++)
            {
                if (offsets[s] + counts[s] > f.Length) throw new InvalidInputException($"page {pageNo}: strip {s} runs past the end of the file", path, field: "StripByteCounts");
                var src = f.AsSpan((int)offsets[s], (int)counts[s]);
                if (comp == 1)
                {
                    int take = Math.Min(src.Length, img.Length - pos);
                    src[..take].CopyTo(img.AsSpan(pos)); pos += take;
                }
                else pos = UnpackBits(src, img, pos, path, pageNo);
            }
            if (pos != img.Length) throw new InvalidInputException($"page {pageNo}: {pos} pixel bytes, expected {img.Length}", path, field: "StripByteCounts");
            _ = rowsPerStrip;
            pages.Add(img);
            ifd = U32(ifd + 2 + n * 12);
        }
        if (pages.Count == 0) throw new InvalidInputException("no image pages", path, field: "ifd");
        var labels = new byte[(long)pages.Count * w * h];
        for (int z = 0; z < pages.Count; z++) pages[z].CopyTo(labels, (long)z * w * h);
        return new LabelVolume(pages.Count, h, w, voxelUm, labels);
    }

    static int UnpackBits(ReadOnlySpan<byte> src, byte[] dst, int pos, string path, int page)
    {
        int i = 0;
        while (i < src.Length && pos < dst.Length)
        {
            sbyte n = (sbyte)src[i++];
            if (n >= 0)
            {
                int len = n + 1;
                if (i + len > src.Length || pos + len > dst.Length) throw new InvalidInputException($"page {page}: PackBits literal run overflows", path, field: "Compression");
                src.Slice(i, len).CopyTo(dst.AsSpan(pos)); i += len; pos += len;
            }
            else if (n != -128)
            {
                int len = 1 - n;
                if (i >= src.Length || pos + len > dst.Length) throw new InvalidInputException($"page {page}: PackBits repeat run overflows", path, field: "Compression");
                dst.AsSpan(pos, len).Fill(src[i++]); pos += len;
            }
        }
        return pos;
    }

    /// <summary>PackBits encoder (used by tests to produce compressed pages).</summary>
    public static byte[] PackBits(ReadOnlySpan<byte> data)
    {
        var o = new List<byte>();
        int i = 0;
        while (i < data.Length)
        {
            int run = 1;
            while (i + run < data.Length && run < 128 && data[i + run] == data[i]) run++;
            if (run >= 2) { o.Add((byte)(sbyte)(1 - run)); o.Add(data[i]); i += run; continue; }
            int start = i, len = 0;
            while (i < data.Length && len < 128 && !(i + 1 < data.Length && data[i + 1] == data[i])) { i++; len++; }
            if (len == 0) { i++; len = 1; }
            o.Add((byte)(len - 1));
            for (int k = 0; k < len; k++) o.Add(data[start + k]);
        }
        return o.ToArray();
    }
}
