using System.IO.Compression;
using System.Text;
using ResearchKit.Diffraction;
using ResearchKit.Diffraction.IO;

namespace ResearchKit.Tests.Diffraction;

public class ReaderTests
{
    static string Temp(string name, string text)
    {
        var dir = Path.Combine(Path.GetTempPath(), "rk-xrd-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var p = Path.Combine(dir, name);
        File.WriteAllText(p, text);
        return p;
    }

    [Fact]
    public void Xy_UglyFixture_CommentsCommasHeaderAndMissingEsd()
    {
        var text = "# Wavelength: 1.5406 A\n! instrument = lab\n2theta,counts,esd\n10.00, 100, 10\n\n10.02,121,\n10.04 , 144 , 12.5\n; trailing comment\n";
        var p = XyFormat.Parse(text, "ugly.csv");
        Assert.Equal([10.00, 10.02, 10.04], p.TwoThetaDeg);
        Assert.Equal([100.0, 121, 144], p.Counts);
        Assert.Equal(10, p.Esd[0]); Assert.Equal(11, p.Esd[1], 12); Assert.Equal(12.5, p.Esd[2]);
        Assert.Equal(1.5406, p.WavelengthAngstrom);
        Assert.Equal("lab", p.Metadata["instrument"]);
        var q = XyFormat.Parse("10 4\t\n10.5   9\n11 0\n", "two.xy");
        Assert.Equal([2.0, 3, 1], q.Esd);
    }

    [Theory]
    [InlineData("10 5\n10.2 6\n10.1 7\n", "two_theta", 3)]
    [InlineData("10 5\n10.2 -6\n", "counts", 2)]
    [InlineData("10 5\n10.2 abc\n", "counts", 2)]
    public void Xy_BadInput_NamesFieldAndLine(string text, string field, int line)
    {
        var e = Assert.Throws<InvalidInputException>(() => XyFormat.Parse(text, "bad.xy"));
        Assert.Equal(field, e.Field);
        Assert.Equal(line, e.Line);
        Assert.Contains("bad.xy", e.Message);
    }

    [Fact]
    public void Xy_WriteReadWithSidecar_RoundTripIsExact()
    {
        var sim = PowderSimulator.Simulate(LayeredOxide.Ncm(), new Instrument(), new SimulationOptions { TwoThetaMinDeg = 15, TwoThetaMaxDeg = 25, StepDeg = 0.013 });
        var path = Path.Combine(Path.GetTempPath(), "rk-xrd-" + Guid.NewGuid().ToString("N")[..8], "p.xy");
        XyFormat.Write(path, sim.Pattern, new ResearchKit.Cycling.IO.CyclingProvenance("test", new Dictionary<string, string> { ["k"] = "v" }, 7));
        var back = PatternFiles.Read(path);
        Assert.Equal(sim.Pattern.TwoThetaDeg, back.TwoThetaDeg);
        Assert.Equal(sim.Pattern.Counts, back.Counts);
        Assert.Equal(sim.Pattern.Esd, back.Esd);
        Assert.True(File.Exists(path + ".provenance.json"));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
    }

    const string XrdmlTemplate = """
        <?xml version="1.0" encoding="UTF-8"?>
        <xrdMeasurements xmlns="http://www.xrdml.com/XRDMeasurement/1.5">
          <xrdMeasurement measurementType="Scan">
            <usedWavelength intended="K-Alpha 1"><kAlpha1 unit="Angstrom">1.5405980</kAlpha1><kAlpha2 unit="Angstrom">1.5444260</kAlpha2><ratioKAlpha2KAlpha1>0.5</ratioKAlpha2KAlpha1></usedWavelength>
            <scan>
              <dataPoints>
                <positions axis="2Theta" unit="deg"><startPosition>10.00</startPosition><endPosition>10.06</endPosition></positions>
                <positions axis="Omega" unit="deg"><startPosition>5</startPosition><endPosition>5.03</endPosition></positions>
                <commonCountingTime unit="seconds">1.0</commonCountingTime>
                COUNTS
              </dataPoints>
            </scan>
          </xrdMeasurement>
        </xrdMeasurements>
        """;

    [Fact]
    public void Xrdml_StartEndPositions_AndIntensities()
    {
        var p = Xrdml.Parse(XrdmlTemplate.Replace("COUNTS", "<intensities unit=\"counts\">4 9 16 25</intensities>"), "a.xrdml");
        Assert.Equal(4, p.Count);
        Assert.Equal(10.02, p.TwoThetaDeg[1], 12);
        Assert.Equal([2.0, 3, 4, 5], p.Esd);
        Assert.Equal(1.540598, p.WavelengthAngstrom);
    }

    [Fact]
    public void Xrdml_WithoutCounts_NamesCountsField()
    {
        var e = Assert.Throws<InvalidInputException>(() => Xrdml.Parse(XrdmlTemplate.Replace("COUNTS", ""), "empty.xrdml"));
        Assert.Equal("counts", e.Field);
        Assert.Contains("empty.xrdml", e.Message);
    }

    [Fact]
    public void Brml_ZipOfXml_ReadsDatumLines()
    {
        var path = Path.Combine(Path.GetTempPath(), "rk-xrd-" + Guid.NewGuid().ToString("N")[..8] + ".brml");
        using (var fs = File.Create(path))
        using (var zip = new ZipArchive(fs, ZipArchiveMode.Create))
        {
            var e = zip.CreateEntry("Experiment0/RawData0.xml");
            using var w = new StreamWriter(e.Open(), Encoding.UTF8);
            w.Write("""
                <?xml version="1.0" encoding="utf-8"?>
                <RawData><DataRoutes><DataRoute>
                  <ScanInformation><ScanAxes><ScanAxisInfo AxisId="TwoTheta"><Start>20</Start><Stop>20.04</Stop><Increment>0.02</Increment></ScanAxisInfo></ScanAxes></ScanInformation>
                  <Datum>1,1,20.000,10.000,100</Datum><Datum>1,1,20.020,10.010,400</Datum><Datum>1,1,20.040,10.020,900</Datum>
                </DataRoute></DataRoutes></RawData>
                """);
        }
        var p = PatternFiles.Read(path);
        Assert.Equal([20.0, 20.02, 20.04], p.TwoThetaDeg);
        Assert.Equal([100.0, 400, 900], p.Counts);
        Assert.Equal([10.0, 20, 30], p.Esd);
    }

    [Fact]
    public void Fxye_CentidegreesAndOptionalE_AreRead()
    {
        var text = "Synthetic NCWA\nInstrument parameter      lab.prm\n# comment\nBANK 1 3 3 CONS 1000.0 2.0 0 0 FXYE\n 1000.0 100.0 10.0\n 1002.0 121.0\n 1004.0 144.0 12.0\n";
        var p = Fxye.Parse(text, "a.fxye");
        Assert.Equal([10.0, 10.02, 10.04], p.TwoThetaDeg);
        Assert.Equal(11, p.Esd[1], 12);
        Assert.Equal("Synthetic NCWA", p.Metadata["title"]);
        var e = Assert.Throws<InvalidInputException>(() => Fxye.Parse("t\nBANK 1 10 1 CONS 1000 2 0 0 STD\n", "b.fxye"));
        Assert.Equal("BANK", e.Field);
    }
}
