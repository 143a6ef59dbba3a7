using ResearchKit.Spectroscopy.Xps;

namespace ResearchKit.Tests.Spectroscopy;

public class XpsReaderTests
{
    [Fact]
    public void Vamas_Lg4xFile_ReadsFiveBlocksWithSpeciesAndKineticAxis()
    {
        var f = Vamas.Read(SpectroscopyFiles.Reference("LG4X-V2__0-150W.vms"));
        Assert.Equal(5, f.Blocks.Count);
        Assert.Equal(["wide", "Ni 2p", "O 1s", "C 1s", "W 4f"], f.Blocks.Select(b => b.Label));
        Assert.All(f.Blocks, b => Assert.Equal(EnergyAxis.Kinetic, b.Axis));
        Assert.All(f.Blocks, b => Assert.Equal(1486.69, b.PhotonEnergyEv, 6));
        Assert.All(f.Blocks, b => Assert.NotNull(b.Transmission));
        Assert.Equal(601, f.Blocks[1].Count);
        // Ni 2p block: BE = hv - KE spans 840-900 eV (the region named in its text export)
        var ni = f.Blocks[1].ToBindingEnergy();
        Assert.Equal(840.0, ni.EnergyEv.Min(), 3);
        Assert.Equal(900.0, ni.EnergyEv.Max(), 3);
    }

    [Fact]
    public void Vamas_Lg4xW4fBlock_MatchesItsTextExportChannelByChannel()
    {
        // The same instrument region exported twice (VAMAS block 4 and LG4X's text file): same energies and counts.
        var v = Vamas.Read(SpectroscopyFiles.Reference("LG4X-V2__0-150W.vms")).Blocks[4].ToBindingEnergy();
        var t = XpsTextReader.Read(SpectroscopyFiles.Reference("LG4X-V2__0-150W_NiWW4f_W4f.txt"));
        Assert.False(t.AxisAssumed);
        Assert.Equal(EnergyAxis.Binding, t.Spectrum.Axis);
        var (be1, y1) = v.AscendingWindow();
        var (be2, y2) = t.Spectrum.AscendingWindow();
        Assert.Equal(be1.Length, be2.Length);
        for (int i = 0; i < be1.Length; i++) { Assert.Equal(be1[i], be2[i], 6); Assert.Equal(y1[i], y2[i], 6); }
    }

    [Fact]
    public void Vamas_CasaPt4f_KineticStartStepAndTransmission()
    {
        var f = Vamas.Read(SpectroscopyFiles.Reference("KherveFitting__Pt4f.vms"));
        var b = Assert.Single(f.Blocks);
        Assert.Equal(281, b.Count);
        Assert.Equal(1396.68, b.EnergyEv[0], 6);
        Assert.Equal(1396.68 + 0.1 * 280, b.EnergyEv[^1], 6);
        Assert.Equal(IntensityUnit.Counts, b.Unit);
        Assert.Equal("Pt", b.Species);
        Assert.Equal("4f", b.Transition);
        Assert.Equal(0.820997, b.Transmission![0], 6);
        var be = b.ToBindingEnergy();
        Assert.Equal(90.0, be.EnergyEv[0], 6); // 1486.68 - 1396.68
        // Pt 4f7/2 of the metal near 71 eV: the maximum channel lies there
        Assert.InRange(be.EnergyEv[Array.IndexOf(be.Intensity, be.Intensity.Max())], 70.5, 71.5);
        var corrected = b.DivideByTransmission();
        Assert.Equal(b.Intensity[0] / 0.820997, corrected.Intensity[0], 6);
    }

    [Fact]
    public void TextExport_KineticHeaderAndPhotonEnergy_ConvertsWithWorkFunctionOnlyWhenGiven()
    {
        var t = XpsTextReader.Read(SpectroscopyFiles.Reference("lmfitxps__clean_Au_4f.csv"));
        Assert.Equal(EnergyAxis.Kinetic, t.Spectrum.Axis);
        Assert.Equal(180, t.Spectrum.PhotonEnergyEv);
        Assert.Equal(294, t.Spectrum.Count);
        var be = t.Spectrum.ToBindingEnergy();
        Assert.Equal(180 - 84.0, be.EnergyEv[0], 9);
        var be2 = t.Spectrum.ToBindingEnergy(workFunctionEv: 4.0);
        Assert.Equal(180 - 84.0 - 4.0, be2.EnergyEv[0], 9);
        Assert.Throws<InvalidInputException>(() => be.ToBindingEnergy(4.0));
    }

    [Fact]
    public void AllReferenceFiles_Read_Succeed()
    {
        foreach (var name in new[] { "KherveFitting__Pt4f.vms", "LG4X-V2__0-150W.vms", "LG4X-V2__0-150W_NiWNi2p_Ni2p.txt", "LG4X-V2__0-150W_NiWW4f_W4f.txt", "lmfitxps__clean_Au_4f.csv" })
        {
            var f = XpsFiles.Read(SpectroscopyFiles.Reference(name));
            Assert.NotEmpty(f.Blocks);
            Assert.All(f.Blocks, b => Assert.True(b.Count > 100 && b.Intensity.All(double.IsFinite)));
        }
    }

    static string Minimal(string scanMode, int declared, IEnumerable<string> values, int nVar = 1)
    {
        var l = new List<string> { "VAMAS Surface Chemical Analysis Standard Data Transfer Format 1988 May 4", "inst", "model", "op", "exp", "0",
            "NORM", scanMode, "1", "0", "0", "0", "0", "0", "1",
            "blk", "sample", "2026", "1", "1", "0", "0", "0", "0", "0", "XPS", "Al", "1486.6", "1", "1", "1", "1", "1", "FAT", "20", "1", "1", "1", "1", "1", "1", "1",
            "S", "2p", "-1" };
        l.AddRange(scanMode == "REGULAR" ? ["Binding Energy", "eV", "160", "0.5"] : ["Binding Energy", "eV"]);
        l.Add(nVar.ToString());
        for (int v = 0; v < nVar; v++) { l.Add(v == 0 ? "Intensity" : "Transmission"); l.Add("d"); }
        l.AddRange(["pulse counting", "0.1", "1", "0", "0", "0", "0", "0", declared.ToString()]);
        int stride = scanMode == "IRREGULAR" ? nVar + 1 : nVar;
        for (int v = 0; v < stride; v++) { l.Add("0"); l.Add("1"); }
        l.AddRange(values);
        return string.Join("\n", l);
    }

    [Fact]
    public void Vamas_IrregularBlock_ReadsAbscissaBeforeEachValue()
    {
        var text = Minimal("IRREGULAR", 6, ["160", "10", "160.3", "20", "161", "30"]) + "\nend of experiment\n";
        var b = Vamas.Parse(text, "irr.vms").Blocks[0];
        Assert.Equal([160, 160.3, 161], b.EnergyEv);
        Assert.Equal([10, 20, 30], b.Intensity);
        Assert.Equal(EnergyAxis.Binding, b.Axis);
    }

    [Fact]
    public void Vamas_FileCutShort_NamesTheBlockAndCount()
    {
        var text = Minimal("REGULAR", 5, ["1", "2", "3"]);
        var e = Assert.Throws<InvalidInputException>(() => Vamas.Parse(text, "cut.vms"));
        Assert.Contains("cut.vms", e.Message);
        Assert.Contains("block 0", e.Message);
        Assert.Contains("declares 5", e.Message);
    }

    [Fact]
    public void Vamas_CountMismatch_NamesTheBlock()
    {
        // declares 3 values but 5 follow: the extra values hit the end-of-experiment check
        var text = Minimal("REGULAR", 3, ["1", "2", "3", "4", "5"]) + "\nend of experiment\n";
        var e = Assert.Throws<InvalidInputException>(() => Vamas.Parse(text, "extra.vms"));
        Assert.Contains("end of experiment", e.Message);
        // a count that is not a multiple of the variables per point
        var text2 = Minimal("REGULAR", 3, ["1", "0.9", "2", "0.9"], nVar: 2);
        var e2 = Assert.Throws<InvalidInputException>(() => Vamas.Parse(text2, "odd.vms"));
        Assert.Contains("block 0", e2.Message);
        Assert.Contains("not a multiple", e2.Message);
    }

    [Fact]
    public void Vamas_WriteThenRead_RoundTripsSeveralBlocks()
    {
        var dir = SpectroscopyFiles.TempDir();
        var be = Enumerable.Range(0, 21).Select(i => 160 + 0.5 * i).ToArray();
        var a = new XpsSpectrum("A", "S", "2p", be, EnergyAxis.Binding, be.Select(e => e * 3).ToArray(), IntensityUnit.Counts, 1486.6, 0.1, 2, null, null, 0);
        var b = a with { Label = "B", Species = "P", Intensity = be.Select(e => e + 0.25).ToArray(), Unit = IntensityUnit.CountsPerSecond };
        var path = Path.Combine(dir, "two.vms");
        Vamas.Write(path, [a, b], ["round trip"]);
        var f = Vamas.Read(path);
        Assert.Equal(2, f.Blocks.Count);
        Assert.Equal(a.Intensity, f.Blocks[0].Intensity);
        Assert.Equal(be, f.Blocks[1].EnergyEv.Select(x => Math.Round(x, 9)).ToArray());
        Assert.Equal(IntensityUnit.CountsPerSecond, f.Blocks[1].Unit);
        Assert.Equal("round trip", Assert.Single(f.Comments));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp-*"));
    }
}
