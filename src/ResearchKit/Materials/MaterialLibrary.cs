namespace ResearchKit.Materials;

/// <summary>One material parameter with its provenance (a row of data/materials/materials.csv).</summary>
public sealed record MaterialParameter(string Material, string Quantity, double Value, string Unit, string Source, string Status, string Note)
{
    public bool IsDefault => !Note.StartsWith("ALTERNATIVE", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// Material parameters as data: densities, lattice parameters, conductivities, moduli, each with unit, source and status
/// (paper / literature / derived). Loaded from the embedded data/materials/materials.csv, or from a user file of the same shape.
/// </summary>
public sealed class MaterialLibrary
{
    static readonly string[] Required = ["material", "quantity", "value", "unit", "source", "status", "note"];
    static readonly HashSet<string> Statuses = ["paper", "literature", "derived", "assumed"];

    public IReadOnlyList<MaterialParameter> Parameters { get; }

    MaterialLibrary(IReadOnlyList<MaterialParameter> parameters) => Parameters = parameters;

    /// <summary>The kit's default library (embedded data/materials/materials.csv).</summary>
    public static MaterialLibrary Default { get; } = Parse(EmbeddedData.Read("materials", "materials.csv"), "data/materials/materials.csv");

    public static MaterialLibrary Load(string path) => Parse(File.Exists(path) ? File.ReadAllText(path) : throw new InvalidInputException("file not found", path), path);

    public static MaterialLibrary Parse(string csv, string sourceName)
    {
        var table = CsvTable.Parse(csv, sourceName, Required);
        var list = new List<MaterialParameter>();
        foreach (var r in table.Rows)
        {
            var unit = r.RequiredText("unit");
            var status = r.RequiredText("status");
            if (!Statuses.Contains(status))
                throw new InvalidInputException($"status must be one of paper, literature, derived, assumed; found '{status}'", sourceName, r.Line, "status");
            var p = new MaterialParameter(r.RequiredText("material"), r.RequiredText("quantity"), r.Number("value"), unit, r.RequiredText("source"), status, r.Text("note"));
            bool mustBePositive = p.Quantity.StartsWith("density", StringComparison.Ordinal) || p.Quantity.Contains("modulus") || p.Quantity.Contains("conductivity")
                                  || p.Quantity.StartsWith("lattice", StringComparison.Ordinal) || p.Quantity == "molar_mass" || p.Quantity == "d50";
            if (mustBePositive && p.Value <= 0)
                throw new InvalidInputException($"{p.Quantity} must be positive, found {p.Value}", sourceName, r.Line, "value");
            list.Add(p);
        }
        return new MaterialLibrary(list);
    }

    /// <summary>The default row for a material and quantity (the non-ALTERNATIVE one).</summary>
    public MaterialParameter Get(string material, string quantity) =>
        Parameters.FirstOrDefault(p => p.IsDefault && p.Material.Equals(material, StringComparison.OrdinalIgnoreCase) && p.Quantity == quantity)
        ?? throw new InvalidInputException($"no default value for {material} {quantity} in the material library", field: $"{material}.{quantity}");

    public double Value(string material, string quantity) => Get(material, quantity).Value;

    /// <summary>Default densities of the four phases of the paper's composite cathodes.</summary>
    public PhaseDensities Densities() => new(
        NcwaGPerCm3: Value("NCWA", "density"),
        NcmGPerCm3: Value("NCM", "density"),
        SseGPerCm3: Value("SSE", "density"),
        CarbonGPerCm3: Value("Carbon", "density"));
}
