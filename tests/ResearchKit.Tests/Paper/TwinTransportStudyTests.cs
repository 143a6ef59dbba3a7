using ResearchKit.Microstructure;
using ResearchKit.Paper;
using ResearchKit.Transport;
using ResearchKit.Materials;

namespace ResearchKit.Tests.Paper;

public class TwinTransportStudyTests
{
    static string RepoRoot()
        => TestPaths.RepositoryRoot;

    [Fact]
    public void BulkRegion_DropsEmptyWallPlanes_SoTheBulkPercolates()
    {
        // A 10-plane SSE column (label 3, 50 % of each plane) capped by an empty pore plane on top: no path in z until it is trimmed.
        int n = 8, nz = 10;
        var v = new LabelVolume(nz, n, n, 0.5);
        for (int z = 0; z < nz - 1; z++)
            for (int y = 0; y < n; y++)
                for (int x = 0; x < n; x++)
                    v[z, y, x] = x < n / 2 ? PhaseLabels.Sse : PhaseLabels.Ncwa;
        Assert.False(ConductionSolver.SolveBinary(v, PhaseLabels.Sse).Percolating);
        var bulk = ResearchKit.Microstructure.Filters.VolumeFilters.BulkRegion(v, out int trimmed);
        Assert.Equal(1, trimmed);
        Assert.Equal(nz - 1, bulk.Nz);
        var r = ConductionSolver.SolveBinary(bulk, PhaseLabels.Sse);
        Assert.True(r.Percolating);
        Assert.Equal(1.0, r.Tau, 6); // straight channels
    }

    static string StudyPath() => Path.Combine(RepoRoot(), "data", "synthetic", "twin-transport", StoredStudyFile);

    /// <summary>The stored Fig 5c-f study (see its README for why it is at this voxel).</summary>
    public const string StoredStudyFile = "fig5-seeds1-3-0.2um.csv";

    [Fact]
    public void ReadCsv_LegacyColumnsOnly_ReadsWithUnknownDiagnostics()
    {
        // A file written before issue 9 has only the first 17 columns: it reads, and says it carries no solver diagnostics.
        // (The stored study was regenerated with diagnostics, which must all say converged.)
        var stored = File.ReadAllLines(StudyPath());
        var dir = Directory.CreateTempSubdirectory("rk-legacy-").FullName;
        var legacy = Path.Combine(dir, "legacy.csv");
        File.WriteAllLines(legacy, stored.Select(l => string.Join(',', l.Split(',').Take(17))));
        var rows = TwinTransportStudy.ReadCsv(legacy);
        Assert.Equal(15, rows.Count);
        Assert.All(rows, r => Assert.Equal(SolveDiagnostics.Unknown, r.Ionic));
        Assert.All(TwinTransportStudy.ReadCsv(StudyPath()), r => Assert.True(r.Ionic.Converged && r.Electronic.Converged));
        Directory.Delete(dir, true);
    }

    [Fact]
    public void WriteCsvThenReadCsv_NewRow_KeepsDiagnosticsAndStoredValues()
    {
        var row = new TwinTransportRow("CAM7:3", 0.7, 1, 0.4, 60, 0.1, 0.2, 0.123, 1e-3, 3.5, true, 0.02, 1.4, 2, 0.6, 4000, 5.5, 12)
        {
            SseVolumeFraction = 0.18, TrimmedPlanes = 2, Ionic = new SolveDiagnostics(17, 5e-7, true), Electronic = new SolveDiagnostics(9, 8e-7, true),
        };
        var dir = Directory.CreateTempSubdirectory("rk-tts-").FullName;
        var path = Path.Combine(dir, "s.csv");
        TwinTransportStudy.WriteCsv([row], path);
        var back = TwinTransportStudy.ReadCsv(path).Single();
        Assert.Equal(0.123, back.IonicRelativeConductivity); // stored, not recomputed from today's sigma_0
        Assert.Equal(row.Ionic, back.Ionic);
        Assert.Equal(row.Electronic, back.Electronic);
        Assert.Equal(0.18, back.SseVolumeFraction);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path + ".provenance.json"));
        Assert.Matches("^([0-9a-f]{40}(-dirty)?|unknown)$", doc.RootElement.GetProperty("commit").GetString());
        Directory.Delete(dir, true);
    }
}
