using System.Diagnostics;
using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace ResearchKit.Notebooks;

/// <summary>Outcome of one code cell.</summary>
public sealed record CellResult(int Index, string KernelName, string Code, IReadOnlyList<string> Errors, IReadOnlyList<IReadOnlyDictionary<string, string>> Outputs, TimeSpan Elapsed)
{
    public bool Succeeded => Errors.Count == 0;
    /// <summary>First line of the cell, to name it in messages.</summary>
    public string Title => Code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}

/// <summary>Outcome of one notebook.</summary>
public sealed record NotebookResult(string Path, IReadOnlyList<CellResult> Cells, TimeSpan Elapsed)
{
    public bool Succeeded => Cells.All(c => c.Succeeded);
    public CellResult? FirstFailure => Cells.FirstOrDefault(c => !c.Succeeded);

    /// <summary>"notebook.ipynb, cell 4 (`var x = ...`): error" or "ok".</summary>
    public string Describe() => FirstFailure is { } f
        ? $"{System.IO.Path.GetFileName(Path)}, cell {f.Index + 1} (`{Truncate(f.Title, 60)}`): {string.Join(" | ", f.Errors.Select(e => Truncate(e, 600)))}"
        : $"{System.IO.Path.GetFileName(Path)}: ok ({Cells.Count} cells, {Elapsed.TotalSeconds:F1} s)";

    static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "...";
}

/// <summary>
/// Runs .ipynb and .dib notebooks in process with a C# kernel that supports #r "nuget:", #!import and the kit's kernel extension.
/// Later cells still run after a failing one (like dotnet-repl), so the executed notebook shows every error.
/// The working directory is set to the notebook's folder while it runs (notebooks/nuget.config points at the local package folder),
/// so notebooks must run one at a time per process.
/// </summary>
public static class NotebookRunner
{
    static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static KernelInfoCollection KernelInfos()
    {
        var k = new KernelInfoCollection
        {
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("csharp", "C#", ["c#", "C#", "cs"]),
            new Microsoft.DotNet.Interactive.Documents.KernelInfo("markdown", "Markdown", ["md"]),
        };
        k.DefaultKernelName = "csharp";
        return k;
    }

    public static InteractiveDocument Parse(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            return System.IO.Path.GetExtension(path).Equals(".dib", StringComparison.OrdinalIgnoreCase)
                ? CodeSubmission.Parse(text, KernelInfos())
                : Notebook.Parse(text, KernelInfos());
        }
        catch (Exception e) when (e is not IOException)
        {
            throw new InvalidDataException($"{path}: not a readable notebook: {e.Message}", e);
        }
    }

    /// <summary>Runs a notebook; if <paramref name="executedPath"/> is given, writes the notebook with its outputs there (.ipynb).</summary>
    public static async Task<NotebookResult> RunAsync(string path, string? executedPath = null, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        path = System.IO.Path.GetFullPath(path);
        var document = Parse(path);
        await OneAtATime.WaitAsync(cancellationToken);
        var previousDirectory = Environment.CurrentDirectory;
        var total = Stopwatch.StartNew();
        var cells = new List<CellResult>();
        try
        {
            Environment.CurrentDirectory = System.IO.Path.GetDirectoryName(path)!;
            UseCheckoutPackageCache(Environment.CurrentDirectory);
            using var kernel = CreateKernel();
            int index = -1;
            foreach (var element in document.Elements)
            {
                index++;
                if (element.KernelName is "markdown" or "md") continue;
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Invoke($"  cell {index + 1}: {FirstLine(element.Contents)}");
                var sw = Stopwatch.StartNew();
                var code = PinKitVersion(element.Contents, Environment.CurrentDirectory);
                var result = await kernel.SendAsync(new SubmitCode(code, element.KernelName ?? "csharp"), cancellationToken);
                var (outputs, errors, elements) = Collect(result.Events);
                element.Outputs.Clear();
                element.Outputs.AddRange(elements);
                element.ExecutionOrder = cells.Count + 1;
                cells.Add(new CellResult(index, element.KernelName ?? "csharp", element.Contents, errors, outputs, sw.Elapsed));
            }
        }
        finally
        {
            Environment.CurrentDirectory = previousDirectory;
            OneAtATime.Release();
        }
        if (executedPath is not null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(executedPath))!);
            var tmp = executedPath + ".tmp";
            using (var s = File.Create(tmp)) Notebook.Write(document, s, KernelInfos());
            File.Move(tmp, executedPath, overwrite: true);
        }
        return new NotebookResult(path, cells, total.Elapsed);
    }

    static string FirstLine(string code)
    {
        var line = code.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        return line.Length > 70 ? line[..70] + "..." : line;
    }

    static (List<IReadOnlyDictionary<string, string>> Outputs, List<string> Errors, List<InteractiveDocumentOutputElement> Elements) Collect(IReadOnlyList<KernelEvent> events)
    {
        var outputs = new List<IReadOnlyDictionary<string, string>>();
        var errors = new List<string>();
        var elements = new List<InteractiveDocumentOutputElement>();
        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced so:
                    elements.Add(new TextElement(string.Concat(so.FormattedValues.Select(v => v.Value)), "stdout"));
                    break;
                case StandardErrorValueProduced se:
                    elements.Add(new TextElement(string.Concat(se.FormattedValues.Select(v => v.Value)), "stderr"));
                    break;
                case ErrorProduced ep:
                    errors.Add(ep.Message);
                    elements.Add(new ErrorElement("Error", ep.Message, []));
                    break;
                case DisplayEvent d:
                    var data = d.FormattedValues.ToDictionary(v => v.MimeType, v => v.Value);
                    outputs.Add(data);
                    elements.Add(new DisplayElement(data.ToDictionary(kv => kv.Key, kv => (object)kv.Value)));
                    break;
                case CommandFailed cf:
                    errors.Add(cf.Message);
                    elements.Add(new ErrorElement(cf.Exception?.GetType().Name ?? "Error", cf.Message, cf.Exception?.StackTrace?.Split('\n') ?? []));
                    break;
            }
        }
        return (outputs, errors, elements);
    }

    /// <summary>
    /// Notebooks import _setup.dib, which asks for the floating kit version (an editor then takes the one build in
    /// artifacts/packages). The runner knows the exact version it packed, so it submits _setup.dib's code with that version
    /// instead: a floating version costs 3-5 s of restore per notebook. The notebook itself is left as it is.
    /// </summary>
    static string PinKitVersion(string code, string notebookDirectory)
    {
        var lines = code.Split('\n');
        int i = Array.FindIndex(lines, l => l.Trim() == "#!import _setup.dib");
        if (i < 0) return code;
        var setup = System.IO.Path.Combine(notebookDirectory, "_setup.dib");
        string? version;
        try { version = File.Exists(setup) ? KitPackager.PackedVersion(KitPackager.FindRepositoryRoot(notebookDirectory)) : null; }
        catch (DirectoryNotFoundException) { version = null; }
        if (version is null) return code;
        var body = string.Join('\n', File.ReadAllLines(setup).Where(l => l.Trim() != "#!csharp"))
            .Replace(KitPackager.FloatingVersion, version, StringComparison.Ordinal);
        lines[i] = body;
        return string.Join('\n', lines);
    }

    /// <summary>
    /// Inside a ResearchKit checkout, point NuGet (the kernel's restore runs as a child process and inherits this) at the
    /// checkout's own cache, artifacts/nuget-cache, so that notebook runs of one checkout never fill or read another's cache.
    /// See <see cref="KitPackager"/>.
    /// </summary>
    static void UseCheckoutPackageCache(string notebookDirectory)
    {
        string root;
        try { root = KitPackager.FindRepositoryRoot(notebookDirectory); }
        catch (DirectoryNotFoundException) { return; }
        if (!notebookDirectory.StartsWith(root, StringComparison.Ordinal)) return;
        Environment.SetEnvironmentVariable("NUGET_PACKAGES", KitPackager.PackageCache(root));
    }

    /// <summary>A composite kernel with one C# subkernel: #r "nuget:", #!import, value sharing, and loading of interactive extensions from packages.</summary>
    public static CompositeKernel CreateKernel()
    {
        CompositeKernel? composite = null;
        var csharp = new CSharpKernel()
            .UseNugetDirective(async (k, references) =>
            {
                k.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                foreach (var r in references) await LoadExtensionsAsync(r.PackageRoot, composite!);
            }, false)
            .UseKernelHelpers()
            .UseValueSharing();
        composite = new CompositeKernel { csharp };
        composite.DefaultKernelName = "csharp";
        composite.UseImportMagicCommand();
        return composite;
    }

    /// <summary>
    /// What dotnet-interactive does when a package is added: load every dll in the package's interactive-extensions/dotnet folder
    /// and run its IKernelExtension types (the host app owns this loader, so an in-process runner needs its own).
    /// </summary>
    static async Task LoadExtensionsAsync(string packageRoot, Kernel kernel)
    {
        var dir = System.IO.Path.Combine(packageRoot, "interactive-extensions", "dotnet");
        if (!Directory.Exists(dir)) return;
        foreach (var dll in Directory.GetFiles(dir, "*.dll"))
        {
            var name = AssemblyName.GetAssemblyName(dll);
            var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => AssemblyName.ReferenceMatchesDefinition(a.GetName(), name))
                           ?? Assembly.LoadFrom(dll);
            foreach (var type in assembly.GetExportedTypes().Where(t => typeof(IKernelExtension).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
            {
                var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                await extension.OnLoadAsync(kernel);
            }
        }
    }
}
