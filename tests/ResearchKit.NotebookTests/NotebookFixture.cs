using ResearchKit.Notebooks;

namespace ResearchKit.NotebookTests;

/// <summary>Packs the kit once per test run so that notebooks load the code of this checkout.</summary>
public sealed class PackedKitFixture
{
    public string RepositoryRoot { get; }
    public string NotebooksDirectory => Path.Combine(RepositoryRoot, "notebooks");
    public string ExecutedDirectory => Path.Combine(RepositoryRoot, "artifacts", "test-notebooks");

    public PackedKitFixture()
    {
        RepositoryRoot = KitPackager.FindRepositoryRoot();
        KitPackager.Pack(RepositoryRoot);
    }
}

[CollectionDefinition("notebooks")]
public sealed class NotebookCollection : ICollectionFixture<PackedKitFixture>;
