using System.Diagnostics;
using ResearchKit.Notebooks;

namespace ResearchKit.NotebookTests;

/// <summary>The static book: pages from executed notebooks, plotly.js once, and (where Chromium is installed) a rendered plot offline.</summary>
[Collection("notebooks")]
public sealed class NotebookBookTests(PackedKitFixture kit)
{
    [Fact]
    public void NotebookBook_OrderKey_FollowsThePaper()
    {
        var names = new[] { "transport-tortuosity-validation", "fig5a-digital-twins", "fig2d-energy-density", "00-introduction", "fig1-sem-pore-analysis", "fig4f-pressiometry" };
        Assert.Equal(new[] { "00-introduction", "fig1-sem-pore-analysis", "fig2d-energy-density", "fig4f-pressiometry", "fig5a-digital-twins", "transport-tortuosity-validation" },
            names.OrderBy(NotebookBook.OrderKey).ToArray());
    }

    [Fact]
    public async Task Book_OneExecutedNotebook_PageIndexAndPlotlyOnce()
    {
        var scratch = Path.Combine(kit.RepositoryRoot, "artifacts", "test-book-" + Guid.NewGuid().ToString("N")[..6]);
        var executed = Path.Combine(scratch, "notebooks");
        try
        {
            var r = await NotebookRunner.RunAsync(Path.Combine(kit.NotebooksDirectory, "fig4f-pressiometry.ipynb"), Path.Combine(executed, "fig4f-pressiometry.ipynb"));
            Assert.True(r.Succeeded, r.Describe());
            var book = NotebookBook.Write(executed, Path.Combine(scratch, "book"));
            var page = Assert.Single(book.Pages);
            Assert.Equal("Figure 4", page.Section);
            Assert.True(page.Charts >= 1);
            var html = File.ReadAllText(Path.Combine(book.Directory, page.File));
            Assert.Contains("<script src=\"plotly.min.js\"></script>", html);
            Assert.DoesNotContain("window.define=undefined", html);           // plotly.js is not inlined in the page
            Assert.True(new FileInfo(Path.Combine(book.Directory, "plotly.min.js")).Length > 1_000_000);
            Assert.Contains(page.File, File.ReadAllText(Path.Combine(book.Directory, "index.html")));
            var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
            if (chromium is null) return; // the browser check needs Debian's chromium (environment/install-chromium.sh)
            var dom = DumpDom(chromium, Path.Combine(book.Directory, page.File));
            Assert.Contains("class=\"main-svg\"", dom);                        // Plotly drew an SVG in the page, with DNS blocked
        }
        finally { if (Directory.Exists(scratch)) Directory.Delete(scratch, true); }
    }

    /// <summary>The page's DOM after scripts ran, from headless Chromium with every host name unresolvable (no network).</summary>
    static string DumpDom(string chromium, string page)
    {
        var psi = new ProcessStartInfo(chromium) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND",
                     "--virtual-time-budget=10000", "--dump-dom", new Uri(page).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var dom = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000)) { p.Kill(true); throw new TimeoutException("chromium did not finish in 60 s"); }
        return dom.Result;
    }
}

