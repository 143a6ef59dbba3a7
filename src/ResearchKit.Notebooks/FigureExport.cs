using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace ResearchKit.Notebooks;

/// <summary>What the static export did: the files written, or why it was skipped.</summary>
public sealed record FigureExportResult(IReadOnlyList<string> Files, string? SkippedBecause);

/// <summary>
/// Static PNG and SVG copies of the standalone figure pages, drawn by Debian's headless Chromium with every host name
/// unresolvable (no network): PNG by a screenshot of the page, SVG by Plotly.toImage inside the page, read back from the DOM.
/// Chromium is driven directly rather than through Plotly.NET.ImageExport/PuppeteerSharp, which would also try to download a
/// browser build; without Chromium the step is skipped with a message (environment/install-chromium.sh installs it).
/// </summary>
public static partial class FigureExport
{
    /// <summary>The Chromium executable, or null.</summary>
    public static string? FindChromium() =>
        new[] { Environment.GetEnvironmentVariable("RESEARCHKIT_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }
            .FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));

    /// <summary>Writes NAME.png and NAME.svg next to every NAME.html in <paramref name="figuresDirectory"/>.</summary>
    public static FigureExportResult ExportAll(string figuresDirectory, Action<string>? progress = null)
    {
        var chromium = FindChromium();
        if (chromium is null) return new FigureExportResult([], "no Chromium found (environment/install-chromium.sh installs Debian's chromium); PNG/SVG export skipped");
        var files = new List<string>();
        foreach (var page in Directory.GetFiles(figuresDirectory, "*.html").Where(p => !p.EndsWith(".svg-export.html", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var png = Path.ChangeExtension(page, ".png");
            Chromium(chromium, ["--window-size=900,600", "--hide-scrollbars", "--screenshot=" + png, new Uri(page).AbsoluteUri]);
            if (File.Exists(png)) files.Add(png);
            var svg = ExportSvg(chromium, page);
            if (svg is not null) files.Add(svg);
            progress?.Invoke($"figure {Path.GetFileNameWithoutExtension(page)}: png {(File.Exists(png) ? "ok" : "failed")}, svg {(svg is null ? "failed" : "ok")}");
        }
        return new FigureExportResult(files, null);
    }

    static string? ExportSvg(string chromium, string page)
    {
        var helper = page[..^5] + ".svg-export.html";
        const string script = "<script>window.addEventListener('load',function(){var gd=document.querySelector('.js-plotly-plot');" +
            "Plotly.toImage(gd,{format:'svg',width:900,height:600}).then(function(u){var p=document.createElement('pre');p.id='rk-svg';p.textContent=u;document.body.appendChild(p);});});</script>";
        var html = File.ReadAllText(page);
        int end = html.LastIndexOf("</body>", StringComparison.Ordinal);
        File.WriteAllText(helper, end < 0 ? html + script : html[..end] + script + html[end..]);
        try
        {
            var dom = Chromium(chromium, ["--dump-dom", new Uri(helper).AbsoluteUri]);
            var m = SvgPre().Match(dom);
            if (!m.Success) return null;
            var url = WebUtility.HtmlDecode(m.Groups[1].Value);
            const string prefix = "data:image/svg+xml,";
            if (!url.StartsWith(prefix, StringComparison.Ordinal)) return null;
            var svg = Path.ChangeExtension(page, ".svg");
            var tmp = svg + ".tmp";
            File.WriteAllText(tmp, Uri.UnescapeDataString(url[prefix.Length..]));
            File.Move(tmp, svg, overwrite: true);
            return svg;
        }
        finally { File.Delete(helper); }
    }

    static string Chromium(string chromium, string[] args)
    {
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=10000" }.Concat(args))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000)) { p.Kill(true); return ""; }
        return o.Result;
    }

    [GeneratedRegex("<pre id=\"rk-svg\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex SvgPre();
}
