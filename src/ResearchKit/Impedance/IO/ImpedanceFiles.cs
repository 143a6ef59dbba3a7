namespace ResearchKit.Impedance.IO;

/// <summary>Reads any supported impedance file by detecting its format (owned by the impedance-core work; see issue 6).</summary>
public static partial class ImpedanceFiles
{
    /// <summary>Reads an impedance spectrum from a file, detecting the instrument format.</summary>
    public static ImpedanceSpectrum Read(string path) => ReadCore(path);

    static partial void ReadImpl(string path, ref ImpedanceSpectrum? result);

    static ImpedanceSpectrum ReadCore(string path)
    {
        ImpedanceSpectrum? result = null;
        ReadImpl(path, ref result);
        return result ?? throw new InvalidInputException("impedance readers are not implemented yet", path);
    }
}
