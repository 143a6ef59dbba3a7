namespace ResearchKit.Materials;

/// <summary>Conductivities of the phases of a composite cathode, S/cm (defaults from data/materials/materials.csv).</summary>
/// <param name="SseIonicSPerCm">Bulk Li+ conductivity of the SSE (S/cm); the sigma_0 of Fig 2f.</param>
/// <param name="CamElectronicSPerCm">Electronic conductivity of the CAM (S/cm).</param>
/// <param name="CarbonElectronicSPerCm">Electronic conductivity of the compacted carbon (S/cm).</param>
public sealed record PhaseConductivities(double SseIonicSPerCm, double CamElectronicSPerCm, double CarbonElectronicSPerCm)
{
    /// <summary>The DEFAULT rows of the material table (SSE ionic_conductivity, CAM and Carbon electronic_conductivity).</summary>
    public static PhaseConductivities Default(MaterialLibrary? materials = null)
    {
        materials ??= MaterialLibrary.Default;
        return new(materials.Value("SSE", "ionic_conductivity"), materials.Value("CAM", "electronic_conductivity"), materials.Value("Carbon", "electronic_conductivity"));
    }
}
