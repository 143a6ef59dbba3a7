namespace ResearchKit.Diffraction;

/// <summary>Cromer-Mann coefficients of one neutral atom: f0(s) = Σ a_i exp(−b_i s²) + c, s = sinθ/λ (1/Å).</summary>
public sealed record FormFactorCoefficients(string Element, int Z, double[] A, double[] B, double C)
{
    /// <summary>f0 in electrons at s = sinθ/λ (1/Å). Anomalous terms f', f'' are not included (off by design).</summary>
    public double F0(double sinThetaOverLambda)
    {
        double s2 = sinThetaOverLambda * sinThetaOverLambda, f = C;
        for (int i = 0; i < A.Length; i++) f += A[i] * Math.Exp(-B[i] * s2);
        return f;
    }
}

/// <summary>
/// X-ray atomic scattering factors from the embedded table data/materials/xray-form-factors.csv
/// (International Tables Vol. C, Table 6.1.1.4, Cromer-Mann form; see the file header for provenance).
/// </summary>
public static class FormFactors
{
    static readonly Lazy<IReadOnlyDictionary<string, FormFactorCoefficients>> Table = new(Load);

    /// <summary>All tabulated elements.</summary>
    public static IReadOnlyDictionary<string, FormFactorCoefficients> All => Table.Value;

    /// <summary>Coefficients of one element (symbol as in the table, e.g. "Ni").</summary>
    public static FormFactorCoefficients Of(string element) =>
        Table.Value.TryGetValue(element, out var c) ? c
        : throw new InvalidInputException($"no X-ray form factor for '{element}'; tabulated: {string.Join(", ", Table.Value.Keys)}", field: "element");

    /// <summary>f0 (electrons) of an element at s = sinθ/λ (1/Å).</summary>
    public static double F0(string element, double sinThetaOverLambda) => Of(element).F0(sinThetaOverLambda);

    static IReadOnlyDictionary<string, FormFactorCoefficients> Load()
    {
        var t = CsvTable.Parse(EmbeddedData.Read("materials", "xray-form-factors.csv"), "data/materials/xray-form-factors.csv",
            ["element", "z", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4", "c"]);
        var d = new Dictionary<string, FormFactorCoefficients>(StringComparer.Ordinal);
        foreach (var r in t.Rows)
        {
            var a = new double[4]; var b = new double[4];
            for (int i = 0; i < 4; i++) { a[i] = r.Number($"a{i + 1}"); b[i] = r.Number($"b{i + 1}"); }
            d[r.RequiredText("element")] = new FormFactorCoefficients(r.RequiredText("element"), (int)r.Number("z"), a, b, r.Number("c"));
        }
        return d;
    }
}
