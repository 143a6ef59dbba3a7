using System.Text.Json;
using ResearchKit.Cli;
using Xunit;

namespace ResearchKit.Tests.Electrochemistry;

public class CellCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int code = CommandLine.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void CellRun_Cc_WritesFilesAndKeysAndIsDeterministic()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rk-cell-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, err) = Run("cell", "run", "--blend", "0:10", "--protocol", "cc", "--c-rate", "1", "--out", dir, "--json");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            foreach (var key in new[] { "blend", "protocol", "files", "active_mass_mg", "theoretical_capacity_mah_per_g", "cycles", "retention_pct", "rate_capacities_mah_per_g", "voltage_window_v", "seconds" })
                Assert.True(root.TryGetProperty(key, out _), key);
            var cycle = root.GetProperty("cycles")[0];
            foreach (var key in new[] { "cycle", "charge_mah_per_g", "discharge_mah_per_g", "coulombic_efficiency", "mean_discharge_voltage_v" })
                Assert.True(cycle.TryGetProperty(key, out _), key);
            Assert.Equal("CAM0:10", root.GetProperty("blend").GetString());
            Assert.Equal(201.9, root.GetProperty("theoretical_capacity_mah_per_g").GetDouble(), 9);
            var mpt = Path.Combine(dir, "CAM0-10-cc.mpt");
            Assert.True(File.Exists(mpt) && File.Exists(mpt + ".provenance.json") && File.Exists(Path.Combine(dir, "CAM0-10-cc.mpr")));
            var bytes = File.ReadAllBytes(mpt);
            // Read back through the kit's cycler reader: the capacity of the file equals the model's.
            var data = ResearchKit.Cycling.IO.CyclerFiles.Read(mpt);
            Assert.True(data.Count > 10);
            Assert.Equal(0, Run("cell", "run", "--blend", "0:10", "--protocol", "cc", "--c-rate", "1", "--out", dir).Code);
            Assert.Equal(bytes, File.ReadAllBytes(mpt));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void CellRun_Eis_WritesPeisSpectraBeforeAndAfterAndIsDeterministic()
    {
        var dir = Path.Combine(Path.GetTempPath(), "rk-cell-eis-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, stdout, err) = Run("cell", "run", "--blend", "7:3", "--protocol", "eis", "--cycles", "4", "--out", dir, "--json");
            Assert.True(code == 0, err);
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            foreach (var key in new[] { "blend", "protocol", "files", "active_mass_mg", "cycles", "retention_pct", "voltage_window_v", "spectra", "seconds" })
                Assert.True(root.TryGetProperty(key, out _), key);
            var spectra = root.GetProperty("spectra");
            Assert.Equal(["before", "after"], spectra.EnumerateArray().Select(x => x.GetProperty("label").GetString()));
            foreach (var sp in spectra.EnumerateArray())
            {
                Assert.Equal(91, sp.GetProperty("frequencies").GetInt32()); // 1 MHz to 1 mHz, 10 per decade
                double soc = sp.GetProperty("state_of_charge").GetDouble();
                Assert.InRange(soc, 0.5, 1.0); // after a 0.5 C charge to 4.3 V vs Li
                var file = sp.GetProperty("file").GetString()!;
                // Read back through the kit's impedance reader: the low-frequency resistance of the file is the reported one, above the high-frequency one.
                var s = ResearchKit.Impedance.IO.ImpedanceFiles.Read(file);
                Assert.Equal(91, s.Count);
                int lowest = Array.IndexOf(s.FrequencyHz, s.FrequencyHz.Min());
                Assert.Equal(sp.GetProperty("r_low_frequency_ohm").GetDouble(), s.ImpedanceOhm[lowest].Real, 9);
                Assert.True(sp.GetProperty("r_low_frequency_ohm").GetDouble() > sp.GetProperty("r_high_frequency_ohm").GetDouble());
                Assert.True(File.Exists(file + ".provenance.json") && File.Exists(Path.ChangeExtension(file, ".z")));
            }
            var before = Path.Combine(dir, "CAM7-3-eis-before.mpt");
            var bytes = File.ReadAllBytes(before);
            Assert.Equal(0, Run("cell", "run", "--blend", "7:3", "--protocol", "eis", "--cycles", "4", "--out", dir).Code);
            Assert.Equal(bytes, File.ReadAllBytes(before));
            Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir), e => Path.GetFileName(e).StartsWith('.'));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("cycles", "--blend", "7:3", "--protocol", "eis", "--cycles", "3")]
    [InlineData("blend", "--blend", "x:y", "--protocol", "cc", "--c-rate", "1")]
    [InlineData("protocol", "--blend", "7:3", "--protocol", "walk")]
    [InlineData("c-rate", "--blend", "7:3", "--protocol", "cc", "--c-rate", "-1")]
    [InlineData("blend", "--blend", "5:5", "--protocol", "cc", "--c-rate", "1")]
    public void CellRun_BadInput_Exit2NamingTheField(string field, params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rk-cell-bad-" + Guid.NewGuid().ToString("N"));
        var (code, _, err) = Run(["cell", "run", .. args, "--out", dir]);
        Assert.Equal(2, code);
        Assert.Contains(field, err);
        Assert.False(Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any());
    }
}
