using System.Numerics;
using ResearchKit.Impedance;
using ResearchKit.Impedance.Drt;
using Xunit.Abstractions;

namespace ResearchKit.Tests.Impedance.Drt;

public class DrtSolverTests(ITestOutputHelper output)
{
    public static TheoryData<string, double> Cases => new()
    {
        { "1xZARC", 0 }, { "1xZARC", 0.005 }, { "2xZARC", 0 }, { "2xZARC", 0.005 },
        { "HN", 0 }, { "HN", 0.005 }, { "2xRC", 0 }, { "2xRC", 0.005 },
    };

    static DrtCase Get(string name) => name switch
    {
        "1xZARC" => DrtCase.OneZarc, "2xZARC" => DrtCase.TwoZarc, "HN" => DrtCase.HavriliakNegami, _ => DrtCase.TwoRc,
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void RecoversRInfPolarisationAndPeaks(string name, double noise)
    {
        var c = Get(name);
        var r = DrtSolver.Compute(c.Spectrum(noise));
        string l2 = c.ExactGamma is null ? "n/a" : c.GammaL2Error(r).ToString("F4");
        output.WriteLine($"{name} noise {noise}: lambda {r.Lambda:E2} R_inf {r.RInfOhm:F4} R_pol {r.RPolOhm:F4} L {r.InductanceH:E2} L2 {l2} rms {r.RmsRelativeResidual:E2} it {r.Iterations}");
        Assert.InRange(r.RInfOhm, c.RInfOhm * 0.98, c.RInfOhm * 1.02);
        Assert.InRange(r.RPolOhm, c.RPolOhm * 0.98, c.RPolOhm * 1.02);
    }
}
