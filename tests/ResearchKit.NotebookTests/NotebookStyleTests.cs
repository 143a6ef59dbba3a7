using ResearchKit.Notebooks;

namespace ResearchKit.NotebookTests;

/// <summary>
/// Every notebook follows notebooks/STYLE.md: setup cell first, a title (naming the paper panel in figure notebooks), a data banner,
/// a "What to notice" box and, in figure notebooks, a closing "Try it" exercise. Reads the files only (no kernel), so it is fast.
/// </summary>
public sealed class NotebookStyleTests
{
    static string NotebooksDirectory => Path.Combine(KitPackager.FindRepositoryRoot(), "notebooks");

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(NotebooksDirectory, "*.ipynb").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void NotebookStyle_CommittedNotebook_FollowsTheSeriesStyle(string notebook)
    {
        var problems = NotebookStyle.Check(Path.Combine(NotebooksDirectory, notebook));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void NotebookStyle_SeriesOfFigureNotebooks_IsNotEmpty()
    {
        Assert.True(Directory.GetFiles(NotebooksDirectory, "fig*.ipynb").Count(NotebookStyle.IsFigureNotebook) >= 10);
    }

    static NotebookCellText Md(string s) => new("markdown", s);
    static NotebookCellText Code(string s) => new("code", s);

    static List<NotebookCellText> Good() =>
    [
        Code("#!import _setup.dib"),
        Md("# Fig 2g: ionic conductivity\n\n> **Synthetic data.** Written by the forward model, seed 1, not a measurement."),
        Code("var x = 1;"),
        Md("> **What to notice.**\n> * x is one."),
        Md("**Try it.** Change x to 2."),
        Code("var y = 2;"),
    ];

    [Fact]
    public void NotebookStyle_WellFormedFigureNotebook_HasNoProblems()
    {
        Assert.Empty(NotebookStyle.Check("fig2g-ionic-conductivity.ipynb", Good()));
    }

    [Fact]
    public void NotebookStyle_EachMissingPart_IsNamed()
    {
        var cells = Good();
        Assert.Contains(NotebookStyle.Check("fig2g-x.ipynb", [Md("# Fig 2g: t"), .. cells]), p => p.Contains("first cell"));
        Assert.Contains(NotebookStyle.Check("fig2h-x.ipynb", cells), p => p.Contains("`# Fig 2h"));           // title names another panel
        var noBanner = cells.ToList(); noBanner[1] = Md("# Fig 2g: t\n\nSynthetic data, but not as a banner.");
        Assert.Contains(NotebookStyle.Check("fig2g-x.ipynb", noBanner), p => p.Contains("banner"));
        Assert.Contains(NotebookStyle.Check("fig2g-x.ipynb", cells.Where(c => !c.Source.Contains("What to notice")).ToList()), p => p.Contains("What to notice"));
        Assert.Contains(NotebookStyle.Check("fig2g-x.ipynb", cells.Take(4).ToList()), p => p.Contains("Try it"));
        Assert.Contains(NotebookStyle.Check("fig2g-x.ipynb", [.. cells, Md("References.")]), p => p.Contains("close the notebook"));
        // A methods notebook needs no exercise.
        Assert.Empty(NotebookStyle.Check("transport-x.ipynb", cells.Take(4).ToList()));
    }

    [Fact]
    public void BannerKinds_StackedBanner_FindsEveryKind()
    {
        var kinds = NotebookStyle.BannerKinds("> **Paper values.** Fig 2g.\n>\n> **Synthetic data.** Twin, seed 1.");
        Assert.Equal([NotebookDataKind.Synthetic, NotebookDataKind.PaperValues], kinds.Order().ToArray());
    }
}
