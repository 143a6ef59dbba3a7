using System.Runtime.CompilerServices;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace ResearchKit.Interactive;

/// <summary>
/// Loaded by the kernel when a notebook adds the ResearchKit.Interactive package (the dll sits in interactive-extensions/dotnet).
/// Installs the FSharp.Core redirect, registers the Deedle frame and offline Plotly formatters, and adds the default usings.
/// </summary>
public sealed class ResearchKitKernelExtension : IKernelExtension
{
    /// <summary>The using lines every notebook gets.</summary>
    public const string DefaultUsings =
        "using ResearchKit; using ResearchKit.Core; using ResearchKit.Frames; using ResearchKit.Paper; using ResearchKit.Materials; using ResearchKit.Charts; using ResearchKit.Charts.Paper; using Deedle;";

    public Task OnLoadAsync(Kernel kernel)
    {
        FSharpCoreRedirect.Install();   // before any F# type is touched
        RegisterFormatters();
        var csharp = kernel.FindKernelByName("csharp") ?? kernel;
        csharp.DeferCommand(new SubmitCode(DefaultUsings));
        return Task.CompletedTask;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void RegisterFormatters() => Formatters.Register();
}
