using System.Globalization;

namespace ResearchKit.Materials;

/// <summary>
/// The kit's one grammar for an NCWA:NCM blend (the mass share of the large CAM in the CAM), used by every command and study.
/// Accepted: a mass ratio "7:3" (any two non-negative numbers, not both zero: "65:35"), the paper's sample name "CAM7:3",
/// a fraction "0.7" (0..1) or a percentage "70%" (0..100 %). All four of these give 0.7.
/// </summary>
public static class Blend
{
    /// <summary>Parses a blend into the NCWA mass fraction of the CAM (0..1).</summary>
    /// <param name="text">"7:3", "CAM7:3", "0.7" or "70%".</param>
    /// <param name="field">Field named in the error (default "blend").</param>
    /// <exception cref="InvalidInputException">Not one of the four forms, or out of range; the message names <paramref name="field"/>.</exception>
    public static double Parse(string? text, string field = "blend") =>
        TryParse(text, out var x, out var why) ? x : throw new InvalidInputException($"{why}, got '{text}'", field: field);

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out double ncwaMassFraction) => TryParse(text, out ncwaMassFraction, out _);

    static bool TryParse(string? text, out double x, out string why)
    {
        const string Forms = "expected a blend NCWA:NCM by mass like 7:3 or CAM7:3, a fraction 0..1 like 0.7, or a percentage like 70%";
        x = double.NaN;
        why = Forms;
        var s = (text ?? "").Trim();
        if (s.StartsWith("CAM", StringComparison.OrdinalIgnoreCase)) s = s[3..].Trim();
        if (s.Length == 0) return false;
        var parts = s.Split(':');
        if (parts.Length == 2)
        {
            if (!Number(parts[0], out var a) || !Number(parts[1], out var b)) return false;
            if (a < 0 || b < 0 || a + b <= 0) { why = "expected two non-negative mass parts, not both zero"; return false; }
            x = a / (a + b);
            return true;
        }
        if (parts.Length != 1) return false;
        if (s.EndsWith('%'))
        {
            if (!Number(s[..^1], out var p)) return false;
            if (p < 0 || p > 100) { why = "expected a percentage within 0..100 %"; return false; }
            x = p / 100;
            return true;
        }
        if (!Number(s, out var f)) return false;
        if (f < 0 || f > 1) { why = "expected a fraction within 0..1 (write a ratio as 7:3 or a percentage as 70%)"; return false; }
        x = f;
        return true;
    }

    static bool Number(string s, out double v) =>
        double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v) && double.IsFinite(v);

    /// <summary>
    /// Parses a composition "CAM:SSE:carbon" in weight percent (e.g. "90:9.5:0.5"; must add up to 100) for a given blend.
    /// </summary>
    /// <param name="text">Three non-negative weight percentages separated by ':'.</param>
    /// <param name="ncwaMassFraction">NCWA share of the CAM mass (0..1).</param>
    /// <param name="field">Field named in the error (default "composition").</param>
    public static CathodeComposition ParseComposition(string? text, double ncwaMassFraction, string field = "composition")
    {
        var p = (text ?? "").Split(':');
        var v = new double[3];
        if (p.Length != 3 || !Enumerable.Range(0, 3).All(i => Number(p[i], out v[i])))
            throw new InvalidInputException($"expected CAM:SSE:carbon weight percentages 'a:b:c' (e.g. 90:9.5:0.5), got '{text}'", field: field);
        double sum = v.Sum();
        if (v.Any(x => x < 0 || x > 100) || Math.Abs(sum - 100) > 1e-6)
            throw new InvalidInputException($"expected three weight percentages within 0..100 adding up to 100, got '{text}' (sum {sum.ToString("G6", CultureInfo.InvariantCulture)})", field: field);
        return new CathodeComposition(v[0], v[1], v[2], ncwaMassFraction);
    }
}
