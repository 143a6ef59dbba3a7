using System.Numerics;
using ResearchKit.Impedance;
using ResearchKit.Impedance.IO;

namespace ResearchKit.Tests.Impedance;

public class ImpedanceReaderTests
{
    static ImpedanceSpectrum Read(string rel) => ImpedanceFiles.Read(ImpedanceReferenceFiles.Path_(rel));

    // Expected point counts, frequency ends and one impedance value, checked against the files by eye (see PROVENANCE.md).
    [Theory]
    [InlineData("impedance.py/exampleDataBioLogic.mpt", ImpedanceFileFormat.BioLogicMpt, 43, 1000.3201, 65.470886, -0.38998979)]
    [InlineData("impedance.py/exampleDataGamry.DTA", ImpedanceFileFormat.GamryDta, 72, double.NaN, double.NaN, double.NaN)]
    [InlineData("impedance.py/exampleDataZPlot.z", ImpedanceFileFormat.ZPlot, 21, 300000, 147.77, -11.335)]
    [InlineData("impedance.py/Circuit1_EIS_1.z", ImpedanceFileFormat.ZPlot, 48, double.NaN, double.NaN, double.NaN)]
    [InlineData("impedance.py/exampleDataAutolab.txt", ImpedanceFileFormat.Autolab, 41, 10000, 0.013785863964281, 0.007191946305823)]
    [InlineData("impedance.py/exampleDataCHInstruments.txt", ImpedanceFileFormat.ChInstruments, 73, 99610, 98.91, -2.748)]
    [InlineData("impedance.py/exampleDataParstat.txt", ImpedanceFileFormat.Parstat, 31, 10000, -0.00049816280376104, 0.0175143479976367)]
    [InlineData("impedance.py/exampleData.csv", ImpedanceFileFormat.Delimited, 66, 3.1623e-3, 4.949989776405060160e-02, -2.043869854441892481e-02)]
    [InlineData("pyDRTtools/LIB_data.txt", ImpedanceFileFormat.Delimited, 107, 999.040405, 0.112362966, 0.00318273902)]
    [InlineData("pyDRTtools/LIB_data_2.txt", ImpedanceFileFormat.Delimited, 100, 999.040405, 0.109553248, 0.00347053236)]
    [InlineData("pyDRTtools/data_1.csv", ImpedanceFileFormat.Delimited, 107, 999.040405, 0.109963283, 0.003569859)]
    public void ImpedanceReader_EveryReferenceFile_Reads(string rel, ImpedanceFileFormat format, int count, double f0, double re0, double im0)
    {
        var path = ImpedanceReferenceFiles.Path_(rel);
        var lines = File.ReadAllLines(path, System.Text.Encoding.Latin1);
        Assert.Equal(format, ImpedanceFiles.Detect(lines, path));
        var s = ImpedanceFiles.Read(path);
        Assert.Equal(count, s.Count);
        Assert.Equal(path, s.SourceName);
        if (!double.IsNaN(f0))
        {
            Assert.Equal(f0, s.FrequencyHz[0], f0 * 1e-9);
            Assert.Equal(re0, s.ImpedanceOhm[0].Real, Math.Abs(re0) * 1e-9);
            Assert.Equal(im0, s.ImpedanceOhm[0].Imaginary, Math.Abs(im0) * 1e-9);
        }
        // Every reference spectrum is a capacitive arc at its low-frequency end: Z'' < 0 there.
        int low = s.FrequencyHz[0] < s.FrequencyHz[^1] ? 0 : s.Count - 1;
        Assert.True(s.ImpedanceOhm[low].Imaginary < 0, $"low-frequency Z'' = {s.ImpedanceOhm[low].Imaginary}");
    }

    [Fact]
    public void ImpedanceReader_GamryZcurve_HasValuesAndDcColumns()
    {
        var s = Read("impedance.py/exampleDataGamry.DTA");
        // Last row: 71	861	0.0158898	17007.49	-6635.557	1	18256.1	-21.31349	-2.233894E-006	-0.3411888	7
        Assert.Equal(0.0158898, s.FrequencyHz[^1], 1e-12);
        Assert.Equal(new Complex(17007.49, -6635.557), s.ImpedanceOhm[^1]);
        Assert.NotNull(s.DcCurrentA);
        Assert.Equal(-2.233894e-6, s.DcCurrentA![^1], 1e-15);
        Assert.Equal(-0.3411888, s.DcVoltageV![^1], 1e-12);
    }

    [Fact]
    public void ImpedanceReader_BioLogicCurrent_IsConvertedFromMilliampere()
    {
        var s = Read("impedance.py/exampleDataBioLogic.mpt");
        Assert.NotNull(s.DcCurrentA);
        Assert.Equal(-4.8041187e-5, s.DcCurrentA![0], 1e-12);
        Assert.Equal(-2.8677555e-4, s.DcVoltageV![0], 1e-12);
    }

    [Fact]
    public void ImpedanceReader_BioLogicWithDecimalCommas_Reads()
    {
        var text = "EC-Lab ASCII FILE\nNb header lines : 4\n\nfreq/Hz\tRe(Z)/Ohm\t-Im(Z)/Ohm\tcycle number\t\n" +
                   "1000,0\t10,5\t1,25\t1\t\n100,0\t12,0\t3,5\t1\t\n10,0\t20,0\t5,0\t1\t\n1000,0\t10,4\t1,2\t2\t\n";
        var s = ImpedanceFiles.Parse(text, "comma.mpt");
        Assert.Equal(3, s.Count); // second cycle dropped
        Assert.Equal(new Complex(12.0, -3.5), s.ImpedanceOhm[1]);
    }

    [Fact]
    public void ImpedanceReader_HeaderedCsvWithMinusImaginary_Reads()
    {
        var s = ImpedanceFiles.Parse("Frequency (Hz);Z' (Ohm);-Z'' (Ohm)\n1000;1,5;0,25\n100;2;1\n10;3;0,5\n", "semi.csv");
        Assert.Equal(new Complex(1.5, -0.25), s.ImpedanceOhm[0]);
    }

    [Fact]
    public void ImpedanceReader_HeaderlessCsv_SignCanBeStated()
    {
        const string text = "1000,1,0.1\n100,2,0.5\n10,3,0.2\n";
        Assert.Equal(-0.5, ImpedanceFiles.Parse(text, "a.csv").ImpedanceOhm[1].Imaginary); // auto: mostly positive => -Z''
        Assert.Equal(0.5, ImpedanceFiles.Parse(text, "a.csv", new ImpedanceReadOptions { ImaginarySign = ImaginarySign.AsIs }).ImpedanceOhm[1].Imaginary);
    }

    [Theory]
    [InlineData("volts,Z',Z''\n1,2,3\n2,3,4\n3,4,5\n", "no frequency column", 1)]
    [InlineData("freq,Z',Z''\n1000,2,-3\n100,3,-4\n100,4,-5\n", "duplicate frequency", 4)]
    [InlineData("freq,Z',Z''\n1000,2,-3\n100,3,-4\n200,4,-5\n", "not monotonic", 4)]
    [InlineData("freq,Z',Z''\n1000,2,-3\n100,NaN,-4\n10,4,-5\n", "NaN", 3)]
    [InlineData("freq,Z',Z''\n1000,2,-3\n100,3,-4\n", "at least 3", 3)]
    [InlineData("freq,Z',Z''\n1000,2,-3\n100,abc,-4\n10,4,-5\n", "expected a number", 3)]
    public void ImpedanceReader_BadInput_NamesFileAndLine(string text, string expected, int line)
    {
        var e = Assert.Throws<InvalidInputException>(() => ImpedanceFiles.Parse(text, "bad.csv"));
        Assert.Contains(expected, e.Message);
        Assert.Equal("bad.csv", e.SourceName);
        Assert.Equal(line, e.Line);
    }

    [Fact]
    public void ImpedanceReader_MissingFile_IsBadInput()
    {
        var e = Assert.Throws<InvalidInputException>(() => ImpedanceFiles.Read("/nonexistent/x.mpt"));
        Assert.Contains("not found", e.Message);
    }
}
