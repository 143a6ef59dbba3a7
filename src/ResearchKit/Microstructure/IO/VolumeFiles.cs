using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResearchKit.Microstructure.IO;

/// <summary>
/// Description of a label volume stored next to it as a JSON sidecar (<c>name.json</c> beside <c>name.raw</c>, or beside
/// a .npy / .tif): shape, voxel size, dtype, label names and provenance (generator, parameters, seed, kit version).
/// </summary>
public sealed record VolumeMetadata
{
    /// <summary>Label code -> name; defaults to the cathode-twin codes of <see cref="PhaseLabels"/>.</summary>
    public IReadOnlyDictionary<byte, string> LabelNames { get; init; } = PhaseLabels.Names;
    /// <summary>Program or model that produced the volume (e.g. "ResearchKit.Microstructure.Twin").</summary>
    public string? Generator { get; init; }
    /// <summary>Generator parameters as a JSON object (free form).</summary>
    public JsonObject? Parameters { get; init; }
    public ulong? Seed { get; init; }
    public string? KitVersion { get; init; }
}

/// <summary>
/// Volume file formats by extension: .npy (NumPy), .raw + .json sidecar, .tif/.tiff (multi-page 8-bit, one page per z slice),
/// and write-only .vti (VTK XML ImageData) / .vtk (VTK legacy structured points) for ParaView.
/// Every write goes to a temporary file that is renamed into place, so nothing half-written is left behind.
/// </summary>
public static class VolumeFiles
{
    /// <summary>
    /// Reads a label volume. The voxel size comes from <paramref name="voxelUm"/> if given, otherwise from the JSON sidecar
    /// (required for .raw; optional for .npy and .tif, where a missing sidecar and a missing voxel size is an error).
    /// </summary>
    public static LabelVolume Read(string path, double? voxelUm = null)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        return ext switch
        {
            ".npy" => Npy.Read(path, ResolveVoxel(path, voxelUm, out var meta)).Also(v => CheckShape(v, meta, path)),
            ".raw" or ".json" => RawVolume.Read(path, voxelUm),
            ".tif" or ".tiff" => Tiff.Read(path, ResolveVoxel(path, voxelUm, out var meta2)).Also(v => CheckShape(v, meta2, path)),
            _ => throw new InvalidInputException($"unknown volume extension '{ext}'; expected .npy, .raw (with .json sidecar), .tif or .tiff", path, field: "extension"),
        };
    }

    /// <summary>
    /// Reads a label volume for a dimensionless result (tortuosity factor, volume fractions): when neither
    /// <paramref name="voxelUm"/> nor a sidecar gives a voxel size, the volume is read with a nominal voxel of 1 and
    /// <paramref name="voxelSizeKnown"/> is false, so that absolute sizes derived from it must be left out (TauFactor and
    /// PoreSpy need no voxel size for tau either).
    /// </summary>
    /// <param name="path">.npy, .raw (+ .json) or .tif/.tiff.</param>
    /// <param name="voxelUm">Voxel edge (um), or null for the sidecar's.</param>
    /// <param name="voxelSizeKnown">True when the voxel size came from <paramref name="voxelUm"/> or a sidecar.</param>
    public static LabelVolume ReadVoxelSizeOptional(string path, double? voxelUm, out bool voxelSizeKnown)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        voxelSizeKnown = voxelUm is not null || File.Exists(SidecarPath(path)) || ext is ".raw" or ".json";
        return Read(path, voxelSizeKnown ? voxelUm : 1.0);
    }

    /// <summary>Writes by extension: .npy, .raw (plus .json sidecar), .tif/.tiff, .vti, .vtk. A .json sidecar is written for every format except .vti/.vtk.</summary>
    public static void Write(LabelVolume volume, string path, VolumeMetadata? metadata = null)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        switch (ext)
        {
            case ".npy": Npy.Write(volume, path); RawVolume.WriteSidecar(volume, SidecarPath(path), metadata, Path.GetFileName(path)); break;
            case ".raw": RawVolume.Write(volume, path, metadata); break;
            case ".tif" or ".tiff": Tiff.Write(volume, path); RawVolume.WriteSidecar(volume, SidecarPath(path), metadata, Path.GetFileName(path)); break;
            case ".vti": Vtk.WriteImageData(volume, path); break;
            case ".vtk": Vtk.WriteLegacy(volume, path); break;
            default: throw new InvalidInputException($"unknown volume extension '{ext}'; expected .npy, .raw, .tif, .tiff, .vti or .vtk", path, field: "extension");
        }
    }

    /// <summary>The sidecar path of a volume file: same folder and base name, extension .json.</summary>
    public static string SidecarPath(string path) => Path.ChangeExtension(path, ".json");

    static double ResolveVoxel(string path, double? voxelUm, out RawVolume.Sidecar? meta)
    {
        var side = SidecarPath(path);
        meta = File.Exists(side) ? RawVolume.ReadSidecar(side) : null;
        if (voxelUm is { } v) return v;
        if (meta is not null) return meta.VoxelUm;
        throw new InvalidInputException("no voxel size: give --voxel-um or a .json sidecar with voxel_um next to the file", path, field: "voxel_um");
    }

    static void CheckShape(LabelVolume v, RawVolume.Sidecar? meta, string path)
    {
        if (meta is null) return;
        if (meta.ShapeZyx[0] != v.Nz || meta.ShapeZyx[1] != v.Ny || meta.ShapeZyx[2] != v.Nx)
            throw new InvalidInputException($"sidecar shape_zyx ({string.Join(", ", meta.ShapeZyx)}) disagrees with the file's shape ({v.Nz}, {v.Ny}, {v.Nx})", path, field: "shape_zyx");
    }

    static T Also<T>(this T value, Action<T> action) { action(value); return value; }

    /// <summary>Writes through a temporary file in the same folder and renames it into place.</summary>
    internal static void Atomic(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var tmp = full + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                write(fs);
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }
}

/// <summary>Raw uint8 C-order bytes plus a JSON sidecar with shape_zyx, voxel_um, dtype, labels and provenance.</summary>
public static class RawVolume
{
    internal sealed record Sidecar(int[] ShapeZyx, double VoxelUm, string Dtype, Dictionary<byte, string> Labels, string? DataFile);

    /// <summary>Writes <paramref name="path"/> (.raw) and its sidecar (.json), each atomically (data first).</summary>
    public static void Write(LabelVolume volume, string path, VolumeMetadata? metadata = null)
    {
        VolumeFiles.Atomic(path, s => s.Write(volume.Labels));
        WriteSidecar(volume, VolumeFiles.SidecarPath(path), metadata, Path.GetFileName(path));
    }

    /// <summary>Reads a .raw file (or its .json sidecar) using the sidecar for shape and voxel size.</summary>
    public static LabelVolume Read(string path, double? voxelUm = null)
    {
        string side = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? path : VolumeFiles.SidecarPath(path);
        if (!File.Exists(side)) throw new InvalidInputException("a .raw volume needs its .json sidecar (shape_zyx, voxel_um)", side, field: "sidecar");
        var meta = ReadSidecar(side);
        string raw = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(side))!, meta.DataFile ?? Path.GetFileNameWithoutExtension(side) + ".raw")
            : path;
        if (!File.Exists(raw)) throw new InvalidInputException("data file named by the sidecar not found", raw, field: "data_file");
        if (meta.Dtype != "uint8") throw new InvalidInputException($"dtype '{meta.Dtype}' is not supported; expected uint8", side, field: "dtype");
        long n = (long)meta.ShapeZyx[0] * meta.ShapeZyx[1] * meta.ShapeZyx[2];
        long len = new FileInfo(raw).Length;
        if (len != n) throw new InvalidInputException($"file has {len} bytes but sidecar shape_zyx ({string.Join(", ", meta.ShapeZyx)}) of uint8 needs {n}", raw, field: "shape_zyx");
        var labels = File.ReadAllBytes(raw);
        return new LabelVolume(meta.ShapeZyx[0], meta.ShapeZyx[1], meta.ShapeZyx[2], voxelUm ?? meta.VoxelUm, labels);
    }

    internal static void WriteSidecar(LabelVolume v, string path, VolumeMetadata? metadata, string dataFile)
    {
        metadata ??= new VolumeMetadata();
        var labels = new JsonObject();
        foreach (var (k, name) in metadata.LabelNames.OrderBy(p => p.Key)) labels[k.ToString(CultureInfo.InvariantCulture)] = name;
        var o = new JsonObject
        {
            ["data_file"] = dataFile,
            ["shape_zyx"] = new JsonArray(v.Nz, v.Ny, v.Nx),
            ["voxel_um"] = v.VoxelUm,
            ["dtype"] = "uint8",
            ["order"] = "C",
            ["labels"] = labels,
            ["generator"] = metadata.Generator,
            ["parameters"] = metadata.Parameters?.DeepClone(),
            ["seed"] = metadata.Seed,
            ["kit_version"] = metadata.KitVersion ?? typeof(RawVolume).Assembly.GetName().Version?.ToString(),
        };
        var text = o.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        VolumeFiles.Atomic(path, s => s.Write(Encoding.UTF8.GetBytes(text + "\n")));
    }

    internal static Sidecar ReadSidecar(string path)
    {
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidInputException($"not valid JSON: {e.Message}", path, field: "json"); }
        if (root is not JsonObject o) throw new InvalidInputException("expected a JSON object", path, field: "json");
        int[] shape;
        try
        {
            shape = (o["shape_zyx"] as JsonArray ?? throw new InvalidInputException("missing shape_zyx [nz, ny, nx]", path, field: "shape_zyx"))
                .Select(n => n!.GetValue<int>()).ToArray();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw new InvalidInputException("shape_zyx must be three positive integers", path, field: "shape_zyx");
        }
        if (shape.Length != 3 || shape.Any(d => d <= 0)) throw new InvalidInputException("shape_zyx must be three positive integers", path, field: "shape_zyx");
        double voxel;
        try { voxel = o["voxel_um"]?.GetValue<double>() ?? throw new InvalidInputException("missing voxel_um", path, field: "voxel_um"); }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { throw new InvalidInputException("voxel_um must be a number", path, field: "voxel_um"); }
        if (!(voxel > 0) || !double.IsFinite(voxel)) throw new InvalidInputException($"voxel_um must be positive, got {voxel}", path, field: "voxel_um");
        string dtype = o["dtype"]?.GetValue<string>() ?? "uint8";
        var labels = new Dictionary<byte, string>();
        if (o["labels"] is JsonObject lo)
            foreach (var (k, val) in lo)
            {
                if (!byte.TryParse(k, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                    throw new InvalidInputException($"label key '{k}' is not a code 0..255", path, field: "labels");
                labels[code] = val?.GetValue<string>() ?? "";
            }
        return new Sidecar(shape, voxel, dtype, labels, o["data_file"]?.GetValue<string>());
    }

    /// <summary>Label names from the sidecar next to a volume file (empty if there is none or it names no labels).</summary>
    public static IReadOnlyDictionary<byte, string> LabelNames(string volumePath)
    {
        var side = volumePath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? volumePath : VolumeFiles.SidecarPath(volumePath);
        return File.Exists(side) ? ReadSidecar(side).Labels : new Dictionary<byte, string>();
    }
}
