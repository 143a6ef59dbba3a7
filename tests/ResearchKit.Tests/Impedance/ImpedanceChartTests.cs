using ResearchKit.Charts.Impedance;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Circuits;
using ResearchKit.Impedance.IO;
using ResearchKit.Impedance.Synthesis;

namespace ResearchKit.Tests.Impedance;

public class ImpedanceChartTests
{
    [Fact]
    public void ImpedanceChart_Charts_BuildAndSerialize()
    {
        var s = ImpedanceFiles.Read(ImpedanceReferenceFiles.Path_("impedance.py/Circuit1_EIS_1.z"));
        var fit = CircuitFitter.Fit(s, "R0-p(R1,C1)");
        var kk = LinKK.Test(s);
        var iv = DcPolarization.Analyse(ChronoamperometrySynthesis.Generate(2000, 200, 0.05));
        foreach (var c in new[] { ImpedanceCharts.Nyquist(s, fit), ImpedanceCharts.Bode(s, fit), ImpedanceCharts.KkResiduals(kk), ImpedanceCharts.IvLine(iv),
                     ImpedanceCharts.Chronoamperometry(ChronoamperometrySynthesis.Generate(2000, 200, 0.05, sampleIntervalS: 10)) })
        {
            var json = Plotly.NET.GenericChart.toFigureJson(c);
            Assert.Contains("\"data\"", json);
        }
    }
}
