using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ResearchKit.Studies;

/// <summary>One axis of a what-if study: a named input and the values it takes (in the order given).</summary>
public sealed record StudyAxis(string Name, IReadOnlyList<double> Values);

/// <summary>One point of a study: its index in the full grid and the value of every axis (and fixed input).</summary>
public sealed record StudyPoint(int Index, IReadOnlyDictionary<string, double> Values)
{
    /// <summary>SHA-256 (16 hex digits) over the point's inputs and the study's stages: a changed input gives a new hash, so --resume reruns it.</summary>
    public string Hash(IReadOnlyList<string> stages)
    {
        var sb = new StringBuilder();
        foreach (var kv in Values.OrderBy(k => k.Key, StringComparer.Ordinal)) sb.Append(kv.Key).Append('=').Append(kv.Value.ToString("R", CultureInfo.InvariantCulture)).Append(';');
        sb.Append("stages=").Append(string.Join(',', stages));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..16].ToLowerInvariant();
    }

    /// <summary>The value of an input.</summary>
    public double this[string name] => Values[name];
}

/// <summary>
/// A declarative what-if study: axes to sweep, fixed inputs, and the chain of stages to run at every point of the grid
/// (the Cartesian product of the axes, the first axis varying slowest). Read from JSON; see <see cref="Schema"/>.
/// </summary>
/// <param name="Name">Study name; an output folder belongs to one study name.</param>
/// <param name="Axes">Swept inputs in declaration order.</param>
/// <param name="Fixed">Inputs held constant (any input not given takes the kit's default).</param>
/// <param name="Stages">Stages to run, in chain order.</param>
public sealed record StudyDefinition(string Name, IReadOnlyList<StudyAxis> Axes, IReadOnlyDictionary<string, double> Fixed, IReadOnlyList<string> Stages)
{
    /// <summary>The documented study-file schema (printed by `researchkit whatif --help`).</summary>
    public const string Schema = """
        {
          "name": "my-study",                       (required; letters, digits, '-', '_')
          "axes": {                                  (required; at least one; the grid is their Cartesian product, first axis slowest)
            "ncwa_mass_fraction": [0, 0.5, 0.7, 1],  (a list of values, or)
            "seed": {"from": 1, "to": 3, "step": 1}  (an inclusive range)
          },
          "fixed": {"voxel_um": 0.5, "box_um": 20},  (optional constants; same names as axes)
          "stages": ["twin", "transport", "morphology"]  (optional; default: every stage; order is fixed by the chain)
        }
        inputs: ncwa_mass_fraction (0..1, NCWA share of the CAM mass), ncwa_d50_um, ncm_d50_um (D50 of each CAM, um; D10 and D90
        scale with it), ncwa_spread, ncm_spread (lognormal sigma of each CAM's PSD in ln units), cam_wt_percent (CAM share of the
        composite; carbon stays at its default and SSE takes the rest), sse_interlayer_um (the twin's SSE interlayer, um),
        cam_loading_mg_per_cm2 (sets the thickness), voxel_um, box_um (in-plane edge, must be a multiple of voxel_um), seed (integer >= 0)
        stages: twin (porosity, thickness, contacts), transport (sigma_ion, sigma_e, tau_ion, tau_e), morphology (mean pore size,
        CAM-SSE area), mechanics and cell (declared, reported as not available until those models are wired in)
        not an input: pressing target porosity. In the twin, porosity is an output: the sampled particles jam (dense random
        packing) and the composition's SSE volume fills the narrowest crevices first; what stays open is the porosity. A target
        porosity axis would need a pressing model the kit does not have (how pressure rearranges the particles and deforms the
        SSE, e.g. DEM of the powder bed with a plastic SSE, calibrated on measured pressure-density curves). Sweep what sets the
        porosity instead: the PSDs (ncwa_/ncm_d50_um, _spread), cam_wt_percent, sse_interlayer_um.
        """;

    /// <summary>Why porosity cannot be swept: the error text for an axis or fixed input that names it.</summary>
    public const string PorosityIsAnOutput =
        "porosity is an output of the twin (particle packing plus SSE filling the narrowest crevices), not an input: a pressing-target "
        + "axis would need a pressing model (particle rearrangement and SSE deformation under pressure, calibrated on pressure-density "
        + "curves) that the kit does not have; sweep ncwa_d50_um, ncm_d50_um, the spreads, cam_wt_percent or sse_interlayer_um instead";

    /// <summary>Every input a study may sweep or fix, with its valid range.</summary>
    public static IReadOnlyDictionary<string, (double Min, double Max, bool Integer)> Inputs { get; } = new Dictionary<string, (double, double, bool)>
    {
        ["ncwa_mass_fraction"] = (0, 1, false),
        ["ncwa_d50_um"] = (0.5, 50, false),
        ["ncm_d50_um"] = (0.2, 50, false),
        ["ncwa_spread"] = (0.01, 1.5, false),
        ["ncm_spread"] = (0.01, 1.5, false),
        ["cam_wt_percent"] = (50, 99, false),
        ["sse_interlayer_um"] = (0, 2, false),
        ["cam_loading_mg_per_cm2"] = (1, 60, false),
        ["voxel_um"] = (0.05, 2, false),
        ["box_um"] = (5, 200, false),
        ["seed"] = (0, int.MaxValue, true),
    };

    /// <summary>The number of points in the grid.</summary>
    public int PointCount => Axes.Aggregate(1, (n, a) => n * a.Values.Count);

    /// <summary>The point with a given grid index (0 .. PointCount-1); the first axis varies slowest.</summary>
    public StudyPoint Point(int index)
    {
        if (index < 0 || index >= PointCount) throw new InvalidInputException($"point index {index} is outside 0..{PointCount - 1}", field: "point");
        var values = new Dictionary<string, double>(Fixed);
        int rest = index;
        for (int a = Axes.Count - 1; a >= 0; a--)
        {
            var axis = Axes[a];
            values[axis.Name] = axis.Values[rest % axis.Values.Count];
            rest /= axis.Values.Count;
        }
        return new StudyPoint(index, values);
    }

    /// <summary>All points in index order.</summary>
    public IEnumerable<StudyPoint> Points() => Enumerable.Range(0, PointCount).Select(Point);

    /// <summary>SHA-256 (16 hex digits) of the canonical definition.</summary>
    public string Hash() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(ToJson())))[..16].ToLowerInvariant();

    /// <summary>The canonical JSON of the definition (axes as value lists).</summary>
    public string ToJson()
    {
        var o = new Dictionary<string, object>
        {
            ["name"] = Name,
            ["axes"] = Axes.ToDictionary(a => a.Name, a => (object)a.Values),
            ["fixed"] = Fixed.OrderBy(k => k.Key, StringComparer.Ordinal).ToDictionary(k => k.Key, k => k.Value),
            ["stages"] = Stages,
        };
        return JsonSerializer.Serialize(o, new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Reads and validates a study file; errors name the file and the field.</summary>
    public static StudyDefinition Load(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("study file not found", path);
        try { return Parse(File.ReadAllText(path), path); }
        catch (JsonException e) { throw new InvalidInputException($"not valid JSON: {e.Message}", path); }
    }

    /// <summary>Parses and validates a study definition from JSON text.</summary>
    public static StudyDefinition Parse(string json, string source = "study")
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw Bad(source, "(root)", "expected a JSON object");
        foreach (var p in root.EnumerateObject())
            if (p.Name is not ("name" or "axes" or "fixed" or "stages" or "description"))
                throw Bad(source, p.Name, "unknown key (expected name, axes, fixed, stages, description)");
        if (!root.TryGetProperty("name", out var nameEl) || nameEl.ValueKind != JsonValueKind.String || nameEl.GetString() is not { Length: > 0 } name)
            throw Bad(source, "name", "required: a non-empty string");
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) throw Bad(source, "name", $"'{name}': use letters, digits, '-' and '_' only");
        if (!root.TryGetProperty("axes", out var axesEl) || axesEl.ValueKind != JsonValueKind.Object) throw Bad(source, "axes", "required: an object of axis name -> values");
        var axes = new List<StudyAxis>();
        foreach (var a in axesEl.EnumerateObject())
        {
            var field = "axes." + a.Name;
            CheckInputName(source, field, a.Name);
            var values = a.Value.ValueKind switch
            {
                JsonValueKind.Array => a.Value.EnumerateArray().Select((v, i) => Number(source, $"{field}[{i}]", v)).ToList(),
                JsonValueKind.Object => Range(source, field, a.Value),
                _ => throw Bad(source, field, "expected a list of numbers or {\"from\", \"to\", \"step\"}"),
            };
            if (values.Count == 0) throw Bad(source, field, "an axis needs at least one value");
            if (values.Distinct().Count() != values.Count) throw Bad(source, field, "values repeat");
            foreach (var (v, i) in values.Select((v, i) => (v, i))) CheckValue(source, $"{field}[{i}]", a.Name, v);
            axes.Add(new StudyAxis(a.Name, values));
        }
        if (axes.Count == 0) throw Bad(source, "axes", "at least one axis is needed");
        var fixedValues = new Dictionary<string, double>();
        if (root.TryGetProperty("fixed", out var fixedEl))
        {
            if (fixedEl.ValueKind != JsonValueKind.Object) throw Bad(source, "fixed", "expected an object of input name -> number");
            foreach (var f in fixedEl.EnumerateObject())
            {
                var field = "fixed." + f.Name;
                CheckInputName(source, field, f.Name);
                if (axes.Any(a => a.Name == f.Name)) throw Bad(source, field, "is also an axis");
                double v = Number(source, field, f.Value);
                CheckValue(source, field, f.Name, v);
                fixedValues[f.Name] = v;
            }
        }
        IReadOnlyList<string> stages = StudyStages.Names;
        if (root.TryGetProperty("stages", out var stagesEl))
        {
            if (stagesEl.ValueKind != JsonValueKind.Array) throw Bad(source, "stages", "expected a list of stage names");
            var asked = stagesEl.EnumerateArray().Select((s, i) => s.ValueKind == JsonValueKind.String ? s.GetString()! : throw Bad(source, $"stages[{i}]", "expected a string")).ToList();
            foreach (var (s, i) in asked.Select((s, i) => (s, i)))
                if (!StudyStages.Names.Contains(s)) throw Bad(source, $"stages[{i}]", $"unknown stage '{s}' (known: {string.Join(", ", StudyStages.Names)})");
            stages = StudyStages.Names.Where(asked.Contains).ToList();
            foreach (var s in stages)
                foreach (var need in StudyStages.Requires(s))
                    if (!stages.Contains(need)) throw Bad(source, "stages", $"stage '{s}' needs the outputs of '{need}', which is not in the list");
        }
        var def = new StudyDefinition(name, axes, fixedValues, stages);
        // The in-plane box must hold a whole number of voxels at every point.
        foreach (var p in def.Points())
        {
            double voxel = p.Values.GetValueOrDefault("voxel_um", StudyStages.DefaultVoxelUm), box = p.Values.GetValueOrDefault("box_um", StudyStages.DefaultBoxUm);
            double n = box / voxel;
            if (Math.Abs(n - Math.Round(n)) > 1e-9) throw Bad(source, "box_um", $"box {box} um is not a whole number of {voxel} um voxels (point {p.Index})");
        }
        // Every point's twin specification must be valid before any work starts (bad input: exit 2, nothing written).
        if (def.Stages.Contains("twin"))
            foreach (var p in def.Points())
            {
                try { StudyStages.TwinSpecOf(p); }
                catch (InvalidInputException e)
                {
                    throw new InvalidInputException($"point {p.Index} ({string.Join(", ", p.Values.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key}={k.Value.ToString(CultureInfo.InvariantCulture)}"))}): {e.Message}", source);
                }
            }
        return def;
    }

    static void CheckInputName(string source, string field, string name)
    {
        if (!Inputs.ContainsKey(name) && name.Contains("porosity", StringComparison.OrdinalIgnoreCase)) throw Bad(source, field, $"'{name}': {PorosityIsAnOutput}");
        if (!Inputs.ContainsKey(name)) throw Bad(source, field, $"unknown axis '{name}' (known: {string.Join(", ", Inputs.Keys)})");
    }

    static void CheckValue(string source, string field, string name, double v)
    {
        var (min, max, integer) = Inputs[name];
        if (!double.IsFinite(v) || v < min || v > max) throw Bad(source, field, $"{v.ToString(CultureInfo.InvariantCulture)} is outside [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        if (integer && v != Math.Floor(v)) throw Bad(source, field, $"{v.ToString(CultureInfo.InvariantCulture)} must be a whole number");
    }

    static double Number(string source, string field, JsonElement e) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw Bad(source, field, "expected a number");

    static List<double> Range(string source, string field, JsonElement e)
    {
        double Get(string k) => e.TryGetProperty(k, out var v) ? Number(source, $"{field}.{k}", v) : throw Bad(source, $"{field}.{k}", "required in a range");
        double from = Get("from"), to = Get("to"), step = Get("step");
        if (!(step > 0)) throw Bad(source, $"{field}.step", "must be > 0");
        if (to < from) throw Bad(source, $"{field}.to", "must be >= from");
        int n = (int)Math.Floor((to - from) / step + 1e-9) + 1;
        if (n > 100_000) throw Bad(source, field, "more than 100,000 values");
        // Round to 12 significant digits so that 0.1-steps give 0.3, not 0.30000000000000004.
        return Enumerable.Range(0, n).Select(i => double.Parse((from + i * step).ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)).ToList();
    }

    static InvalidInputException Bad(string source, string field, string message) => new(message, source, field: field);
}
