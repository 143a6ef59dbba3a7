using System.Text.Json;
using ResearchKit.Cli;
using ResearchKit.Impedance;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

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

    static readonly double[] Frequencies = SpectrumSynthesis.LogFrequencies(1e5, 1e-2, 13);

    static string WriteSpectrum(string name, ImpedanceSpectrum s)
    {
        var path = Path.Combine(DrtReferenceFiles.NewTempDir(), name);
        ImpedanceFiles.WriteCsv(s, path);
        return path;
    }

    [Fact]
    public void DrtCli_SeriesCapacitance_AutoFindsTheBlockingCapacitorAndOffOmitsIt()
    {
        // R0 + (R1 || CPE1) + C2: a blocking electrode; the low-frequency branch is a pure capacitor of 2 mF.
        var s = SpectrumSynthesis.FromCircuit("R0-p(R1,CPE1)-C2", new Dictionary<string, double>
        {
            ["R0"] = 10, ["R1"] = 50, ["CPE1_0"] = 1e-5, ["CPE1_1"] = 0.9, ["C2"] = 2e-3,
        }, Frequencies);
        var path = WriteSpectrum("blocking.csv", s);
        var (rc, stdout, stderr) = Run("drt", path, "--json");
        Assert.True(rc == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("auto", root.GetProperty("series_capacitance_mode").GetString());
        Assert.Equal(2e-3, root.GetProperty("series_capacitance_f").GetDouble(), 2e-3 * 0.02);
        // The arc is still there: R_pol ~ R1 = 50 ohm.
        Assert.InRange(root.GetProperty("r_pol_ohm").GetDouble(), 48, 52);

        (rc, stdout, stderr) = Run("drt", path, "--series-capacitance", "off", "--json");
        Assert.True(rc == 0, stderr);
        root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("series_capacitance_f").ValueKind);
        Assert.Equal(2, Run("drt", path, "--series-capacitance", "maybe").Rc);
    }

    [Fact]
    public void DrtCli_SeriesCapacitanceAutoOnAnArcSpectrum_FitsNone()
    {
        var path = DrtReferenceFiles.Data("pyDRTtools/LIB_data.txt");
        var root = JsonDocument.Parse(Run("drt", path, "--json").Out).RootElement;
        Assert.Equal(JsonValueKind.Null, root.GetProperty("series_capacitance_f").ValueKind);
    }

    [Fact]
    public void KkCli_NoiseAware_CausalNoisySpectrumPassesAndDriftFails()
    {
        var p = new Dictionary<string, double>
        {
            ["R0"] = 10, ["R1"] = 40, ["CPE1_0"] = 1e-5, ["CPE1_1"] = 0.9, ["R2"] = 100, ["CPE2_0"] = 5e-3, ["CPE2_1"] = 0.8,
        };
        var noisy = WriteSpectrum("noisy.csv", SpectrumSynthesis.FromCircuit("R0-p(R1,CPE1)-p(R2,CPE2)", p, Frequencies, NoiseModel.Proportional(0.005, 3)));
        var drift = WriteSpectrum("drift.csv", SpectrumSynthesis.WithDrift("R0-p(R1,CPE1)-p(R2,CPE2)", p, Frequencies, "R2", 0.05));

        var (rc, stdout, stderr) = Run("kk", noisy, "--json");
        Assert.True(rc == 0, stderr);
        var plain = JsonDocument.Parse(stdout).RootElement;
        Assert.False(plain.GetProperty("noise_aware").GetBoolean());
        Assert.True(plain.GetProperty("max_residual").GetDouble() > 0.01); // 0.5 % noise exceeds the fixed 1 % somewhere

        var aware = JsonDocument.Parse(Run("kk", noisy, "--noise-aware", "--json").Out).RootElement;
        Assert.True(aware.GetProperty("noise_aware").GetBoolean());
        Assert.True(aware.GetProperty("valid").GetBoolean(), aware.ToString());
        Assert.InRange(aware.GetProperty("noise_estimate").GetDouble(), 0.002, 0.008);
        Assert.True(aware.GetProperty("effective_threshold").GetDouble() >= 0.01);

        var drifted = JsonDocument.Parse(Run("kk", drift, "--noise-aware", "--json").Out).RootElement;
        Assert.False(drifted.GetProperty("valid").GetBoolean());
    }

    [Fact]
    public void DrtAndKkCli_NineOrFewerPoints_ExitTwoNamingPoints()
    {
        var nine = SpectrumSynthesis.FromCircuit("R0-p(R1,C1)", new Dictionary<string, double> { ["R0"] = 5, ["R1"] = 20, ["C1"] = 1e-5 },
            SpectrumSynthesis.LogFrequencies(1e5, 1e1, 2)); // 9 points
        Assert.Equal(9, nine.Count);
        var path = WriteSpectrum("nine.csv", nine);
        foreach (var command in new[] { "drt", "kk" })
        {
            var (rc, _, err) = Run(command, path);
            Assert.Equal(2, rc);
            Assert.Contains("nine.csv", err);
            Assert.Contains("points", err);
        }
    }

    [Fact]
    public void DrtSolver_CodeBuiltNonMonotonicSpectrum_ThrowsNamingFrequency()
    {
        var s = SpectrumSynthesis.FromCircuit("R0-p(R1,C1)", new Dictionary<string, double> { ["R0"] = 5, ["R1"] = 20, ["C1"] = 1e-5 }, Frequencies);
        var f = (double[])s.FrequencyHz.Clone();
        (f[10], f[11]) = (f[11], f[10]);
        var e = Assert.Throws<InvalidInputException>(() => ResearchKit.Impedance.Drt.DrtSolver.Compute(s with { FrequencyHz = f }));
        Assert.Equal("frequency_hz", e.Field);
    }

    [Fact]
    public void DrtCli_Credible_WritesABandAroundGamma()
    {
        var path = WriteSpectrum("noisy-zarc.csv", DrtCase.TwoZarc.Spectrum(0.005, 3));
        var (rc, stdout, stderr) = Run("drt", path, "--credible", "--credibility", "0.95", "--json");
        Assert.True(rc == 0, stderr);
        var root = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(0.95, root.GetProperty("credibility").GetDouble());
        var gamma = root.GetProperty("gamma_ohm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var lower = root.GetProperty("gamma_lower_ohm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var upper = root.GetProperty("gamma_upper_ohm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(gamma.Length, lower.Length);
        for (int i = 0; i < gamma.Length; i++) Assert.True(lower[i] <= gamma[i] + 1e-12 && gamma[i] <= upper[i] + 1e-12);
        Assert.True(root.GetProperty("noise_std_ohm").GetDouble() > 0);

        var plain = JsonDocument.Parse(Run("drt", path, "--json").Out).RootElement;
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("gamma_lower_ohm").ValueKind);
        var text = Run("drt", path, "--credible");
        Assert.Equal(0, text.Rc);
        Assert.Contains("gamma_upper_ohm", text.Out);
        Assert.Equal(2, Run("drt", path, "--credible", "--credibility", "1.5").Rc);
    }
}
