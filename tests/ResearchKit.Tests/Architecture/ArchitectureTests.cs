using System.Reflection;
using NetArchTest.Rules;
using ResearchKit.Charts;
using ResearchKit.Transport;

namespace ResearchKit.Tests.Architecture;

/// <summary>
/// The layering rules of the house (README, "Layout"), checked on the compiled assemblies with NetArchTest.Rules:
/// Paper is the top layer; Metrics does not solve transport; Charts only draws. Each rule is also shown to detect a
/// dependency that does exist, so a rule that matched nothing (a renamed namespace) would fail instead of passing silently.
/// </summary>
public class ArchitectureTests
{
    static readonly Assembly Kit = typeof(ConductionSolver).Assembly;
    static readonly Assembly ChartsAssembly = typeof(ChartHtml).Assembly;
    static readonly string[] FileIo = ["System.IO.File", "System.IO.Directory", "System.IO.FileStream", "System.IO.FileInfo", "System.IO.DirectoryInfo"];

    static string Failing(TestResult r) => string.Join(", ", r.FailingTypeNames ?? []);

    [Fact]
    public void Domains_AnyType_DoNotReferencePaper()
    {
        var r = Types.InAssembly(Kit).That().DoNotResideInNamespace("ResearchKit.Paper").ShouldNot().HaveDependencyOn("ResearchKit.Paper").GetResult();
        Assert.True(r.IsSuccessful, "domain types that reference ResearchKit.Paper: " + Failing(r));
        // The rule sees real references: Paper itself does use the domains.
        Assert.False(Types.InAssembly(Kit).That().ResideInNamespace("ResearchKit.Paper").ShouldNot().HaveDependencyOn("ResearchKit.Transport").GetResult().IsSuccessful);
    }

    [Fact]
    public void Metrics_AnyType_DoesNotReferenceTransport()
    {
        var r = Types.InAssembly(Kit).That().ResideInNamespace("ResearchKit.Microstructure.Metrics").ShouldNot().HaveDependencyOn("ResearchKit.Transport").GetResult();
        Assert.True(r.IsSuccessful, "Metrics types that reference ResearchKit.Transport: " + Failing(r));
        Assert.NotEmpty(Types.InAssembly(Kit).That().ResideInNamespace("ResearchKit.Microstructure.Metrics").GetTypes());
        Assert.False(Types.InAssembly(Kit).That().ResideInNamespace("ResearchKit.Transport").ShouldNot().HaveDependencyOn("ResearchKit.Microstructure.Metrics").GetResult().IsSuccessful);
    }

    [Fact]
    public void Charts_AnyType_DoesNoFileIo()
    {
        var r = Types.InAssembly(ChartsAssembly).ShouldNot().HaveDependencyOnAny(FileIo).GetResult();
        Assert.True(r.IsSuccessful, "Charts types that use System.IO files or directories: " + Failing(r));
        // The same rule flags the reproduce layer, which writes the figure pages (FigureCatalog.SaveStandalone).
        Assert.False(Types.InAssembly(typeof(ResearchKit.Cli.FigureCatalog).Assembly).ShouldNot().HaveDependencyOnAny(FileIo).GetResult().IsSuccessful);
    }
}

/// <summary>One test-name pattern for the whole suite: Subject_Scenario_Expectation.</summary>
public class TestNamingTests
{
    [Fact]
    public void TestMethods_EveryName_HasSubjectScenarioExpectation()
    {
        var tests = typeof(TestNamingTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttributes<FactAttribute>(inherit: true).Any())
            .ToList();
        Assert.True(tests.Count > 100, $"found only {tests.Count} test methods");
        var bad = tests.Where(m => m.Name.Split('_') is not { Length: 3 } parts || parts.Any(p => p.Length == 0))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.True(bad.Count == 0, "test names not of the form Subject_Scenario_Expectation: " + string.Join(", ", bad));
    }
}
