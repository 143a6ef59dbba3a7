using System.Text.Json;
using ResearchKit.Cli;

namespace ResearchKit.Tests.Spectroscopy;

public class SpectroscopyCliTests
{
    static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    [Fact]
    public void XpsBackground_Json_HasTheIssueKeys()
    {
        var (rc, output, err) = Run("xps", "background", SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms"), "--method", "shirley", "--range", "85:65", "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        var r = doc.RootElement;
        Assert.Equal(r.GetProperty("binding_energy_ev").GetArrayLength(), r.GetProperty("background").GetArrayLength());
        Assert.True(r.GetProperty("net_area").GetDouble() > 0);
        Assert.True(r.GetProperty("converged").GetBoolean());
        Assert.True(r.GetProperty("iterations").GetInt32() > 0);
        Assert.Equal(JsonValueKind.Null, r.GetProperty("warning").ValueKind);
    }

    [Fact]
    public void XpsBackground_Tougaard_PrintsBAndWarnsOnASlopingEnd()
    {
        var f = SpectroscopyFiles.Reference("LG4X-V2__0-150W.vms");
        var (rc, output, err) = Run("xps", "background", f, "--block", "4", "--method", "tougaard", "--range", "38:26", "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("b_ev2").GetDouble() > 0);
        var (rc2, out2, err2) = Run("xps", "background", f, "--block", "4", "--method", "shirley", "--range", "34.6:26", "--end-points", "3", "--json");
        Assert.True(rc2 == 0, err2);
        using var doc2 = JsonDocument.Parse(out2);
        Assert.False(doc2.RootElement.GetProperty("converged").GetBoolean());
        Assert.Contains("slope", doc2.RootElement.GetProperty("warning").GetString());
    }

    [Fact]
    public void XpsFit_DoubletsJson_HasComponentsAndChi2()
    {
        var (rc, output, err) = Run("xps", "fit", SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms"), "--doublets", "Pt4f:71.1", "--background", "shirley", "--range", "80:66", "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        var c = doc.RootElement.GetProperty("components")[0];
        foreach (var key in new[] { "center_ev", "fwhm_ev", "area", "area_share" }) Assert.True(c.TryGetProperty(key, out _), key);
        Assert.Equal(1.0, c.GetProperty("area_share").GetDouble(), 9);
        Assert.True(doc.RootElement.GetProperty("chi2").GetDouble() > 0);
    }

    [Fact]
    public void XpsFit_ModelFileWithUnknownElement_ExitsTwoNamingTheLine()
    {
        var dir = SpectroscopyFiles.TempDir();
        var model = Path.Combine(dir, "bad.model");
        File.WriteAllText(model, "background shirley\ndoublet A Zz3d center=71\n");
        var (rc, _, err) = Run("xps", "fit", SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms"), "--model", model);
        Assert.Equal(2, rc);
        Assert.Contains("line 2", err);
        Assert.Contains("Zz3d", err);
    }

    [Fact]
    public void XpsBackground_CutShortVamas_ExitsTwoNamingTheBlock()
    {
        var dir = SpectroscopyFiles.TempDir();
        var path = Path.Combine(dir, "cut.vms");
        var lines = File.ReadAllLines(SpectroscopyFiles.Reference("LG4X-V2__0-150W.vms"));
        File.WriteAllLines(path, lines.Take(lines.Length / 2));
        var (rc, _, err) = Run("xps", "background", path, "--method", "shirley", "--range", "900:840");
        Assert.Equal(2, rc);
        Assert.Contains("block", err);
        Assert.Contains("cut.vms", err);
    }

    [Fact]
    public void XpsBackground_BadBlockOrRange_ExitsTwo()
    {
        var f = SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms");
        var (rc, _, err) = Run("xps", "background", f, "--block", "3", "--method", "shirley", "--range", "85:65");
        Assert.Equal(2, rc);
        Assert.Contains("numbered from 0", err);
        var (rc2, _, err2) = Run("xps", "background", f, "--method", "shirley", "--range", "85-65");
        Assert.Equal(2, rc2);
        Assert.Contains("range", err2);
    }

    [Fact]
    public void XpsFitHelp_Generated_StatesConventions()
    {
        var (rc, output, err) = Run("xps", "fit", "--help");
        var text = output + err;
        Assert.Contains("--transmission", text);
        Assert.Contains("--work-function", text);
        Assert.Contains("numbers blocks from 0", text);
    }

    [Fact]
    public void SimsMasses_Json_KeyedBySpecies()
    {
        var (rc, output, err) = Run("sims", "masses", "PS-,PO2-,S2-,SO2-", "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        var ps = doc.RootElement.GetProperty("PS-");
        Assert.Equal(62.9458, ps.GetProperty("neutral_mass_u").GetDouble(), 4);
        Assert.Equal(62.94638, ps.GetProperty("mz").GetDouble(), 4);
        Assert.Equal(4, doc.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void SimsFit_Json_HasCentersAreasAndRatio()
    {
        var dir = SpectroscopyFiles.TempDir();
        var path = Path.Combine(dir, "w.txt");
        ResearchKit.Spectroscopy.Sims.SimsTextReader.Write(path,
            ResearchKit.Spectroscopy.SimsSynthesis.Window("PS-", "PO2-", 50000, 25000, 62.93, 62.98, 7000, 5, 1e7, 5), ["t"]);
        var (rc, output, err) = Run("sims", "fit", path, "--pairs", "PS-,PO2-", "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        var sp = doc.RootElement.GetProperty("species");
        Assert.Equal(62.9464, sp.GetProperty("PS-").GetProperty("center_mz").GetDouble(), 3);
        Assert.True(sp.GetProperty("PO2-").GetProperty("area").GetDouble() > 0);
        Assert.Equal(2.0, doc.RootElement.GetProperty("area_ratio").GetDouble(), 0.1);
        var (rc2, _, err2) = Run("sims", "fit", path, "--pairs", "PS-,Qq-");
        Assert.Equal(2, rc2);
        Assert.Contains("Qq", err2);
    }
}
