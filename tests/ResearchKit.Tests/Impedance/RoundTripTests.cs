using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Tests.Impedance;

public class RoundTripTests
{
    const string Circuit = "R0-p(R1,CPE1)-Wo1";
    static readonly Dictionary<string, double> Truth = new()
    {
        ["R0"] = 12, ["R1"] = 45, ["CPE1_0"] = 3e-5, ["CPE1_1"] = 0.88, ["Wo1_0"] = 60, ["Wo1_1"] = 8,
    };

    public static TheoryData<string> Formats => new() { "mpt", "z", "csv" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void ImpedanceFiles_WriteRead_IsExactAndCarriesProvenance(string ext)
    {
        var dir = ImpedanceReferenceFiles.TempDir();
        var s = SpectrumSynthesis.FromCircuit(Circuit, Truth, SpectrumSynthesis.LogFrequencies(1e5, 1e-2, 10), NoiseModel.Proportional(0.005, 42));
        var path = Path.Combine(dir, "spectrum." + ext);
        var prov = new ImpedanceProvenance("SpectrumSynthesis.FromCircuit " + Circuit, Truth, 42, "proportional 0.5 %");
        Action<ImpedanceSpectrum, string, ImpedanceProvenance?> write = ext switch
        {
            "mpt" => ImpedanceFiles.WriteMpt,
            "z" => ImpedanceFiles.WriteZ,
            _ => ImpedanceFiles.WriteCsv,
        };
        write(s, path, prov);
        var back = ImpedanceFiles.Read(path);
        Assert.Equal(s.FrequencyHz, back.FrequencyHz);
        Assert.Equal(s.ImpedanceOhm, back.ImpedanceOhm);
        var p = ImpedanceFiles.ReadProvenance(path);
        Assert.NotNull(p);
        Assert.Equal(42UL, p!.Seed);
        Assert.Equal(Truth["Wo1_1"], p.Parameters!["Wo1_1"]);
        Directory.Delete(dir, true);
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void RoundTrip_Generate_WriteReadFitRecoversParameters(string ext)
    {
        var dir = ImpedanceReferenceFiles.TempDir();
        var f = SpectrumSynthesis.LogFrequencies(1e5, 1e-2, 10);
        var path = Path.Combine(dir, "clean." + ext);
        var clean = SpectrumSynthesis.FromCircuit(Circuit, Truth, f);
        (ext == "mpt" ? (Action<ImpedanceSpectrum, string, ImpedanceProvenance?>)ImpedanceFiles.WriteMpt : ext == "z" ? ImpedanceFiles.WriteZ : ImpedanceFiles.WriteCsv)(clean, path, null);
        var fit = CircuitFitter.Fit(ImpedanceFiles.Read(path), Circuit);
        foreach (var (k, v) in Truth) Assert.True(Math.Abs(fit[k] / v - 1) < 0.01, $"{k}: {fit[k]} vs {v}");

        var noisyPath = Path.Combine(dir, "noisy." + ext);
        var noisy = SpectrumSynthesis.FromCircuit(Circuit, Truth, f, NoiseModel.Proportional(0.005, 3));
        ImpedanceFiles.WriteCsv(noisy, noisyPath, null);
        var nfit = CircuitFitter.Fit(ImpedanceFiles.Read(noisyPath), Circuit);
        foreach (var (k, v) in Truth)
            Assert.True(Math.Abs(nfit[k] - v) < 3 * nfit.StandardErrorMap[k], $"{k}: {nfit[k]} ± {nfit.StandardErrorMap[k]} vs {v}");
        Directory.Delete(dir, true);
    }

    [Fact]
    public void RoundTrip_Synthesis_IsDeterministicForASeed()
    {
        var f = SpectrumSynthesis.LogFrequencies(1e4, 1, 5);
        var a = SpectrumSynthesis.FromCircuit(Circuit, Truth, f, NoiseModel.Proportional(0.01, 9));
        var b = SpectrumSynthesis.FromCircuit(Circuit, Truth, f, NoiseModel.Proportional(0.01, 9));
        var c = SpectrumSynthesis.FromCircuit(Circuit, Truth, f, NoiseModel.Proportional(0.01, 10));
        Assert.Equal(a.ImpedanceOhm, b.ImpedanceOhm);
        Assert.NotEqual(a.ImpedanceOhm, c.ImpedanceOhm);
        // SplitMix64 reference output for seed 0 (Steele et al.; also Vigna's splitmix64.c): 0xE220A8397B1DCDAF.
        Assert.Equal(0xE220A8397B1DCDAFUL, new SplitMix64(0).NextUInt64());
        Assert.Equal(21, f.Length);
        Assert.Equal(1e4, f[0], 1e-9);
        Assert.Equal(1, f[^1], 1e-12);
    }

    [Fact]
    public void RoundTrip_FrameView_HasNamedColumns()
    {
        var s = ImpedanceFiles.Read(ImpedanceReferenceFiles.Path_("impedance.py/exampleDataGamry.DTA"));
        var frame = s.ToFrame();
        Assert.Equal(s.Count, frame.RowCount);
        Assert.Contains("minus_z_imag_ohm", frame.ColumnKeys);
        Assert.Contains("dc_current_a", frame.ColumnKeys);
        Assert.Equal(s.ImpedanceOhm[3].Real, frame.GetColumn<double>("z_real_ohm").Get(3));
        var fit = CircuitFitter.Fit(s, "R0-p(R1,CPE1)-CPE2").ToFrame();
        Assert.Equal(6, fit.RowCount);
        Assert.Equal("Ohm", fit.GetColumn<string>("unit").Get("R1"));
    }
}
