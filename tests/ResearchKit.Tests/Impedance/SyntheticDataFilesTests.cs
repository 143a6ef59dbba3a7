using ResearchKit.Impedance;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Tests.Impedance;

/// <summary>
/// The files in data/synthetic/impedance/ are regenerated here and compared with the committed copies (to 1e-12 relative:
/// the math library may differ in the last bit between platforms). Set RESEARCHKIT_REGENERATE=1 to rewrite them.
/// </summary>
public class SyntheticDataFilesTests
{
    static readonly Dictionary<string, double> Randles = new()
    {
        ["R0"] = 12, ["R1"] = 45, ["CPE1_0"] = 3e-5, ["CPE1_1"] = 0.88, ["Wo1_0"] = 60, ["Wo1_1"] = 8,
    };

    static void Generate(string dir)
    {
        Directory.CreateDirectory(dir);
        var f = SpectrumSynthesis.LogFrequencies(1e5, 1e-2, 10);
        var randles = SpectrumSynthesis.FromCircuit("R0-p(R1,CPE1)-Wo1", Randles, f, NoiseModel.Proportional(0.005, 42));
        ImpedanceFiles.WriteMpt(randles, Path.Combine(dir, "randles-wo-0.5pct-seed42.mpt"),
            new ImpedanceProvenance("SpectrumSynthesis.FromCircuit(\"R0-p(R1,CPE1)-Wo1\")", Randles, 42, "proportional Gaussian, sigma = 0.5 % of |Z| per component",
                "Synthetic data, not a measurement. 1e5 to 1e-2 Hz, 10 points per decade."));
        var tlmPars = new Dictionary<string, double> { ["R0"] = 15, ["TLMB1_0"] = 400, ["TLMB1_1"] = 4, ["TLMB1_2"] = 2e-4, ["TLMB1_3"] = 0.93 };
        var tlm = SpectrumSynthesis.BlockingTransmissionLine(15, 400, 4, 2e-4, 0.93, SpectrumSynthesis.LogFrequencies(1e6, 1e-3, 10), NoiseModel.Proportional(0.002, 11));
        ImpedanceFiles.WriteZ(tlm, Path.Combine(dir, "blocking-tlm-0.2pct-seed11.z"),
            new ImpedanceProvenance("SpectrumSynthesis.BlockingTransmissionLine (R0-TLMB1)", tlmPars, 11, "proportional Gaussian, sigma = 0.2 % of |Z| per component",
                "Synthetic data, not a measurement: an electron-blocking composite electrode, 1e6 to 1e-3 Hz."));
        var ca = ChronoamperometrySynthesis.Generate(2000, 200, 0.05, sampleIntervalS: 2, relativeNoise: 0.01, seed: 5);
        DcPolarization.WriteChronoamperometry(ca, Path.Combine(dir, "dc-polarization-seed5.csv"),
            new ImpedanceProvenance("ChronoamperometrySynthesis.Generate", new Dictionary<string, double>
            {
                ["electronic_resistance_ohm"] = 2000, ["ionic_resistance_ohm"] = 200, ["double_layer_capacitance_f"] = 0.05,
                ["step_duration_s"] = 600, ["sample_interval_s"] = 2, ["relative_noise"] = 0.01,
            }, 5, "Gaussian, sigma = 1 % of |I|", "Synthetic data, not a measurement: 0.1-0.5 V steps of 600 s (paper Fig 2h protocol)."));
    }

    [Fact]
    public void SyntheticDataFiles_CommittedSyntheticFiles_MatchTheirGenerators()
    {
        var repoDir = Path.Combine(ImpedanceReferenceFiles.RepoRoot, "data", "synthetic", "impedance");
        if (Environment.GetEnvironmentVariable("RESEARCHKIT_REGENERATE") == "1") Generate(repoDir);
        var tmp = ImpedanceReferenceFiles.TempDir();
        Generate(tmp);
        foreach (var name in new[] { "randles-wo-0.5pct-seed42.mpt", "blocking-tlm-0.2pct-seed11.z" })
        {
            var a = ImpedanceFiles.Read(Path.Combine(repoDir, name));
            var b = ImpedanceFiles.Read(Path.Combine(tmp, name));
            Assert.Equal(a.Count, b.Count);
            for (int i = 0; i < a.Count; i++)
                Assert.True((a.ImpedanceOhm[i] - b.ImpedanceOhm[i]).Magnitude <= 1e-12 * a.ImpedanceOhm[i].Magnitude, $"{name} point {i}");
            Assert.NotNull(ImpedanceFiles.ReadProvenance(Path.Combine(repoDir, name)));
        }
        var ca = DcPolarization.ReadChronoamperometry(Path.Combine(repoDir, "dc-polarization-seed5.csv"));
        var cb = DcPolarization.ReadChronoamperometry(Path.Combine(tmp, "dc-polarization-seed5.csv"));
        for (int i = 0; i < ca.Count; i++) Assert.True(Math.Abs(ca.CurrentA[i] - cb.CurrentA[i]) <= 1e-12 * Math.Abs(ca.CurrentA[i]));
        Directory.Delete(tmp, true);
    }
}
