using System.Globalization;
using System.Text;

namespace ResearchKit.Spectroscopy.Xps;

/// <summary>
/// Reader and writer of the VAMAS Surface Chemical Analysis Standard Data Transfer Format (ISO 14976; Dench, Hazell and
/// Seah, Surf. Interface Anal. 13 (1988) 63): one value per line, a file header followed by blocks.
/// Supported: experiment modes NORM, SDP, SDPSV, MAP, MAPDP, MAPSV, MAPSVDP, SEM (the mode only changes which header lines exist);
/// REGULAR scans (abscissa start and increment) and IRREGULAR scans (abscissa value before each point, as pynxtools-xps
/// reads them); any number of corresponding variables (the first is the intensity; a second named "Transmission" is kept).
/// Not supported: a non-empty block parameter inclusion/exclusion list (then later blocks omit lines), MAPPING scans.
/// Errors name the file, the 1-based line and the block.
/// </summary>
public static class Vamas
{
    const string Magic = "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4";

    static readonly HashSet<string> MassTechniques = ["FABMS", "FABMS energy spec", "ISS", "SIMS", "SIMS energy spec", "SNMS", "SNMS energy spec"];
    static readonly HashSet<string> SpectroscopyTechniques = ["AES diff", "AES dir", "EDX", "ELS", "UPS", "XPS", "XRF"];

    /// <summary>Reads every block of a VAMAS file.</summary>
    public static XpsFile Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidInputException("file not found", path);
        return Parse(File.ReadAllText(path, Encoding.Latin1), path);
    }

    /// <summary>Parses VAMAS text (LF or CRLF).</summary>
    public static XpsFile Parse(string text, string sourceName = "<vamas>")
    {
        var c = new Cursor(text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'), sourceName);
        c.SkipBlankLead();
        if (c.Next("format identifier").Trim() != Magic)
            throw new InvalidInputException($"not a VAMAS file: the first line must be '{Magic}'", sourceName, c.Line, "format identifier");
        c.Next("institution"); c.Next("instrument model"); c.Next("operator"); c.Next("experiment identifier");
        int nComment = c.Int("number of lines in comment", 0);
        var comments = new List<string>();
        for (int i = 0; i < nComment; i++) comments.Add(c.Next("comment line"));
        string expMode = c.Next("experiment mode").Trim();
        string scanMode = c.Next("scan mode").Trim();
        if (scanMode is not ("REGULAR" or "IRREGULAR"))
            throw new InvalidInputException($"scan mode '{scanMode}' is not supported (REGULAR or IRREGULAR)", sourceName, c.Line, "scan mode");
        bool map = expMode is "MAP" or "MAPDP";
        if (expMode is "MAP" or "MAPDP" or "MAPSV" or "MAPSVDP" or "NORM" or "SDP") c.Int("number of spectral regions", 0);
        if (map) { c.Int("number of analysis positions", 0); c.Int("number of discrete x coordinates", 0); c.Int("number of discrete y coordinates", 0); }
        int nExpVar = c.Int("number of experimental variables", 0);
        for (int i = 0; i < nExpVar; i++) { c.Next("experimental variable label"); c.Next("experimental variable units"); }
        int nInclusion = c.Int("number of entries in parameter inclusion or exclusion list");
        if (nInclusion != 0)
            throw new InvalidInputException($"a block parameter inclusion/exclusion list ({nInclusion} entries) is not supported", sourceName, c.Line, "parameter inclusion list");
        int nManual = c.Int("number of manually entered items in block", 0);
        for (int i = 0; i < nManual; i++) c.Next("manually entered item");
        int nFutureExp = c.Int("number of future upgrade experiment entries", 0);
        int nFutureBlock = c.Int("number of future upgrade block entries", 0);
        for (int i = 0; i < nFutureExp; i++) c.Next("future upgrade experiment entry");
        int nBlocks = c.Int("number of blocks", 0);
        var blocks = new List<XpsSpectrum>(nBlocks);
        for (int b = 0; b < nBlocks; b++)
        {
            c.Block = b;
            blocks.Add(ReadBlock(c, b, expMode, scanMode, nExpVar, nFutureBlock));
        }
        c.Block = null;
        string? end = c.TryNext();
        while (end is not null && end.Trim().Length == 0) end = c.TryNext();
        if (end is not null && end.Trim() != "end of experiment")
            throw new InvalidInputException($"expected 'end of experiment' after {nBlocks} block(s), found '{end.Trim()}' (more values than the header declares?)", sourceName, c.Line, "end of experiment");
        return new XpsFile(sourceName, blocks, comments);
    }

    static XpsSpectrum ReadBlock(Cursor c, int b, string expMode, string scanMode, int nExpVar, int nFutureBlock)
    {
        string id = c.Next("block identifier").Trim();
        c.Next("sample identifier");
        for (int i = 0; i < 6; i++) c.Next("date/time field");
        c.Next("number of hours in advance of GMT");
        int nComment = c.Int("number of lines in block comment", 0);
        for (int i = 0; i < nComment; i++) c.Next("block comment line");
        string technique = c.Next("technique").Trim();
        if (expMode is "MAP" or "MAPDP") { c.Next("x coordinate"); c.Next("y coordinate"); }
        for (int i = 0; i < nExpVar; i++) c.Next("experimental variable value");
        c.Next("analysis source label");
        bool sputterDepth = expMode is "MAPDP" or "MAPSVDP" or "SDP" or "SDPSV";
        if (sputterDepth || MassTechniques.Contains(technique))
        { c.Next("sputtering ion atomic number"); c.Next("number of atoms in sputtering particle"); c.Next("sputtering particle charge"); }
        double hv = c.Double("analysis source characteristic energy");
        c.Next("analysis source strength");
        c.Next("analysis source beam width x"); c.Next("analysis source beam width y");
        if (expMode is "MAP" or "MAPDP" or "MAPSV" or "MAPSVDP" or "SEM") { c.Next("field of view x"); c.Next("field of view y"); }
        if (expMode is "MAPSV" or "MAPSVDP" or "SEM") for (int i = 0; i < 6; i++) c.Next("linescan coordinate");
        c.Next("analysis source polar angle of incidence");
        c.Next("analysis source azimuth");
        c.Next("analyser mode");
        c.Next("analyser pass energy");
        if (technique == "AES diff") c.Next("differential width");
        c.Next("magnification of analyser transfer lens");
        c.Next("analyser work function");
        c.Next("target bias");
        c.Next("analysis width x"); c.Next("analysis width y");
        c.Next("analyser axis take off polar angle"); c.Next("analyser axis take off azimuth");
        string species = c.Next("species label").Trim();
        string transition = c.Next("transition or charge state label").Trim();
        c.Next("charge of detected particle");
        string abscissaLabel, abscissaUnits = "eV";
        double start = double.NaN, step = double.NaN;
        if (scanMode == "REGULAR")
        {
            abscissaLabel = c.Next("abscissa label").Trim();
            abscissaUnits = c.Next("abscissa units").Trim();
            start = c.Double("abscissa start");
            step = c.Double("abscissa increment");
        }
        else
        {
            abscissaLabel = c.Next("abscissa label").Trim();
            abscissaUnits = c.Next("abscissa units").Trim();
        }
        int nVar = c.Int("number of corresponding variables", 1);
        var varLabels = new string[nVar]; var varUnits = new string[nVar];
        for (int v = 0; v < nVar; v++) { varLabels[v] = c.Next("corresponding variable label").Trim(); varUnits[v] = c.Next("corresponding variable units").Trim(); }
        c.Next("signal mode");
        double dwell = c.Double("signal collection time");
        int scans = c.Int("number of scans to compile this block", 0);
        c.Next("signal time correction");
        if (SpectroscopyTechniques.Contains(technique) && sputterDepth)
            for (int i = 0; i < 7; i++) c.Next("sputtering source parameter");
        c.Next("sample normal polar angle of tilt"); c.Next("sample normal tilt azimuth");
        c.Next("sample rotation angle");
        int nAdditional = c.Int("number of additional numerical parameters", 0);
        for (int i = 0; i < nAdditional; i++) { c.Next("additional parameter label"); c.Next("additional parameter units"); c.Next("additional parameter value"); }
        for (int i = 0; i < nFutureBlock; i++) c.Next("future upgrade block entry");
        int nOrd = c.Int("number of ordinate values", 0);
        int stride = scanMode == "IRREGULAR" ? nVar + 1 : nVar;
        if (nOrd % stride != 0)
            throw new InvalidInputException($"block {b} ('{id}'): {nOrd} ordinate values are not a multiple of the {stride} values per point", c.Source, c.Line, "number of ordinate values");
        for (int v = 0; v < stride; v++) { c.Double("minimum ordinate value"); c.Double("maximum ordinate value"); }
        int nPoints = nOrd / stride;
        var x = new double[nPoints];
        var cols = new double[nVar][];
        for (int v = 0; v < nVar; v++) cols[v] = new double[nPoints];
        for (int i = 0; i < nPoints; i++)
        {
            if (scanMode == "IRREGULAR") x[i] = c.Value(b, id, i * stride, nOrd);
            else x[i] = start + i * step;
            for (int v = 0; v < nVar; v++) cols[v][i] = c.Value(b, id, i * stride + v + (stride - nVar), nOrd);
        }
        var axis = abscissaLabel.Contains("binding", StringComparison.OrdinalIgnoreCase) ? EnergyAxis.Binding : EnergyAxis.Kinetic;
        if (!abscissaLabel.Contains("energy", StringComparison.OrdinalIgnoreCase))
            throw new InvalidInputException($"block {b} ('{id}'): abscissa '{abscissaLabel}' is not an energy", c.Source, c.Line, "abscissa label");
        if (abscissaUnits.Equals("keV", StringComparison.OrdinalIgnoreCase)) for (int i = 0; i < nPoints; i++) x[i] *= 1000;
        string u0 = (varLabels[0] + " " + varUnits[0]).ToLowerInvariant();
        var unit = u0.Contains("c/s") || u0.Contains("cps") || u0.Contains("per second") || u0.Contains("count rate") ? IntensityUnit.CountsPerSecond : IntensityUnit.Counts;
        double[]? transmission = null;
        for (int v = 1; v < nVar; v++) if (varLabels[v].Contains("transmission", StringComparison.OrdinalIgnoreCase)) transmission = cols[v];
        return new XpsSpectrum(id, species, transition, x, axis, cols[0], unit, hv, dwell, Math.Max(1, scans), transmission, c.Source, b);
    }

    /// <summary>
    /// Writes spectra as one VAMAS file (NORM, REGULAR; one corresponding variable "Intensity" in d = counts, or "c/s"
    /// for counts per second). Abscissae must be evenly spaced. Written to a temporary file, then moved into place.
    /// </summary>
    /// <param name="path">destination .vms</param>
    /// <param name="spectra">blocks, written in order</param>
    /// <param name="comment">header comment lines (provenance)</param>
    public static void Write(string path, IReadOnlyList<XpsSpectrum> spectra, IReadOnlyList<string>? comment = null)
    {
        var sb = new StringBuilder();
        void L(object o) => sb.Append(Convert.ToString(o, CultureInfo.InvariantCulture)).Append("\r\n");
        L(Magic); L("ResearchKit"); L("ResearchKit synthetic (forward model)"); L("ResearchKit"); L("synthetic");
        var com = comment ?? [];
        L(com.Count); foreach (var line in com) L(line.Replace("\r", " ").Replace("\n", " "));
        L("NORM"); L("REGULAR"); L(spectra.Count); L(0); L(0); L(0); L(0); L(0); L(spectra.Count);
        foreach (var s in spectra)
        {
            int n = s.Count;
            if (n < 2) throw new InvalidInputException($"block '{s.Label}' has fewer than 2 points", path, field: "spectra");
            double step = (s.EnergyEv[n - 1] - s.EnergyEv[0]) / (n - 1);
            for (int i = 1; i < n; i++)
                if (Math.Abs(s.EnergyEv[i] - s.EnergyEv[0] - i * step) > 1e-6 * Math.Max(1, Math.Abs(step)))
                    throw new InvalidInputException($"block '{s.Label}' is not evenly spaced at point {i}; VAMAS REGULAR needs a constant step", path, field: "energy");
            L(s.Label); L(s.Label); L(2026); L(1); L(1); L(0); L(0); L(0); L(0);
            L(1); L("synthetic spectrum from the ResearchKit XPS forward model");
            L("XPS"); L("Al Ka"); L(R(s.PhotonEnergyEv)); L("1E+37"); L("1E+37"); L("1E+37");
            L("1E+37"); L("1E+37"); L("FAT"); L(20); L("1E+37"); L("1E+37"); L("1E+37");
            L("1E+37"); L("1E+37"); L("1E+37"); L("1E+37");
            L(s.Species); L(s.Transition); L(-1);
            L(s.Axis == EnergyAxis.Binding ? "Binding Energy" : "Kinetic Energy"); L("eV"); L(R(s.EnergyEv[0])); L(R(step));
            L(1); L("Intensity"); L(s.Unit == IntensityUnit.CountsPerSecond ? "c/s" : "d");
            L("pulse counting"); L(R(double.IsFinite(s.DwellTimeS) ? s.DwellTimeS : 0.1)); L(s.Scans); L("1E+37");
            L("1E+37"); L("1E+37"); L("1E+37"); L(0);
            L(n); L(R(s.Intensity.Min())); L(R(s.Intensity.Max()));
            foreach (var y in s.Intensity) L(R(y));
        }
        L("end of experiment");
        var tmp = path + ".tmp-" + Guid.NewGuid().ToString("N")[..8];
        File.WriteAllText(tmp, sb.ToString(), Encoding.ASCII);
        File.Move(tmp, path, overwrite: true);
    }

    static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    sealed class Cursor(string[] lines, string source)
    {
        int _i;
        public string Source => source;
        public int Line => _i; // 1-based number of the line read last
        public int? Block { get; set; }

        public void SkipBlankLead() { while (_i < lines.Length && lines[_i].Trim().Length == 0) _i++; }

        public string? TryNext() => _i < lines.Length ? lines[_i++] : null;

        public string Next(string field)
        {
            if (_i >= lines.Length || (_i == lines.Length - 1 && lines[_i].Length == 0))
                throw new InvalidInputException($"the file ends early{(Block is { } b ? $" in block {b}" : " in the header")} (cut short?)", source, _i + 1, field);
            return lines[_i++];
        }

        public int Int(string field, int min = int.MinValue)
        {
            var s = Next(field).Trim();
            if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min)
                throw new InvalidInputException($"expected an integer{(min > int.MinValue ? $" >= {min}" : "")}{(Block is { } b ? $" in block {b}" : "")}, got '{s}'", source, _i, field);
            return v;
        }

        public double Double(string field)
        {
            var s = Next(field).Trim();
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new InvalidInputException($"expected a number{(Block is { } b ? $" in block {b}" : "")}, got '{s}'", source, _i, field);
            return v;
        }

        /// <summary>One data value; a file cut short or a non-number names the block and how many values it declares.</summary>
        public double Value(int block, string id, int index, int declared)
        {
            if (_i >= lines.Length || (lines[_i].Trim() is var t && (t.Length == 0 || t == "end of experiment")))
                throw new InvalidInputException($"block {block} ('{id}') declares {declared} ordinate values but only {index} follow (file cut short or count mismatch)", source, _i + 1, "ordinate values");
            var s = lines[_i++].Trim();
            if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                throw new InvalidInputException($"block {block} ('{id}'): value {index + 1} of {declared} is not a number ('{s}'); the declared count may not match the data", source, _i, "ordinate values");
            return v;
        }
    }
}
