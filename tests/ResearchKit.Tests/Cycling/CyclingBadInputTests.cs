using System.Text.Json;
using ResearchKit.Cli;
using ResearchKit.Cycling;
using ResearchKit.Cycling.IO;
using ResearchKit.Cycling.Synthetic;

namespace ResearchKit.Tests.Cycling;

public class CyclingBadInputTests
{
    static string TempFile(string ext) => Path.Combine(Path.GetTempPath(), $"rk-cycling-bad-{Guid.NewGuid():N}{ext}");

    static string SyntheticMpr()
    {
        var path = TempFile(".mpr");
        GalvanostaticGenerator.Generate(new GalvanostaticProtocol { Cycles = 1, FormationCycles = 1 }).WriteMpr(path);
        File.Delete(CyclingProvenance.SidecarPath(path));
        return path;
    }

    [SkippableFact]
    public void CyclingBadInput_TruncatedMpr_NamesFileAndByte()
    {
        var path = SyntheticMpr();
        try
        {
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
            var ex = Assert.Throws<InvalidInputException>(() => EcLabMpr.ReadRaw(path));
            Assert.Contains("truncated", ex.Message);
            Assert.Contains(path, ex.Message);
            Assert.Contains("byte", ex.Message);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void CyclingBadInput_UnknownColumnId_IsNamedWithModuleVersion()
    {
        var path = SyntheticMpr();
        try
        {
            var data = EcLabMpr.ReadModules(path).Single(m => m.ShortName == "VMP data");
            var bytes = File.ReadAllBytes(path);
            // Column ids follow the record count (u32) and the column count (u16, v2 headers); overwrite the second id.
            BitConverter.TryWriteBytes(bytes.AsSpan((int)data.DataOffset + 6 + 2), (ushort)999);
            File.WriteAllBytes(path, bytes);
            var ex = Assert.Throws<InvalidInputException>(() => EcLabMpr.ReadRaw(path));
            Assert.Contains("unknown column id 999", ex.Message);
            Assert.Contains("version 11", ex.Message);
            Assert.Contains(path, ex.Message);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void CyclingBadInput_MptWithUnexpectedHeader_IsRejected()
    {
        var path = TempFile(".mpt");
        try
        {
            File.WriteAllText(path, "EC-Lab ASCII FILE\nNumber of lines = 5\n\ntime/s\tEwe/V\n1\t2\n");
            var ex = Assert.Throws<InvalidInputException>(() => EcLabMptReader.ReadRaw(path));
            Assert.Contains("line 2", ex.Message);
            Assert.Contains("Nb header lines", ex.Message);
            File.WriteAllText(path, "Some other instrument\n1\t2\n");
            ex = Assert.Throws<InvalidInputException>(() => EcLabMptReader.ReadRaw(path));
            Assert.Contains("line 1", ex.Message);
            // A ragged data row names its line.
            File.WriteAllText(path, "EC-Lab ASCII FILE\nNb header lines : 3\ntime/s\tEwe/V\tI/mA\n1\t2\t3\n4\t5\n");
            ex = Assert.Throws<InvalidInputException>(() => EcLabMptReader.ReadRaw(path));
            Assert.Contains("line 5", ex.Message);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void CyclerFiles_WrongInstrumentFileToWrongReader_IsBadInput()
    {
        var maccor = CyclingReferenceFiles.Path_("beep__PreDiag_000229_000229_truncated.034");
        var arbin = CyclingReferenceFiles.Path_("beep__FastCharge_000025_CH8.csv");
        var mpr = CyclingReferenceFiles.Path_("yadg__gcpl.issue_226.CxN.mpr");
        Assert.Contains("not an EC-Lab .mpr", Assert.Throws<InvalidInputException>(() => EcLabMpr.ReadRaw(maccor)).Message);
        Assert.Contains("line 1", Assert.Throws<InvalidInputException>(() => EcLabMptReader.ReadRaw(arbin)).Message);
        Assert.Contains("not a Maccor", Assert.Throws<InvalidInputException>(() => MaccorTextReader.ReadRaw(arbin)).Message);
        Assert.Contains("not an Arbin", Assert.Throws<InvalidInputException>(() => ArbinCsvReader.ReadRaw(maccor)).Message);
        Assert.Contains("not an Arbin", Assert.Throws<InvalidInputException>(() => ArbinCsvReader.ReadRaw(mpr)).Message);
        Assert.Contains("not a Neware", Assert.Throws<InvalidInputException>(() => NewareNdaxReader.ReadRaw(arbin)).Message);
    }

    [SkippableFact]
    public void CyclingBadInput_MixedUnits_NameLineAndColumn()
    {
        var path = TempFile(".csv");
        try
        {
            File.WriteAllText(path, "time_s,voltage_v,current_ma\n0,3.5,0.5 mA\n10,3.6,0.5 mA\n20,3.7,0.0005 A\n");
            var ex = Assert.Throws<InvalidInputException>(() => GenericCsvReader.ReadRaw(path, GenericCsvReader.DefaultMapping));
            Assert.Contains("mixed units", ex.Message);
            Assert.Contains("line 4", ex.Message);
            Assert.Contains("current_ma", ex.Message);
        }
        finally { File.Delete(path); }
    }

    [SkippableFact]
    public void CyclingCli_SummaryJsonAndExport_HaveTheKeys()
    {
        var mpr = CyclingReferenceFiles.Path_("yadg__gcpl.pr_182.1.mpr");
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(["cycling", "summary", mpr, "--mass-mg", "10", "--json"], o, e);
        Assert.Equal(0, rc);
        using var doc = JsonDocument.Parse(o.ToString());
        var root = doc.RootElement;
        Assert.Equal("biologic-mpr", root.GetProperty("format").GetString());
        Assert.Equal(2533, root.GetProperty("points").GetInt32());
        var c1 = root.GetProperty("cycles")[0];
        Assert.Equal(1, c1.GetProperty("cycle").GetInt32());
        // Anode half cell, lithiation first: EC-Lab's Q charge/discharge at the end of the first half cycle is 3.251960077 mAh.
        Assert.Equal(3.251960077105808, c1.GetProperty("charge_capacity_mah").GetDouble(), 9);
        Assert.Equal(2.616072003122129, c1.GetProperty("discharge_capacity_mah").GetDouble(), 9);
        Assert.Equal(2.616072003122129 / 3.251960077105808, c1.GetProperty("coulombic_efficiency").GetDouble(), 9);
        Assert.Equal(325.1960077105808, c1.GetProperty("charge_capacity_mah_per_g").GetDouble(), 6);

        var csv = TempFile(".csv");
        try
        {
            rc = CommandLine.Run(["cycling", "export", mpr, "--out", csv], new StringWriter(), e);
            Assert.Equal(0, rc);
            var lines = File.ReadAllLines(csv);
            Assert.Equal("time_s,voltage_v,current_ma,capacity_mah,cycle,step,half_cycle", lines[0]);
            Assert.Equal(2534, lines.Length);
        }
        finally { File.Delete(csv); }

        var notCycler = Path.Combine(Path.GetTempPath(), $"rk-not-a-cycler-{Guid.NewGuid():N}.txt");
        File.WriteAllText(notCycler, "hello\n");
        try { Assert.Equal(2, CommandLine.Run(["cycling", "summary", notCycler], new StringWriter(), e)); }
        finally { File.Delete(notCycler); }
        rc = CommandLine.Run(["cycling", "summary", "/nonexistent/file.mpr"], new StringWriter(), e);
        Assert.Equal(2, rc);
    }

    [SkippableFact]
    public void CyclingBadInput_CliSynth_WritesAFileTheSummaryReadsBack()
    {
        var mpt = TempFile(".mpt");
        try
        {
            var o = new StringWriter();
            Assert.Equal(0, CommandLine.Run(["cycling", "synth", mpt, "--cycles", "2", "--json"], o, new StringWriter()));
            using var synth = JsonDocument.Parse(o.ToString());
            o = new StringWriter();
            Assert.Equal(0, CommandLine.Run(["cycling", "summary", mpt, "--mode", "cathode", "--json"], o, new StringWriter()));
            using var summary = JsonDocument.Parse(o.ToString());
            var expected = synth.RootElement.GetProperty("cycles");
            var got = summary.RootElement.GetProperty("cycles");
            Assert.Equal(expected.GetArrayLength(), got.GetArrayLength());
            for (int i = 0; i < got.GetArrayLength(); i++)
                Assert.Equal(expected[i].GetProperty("discharge_capacity_mah").GetDouble(), got[i].GetProperty("discharge_capacity_mah").GetDouble());
            Assert.Equal(2, CommandLine.Run(["cycling", "summary", mpt, "--mode", "sideways"], new StringWriter(), new StringWriter()));
        }
        finally { File.Delete(mpt); File.Delete(CyclingProvenance.SidecarPath(mpt)); }
    }
}
