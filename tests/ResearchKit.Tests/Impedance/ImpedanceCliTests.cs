using System.Text.Json;
using ResearchKit.Cli;

namespace ResearchKit.Tests.Impedance;

public class ImpedanceCliTests
{
    static (int Rc, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter(); var e = new StringWriter();
        int rc = CommandLine.Run(args, o, e);
        return (rc, o.ToString(), e.ToString());
    }

    [Fact]
    public void ImpedanceCli_EisFitJson_HasParametersErrorsAndChiSquare()
    {
        var path = ImpedanceReferenceFiles.Path_("impedance.py/Circuit1_EIS_1.z");
        var (rc, output, err) = Run("eis", "fit", path, "--circuit", "R0-p(R1,C1)", "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        var p = root.GetProperty("parameters");
        Assert.InRange(p.GetProperty("R0").GetDouble(), 25, 35);     // dummy cell: about 29 ohm series
        Assert.InRange(p.GetProperty("R1").GetDouble(), 40, 52);     // and about 47 ohm in the arc
        Assert.True(root.GetProperty("standard_errors").GetProperty("C1").GetDouble() > 0);
        Assert.True(root.GetProperty("chi_square").GetDouble() > 0);
    }

    [Fact]
    public void ImpedanceCli_EisFit_AcceptsInitialAndWeighting()
    {
        var path = ImpedanceReferenceFiles.Path_("impedance.py/Circuit1_EIS_1.z");
        var (rc, output, err) = Run("eis", "fit", path, "--circuit", "R0-p(R1,C1)", "--initial", "R0=10,R1=30,C1=1e-5", "--weighting", "proportional");
        Assert.True(rc == 0, err);
        Assert.Contains("R1", output);
    }

    [Theory]
    [InlineData("R0-p(R1,C1", "position")]
    [InlineData("R0-Q1", "unknown element")]
    public void ImpedanceCli_BadCircuit_ExitsTwo(string circuit, string expected)
    {
        var path = ImpedanceReferenceFiles.Path_("impedance.py/Circuit1_EIS_1.z");
        var (rc, _, err) = Run("eis", "fit", path, "--circuit", circuit);
        Assert.Equal(2, rc);
        Assert.Contains(expected, err);
    }

    [Fact]
    public void KkCommand_Json_HasTheKeys()
    {
        var path = ImpedanceReferenceFiles.Path_("pyDRTtools/LIB_data.txt");
        var (rc, output, err) = Run("kk", path, "--json");
        Assert.True(rc == 0, err);
        using var doc = JsonDocument.Parse(output);
        Assert.True(doc.RootElement.GetProperty("valid").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("max_residual").GetDouble() < 0.01);
        Assert.True(doc.RootElement.GetProperty("elements").GetInt32() > 0);
    }

    [Fact]
    public void ImpedanceCli_MissingFile_ExitsTwo()
    {
        var (rc, _, err) = Run("kk", "/nonexistent/file.mpt");
        Assert.Equal(2, rc);
        Assert.Contains("not found", err);
    }
}
