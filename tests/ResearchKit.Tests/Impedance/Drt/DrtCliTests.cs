using System.Text.Json;
using ResearchKit.Cli;

namespace ResearchKit.Tests.Impedance.Drt;

public class DrtCliTests
{
    static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    [Fact]
    public void DrtCli_Json_HasTheIssueKeysOnARealLithiumIonSpectrum()
    {
        var (rc, stdout, stderr) = Run("drt", DrtReferenceFiles.Data("pyDRTtools/LIB_data.txt"), "--json");
        Assert.True(rc == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        foreach (var key in new[] { "tau_s", "gamma_ohm", "r_inf_ohm", "inductance_h", "lambda", "r_pol_ohm", "peaks" })
            Assert.True(root.TryGetProperty(key, out _), $"missing key {key}");
        Assert.Equal(root.GetProperty("tau_s").GetArrayLength(), root.GetProperty("gamma_ohm").GetArrayLength());
        // LIB_data: Re Z runs 0.112 .. 0.152 ohm (PROVENANCE.md), so R_inf ~ 0.11 and R_inf + R_pol ~ the low-frequency Re Z.
        double rInf = root.GetProperty("r_inf_ohm").GetDouble(), rPol = root.GetProperty("r_pol_ohm").GetDouble();
        Assert.InRange(rInf, 0.09, 0.125);
        Assert.InRange(rPol, 0.02, 0.2);
        Assert.True(root.GetProperty("rms_relative_residual").GetDouble() < 0.01);
        var peaks = root.GetProperty("peaks");
        Assert.True(peaks.GetArrayLength() >= 1);
        foreach (var p in peaks.EnumerateArray())
            foreach (var key in new[] { "tau_s", "gamma_ohm", "r_ohm", "band" })
                Assert.True(p.TryGetProperty(key, out _), $"peak missing {key}");
    }

    [Fact]
    public void DrtCli_FixedLambdaAndLCurveAndTextOutput_Run()
    {
        var file = DrtReferenceFiles.Data("impedance.py/exampleDataBioLogic.mpt");
        var (rc, stdout, _) = Run("drt", file, "--lambda", "1e-3", "--json");
        Assert.Equal(0, rc);
        Assert.Equal(1e-3, JsonDocument.Parse(stdout).RootElement.GetProperty("lambda").GetDouble(), 12);
        Assert.Equal(0, Run("drt", file, "--method", "lcurve").Rc);
        var text = Run("drt", file, "--basis", "pwl", "--penalty", "2");
        Assert.Equal(0, text.Rc);
        Assert.Contains("r_pol_ohm", text.Out);
        Assert.Equal(0, Run("drt", file, "--free-r-inf", "--part", "imag", "--weighting", "modulus", "--extension", "1").Rc);
    }

    [Theory]
    [InlineData("--lambda", "abc")]
    [InlineData("--lambda", "-1")]
    [InlineData("--method", "magic")]
    [InlineData("--basis", "spline")]
    [InlineData("--penalty", "3")]
    public void DrtCli_BadOptions_ExitWithTwo(string option, string value)
    {
        var (rc, _, err) = Run("drt", DrtReferenceFiles.Data("pyDRTtools/LIB_data.txt"), option, value);
        Assert.Equal(2, rc);
        Assert.Contains(option, err);
    }

    [Fact]
    public void DrtCli_MissingFileAndTooFewPoints_ExitWithTwo()
    {
        var (rc, _, err) = Run("drt", "/nonexistent/spectrum.csv");
        Assert.Equal(2, rc);
        Assert.Contains("/nonexistent/spectrum.csv", err);
        var dir = DrtReferenceFiles.NewTempDir();
        var path = Path.Combine(dir, "short.csv");
        File.WriteAllText(path, "1000,10,-1\n100,11,-2\n10,12,-1\n");
        (rc, _, err) = Run("drt", path);
        Assert.Equal(2, rc);
        Assert.Contains("short.csv", err);
        Assert.Equal(2, Run("drt").Rc);
    }
}
