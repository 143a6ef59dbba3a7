using ResearchKit.Impedance;
using ResearchKit.Paper;

namespace ResearchKit.Tests.Impedance;

/// <summary>Mirrors the computations of fig2g-ionic-conductivity and fig2h-electronic-conductivity, so their markdown claims cannot drift.</summary>
public class ConductivityNotebookMirrorTests
{
    static string Root => ResearchKit.Notebooks.KitPackager.FindRepositoryRoot();
    static string Synthetic => Path.Combine(Root, "data", "synthetic");
    static IReadOnlyList<TwinTransportRow> Twin => TwinTransportStudy.ReadCsv(Path.Combine(Synthetic, "twin-transport", "fig5-seeds1-3-0.2um.csv"));

    [Fact]
    public void Fig2gNotebookMirror_EveryCathode_Within1PercentOfItsTwin()
    {
        var rows = ConductivityCellStudy.IonicFromFiles(Synthetic, Twin);
        Assert.Equal(5, rows.Count);
        Assert.All(rows, r => Assert.True(r.DeviationPercent < 1, $"{r.Sample}: {r.DeviationPercent:F2} %"));
    }

    [Fact]
    public void Fig2hNotebookMirror_EveryCathode_Within1PercentAndSteadyWithinSeconds()
    {
        var rows = ConductivityCellStudy.ElectronicFromFiles(Synthetic, Twin);
        Assert.All(rows, r => Assert.True(r.DeviationPercent < 1, $"{r.Sample}: {r.DeviationPercent:F2} %"));
        var a = ConductivityCellAssumptions.Default;
        foreach (var inp in ConductivityCellStudy.PaperCathodes(Twin))
        {
            var cell = a.IonBlocking(inp.SigmaIonSPerCm, inp.SigmaESPerCm, inp.CamSseAreaPerVolumePerUm);
            Assert.True(cell.ModeTimeConstantS < 1, $"{inp.Sample}: {cell.ModeTimeConstantS} s");
            var r = ConductivityCells.ElectronicConductivity(DcPolarization.ReadChronoamperometry(ConductivityCellStudy.IonBlockingPath(Synthetic, inp.Sample)), a.ThicknessUm, a.AreaCm2);
            Assert.True(r.AllStepsSteady, inp.Sample);
        }
    }

    [Fact]
    public void ConductivityFiles_RegenerateFromTheTwinStudy_BitForBit()
    {
        // The committed files are what the generator writes from the stored twin study (same seeds), so a change of the model shows here.
        var dir = Directory.CreateTempSubdirectory("rk-cond-regen").FullName;
        ConductivityCellStudy.WritePaperFiles(Twin, dir);
        foreach (var s in Samples.All)
        {
            Assert.Equal(File.ReadAllText(ConductivityCellStudy.ElectronBlockingPath(Synthetic, s.Name)).Split('\n').Skip(3),
                File.ReadAllText(ConductivityCellStudy.ElectronBlockingPath(dir, s.Name)).Split('\n').Skip(3));
            Assert.Equal(File.ReadAllText(ConductivityCellStudy.IonBlockingPath(Synthetic, s.Name)),
                File.ReadAllText(ConductivityCellStudy.IonBlockingPath(dir, s.Name)));
        }
        Directory.Delete(dir, true);
    }
}
