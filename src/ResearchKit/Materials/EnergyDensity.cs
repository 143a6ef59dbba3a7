namespace ResearchKit.Materials;

/// <summary>Capacity and energy per volume of a composite cathode (Fig 2d: "volumetric energy density refers only to the composite cathode").</summary>
public static class EnergyDensity
{
    /// <summary>
    /// Volumetric capacity, mAh/cm3 = specific capacity (mAh per g CAM) x CAM mass fraction x composite bulk density (g/cm3).
    /// </summary>
    public static double VolumetricCapacityMahPerCm3(double specificCapacityMahPerGCam, double camMassFraction, double compositeDensityGPerCm3)
    {
        InvalidInputException.Require(specificCapacityMahPerGCam >= 0, "specific_capacity", $"specific capacity must be non-negative, got {specificCapacityMahPerGCam}");
        InvalidInputException.Require(camMassFraction is > 0 and <= 1, "cam_mass_fraction", $"CAM mass fraction must be within (0, 1], got {camMassFraction}");
        InvalidInputException.Require(compositeDensityGPerCm3 > 0, "composite_density", $"composite density must be positive, got {compositeDensityGPerCm3}");
        return specificCapacityMahPerGCam * camMassFraction * compositeDensityGPerCm3;
    }

    /// <summary>
    /// Volumetric energy density in Wh/L = volumetric capacity (mAh/cm3) x mean discharge voltage (V); 1 mWh/cm3 = 1 Wh/L.
    /// </summary>
    public static double VolumetricWhPerL(double specificCapacityMahPerGCam, double meanVoltageV, double camMassFraction, double compositeDensityGPerCm3)
    {
        InvalidInputException.Require(meanVoltageV > 0, "mean_voltage", $"mean voltage must be positive, got {meanVoltageV}");
        return VolumetricCapacityMahPerCm3(specificCapacityMahPerGCam, camMassFraction, compositeDensityGPerCm3) * meanVoltageV;
    }

    /// <summary>Gravimetric energy per g of composite, Wh/kg.</summary>
    public static double GravimetricWhPerKg(double specificCapacityMahPerGCam, double meanVoltageV, double camMassFraction) =>
        specificCapacityMahPerGCam * camMassFraction * meanVoltageV;
}
