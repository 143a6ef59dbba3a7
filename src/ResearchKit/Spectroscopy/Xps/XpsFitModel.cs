using System.Globalization;

namespace ResearchKit.Spectroscopy.Xps;

/// <summary>How the fit treats the background.</summary>
public enum FitBackground
{
    /// <summary>Computed once from the data (end-point means) and subtracted, as CasaXPS does by default.</summary>
    Linear,
    Shirley,
    Tougaard,
    Tougaard3,
    /// <summary>B(E) = c0 + k ∫_{E_min}^{E} Σ peaks dE': a Shirley term whose offset and step factor are fitted with the peaks
    /// (an "active" Shirley background; Herrera-Gomez et al., Surf. Interface Anal. 46 (2014) 897).</summary>
    ShirleyFitted,
}

/// <summary>One peak component: a singlet, or a spin-orbit doublet of a level in <see cref="SpinOrbitTable"/>.</summary>
/// <param name="Name">unique name (letters, digits, _ and -)</param>
/// <param name="Level">core level of a doublet (e.g. "S2p"), or null for a singlet</param>
/// <param name="Shape">line shape</param>
/// <param name="CenterEv">starting centre (eV); for a doublet, the j = l + ½ line (lower BE)</param>
/// <param name="FwhmEv">starting width (eV)</param>
/// <param name="Area">starting area (intensity × eV; the doublet's total), or null to estimate from the data</param>
public sealed record XpsComponentSpec(string Name, string? Level, PeakShape Shape, double CenterEv, double FwhmEv, double? Area);

/// <summary>A tie p = Factor·Reference + Offset (reference "NAME.center|fwhm|area").</summary>
public sealed record ParameterTie(string Reference, double Factor, double Offset);

/// <summary>
/// A fit model: components, background, window and constraints. Parameters are named NAME.center, NAME.fwhm, NAME.area.
/// The text grammar (one statement a line, # starts a comment):
/// <code>
/// background shirley            # linear | shirley | tougaard | tougaard3 | shirley-fit
/// range 170:158                 # binding-energy window HI:LO (eV); default: the whole block
/// end-points 5                  # channels averaged at each end for the background
/// shape GL(30)                  # default line shape of the components that follow
/// doublet PS4 S2p center=161.6 fwhm=0.9 [area=1000] [shape=SGL(20)]
/// singlet C1 center=284.8
/// bound PS4.center 161.2:162.0  # LO:HI
/// fix PS4.fwhm 0.9
/// tie P2Sx.center = PS4.center + 1.4
/// tie LiS.area = PS4.area * 0.5
/// equal fwhm PS4 P2Sx LiS       # equal widths (ties to the first)
/// </code>
/// Defaults: centre bounds ±1.5 eV around the start, width 0.1–5 eV, area ≥ 0.
/// </summary>
public sealed record XpsFitModel(
    IReadOnlyList<XpsComponentSpec> Components,
    FitBackground Background,
    double? RangeHighEv,
    double? RangeLowEv,
    int EndPoints,
    IReadOnlyDictionary<string, (double Lower, double Upper)> Bounds,
    IReadOnlyDictionary<string, double> Fixed,
    IReadOnlyDictionary<string, ParameterTie> Ties)
{
    internal static readonly string[] ParameterKinds = ["center", "fwhm", "area"];

    /// <summary>
    /// Doublets of named levels at starting centres, "S2p:161.6,S2p:163.0": components S2p_1, S2p_2 ... (in the order given),
    /// shape GL(30), starting width 1 eV, all widths of one level equal (tied to its first component).
    /// </summary>
    public static XpsFitModel FromDoublets(string doublets, FitBackground background, double? rangeHighEv = null, double? rangeLowEv = null,
        int endPoints = 5, PeakShape? shape = null)
    {
        var comps = new List<XpsComponentSpec>();
        var ties = new Dictionary<string, ParameterTie>();
        var firstOfLevel = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in doublets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = item.IndexOf(':');
            if (colon <= 0) throw new InvalidInputException($"expected LEVEL:CENTER (e.g. S2p:161.6), got '{item}'", field: "doublets");
            var d = SpinOrbitTable.Get(item[..colon].Trim(), field: "doublets");
            var cs = item[(colon + 1)..].Trim();
            if (!double.TryParse(cs, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) || !double.IsFinite(c))
                throw new InvalidInputException($"centre of '{item}' is not a number", field: "doublets");
            int k = counts[d.Level] = counts.GetValueOrDefault(d.Level) + 1;
            var name = $"{d.Level}_{k}";
            comps.Add(new XpsComponentSpec(name, d.Level, shape ?? PeakShape.Default, c, 1.0, null));
            if (firstOfLevel.TryGetValue(d.Level, out var first)) ties[name + ".fwhm"] = new ParameterTie(first + ".fwhm", 1, 0);
            else firstOfLevel[d.Level] = name;
        }
        if (comps.Count == 0) throw new InvalidInputException("no doublets given", field: "doublets");
        return new XpsFitModel(comps, background, rangeHighEv, rangeLowEv, endPoints,
            new Dictionary<string, (double, double)>(), new Dictionary<string, double>(), ties);
    }

    /// <summary>Parses <see cref="FitBackground"/> names: linear, shirley, tougaard, tougaard3, shirley-fit.</summary>
    public static FitBackground ParseBackground(string s, string? source = null, int? line = null) => s.Trim().ToLowerInvariant() switch
    {
        "linear" => FitBackground.Linear,
        "shirley" => FitBackground.Shirley,
        "tougaard" => FitBackground.Tougaard,
        "tougaard3" => FitBackground.Tougaard3,
        "shirley-fit" or "shirley-fitted" or "active-shirley" => FitBackground.ShirleyFitted,
        _ => throw new InvalidInputException($"unknown background '{s}'; expected linear, shirley, tougaard, tougaard3 or shirley-fit", source, line, "background"),
    };

    /// <summary>Reads a model file.</summary>
    public static XpsFitModel Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("model file not found", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses the grammar above; errors name the source, line and field.</summary>
    public static XpsFitModel Parse(string text, string source = "<model>")
    {
        var comps = new List<XpsComponentSpec>();
        var bounds = new Dictionary<string, (double, double)>();
        var fixd = new Dictionary<string, double>();
        var ties = new Dictionary<string, ParameterTie>();
        var pendingRefs = new List<(string Param, int Line, string Field)>();
        FitBackground bg = FitBackground.Shirley;
        double? hi = null, lo = null;
        int endPoints = 5;
        var shape = PeakShape.Default;
        var lines = text.Replace("\r\n", "\n").Split('\n');
        for (int li = 0; li < lines.Length; li++)
        {
            int ln = li + 1;
            var raw = lines[li];
            int hash = raw.IndexOf('#');
            var s = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (s.Length == 0) continue;
            var tok = s.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            double Num(string t, string field)
            {
                if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                    throw new InvalidInputException($"expected a number, got '{t}'", source, ln, field);
                return v;
            }
            (double, double) Pair(string t, string field)
            {
                var p = t.Split(':');
                if (p.Length != 2) throw new InvalidInputException($"expected A:B, got '{t}'", source, ln, field);
                return (Num(p[0], field), Num(p[1], field));
            }
            void Need(int n, string usage) { if (tok.Length < n) throw new InvalidInputException($"incomplete statement; usage: {usage}", source, ln, tok[0]); }
            switch (tok[0].ToLowerInvariant())
            {
                case "background": Need(2, "background shirley"); bg = ParseBackground(tok[1], source, ln); break;
                case "range":
                {
                    Need(2, "range HI:LO");
                    var (a, b) = Pair(tok[1], "range");
                    hi = Math.Max(a, b); lo = Math.Min(a, b); break;
                }
                case "end-points":
                    Need(2, "end-points 5");
                    endPoints = (int)Num(tok[1], "end-points");
                    if (endPoints < 1) throw new InvalidInputException("end-points must be at least 1", source, ln, "end-points");
                    break;
                case "shape": Need(2, "shape GL(30)"); shape = PeakShape.Parse(tok[1], source, ln); break;
                case "doublet":
                case "singlet":
                {
                    bool dbl = tok[0].Equals("doublet", StringComparison.OrdinalIgnoreCase);
                    Need(dbl ? 4 : 3, dbl ? "doublet NAME LEVEL center=E [fwhm=F] [area=A] [shape=GL(30)]" : "singlet NAME center=E [fwhm=F] [area=A] [shape=GL(30)]");
                    var name = tok[1];
                    if (!System.Text.RegularExpressions.Regex.IsMatch(name, @"^[A-Za-z][A-Za-z0-9_\-]*$"))
                        throw new InvalidInputException($"component name '{name}' must start with a letter and hold only letters, digits, _ and -", source, ln, "name");
                    if (comps.Any(c => c.Name == name)) throw new InvalidInputException($"component '{name}' defined twice", source, ln, "name");
                    string? level = dbl ? SpinOrbitTable.Get(tok[2], source, ln).Level : null;
                    double? center = null, fwhm = null, area = null;
                    var sh = shape;
                    foreach (var kv in tok.Skip(dbl ? 3 : 2))
                    {
                        int eq = kv.IndexOf('=');
                        if (eq <= 0) throw new InvalidInputException($"expected key=value, got '{kv}'", source, ln, name);
                        var key = kv[..eq].ToLowerInvariant(); var val = kv[(eq + 1)..];
                        switch (key)
                        {
                            case "center": case "centre": center = Num(val, "center"); break;
                            case "fwhm": fwhm = Num(val, "fwhm"); break;
                            case "area": area = Num(val, "area"); break;
                            case "shape": sh = PeakShape.Parse(val, source, ln); break;
                            default: throw new InvalidInputException($"unknown key '{key}'; expected center, fwhm, area or shape", source, ln, key);
                        }
                    }
                    if (center is null) throw new InvalidInputException($"component '{name}' needs center=E", source, ln, "center");
                    if (fwhm is { } f && !(f > 0)) throw new InvalidInputException("fwhm must be positive", source, ln, "fwhm");
                    comps.Add(new XpsComponentSpec(name, level, sh, center.Value, fwhm ?? 1.0, area));
                    break;
                }
                case "bound":
                {
                    Need(3, "bound NAME.PARAM LO:HI");
                    var (a, b) = Pair(tok[2], "bound");
                    if (!(a < b)) throw new InvalidInputException($"bound {tok[2]}: expected LO < HI", source, ln, "bound");
                    bounds[tok[1]] = (a, b); pendingRefs.Add((tok[1], ln, "bound")); break;
                }
                case "fix":
                    Need(3, "fix NAME.PARAM VALUE");
                    fixd[tok[1]] = Num(tok[2], "fix"); pendingRefs.Add((tok[1], ln, "fix")); break;
                case "tie":
                {
                    Need(4, "tie NAME.PARAM = OTHER.PARAM [+ OFFSET | - OFFSET | * FACTOR]");
                    if (tok[2] != "=") throw new InvalidInputException($"expected '=' after {tok[1]}", source, ln, "tie");
                    double factor = 1, offset = 0;
                    if (tok.Length >= 6)
                    {
                        double v = Num(tok[5], "tie");
                        switch (tok[4])
                        {
                            case "+": offset = v; break;
                            case "-": offset = -v; break;
                            case "*": factor = v; break;
                            default: throw new InvalidInputException($"expected +, - or * in the tie, got '{tok[4]}'", source, ln, "tie");
                        }
                    }
                    else if (tok.Length != 4) throw new InvalidInputException("usage: tie A.PARAM = B.PARAM [+|-|* NUMBER]", source, ln, "tie");
                    ties[tok[1]] = new ParameterTie(tok[3], factor, offset);
                    pendingRefs.Add((tok[1], ln, "tie")); pendingRefs.Add((tok[3], ln, "tie"));
                    break;
                }
                case "equal":
                {
                    Need(4, "equal fwhm A B [C ...]");
                    var kind = tok[1].ToLowerInvariant();
                    if (!ParameterKinds.Contains(kind)) throw new InvalidInputException($"unknown parameter '{tok[1]}'; expected center, fwhm or area", source, ln, "equal");
                    for (int k = 3; k < tok.Length; k++)
                    {
                        ties[$"{tok[k]}.{kind}"] = new ParameterTie($"{tok[2]}.{kind}", 1, 0);
                        pendingRefs.Add(($"{tok[k]}.{kind}", ln, "equal"));
                    }
                    pendingRefs.Add(($"{tok[2]}.{kind}", ln, "equal"));
                    break;
                }
                default:
                    throw new InvalidInputException($"unknown statement '{tok[0]}'; expected background, range, end-points, shape, doublet, singlet, bound, fix, tie or equal", source, ln, tok[0]);
            }
        }
        if (comps.Count == 0) throw new InvalidInputException("the model defines no components (doublet or singlet lines)", source, field: "components");
        foreach (var (p, ln, field) in pendingRefs) CheckParameter(p, comps, source, ln, field);
        return new XpsFitModel(comps, bg, hi, lo, endPoints, bounds, fixd, ties);
    }

    static void CheckParameter(string p, List<XpsComponentSpec> comps, string source, int line, string field)
    {
        int dot = p.LastIndexOf('.');
        if (dot <= 0) throw new InvalidInputException($"expected NAME.center|fwhm|area, got '{p}'", source, line, field);
        var name = p[..dot]; var kind = p[(dot + 1)..];
        if (!comps.Any(c => c.Name == name))
            throw new InvalidInputException($"unknown component '{name}'; defined: {string.Join(", ", comps.Select(c => c.Name))}", source, line, field);
        if (!ParameterKinds.Contains(kind)) throw new InvalidInputException($"unknown parameter '{kind}' of {name}; expected center, fwhm or area", source, line, field);
    }
}
