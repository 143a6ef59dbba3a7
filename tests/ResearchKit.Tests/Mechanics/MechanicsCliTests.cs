using System.Text.Json;
using ResearchKit.Cli;
using ResearchKit.Microstructure;
using ResearchKit.Microstructure.IO;

namespace ResearchKit.Tests.Mechanics;

public sealed class MechanicsCliTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("rk-mcli-").FullName;
    public void Dispose() { try { Directory.Delete(_dir, true); } catch (IOException) { } }

    static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    string Volume()
    {
        var v = ElasticSolverTests.PorousBlock(16, 3);
        var path = Path.Combine(_dir, "block.npy");
        VolumeFiles.Write(v, path);
        return path;
    }

    [Fact]
    public void Mechanics_Json_HasTheIssueKeys()
    {
        var (rc, o, e) = Run("mechanics", Volume(), "--moduli", "1=190:0.25,sse=22:0.37", "--eigenstrain", "ncwa=-0.022", "--bc", "die", "--json");
        Assert.True(rc == 0, e);
        var j = JsonDocument.Parse(o).RootElement;
        foreach (var k in new[] { "strain_energy_density_mj_per_m3", "strain_energy_by_label_mj_per_m3", "mean_stress_mpa", "iterations", "residual", "converged", "seconds" })
            Assert.True(j.TryGetProperty(k, out _), k);
        Assert.Equal(6, j.GetProperty("mean_stress_mpa").GetArrayLength());
        Assert.True(j.GetProperty("converged").GetBoolean());
        Assert.True(j.GetProperty("strain_energy_density_mj_per_m3").GetDouble() > 0);
        Assert.Equal(0, j.GetProperty("strain_energy_by_label_mj_per_m3").GetProperty("0").GetDouble());
    }

    [Theory]
    [InlineData("1=190:0.25", "", "moduli")]               // label 3 present without moduli
    [InlineData("1=190:0.5,3=22:0.37", "", "moduli")]      // nu >= 0.5
    [InlineData("1=190:0.25,3=22:0.37", "7=-0.01", "eigenstrain")] // unknown label
    [InlineData("1=190:0.25,3=22:0.37", "1=abc", "eigenstrain")]
    public void Mechanics_BadInput_ExitTwoNamingTheField(string moduli, string eig, string field)
    {
        var args = new List<string> { "mechanics", Volume(), "--moduli", moduli, "--json" };
        if (eig.Length > 0) { args.Add("--eigenstrain"); args.Add(eig); }
        var (rc, o, e) = Run([.. args]);
        Assert.Equal(2, rc);
        Assert.Contains(field, e);
        Assert.Equal("", o.Trim());
    }

    [Fact]
    public void Mechanics_Help_SaysEigenstrainsAreLinear()
    {
        var (_, o, e) = Run("mechanics", "--help");
        Assert.Contains("LINEAR strains", o + e);
    }

    [Fact]
    public void Mechanics_AnisotropicPair_ConvergesAndDiffersFromTheIsotropicAverage()
    {
        var (rc, o, e) = Run("mechanics", Volume(), "--moduli", "1=190:0.25,sse=22:0.37", "--eigenstrain", "ncwa=-0.020:-0.046", "--orientation-seed", "3", "--json");
        Assert.True(rc == 0, e);
        var j = JsonDocument.Parse(o).RootElement;
        Assert.True(j.GetProperty("converged").GetBoolean());
        var (rc2, o2, _) = Run("mechanics", Volume(), "--moduli", "1=190:0.25,sse=22:0.37", "--eigenstrain", "ncwa=-0.020:-0.046", "--orientation-seed", "3", "--json");
        Assert.Equal(0, rc2);
        Assert.Equal(j.GetProperty("strain_energy_density_mj_per_m3").GetDouble(), JsonDocument.Parse(o2).RootElement.GetProperty("strain_energy_density_mj_per_m3").GetDouble());
        // a shear eigenstrain appears: the orientation is not along an axis
        var s = j.GetProperty("mean_strain").EnumerateArray().Select(x => x.GetDouble()).ToArray();
        Assert.True(s.Skip(3).Any(x => Math.Abs(x) > 1e-6), string.Join(",", s));
    }

    [Fact]
    public void TwinMechanics_Help_StatesBcDefaultAndEigenstrainKinds()
    {
        var (_, o, e) = Run("twin-mechanics", "--help");
        foreach (var k in new[] { "--bc", "die (default", "--eigenstrain", "anisotropic", "LINEAR strains", "--orientation-seed", "--resume", "per-twin" })
            Assert.Contains(k, o + e);
    }

    [Theory]
    [InlineData("--bc", "clamped", "bc")]
    [InlineData("--eigenstrain", "tetragonal", "eigenstrain")]
    public void TwinMechanics_BadOption_ExitTwoNamingTheField(string option, string value, string field)
    {
        var (rc, o, e) = Run("twin-mechanics", option, value, "--json");
        Assert.Equal(2, rc);
        Assert.Contains(field, e);
        Assert.Equal("", o.Trim());
    }
}
