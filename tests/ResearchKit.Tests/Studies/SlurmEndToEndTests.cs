using System.Diagnostics;
using ResearchKit.Studies;

namespace ResearchKit.Tests.Studies;

/// <summary>
/// The cluster path end to end on a real Slurm: a one-node cluster on localhost (environment/slurm-localhost.sh: slurmctld,
/// slurmd, munge), a 4-point study emitted as a job array, submitted with sbatch --wait, collected, and compared bit for bit
/// with a local run. Opt-in: set RESEARCHKIT_SLURM_TEST=1 (`bash .ci/run --slurm` installs slurm-wlm and does that);
/// skipped with the reason where Slurm is not installed or cannot start.
/// </summary>
[Trait("Category", "Slurm")]
public class SlurmEndToEndTests
{
    const string Study = """
        { "name": "slurm-e2e", "axes": { "ncwa_mass_fraction": [1.0, 0.7], "seed": [1, 2] },
          "fixed": { "voxel_um": 1.0, "box_um": 40, "cam_loading_mg_per_cm2": 6 }, "stages": ["twin", "morphology"] }
        """;

    [SkippableFact]
    public void WhatIf_SlurmArrayOnLocalhost_CollectsTheSameResultsAsALocalRun()
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("RESEARCHKIT_SLURM_TEST") == "1", "opt-in: set RESEARCHKIT_SLURM_TEST=1 (bash .ci/run --slurm)");
        var root = Cycling.CyclingReferenceFiles.RepoRoot();
        var work = Path.Combine(Path.GetTempPath(), "rk-slurm-" + Guid.NewGuid().ToString("N")[..8]);
        var cluster = Path.Combine(work, "cluster");
        Directory.CreateDirectory(work);
        var script = Path.Combine(root, "environment", "slurm-localhost.sh");
        var (startRc, startLog) = Run("bash", [script, "start", cluster], null, 120);
        Skip.If(startRc is 3 or 4, "Slurm could not start here: " + startLog.Trim());
        Assert.True(startRc == 0, startLog);
        try
        {
            var env = new Dictionary<string, string> { ["SLURM_CONF"] = Path.Combine(cluster, "slurm.conf") };
            var studyFile = Path.Combine(work, "study.json");
            File.WriteAllText(studyFile, Study);
            var study = StudyDefinition.Load(studyFile);
            var cli = Path.Combine(AppContext.BaseDirectory, "ResearchKit.Cli.dll");
            var arrayDir = Path.Combine(work, "array");
            StudyRunner.EmitSlurm(study, arrayDir, $"dotnet '{cli}'", maxConcurrent: 2, cpusPerTask: 1, memoryMbPerTask: 2000, timeLimit: "00:15:00");
            var (rc, log) = Run("sbatch", ["--wait", Path.Combine(arrayDir, "run-array.sbatch")], env, 900, arrayDir);
            Assert.True(rc == 0, "sbatch --wait: " + log);
            var collected = StudyRunner.Collect(study, arrayDir);
            Assert.Empty(collected.Missing);
            var localDir = Path.Combine(work, "local");
            StudyRunner.Run(study, localDir);
            Assert.Equal(File.ReadAllBytes(Path.Combine(localDir, "results.csv")), File.ReadAllBytes(Path.Combine(arrayDir, "results.csv")));
        }
        finally
        {
            Run("bash", [script, "stop", cluster], null, 30);
            try { Directory.Delete(work, true); } catch (IOException) { }
        }
    }

    static (int Rc, string Log) Run(string file, string[] args, IDictionary<string, string>? env, int timeoutS, string? cwd = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = cwd ?? Environment.CurrentDirectory };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var kv in env) psi.Environment[kv.Key] = kv.Value;
        try
        {
            using var p = Process.Start(psi)!;
            var o = p.StandardOutput.ReadToEndAsync();
            var e = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(timeoutS * 1000)) { p.Kill(true); return (124, $"{file} timed out after {timeoutS} s"); }
            return (p.ExitCode, o.Result + e.Result);
        }
        catch (System.ComponentModel.Win32Exception ex) { return (3, $"{file}: {ex.Message}"); }
    }
}
