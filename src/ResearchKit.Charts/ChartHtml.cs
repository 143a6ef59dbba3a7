using System.Reflection;
using System.Text;
using Plotly.NET;

namespace ResearchKit.Charts;

/// <summary>
/// Offline HTML for Plotly.NET charts: plotly.js is read from the resource embedded in the Plotly.NET assembly and inlined,
/// so figures and notebooks render with no network (no CDN script tag). (Plotly.NET.Interactive 6.0.0 would emit a CDN requirejs path instead; see environment/README.md.)
/// </summary>
public static class ChartHtml
{
    static readonly Lazy<string> PlotlyJs = new(() =>
    {
        var asm = typeof(GenericChart).Assembly;
        var name = asm.GetManifestResourceNames().FirstOrDefault(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException("plotly.js is not embedded in this Plotly.NET assembly");
        using var s = asm.GetManifestResourceStream(name)!;
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    });

    /// <summary>
    /// A script element that defines window.Plotly from the inlined plotly.js. The AMD loader of a notebook front end (window.define)
    /// is hidden while plotly.js runs, so that it registers a global rather than an anonymous module.
    /// </summary>
    public static string PlotlyScriptTag() =>
        "<script type=\"text/javascript\">(function(){var d=window.define;window.define=undefined;\n" + PlotlyJs.Value + "\nwindow.define=d;})();</script>";

    /// <summary>The chart's div and its render script, without plotly.js (requires <see cref="PlotlyScriptTag"/> earlier on the page).</summary>
    public static string Fragment(GenericChart chart)
    {
        var html = GenericChart.toChartHTML(chart);
        return html;
    }

    /// <summary>A complete standalone HTML page with plotly.js inlined: opens in any browser with no network.</summary>
    public static string StandalonePage(GenericChart chart, string title)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").Append(System.Net.WebUtility.HtmlEncode(title)).Append("</title>\n");
        sb.Append(PlotlyScriptTag()).Append("\n</head><body>\n");
        sb.Append("<h3 style=\"font-family:sans-serif\">").Append(System.Net.WebUtility.HtmlEncode(title)).Append("</h3>\n");
        sb.Append(Fragment(chart)).Append("\n</body></html>\n");
        return sb.ToString();
    }
}
