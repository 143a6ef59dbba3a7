using ResearchKit.Microstructure;
using ResearchKit.Microstructure.Metrics;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Transport;

/// <summary>The solver says when it did not converge (ConductionResult.ExitReason, Converged, TrySolve).</summary>
public class ConductionConvergenceTests
{
    // A random two-phase medium needs tens of iterations to reach 1e-10: a cap of 2 cannot reach it.
    static LabelVolume Medium() => TransportGeometries.OverlappingSpheres(24, 24, 24, 3.0, 0.5, 7);
    static readonly Dictionary<byte, double> Pore = new() { [0] = 1.0 };

    [Fact]
    public void Solve_IterationCapBelowNeed_ReportsMaxIterationsNotConverged()
    {
        var r = ConductionSolver.Solve(Medium(), Pore, new ConductionOptions { Axis = VolumeAxis.Z, RelativeTolerance = 1e-10, MaxIterations = 2 });
        Assert.True(r.Percolating);
        Assert.Equal(2, r.Iterations);
        Assert.True(r.Residual > 1e-10);
        Assert.Equal(ConductionExitReason.MaxIterations, r.ExitReason);
        Assert.False(r.Converged);
    }

    [Fact]
    public void TrySolve_EnoughIterations_ReturnsTrueWithResidualBelowTolerance()
    {
        bool ok = ConductionSolver.TrySolve(Medium(), Pore, new ConductionOptions { RelativeTolerance = 1e-8 }, out var r);
        Assert.True(ok);
        Assert.Equal(ConductionExitReason.ToleranceReached, r.ExitReason);
        Assert.True(r.Residual <= 1e-8);
        Assert.False(ConductionSolver.TrySolve(Medium(), Pore, new ConductionOptions { RelativeTolerance = 1e-10, MaxIterations = 2 }, out var capped));
        Assert.False(capped.Converged);
        // The capped iterate is a worse estimate of the same tau: the flag is what tells them apart.
        Assert.True(Math.Abs(capped.Tau - r.Tau) > Math.Abs(r.Tau) * 1e-8);
    }

    [Fact]
    public void Solve_NonPercolatingPhase_IsConvergedExactly()
    {
        var v = TransportGeometries.Laminate(8, 8, 8, VolumeAxis.Z, 2, 0, 1);
        var r = ConductionSolver.Solve(v, new Dictionary<byte, double> { [0] = 1.0 }, new ConductionOptions { Axis = VolumeAxis.Z });
        Assert.False(r.Percolating);
        Assert.Equal(ConductionExitReason.NotPercolating, r.ExitReason);
        Assert.True(r.Converged);
        Assert.True(double.IsPositiveInfinity(r.Tau));
    }
}
