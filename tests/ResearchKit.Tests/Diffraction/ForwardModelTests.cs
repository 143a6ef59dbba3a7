using ResearchKit.Diffraction;

namespace ResearchKit.Tests.Diffraction;

public class ForwardModelTests
{
    [Fact]
    public void FormFactors_AtZeroAngle_EqualsElectronCount()
    {
        foreach (var (e, c) in FormFactors.All)
            Assert.True(Math.Abs(c.F0(0) - c.Z) < (c.Z > 50 ? 0.06 : 0.02), $"{e}: f0(0) = {c.F0(0)}, Z = {c.Z}"); // the W fit sums to 73.95
        // f0 falls with angle (more destructive interference within the atom).
        Assert.True(FormFactors.F0("Ni", 0.3) < FormFactors.F0("Ni", 0.1));
    }

    [Theory]
    [InlineData(2.870, 14.19)]
    [InlineData(2.840, 14.47)]
    [InlineData(2.815, 13.85)]
    public void DSpacings_Hexagonal_FollowMetric(double a, double c)
    {
        var cell = new HexagonalCell(a, c);
        var refl = R3m.Reflections(cell, 1.0);
        Assert.Equal(c / 3, refl.Single(r => r is { H: 0, K: 0, L: 3 }).DAngstrom, 12);
        Assert.Equal(c / 6, refl.Single(r => r is { H: 0, K: 0, L: 6 }).DAngstrom, 12);
        Assert.Equal(a / 2, refl.Single(r => r is { H: 1, K: 1, L: 0 }).DAngstrom, 12);
        // (1 0 4): 1/d² = 4/(3a²) + 16/c²
        Assert.Equal(1 / Math.Sqrt(4 / (3 * a * a) + 16 / (c * c)), refl.Single(r => r is { H: 1, K: 0, L: 4 }).DAngstrom, 12);
        // (1 0 1) and (0 1 2) are present; (1 0 0), (0 0 1), (1 0 2) are absent by the obverse condition.
        Assert.Contains(refl, r => r is { H: 1, K: 0, L: 1 });
        Assert.Contains(refl, r => r is { H: 0, K: 1, L: 2 });
        Assert.False(R3m.IsAllowed(1, 0, 0)); Assert.False(R3m.IsAllowed(0, 0, 1)); Assert.False(R3m.IsAllowed(1, 0, 2));
        Assert.Equal(cell.VolumeA3, Math.Sqrt(3) / 2 * a * a * c, 12);
    }

    [Fact]
    public void Multiplicities_FollowLaueClassConvention_AndCountEveryLatticePoint()
    {
        var cell = new HexagonalCell(2.87, 14.19);
        var refl = R3m.Reflections(cell, 1.1);
        int M(int h, int k, int l) => refl.Single(r => r.H == h && r.K == k && r.L == l).Multiplicity;
        Assert.Equal(2, M(0, 0, 3));
        Assert.Equal(6, M(1, 0, 1));
        Assert.Equal(6, M(1, 0, 4));
        Assert.Equal(6, M(1, 1, 0));
        Assert.Equal(12, M(1, 1, 3));
        // Conservation: the multiplicities add up to the number of allowed (h k l) with d ≥ d_min (brute force).
        int count = 0;
        for (int h = -10; h <= 10; h++) for (int k = -10; k <= 10; k++) for (int l = -20; l <= 20; l++)
                    if ((h, k, l) != (0, 0, 0) && R3m.IsAllowed(h, k, l) && cell.DSpacing(h, k, l) >= 1.1) count++;
        Assert.Equal(count, refl.Sum(r => r.Multiplicity));
    }

    [Fact]
    public void StructureFactor_MatchesHandCalculation_ForOxygenAtQuarter()
    {
        // Hand case: z(O) = 1/4, B = 0, 3a fully Ni, no exchange. cos(2π·3/4) = 0 and cos(2π·6/4) = −1, so
        // F(003) = 3 (f_Ni − f_Li) and F(006) = 3 (f_Ni + f_Li − 2 f_O), each f0 at s = 1/(2d).
        var s = new LayeredOxide
        {
            Cell = new HexagonalCell(2.88, 14.4), TransitionMetals = [("Ni", 1.0)], OxygenZ = 0.25,
            BTransitionMetal = 0, BLithium = 0, BOxygen = 0,
        };
        double s3 = 1 / (2 * 4.8), s6 = 1 / (2 * 2.4);
        double F(string e, double q) => FormFactors.F0(e, q);
        var r003 = new Reflection(0, 0, 3, 4.8, 2); var r006 = new Reflection(0, 0, 6, 2.4, 2);
        Assert.Equal(3 * (F("Ni", s3) - F("Li", s3)), s.StructureFactor(r003), 10);
        Assert.Equal(3 * (F("Ni", s6) + F("Li", s6) - 2 * F("O", s6)), s.StructureFactor(r006), 10);
        // At s = 0 the (0 0 3) amplitude is 3 (28 − 3) = 75 electrons up to the table's accuracy.
        Assert.Equal(75, 3 * (F("Ni", 0) - F("Li", 0)), 0);
    }

    [Fact]
    public void LorentzPolarisation_HandValues_Match()
    {
        var ins = new Instrument();
        // 2θ = 90°: (1 + 0) / (sin²45° cos45°) = 2√2.
        Assert.Equal(2 * Math.Sqrt(2), ins.LorentzPolarisation(90), 12);
        // 2θ = 60°: (1 + 1/4) / (1/4 · √3/2) = 10/√3.
        Assert.Equal(10 / Math.Sqrt(3), ins.LorentzPolarisation(60), 12);
        // A monochromator at 2θ_M = 90° (cos² = 0) leaves only the perpendicular component: 2/(sin²θ cosθ) in this normalisation.
        Assert.Equal(2 / (0.25 * Math.Sqrt(3) / 2), (ins with { MonochromatorTwoThetaDeg = 90 }).LorentzPolarisation(60), 12);
    }

    [Fact]
    public void NiOnLiExchange_Simulate_LowersI003OverI104()
    {
        var ins = new Instrument();
        double r0 = PowderSimulator.Ratio003To104(LayeredOxide.Ncwa(), ins);
        double r2 = PowderSimulator.Ratio003To104(LayeredOxide.Ncwa() with { NiOnLi = 0.02 }, ins);
        double r5 = PowderSimulator.Ratio003To104(LayeredOxide.Ncwa() with { NiOnLi = 0.05 }, ins);
        Assert.True(r0 > r2 && r2 > r5, $"{r0} {r2} {r5}");
        // A well-ordered layered oxide has I(003)/I(104) > 1.2 (the usual threshold for low cation mixing).
        Assert.True(r0 > 1.2, $"ratio {r0}");
    }

    [Fact]
    public void PseudoVoigt_Profile_HasUnitAreaAndTchLimits()
    {
        double area = 0;
        for (double x = -50; x <= 50; x += 0.001) area += ProfileMath.PseudoVoigt(x, 0.1, 0.0) * 0.001;
        Assert.Equal(1, area, 6);
        Assert.Equal(0.2, ProfileMath.Tch(0.2, 0).Fwhm, 12);
        Assert.Equal(0, ProfileMath.Tch(0.2, 0).Eta, 12);
        Assert.Equal(0.2, ProfileMath.Tch(0, 0.2).Fwhm, 12);
        Assert.Equal(1, ProfileMath.Tch(1e-12, 0.2).Eta, 4);
    }

    [Fact]
    public void SimulatedPattern_PeakArea_MatchesLineIntensity()
    {
        // Single wavelength, flat zero background: the integral of (pattern − 0) over a lone (0 0 3) equals its scaled intensity.
        var ins = Instrument.Single(1.5406);
        var sim = PowderSimulator.Simulate(LayeredOxide.Ncwa(), ins, new SimulationOptions { TwoThetaMinDeg = 10, TwoThetaMaxDeg = 30, StepDeg = 0.002, BackgroundChebyshev = [0.0] });
        double area = sim.Pattern.Counts.Sum() * 0.002;
        // Height of a unit-area pV of this width × area = StrongestCounts (0 0 3 is the strongest line).
        var tt = sim.Lines.First(l => l.Reflection is { L: 3, H: 0 }).TwoThetaDeg;
        var (g, l) = ins.Widths(tt);
        var (f, eta) = ProfileMath.Tch(g, l);
        // The profile is cut at ±30 FWHM: the Lorentzian part loses 1 − (2/π) atan(60) of its area; the Gaussian part nothing.
        double kept = 1 - eta * (1 - 2 / Math.PI * Math.Atan(2 * ProfileMath.WindowFwhm));
        double expected = 1e4 / ProfileMath.PseudoVoigt(0, f, eta) * kept;
        Assert.Equal(expected, area, expected * 1e-3);
    }
}
