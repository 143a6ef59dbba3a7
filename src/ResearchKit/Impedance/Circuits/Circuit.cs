using System.Globalization;
using System.Numerics;
using System.Text;

namespace ResearchKit.Impedance.Circuits;

/// <summary>A node of a parsed circuit: an element, a series chain or a parallel group.</summary>
public abstract record CircuitNode;

/// <summary>An element instance, e.g. "CPE1" (type CPE, parameters CPE1_0 and CPE1_1 starting at ParameterOffset).</summary>
public sealed record ElementNode(string Name, CircuitElementType Type, int ParameterOffset, int Position) : CircuitNode;

public sealed record SeriesNode(IReadOnlyList<CircuitNode> Children) : CircuitNode;

public sealed record ParallelNode(IReadOnlyList<CircuitNode> Children) : CircuitNode;

/// <summary>
/// An equivalent circuit parsed from impedance.py's string grammar:
/// <code>
///   circuit  := chain
///   chain    := term ('-' term)*          series connection
///   term     := element | 'p(' chain (',' chain)+ ')'   parallel connection
///   element  := symbol index?             symbol ∈ {R, C, L, CPE, W, Wo, Ws, G, TLM, TLMB, TLEB, TLIB}, index = digits (R0, CPE1, Wo1)
/// </code>
/// Parameters are named as impedance.py names them: a one-parameter element by its name ("R0"), a multi-parameter element
/// with suffixes ("CPE1_0" = Q, "CPE1_1" = α). Whitespace is ignored. Errors give the 1-based position in the string.
/// </summary>
public sealed class Circuit
{
    public string Text { get; }
    public CircuitNode Root { get; }
    public IReadOnlyList<ElementNode> Elements { get; }
    public IReadOnlyList<string> ParameterNames { get; }
    public IReadOnlyList<string> ParameterUnits { get; }
    public double[] LowerBounds { get; }
    public double[] UpperBounds { get; }
    public int ParameterCount => ParameterNames.Count;

    Circuit(string text, CircuitNode root, List<ElementNode> elements)
    {
        Text = text; Root = root; Elements = elements;
        var names = new List<string>(); var units = new List<string>(); var lo = new List<double>(); var hi = new List<double>();
        foreach (var e in elements)
        {
            for (int k = 0; k < e.Type.ParameterCount; k++)
            {
                names.Add(e.Type.ParameterCount == 1 ? e.Name : $"{e.Name}_{k}");
                units.Add(e.Type.ParameterUnits[k]);
                lo.Add(e.Type.LowerBounds[k]); hi.Add(e.Type.UpperBounds[k]);
            }
        }
        ParameterNames = names; ParameterUnits = units; LowerBounds = lo.ToArray(); UpperBounds = hi.ToArray();
    }

    /// <summary>Parses a circuit string; throws <see cref="InvalidInputException"/> (field "circuit", position) when it does not parse.</summary>
    public static Circuit Parse(string text)
    {
        var p = new Parser(text);
        var root = p.ParseChain();
        p.SkipBlanks();
        if (!p.AtEnd) p.Fail($"unexpected '{p.Current}' (expected '-', ',' or the end)");
        return new Circuit(text, root, p.Elements);
    }

    /// <summary>Index of a parameter by name (as in <see cref="ParameterNames"/>), or −1.</summary>
    public int IndexOf(string name) => ParameterNames.ToList().IndexOf(name);

    /// <summary>Z at one frequency for the parameter vector p (ordered as <see cref="ParameterNames"/>).</summary>
    public Complex Impedance(ReadOnlySpan<double> p, double frequencyHz) => Evaluate(Root, p.ToArray(), 2 * Math.PI * frequencyHz);

    /// <summary>Z at each frequency.</summary>
    public Complex[] Impedance(double[] p, double[] frequencyHz)
    {
        CheckLength(p);
        var z = new Complex[frequencyHz.Length];
        for (int i = 0; i < z.Length; i++) z[i] = Evaluate(Root, p, 2 * Math.PI * frequencyHz[i]);
        return z;
    }

    /// <summary>Z at each frequency into a caller buffer (no allocation; used by the fitter's inner loop).</summary>
    public void Impedance(double[] p, double[] omegaRadPerS, Complex[] result)
    {
        for (int i = 0; i < result.Length; i++) result[i] = Evaluate(Root, p, omegaRadPerS[i]);
    }

    /// <summary>Parameters from a name→value map (all names required).</summary>
    public double[] ParametersFrom(IReadOnlyDictionary<string, double> values, string? sourceName = null)
    {
        var p = new double[ParameterCount];
        for (int i = 0; i < p.Length; i++)
        {
            if (!values.TryGetValue(ParameterNames[i], out p[i]))
                throw new InvalidInputException($"missing value for parameter '{ParameterNames[i]}'; the circuit has [{string.Join(", ", ParameterNames)}]", sourceName, field: ParameterNames[i]);
        }
        foreach (var k in values.Keys)
            if (IndexOf(k) < 0) throw new InvalidInputException($"unknown parameter '{k}'; the circuit has [{string.Join(", ", ParameterNames)}]", sourceName, field: k);
        return p;
    }

    void CheckLength(double[] p)
    {
        if (p.Length != ParameterCount)
            throw new ArgumentException($"circuit {Text} has {ParameterCount} parameters, got {p.Length}");
    }

    static Complex Evaluate(CircuitNode node, double[] p, double w)
    {
        switch (node)
        {
            case ElementNode e: return e.Type.Impedance(p, e.ParameterOffset, w);
            case SeriesNode s:
            {
                Complex z = 0;
                foreach (var c in s.Children) z += Evaluate(c, p, w);
                return z;
            }
            case ParallelNode q:
            {
                Complex y = 0;
                foreach (var c in q.Children) y += 1 / Evaluate(c, p, w);
                return 1 / y;
            }
            default: throw new InvalidOperationException("unknown node");
        }
    }

    public override string ToString() => Text;

    sealed class Parser(string text)
    {
        int _pos;
        int _offset;
        public readonly List<ElementNode> Elements = new();
        readonly HashSet<string> _names = new(StringComparer.Ordinal);

        public bool AtEnd => _pos >= text.Length;
        public char Current => text[_pos];

        public void Fail(string message) =>
            throw new InvalidInputException($"circuit \"{text}\" does not parse at position {_pos + 1}: {message}", field: "circuit");

        public void SkipBlanks() { while (!AtEnd && char.IsWhiteSpace(Current)) _pos++; }

        public CircuitNode ParseChain()
        {
            var terms = new List<CircuitNode> { ParseTerm() };
            SkipBlanks();
            while (!AtEnd && Current == '-')
            {
                _pos++;
                terms.Add(ParseTerm());
                SkipBlanks();
            }
            return terms.Count == 1 ? terms[0] : new SeriesNode(terms);
        }

        CircuitNode ParseTerm()
        {
            SkipBlanks();
            if (AtEnd) Fail("unexpected end (expected an element such as R0 or a parallel group p(...))");
            int start = _pos;
            if (Current == 'p' && _pos + 1 < text.Length && text[_pos + 1] == '(')
            {
                _pos += 2;
                var children = new List<CircuitNode> { ParseChain() };
                SkipBlanks();
                while (!AtEnd && Current == ',')
                {
                    _pos++;
                    children.Add(ParseChain());
                    SkipBlanks();
                }
                if (AtEnd || Current != ')') Fail("expected ',' or ')' to close the parallel group opened at position " + (start + 1));
                _pos++;
                if (children.Count < 2) { _pos = start; Fail("a parallel group p(...) needs at least two branches separated by ','"); }
                return new ParallelNode(children);
            }
            var sb = new StringBuilder();
            while (!AtEnd && char.IsAsciiLetter(Current)) sb.Append(text[_pos++]);
            string symbol = sb.ToString();
            if (symbol.Length == 0) Fail($"unexpected '{Current}' (expected an element such as R0 or p(...))");
            if (!CircuitElements.Types.TryGetValue(symbol, out var type))
            {
                _pos = start;
                Fail($"unknown element '{symbol}' (known: {string.Join(", ", CircuitElements.Types.Keys)})");
            }
            while (!AtEnd && (char.IsAsciiDigit(Current) || Current == '_')) sb.Append(text[_pos++]);
            string name = sb.ToString();
            if (!_names.Add(name)) { _pos = start; Fail($"element name '{name}' is used twice"); }
            var node = new ElementNode(name, type!, _offset, start + 1);
            _offset += type!.ParameterCount;
            Elements.Add(node);
            return node;
        }
    }
}

/// <summary>Parsing of "R0=10,R1=30" parameter lists (the CLI's --initial).</summary>
public static class CircuitParameterText
{
    public static Dictionary<string, double> Parse(string text, string field = "initial")
    {
        var d = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new InvalidInputException($"expected NAME=VALUE, found '{part}'", field: field);
            var name = part[..eq].Trim();
            if (!double.TryParse(part[(eq + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new InvalidInputException($"expected a number after '{name}=', found '{part[(eq + 1)..]}'", field: field);
            if (!d.TryAdd(name, v)) throw new InvalidInputException($"parameter '{name}' given twice", field: field);
        }
        return d;
    }
}
