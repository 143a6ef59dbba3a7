namespace ResearchKit.Materials;

/// <summary>Densities from crystal structures.</summary>
public static class Crystallography
{
    /// <summary>Avogadro constant, 1/mol (SI 2019, exact).</summary>
    public const double AvogadroPerMol = 6.02214076e23;

    /// <summary>Volume of a hexagonal cell, V = (sqrt(3)/2) a^2 c, in cubic angstrom.</summary>
    public static double HexagonalCellVolumeA3(double aAngstrom, double cAngstrom)
    {
        InvalidInputException.Require(aAngstrom > 0 && cAngstrom > 0, "lattice", "lattice parameters must be positive");
        return Math.Sqrt(3) / 2 * aAngstrom * aAngstrom * cAngstrom;
    }

    /// <summary>
    /// Crystallographic density of an R-3m layered oxide LiMO2 (alpha-NaFeO2 type, Z = 3 formula units in the hexagonal cell):
    /// rho = Z M / (N_A V). Used for the NCWA and NCM defaults in data/materials.
    /// </summary>
    public static double LayeredOxideDensityGPerCm3(double molarMassGPerMol, double aAngstrom, double cAngstrom) =>
        CellDensityGPerCm3(molarMassGPerMol, 3, HexagonalCellVolumeA3(aAngstrom, cAngstrom));

    /// <summary>rho = Z M / (N_A V) with V in cubic angstrom (1 A^3 = 1e-24 cm^3).</summary>
    public static double CellDensityGPerCm3(double molarMassGPerMol, int formulaUnitsPerCell, double cellVolumeA3)
    {
        InvalidInputException.Require(molarMassGPerMol > 0, "molar_mass", "molar mass must be positive");
        InvalidInputException.Require(formulaUnitsPerCell > 0, "z", "formula units per cell must be positive");
        InvalidInputException.Require(cellVolumeA3 > 0, "cell_volume", "cell volume must be positive");
        return formulaUnitsPerCell * molarMassGPerMol / (AvogadroPerMol * cellVolumeA3 * 1e-24);
    }
}
