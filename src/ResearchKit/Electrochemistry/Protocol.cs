using System.Globalization;
using System.Text;

namespace ResearchKit.Electrochemistry;

/// <summary>Kind of a protocol step.</summary>
public enum StepKind { Charge, Discharge, ConstantVoltage, Rest, Impedance }

/// <summary>
/// One step of an experiment. Currents in C (1 C defined by <see cref="CellParameters.ReversibleCapacityMAhPerG"/>);
/// voltages vs Li+/Li (the model converts them to the cell window with the LTO plateau).
/// </summary>
/// <param name="Kind">charge / discharge (constant current), constant voltage, rest</param>
/// <param name="CRate">current of a CC step, C (positive)</param>
/// <param name="LimitVsLiV">cutoff of a CC step or set voltage of a CV step, V vs Li+/Li</param>
/// <param name="DurationS">rest duration or CV time limit, s</param>
/// <param name="CurrentLimitC">CV end current, C</param>
/// <param name="Line">line of the protocol text the step came from</param>
/// <param name="Label">label of an impedance step (<c>eis LABEL</c>)</param>
public sealed record ProtocolStep(StepKind Kind, double CRate, double LimitVsLiV, double DurationS, double CurrentLimitC, int Line, string? Label = null);

/// <summary>
/// An experiment as data, in a small grammar like PyBaMM's Experiment: one instruction per line,
/// <c>charge 0.1C to 4.3V</c>, <c>discharge 0.5C to 2.7V</c>, <c>cv 4.3V until 0.05C [for 2h]</c>, <c>rest 10min</c>,
/// <c>eis LABEL</c> (an impedance spectrum of the model linearised about the state at that point; takes no test time),
/// loops <c>repeat N</c> ... <c>end</c> (nestable); <c>#</c> starts a comment. Voltages vs Li+/Li. A cycle starts at each charge.
/// </summary>
public sealed record Protocol(string Name, IReadOnlyList<ProtocolStep> Steps, string Text)
{
    /// <summary>Parses the grammar; bad input throws <see cref="InvalidInputException"/> naming the line.</summary>
    public static Protocol Parse(string text, string name = "protocol")
    {
        var lines = text.Replace("\r", "").Split('\n');
        int i = 0;
        var steps = ParseBlock(lines, ref i, name, topLevel: true);
        if (steps.Count == 0) throw new InvalidInputException("no steps", name);
        return new Protocol(name, steps, text);
    }

    static List<ProtocolStep> ParseBlock(string[] lines, ref int i, string src, bool topLevel)
    {
        var steps = new List<ProtocolStep>();
        while (i < lines.Length)
        {
            int lineNo = i + 1;
            var raw = lines[i++];
            int hash = raw.IndexOf('#');
            var line = (hash >= 0 ? raw[..hash] : raw).Trim().ToLowerInvariant();
            if (line.Length == 0) continue;
            var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (w[0])
            {
                case "end":
                    if (topLevel) throw new InvalidInputException("'end' without 'repeat'", src, lineNo, "end");
                    return steps;
                case "repeat":
                    if (w.Length != 2 || !int.TryParse(w[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 0)
                        throw new InvalidInputException("expected 'repeat N' with N >= 0", src, lineNo, "repeat");
                    var body = ParseBlock(lines, ref i, src, topLevel: false);
                    if (i > lines.Length)
                        throw new InvalidInputException("'repeat' without 'end'", src, lineNo, "repeat");
                    for (int k = 0; k < n; k++) steps.AddRange(body);
                    break;
                case "charge":
                case "discharge":
                    if (w.Length != 4 || w[2] != "to") throw new InvalidInputException($"expected '{w[0]} RATEC to VOLTAGEV'", src, lineNo, w[0]);
                    steps.Add(new ProtocolStep(w[0] == "charge" ? StepKind.Charge : StepKind.Discharge, Rate(w[1], src, lineNo), Volt(w[3], src, lineNo), 0, 0, lineNo));
                    break;
                case "cv":
                    if (w.Length is not (4 or 6) || w[2] != "until" || (w.Length == 6 && w[4] != "for"))
                        throw new InvalidInputException("expected 'cv VOLTAGEV until RATEC [for DURATION]'", src, lineNo, "cv");
                    steps.Add(new ProtocolStep(StepKind.ConstantVoltage, 0, Volt(w[1], src, lineNo), w.Length == 6 ? Duration(w[5], src, lineNo) : double.PositiveInfinity, Rate(w[3], src, lineNo), lineNo));
                    break;
                case "rest":
                    if (w.Length != 2) throw new InvalidInputException("expected 'rest DURATION' (e.g. 10min, 600s, 1h)", src, lineNo, "rest");
                    steps.Add(new ProtocolStep(StepKind.Rest, 0, 0, Duration(w[1], src, lineNo), 0, lineNo));
                    break;
                case "eis":
                    if (w.Length != 2 || !w[1].All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '-'))
                        throw new InvalidInputException("expected 'eis LABEL' (letters, digits, '-')", src, lineNo, "eis");
                    steps.Add(new ProtocolStep(StepKind.Impedance, 0, 0, 0, 0, lineNo, w[1]));
                    break;
                default:
                    throw new InvalidInputException($"unknown instruction '{w[0]}'; expected charge, discharge, cv, rest, eis, repeat, end", src, lineNo, w[0]);
            }
        }
        if (!topLevel) i = lines.Length + 1; // signals a missing 'end'
        return steps;
    }

    static double Rate(string s, string src, int line)
    {
        if (!s.EndsWith('c') || !double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || !(r > 0) || !double.IsFinite(r))
            throw new InvalidInputException($"expected a positive C-rate like 0.5C, got '{s}'", src, line, "c_rate");
        return r;
    }

    static double Volt(string s, string src, int line)
    {
        if (!s.EndsWith('v') || !double.TryParse(s[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v > 0))
            throw new InvalidInputException($"expected a voltage like 4.3V, got '{s}'", src, line, "voltage");
        return v;
    }

    static double Duration(string s, string src, int line)
    {
        (string unit, double f)[] units = [("min", 60), ("h", 3600), ("s", 1)];
        foreach (var (u, f) in units)
            if (s.EndsWith(u, StringComparison.Ordinal) && double.TryParse(s[..^u.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x >= 0)
                return x * f;
        throw new InvalidInputException($"expected a duration like 10min, 600s or 1h, got '{s}'", src, line, "duration");
    }

    /// <summary>The paper's protocol text (Sec. Fig 2): two formation cycles at 0.1 C, then 0.5 C; 2.7-4.3 V vs Li; 10 min rests.</summary>
    public static string PaperCyclingText(int totalCycles, double formationC = 0.1, double cyclingC = 0.5)
    {
        InvalidInputException.Require(totalCycles >= 1, "cycles", "expected at least one cycle");
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("# two formation cycles at 0.1 C, then 0.5 C (paper Sec. Fig 2); voltages vs Li+/Li\n");
        sb.Append(ci, $"repeat {Math.Min(2, totalCycles)}\n  charge {formationC}C to 4.3V\n  rest 10min\n  discharge {formationC}C to 2.7V\n  rest 10min\nend\n");
        if (totalCycles > 2) sb.Append(ci, $"repeat {totalCycles - 2}\n  charge {cyclingC}C to 4.3V\n  rest 10min\n  discharge {cyclingC}C to 2.7V\n  rest 10min\nend\n");
        return sb.ToString();
    }

    /// <summary>
    /// The impedance protocol (paper Sec. Fig 3a-b: EIS after the first 0.5 C charge following the formation cycles, and after cycling):
    /// the paper's cycling protocol to <paramref name="totalCycles"/> cycles with <c>eis before</c> after the charge (and its 10 min rest)
    /// of cycle 3 and <c>eis after</c> at the same point of the last cycle.
    /// </summary>
    public static string ImpedanceCyclingText(int totalCycles, double formationC = 0.1, double cyclingC = 0.5)
    {
        InvalidInputException.Require(totalCycles >= 4, "cycles", "expected at least 4 cycles for eis (spectrum before at cycle 3, after at the last cycle)");
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("# two formation cycles at 0.1 C, then 0.5 C (paper Sec. Fig 2); eis after the 0.5 C charge of cycle 3 and of the last cycle (Sec. Fig 3a-b)\n");
        sb.Append(ci, $"repeat 2\n  charge {formationC}C to 4.3V\n  rest 10min\n  discharge {formationC}C to 2.7V\n  rest 10min\nend\n");
        sb.Append(ci, $"charge {cyclingC}C to 4.3V\nrest 10min\neis before\ndischarge {cyclingC}C to 2.7V\nrest 10min\n");
        if (totalCycles > 4) sb.Append(ci, $"repeat {totalCycles - 4}\n  charge {cyclingC}C to 4.3V\n  rest 10min\n  discharge {cyclingC}C to 2.7V\n  rest 10min\nend\n");
        sb.Append(ci, $"charge {cyclingC}C to 4.3V\nrest 10min\neis after\ndischarge {cyclingC}C to 2.7V\nrest 10min\n");
        return sb.ToString();
    }

    /// <summary>The rate test (paper Sec. Fig 2e): symmetric charge/discharge at each rate, <paramref name="cyclesPerStep"/> cycles per rate.</summary>
    public static string RateTestText(IReadOnlyList<double>? rates = null, int cyclesPerStep = 2)
    {
        rates ??= PaperRates;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder("# rate test: 0.1, 0.33, 0.5, 1, 2, 3 C (paper Sec. Fig 2e); same rate on charge and discharge\n");
        foreach (var r in rates)
            sb.Append(ci, $"repeat {cyclesPerStep}\n  charge {r}C to 4.3V\n  rest 10min\n  discharge {r}C to 2.7V\n  rest 10min\nend\n");
        return sb.ToString();
    }

    /// <summary>One charge/discharge at one rate on a fresh cell.</summary>
    public static string SingleCycleText(double cRate)
    {
        InvalidInputException.Require(cRate > 0 && double.IsFinite(cRate), "c_rate", "expected a positive C-rate");
        return string.Create(CultureInfo.InvariantCulture, $"charge {cRate}C to 4.3V\nrest 10min\ndischarge {cRate}C to 2.7V\n");
    }

    /// <summary>The C-rates of the paper's rate test.</summary>
    public static IReadOnlyList<double> PaperRates { get; } = [0.1, 0.33, 0.5, 1, 2, 3];
}
