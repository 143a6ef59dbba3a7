using ResearchKit.Notebooks;

namespace ResearchKit.NotebookTests;

/// <summary>
/// Executes every notebook in notebooks/ headless (in process, one at a time) and fails naming the notebook and cell.
/// Executed copies with outputs go to artifacts/test-notebooks/ for inspection.
/// </summary>
[Collection("notebooks")]
public sealed class NotebookExecutionTests(PackedKitFixture kit)
{
    public static TheoryData<string> Notebooks()
    {
        var root = KitPackager.FindRepositoryRoot();
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Path.Combine(root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_RunsWithoutErrors(string notebook)
    {
        var path = Path.Combine(kit.NotebooksDirectory, notebook);
        var result = await NotebookRunner.RunAsync(path, Path.Combine(kit.ExecutedDirectory, notebook));
        Assert.True(result.Succeeded, result.Describe());
        // A markdown-only notebook (a reading note) runs no cells; every other notebook must load the kit first.
        if (result.Cells.Count > 0) Assert.Contains("_setup.dib", result.Cells[0].Code);
        var html = result.Cells.SelectMany(c => c.Outputs).Where(o => o.ContainsKey("text/html")).Select(o => o["text/html"]).ToList();
        // Offline: charts never reference a CDN script.
        Assert.DoesNotContain(html, h => h.Contains("<script src", StringComparison.OrdinalIgnoreCase) || h.Contains("cdn.plot.ly/plotly", StringComparison.OrdinalIgnoreCase));
        // Frames render as compact tables, not as object trees.
        Assert.All(html.Where(h => h.Contains("deedle", StringComparison.OrdinalIgnoreCase)), h => Assert.Contains("deedle-frame", h));
    }

    [Fact]
    public void CommittedNotebooks_CarryNoOutputs()
    {
        foreach (var f in Directory.GetFiles(kit.NotebooksDirectory, "*.ipynb"))
            Assert.False(File.ReadAllText(f).Contains("\"output_type\""), $"{Path.GetFileName(f)} is committed with outputs; strip them");
    }

    [Fact]
    public async Task FailingCell_IsNamedInTheResult()
    {
        var dir = Path.Combine(kit.RepositoryRoot, "artifacts", "test-scratch");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "broken.dib");
        await File.WriteAllTextAsync(path, "#!csharp\n\nvar ok = 1 + 1;\n\n#!csharp\n\nthrow new InvalidOperationException(\"boom\");\n");
        var result = await NotebookRunner.RunAsync(path);
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.FirstFailure!.Index);
        Assert.Contains("broken.dib, cell 2", result.Describe());
        Assert.Contains("boom", result.Describe());
    }
}
