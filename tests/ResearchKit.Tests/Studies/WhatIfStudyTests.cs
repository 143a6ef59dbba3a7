using ResearchKit.Studies;

namespace ResearchKit.Tests.Studies;

public class WhatIfStudyTests
{
    // Coarse enough for a unit test (about a second a point): 1 um voxels, a light 6 mg/cm2 loading.
    const string Tiny = """
        { "name": "tiny", "axes": { "ncwa_mass_fraction": [1.0, 0.7], "seed": [1, 2] },
          "fixed": { "voxel_um": 1.0, "box_um": 40, "cam_loading_mg_per_cm2": 6 }, "stages": ["twin", "morphology"] }
        """;

    static string TempDir() { var d = Path.Combine(Path.GetTempPath(), "rk-whatif-" + Guid.NewGuid().ToString("N")[..8]); Directory.CreateDirectory(d); return d; }

    [Fact]
    public void StudyDefinition_Grid_FirstAxisVariesSlowest()
    {
        var s = StudyDefinition.Parse("""{ "name": "g", "axes": { "ncwa_mass_fraction": {"from": 0, "to": 1, "step": 0.1}, "seed": [1, 2, 3] }, "stages": ["twin"] }""");
        Assert.Equal(33, s.PointCount);
        Assert.Equal(0.3, s.Point(9)["ncwa_mass_fraction"]);   // 0.3 exactly, not 0.30000000000000004
        Assert.Equal(1, s.Point(9)["seed"]);
        Assert.Equal(3, s.Point(32)["seed"]);
        Assert.Equal(1.0, s.Point(32)["ncwa_mass_fraction"]);
    }

    [Theory]
    [InlineData("""{ "name": "x", "axes": { "ncm_d5O_um": [1] } }""", "axes.ncm_d5O_um")]
    [InlineData("""{ "name": "x", "axes": { "ncwa_mass_fraction": [0.5, 1.2] } }""", "axes.ncwa_mass_fraction[1]")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1.5] } }""", "axes.seed[0]")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1] }, "stages": ["transport"] }""", "stages")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1] }, "stages": ["tortuosity"] }""", "stages[0]")]
    [InlineData("""{ "axes": { "seed": [1] } }""", "name")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1] }, "fixed": { "voxel_um": 0.3 } }""", "box_um")]
    public void StudyDefinition_BadInput_NamesTheField(string json, string field)
    {
        var e = Assert.Throws<InvalidInputException>(() => StudyDefinition.Parse(json, "study.json"));
        Assert.Equal(field, e.Field);
        Assert.Contains("study.json", e.Message);
    }

    [Theory]
    [InlineData("""{ "name": "x", "axes": { "pressing_target_porosity": [0.1, 0.2] } }""", "axes.pressing_target_porosity")]
    [InlineData("""{ "name": "x", "axes": { "seed": [1] }, "fixed": { "porosity": 0.1 } }""", "fixed.porosity")]
    public void StudyDefinition_PorosityAxis_IsRefusedAsAnOutput(string json, string field)
    {
        var e = Assert.Throws<InvalidInputException>(() => StudyDefinition.Parse(json, "study.json"));
        Assert.Equal(field, e.Field);
        Assert.Contains("porosity is an output", e.Message);
        Assert.Contains("pressing target porosity", StudyDefinition.Schema);
    }

    [Fact]
    public void Run_OneOrTwoJobs_GiveByteIdenticalResultsAndResumeSkipsAll()
    {
        var study = StudyDefinition.Parse(Tiny);
        string a = TempDir(), b = TempDir();
        try
        {
            var ra = StudyRunner.Run(study, a, jobs: 1);
            var rb = StudyRunner.Run(study, b, jobs: 2);
            Assert.Equal(4, ra.Points);
            Assert.Empty(ra.Missing);
            Assert.Equal(File.ReadAllText(Path.Combine(a, "results.csv")), File.ReadAllText(Path.Combine(b, "results.csv")));
            var again = StudyRunner.Run(study, a, jobs: 1, resume: true);
            Assert.Equal(0, again.Ran);
            Assert.Equal(4, again.Resumed);
            // Porosity is an output of the twin: the blend packs denser than NCWA alone at both seeds (Fig 1 / Table S1 trend).
            var rows = StudyResults.Load(study, a);
            Assert.All(new[] { 1.0, 2.0 }, seed =>
                Assert.True(rows.Single(r => r.Inputs["seed"] == seed && r.Inputs["ncwa_mass_fraction"] == 0.7).Outputs["porosity"]
                          < rows.Single(r => r.Inputs["seed"] == seed && r.Inputs["ncwa_mass_fraction"] == 1.0).Outputs["porosity"]));
        }
        finally { Directory.Delete(a, true); Directory.Delete(b, true); }
    }

    [Fact]
    public void Resume_ChangedInput_RerunsOnlyTheChangedPoints()
    {
        var study = StudyDefinition.Parse(Tiny);
        var dir = TempDir();
        try
        {
            StudyRunner.Run(study, dir);
            var changed = StudyDefinition.Parse(Tiny.Replace("[1.0, 0.7]", "[1.0, 0.6]"));
            var r = StudyRunner.Run(changed, dir, resume: true);
            Assert.Equal(2, r.Ran);      // the two 0.6 points
            Assert.Equal(2, r.Resumed);  // the two 1.0 points kept
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Run_FolderOfAnotherStudy_IsRefused()
    {
        var dir = TempDir();
        try
        {
            StudyRunner.PrepareFolder(StudyDefinition.Parse(Tiny), dir);
            var other = StudyDefinition.Parse(Tiny.Replace("\"tiny\"", "\"other\""));
            var e = Assert.Throws<InvalidInputException>(() => StudyRunner.Run(other, dir));
            Assert.Equal("name", e.Field);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Stages_NotYetWired_AreReportedNotFaked()
    {
        var study = StudyDefinition.Parse("""{ "name": "m", "axes": { "seed": [1] }, "fixed": { "voxel_um": 1.0, "cam_loading_mg_per_cm2": 6 }, "stages": ["twin", "mechanics"] }""");
        var dir = TempDir();
        try
        {
            var (r, _) = StudyRunner.RunPoint(study, dir, study.Point(0));
            var mech = r.Stages.Single(s => s.Stage == "mechanics");
            Assert.Equal(StageResult.NotAvailable, mech.Status);
            Assert.Empty(mech.Outputs);
            Assert.False(string.IsNullOrEmpty(mech.Reason));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void EmitSlurm_FourPoints_WritesTheArrayAndCollectListsTheMissing()
    {
        var study = StudyDefinition.Parse(Tiny);
        var dir = TempDir();
        try
        {
            var script = File.ReadAllText(StudyRunner.EmitSlurm(study, dir, "/opt/rk/researchkit", maxConcurrent: 3));
            Assert.Contains("#SBATCH --array=0-3%3", script);
            Assert.Contains("--point \"$SLURM_ARRAY_TASK_ID\"", script);
            StudyRunner.RunPoint(study, dir, study.Point(2));
            var c = StudyRunner.Collect(study, dir);
            Assert.Equal(new[] { 0, 1, 3 }, c.Missing);
            Assert.Null(c.ResultsCsv);
            Assert.Contains("#SBATCH --array=0,1,3", File.ReadAllText(Path.Combine(dir, "rerun-missing.sbatch")));
        }
        finally { Directory.Delete(dir, true); }
    }
}
