using ResearchKit.Microstructure;
using ResearchKit.Paper;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Paper;

public class TwinTransportStudyTests
{
    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "ResearchKit.sln"))) return d.FullName;
        throw new DirectoryNotFoundException("ResearchKit.sln");
    }

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

    [Fact]
    public void StoredStudy_ReadsBack_AndReproducesThePaperIonicRanking()
    {
        var root = RepoRoot();
        var rows = TwinTransportStudy.MeanOverSeeds(TwinTransportStudy.ReadCsv(Path.Combine(root, "data", "synthetic", "twin-transport", "fig5-seeds1-3-0.2um.csv"))).ToDictionary(r => r.Sample);
        Assert.Equal(5, rows.Count);
        // Paper (Fig 5c text): blends above unimodal; CAM6:4 < CAM8:2 < CAM7:3; CAM10:0 above CAM0:10 at similar porosity.
        Assert.True(rows["CAM6:4"].IonicSigmaSPerCm < rows["CAM8:2"].IonicSigmaSPerCm);
        Assert.True(rows["CAM8:2"].IonicSigmaSPerCm < rows["CAM7:3"].IonicSigmaSPerCm);
        Assert.True(rows["CAM10:0"].IonicSigmaSPerCm < rows["CAM6:4"].IonicSigmaSPerCm);
        Assert.True(rows["CAM0:10"].IonicSigmaSPerCm < rows["CAM10:0"].IonicSigmaSPerCm);
        // Fig 5d/5f: contact area and contacts rise with the NCM fraction.
        var order = new[] { "CAM10:0", "CAM8:2", "CAM7:3", "CAM6:4", "CAM0:10" };
        for (int i = 1; i < order.Length; i++)
        {
            Assert.True(rows[order[i]].CamSseAreaPerVolumePerUm > rows[order[i - 1]].CamSseAreaPerVolumePerUm);
            Assert.True(rows[order[i]].CamCamContacts > rows[order[i - 1]].CamCamContacts);
        }
    }
}
