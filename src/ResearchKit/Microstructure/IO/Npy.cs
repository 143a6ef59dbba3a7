using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ResearchKit.Microstructure.IO;

/// <summary>
/// NumPy .npy format (version 1.0 to 3.0) for 3-D label volumes: writes uint8 C-order arrays of shape (nz, ny, nx);
/// reads uint8/int8/bool and little-endian integer arrays of rank 3 (values must fit 0..255).
/// Format reference: numpy/lib/format.py (magic "\x93NUMPY", header dict with descr, fortran_order, shape).
/// </summary>
public static partial class Npy
{
    static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Writes the volume as a uint8 .npy file, atomically (temp file then rename).</summary>
    public static void Write(LabelVolume volume, string path)
    {
        var header = $"{{'descr': '|u1', 'fortran_order': False, 'shape': ({volume.Nz}, {volume.Ny}, {volume.Nx}), }}";
        int preamble = Magic.Length + 2 + 2;
        int total = preamble + header.Length + 1;
        int pad = (64 - total % 64) % 64;
        header = header + new string(' ', pad) + "\n";
        var tmp = path + ".tmp-" + Environment.ProcessId;
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            fs.Write(Magic);
            fs.WriteByte(1); fs.WriteByte(0);
            var hb = Encoding.ASCII.GetBytes(header);
            fs.WriteByte((byte)(hb.Length & 0xff)); fs.WriteByte((byte)(hb.Length >> 8));
            fs.Write(hb);
            fs.Write(volume.Labels);
        }
        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>Reads a rank-3 .npy file into a label volume with the given voxel size.</summary>
    public static LabelVolume Read(string path, double voxelUm)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        using var fs = File.OpenRead(path);
        var (descr, fortran, shape, dataOffset) = ReadHeader(fs, path);
        if (fortran) throw new InvalidInputException("Fortran-order arrays are not supported; save with C order (np.ascontiguousarray)", path, field: "fortran_order");
        if (shape.Length != 3) throw new InvalidInputException($"expected a 3-D array (nz, ny, nx), found shape ({string.Join(", ", shape)})", path, field: "shape");
        long n = shape[0] * shape[1] * shape[2];
        int itemSize = descr switch
        {
            "|u1" or "|i1" or "|b1" or "<u1" or "<i1" => 1,
            "<u2" or "<i2" => 2,
            "<u4" or "<i4" => 4,
            "<u8" or "<i8" => 8,
            _ => throw new InvalidInputException($"unsupported dtype '{descr}'; expected an unsigned or signed little-endian integer or bool", path, field: "descr"),
        };
        long expected = n * itemSize;
        if (fs.Length - dataOffset != expected)
            throw new InvalidInputException($"data has {fs.Length - dataOffset} bytes but shape ({string.Join(", ", shape)}) with dtype {descr} needs {expected}", path, field: "shape");
        var labels = new byte[n];
        if (itemSize == 1)
        {
            fs.ReadExactly(labels);
            return new LabelVolume((int)shape[0], (int)shape[1], (int)shape[2], voxelUm, labels);
        }
        var buf = new byte[Math.Min(expected, 1 << 24)];
        long done = 0;
        while (done < n)
        {
            int items = (int)Math.Min(n - done, buf.Length / itemSize);
            fs.ReadExactly(buf, 0, items * itemSize);
            for (int i = 0; i < items; i++)
            {
                long v = itemSize switch
                {
                    2 => descr[1] == 'i' ? BitConverter.ToInt16(buf, i * 2) : BitConverter.ToUInt16(buf, i * 2),
                    4 => descr[1] == 'i' ? BitConverter.ToInt32(buf, i * 4) : BitConverter.ToUInt32(buf, i * 4),
                    _ => BitConverter.ToInt64(buf, i * 8),
                };
                if (v < 0 || v > 255)
                    throw new InvalidInputException($"label {v} at flat index {done + i} does not fit 0..255", path, field: "data");
                labels[done + i] = (byte)v;
            }
            done += items;
        }
        return new LabelVolume((int)shape[0], (int)shape[1], (int)shape[2], voxelUm, labels);
    }

    static (string Descr, bool Fortran, long[] Shape, long DataOffset) ReadHeader(Stream fs, string path)
    {
        Span<byte> pre = stackalloc byte[8];
        if (fs.Read(pre) != 8 || !pre[..6].SequenceEqual(Magic))
            throw new InvalidInputException("not a NumPy .npy file (missing \\x93NUMPY magic)", path, field: "magic");
        int major = pre[6];
        int headerLen;
        if (major == 1)
        {
            Span<byte> l = stackalloc byte[2]; fs.ReadExactly(l); headerLen = l[0] | (l[1] << 8);
        }
        else if (major is 2 or 3)
        {
            Span<byte> l = stackalloc byte[4]; fs.ReadExactly(l); headerLen = BitConverter.ToInt32(l);
        }
        else throw new InvalidInputException($"unsupported .npy version {major}.{pre[7]}", path, field: "version");
        var hb = new byte[headerLen];
        fs.ReadExactly(hb);
        var header = Encoding.Latin1.GetString(hb);
        var descr = DescrRx().Match(header);
        var fortran = FortranRx().Match(header);
        var shape = ShapeRx().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
            throw new InvalidInputException($"malformed .npy header '{header.Trim()}'", path, field: "header");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", dims, fs.Position);
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']+)'")] private static partial Regex DescrRx();
    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")] private static partial Regex FortranRx();
    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")] private static partial Regex ShapeRx();
}
