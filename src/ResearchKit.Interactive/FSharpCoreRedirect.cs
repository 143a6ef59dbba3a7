using System.Reflection;
using System.Runtime.Loader;

namespace ResearchKit.Interactive;

/// <summary>
/// Binding redirect for FSharp.Core. The .NET Interactive kernel ships FSharp.Core 10.0 in its default load context, while Deedle 8.1
/// and Plotly.NET 6 are compiled against FSharp.Core 10.1 (see environment/README.md). When a request for
/// FSharp.Core of any version fails, answer with the copy that is already loaded. Must be installed before any F# type is touched.
/// </summary>
public static class FSharpCoreRedirect
{
    static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1) return;
        AssemblyLoadContext.Default.Resolving += (context, name) => Resolve(name);
        AppDomain.CurrentDomain.AssemblyResolve += (_, args) => Resolve(new AssemblyName(args.Name));
    }

    static Assembly? Resolve(AssemblyName name)
    {
        if (!string.Equals(name.Name, "FSharp.Core", StringComparison.OrdinalIgnoreCase)) return null;
        return AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => string.Equals(a.GetName().Name, "FSharp.Core", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(a => a.GetName().Version)
            .FirstOrDefault();
    }
}
