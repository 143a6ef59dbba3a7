using System.Reflection;
using System.Runtime.CompilerServices;
using Deedle;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;
using ResearchKit.Charts;

namespace ResearchKit.Interactive;

/// <summary>Notebook formatters: Deedle frames as compact tables, Plotly charts with plotly.js inlined once per kernel (offline).</summary>
public static class Formatters
{
    static readonly MethodInfo FrameHtml = typeof(FrameFormatting).GetMethod(nameof(FrameFormatting.ToHtml))!;
    static readonly MethodInfo FrameText = typeof(FrameFormatting).GetMethod(nameof(FrameFormatting.ToText))!;

    // Kernels that already received plotly.js in an output; keyed weakly so that finished kernels are collected.
    static readonly ConditionalWeakTable<object, object> KernelsWithPlotly = new();
    static readonly object NoKernel = new();

    static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        Formatter.Register(typeof(Frame<,>), (object frame, FormatContext context) =>
        {
            context.Writer.Write(Invoke(FrameHtml, frame));
            return true;
        }, HtmlFormatter.MimeType);
        Formatter.Register(typeof(Frame<,>), (object frame, FormatContext context) =>
        {
            context.Writer.Write(Invoke(FrameText, frame));
            return true;
        }, PlainTextFormatter.MimeType);
        Formatter.Register(typeof(GenericChart), (object chart, FormatContext context) =>
        {
            context.Writer.Write(ChartOutput((GenericChart)chart));
            return true;
        }, HtmlFormatter.MimeType);
    }

    static string Invoke(MethodInfo generic, object frame)
    {
        var args = frame.GetType().GetGenericArguments();
        return (string)generic.MakeGenericMethod(args).Invoke(null, [frame, FrameFormatting.DefaultMaxRows])!;
    }

    /// <summary>The first chart of a kernel carries plotly.js; later charts only their div and script.</summary>
    static string ChartOutput(GenericChart chart)
    {
        object key = KernelInvocationContext.Current?.HandlingKernel?.RootKernel ?? NoKernel;
        bool first;
        lock (KernelsWithPlotly)
        {
            first = !KernelsWithPlotly.TryGetValue(key, out _);
            if (first && key != NoKernel) KernelsWithPlotly.Add(key, key);
        }
        return (first ? ChartHtml.PlotlyScriptTag() + "\n" : "") + ChartHtml.Fragment(chart);
    }
}
