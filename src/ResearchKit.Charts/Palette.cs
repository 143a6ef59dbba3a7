namespace ResearchKit.Charts;

/// <summary>
/// The kit's colours, used by every notebook so that a cathode has the same colour everywhere.
/// Sample colours run from the NCWA-rich (dark) to the NCM-rich (light) cathodes with the best blend (7:3) accented;
/// phase colours follow Fig 5a of the paper (gray NCM, dark gray NCWA, dark yellow SSE, black carbon).
/// </summary>
public static class Palette
{
    static readonly Dictionary<string, string> SampleHex = new()
    {
        ["CAM10:0"] = "#1f3b73",
        ["CAM8:2"] = "#2a9d8f",
        ["CAM7:3"] = "#d62828",
        ["CAM6:4"] = "#f4a261",
        ["CAM0:10"] = "#7b7b7b",
    };

    /// <summary>Hex colour of a sample (CAM10:0 ...); other names get a neutral colour.</summary>
    public static string SampleColor(string sample) => SampleHex.TryGetValue(sample, out var c) ? c : "#444444";

    public const string Ncwa = "#4d4d4d";    // dark gray (Fig 5a)
    public const string Ncm = "#a6a6a6";     // gray (Fig 5a)
    public const string Sse = "#b8a11f";     // dark yellow (Fig 5a)
    public const string Carbon = "#000000";  // black (Fig 5a)
    public const string Pore = "#e63946";    // red, as the pores of Fig 1b
    public const string Tau = "#6a4c93";     // tortuosity markers

    /// <summary>Colour of a phase by its label code (0 pore, 1 NCWA, 2 NCM, 3 SSE, 4 carbon).</summary>
    public static string PhaseColor(byte label) => label switch
    {
        0 => Pore, 1 => Ncwa, 2 => Ncm, 3 => Sse, 4 => Carbon, _ => "#00a6ed",
    };

    internal static Plotly.NET.Color Color(string hex) => Plotly.NET.Color.fromHex(hex);
}
