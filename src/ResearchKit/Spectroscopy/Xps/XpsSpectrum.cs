namespace ResearchKit.Spectroscopy.Xps;

/// <summary>Which energy the abscissa of a spectrum is.</summary>
public enum EnergyAxis
{
    /// <summary>Binding energy (eV), referenced to the Fermi level.</summary>
    Binding,
    /// <summary>Kinetic energy of the photoelectron (eV).</summary>
    Kinetic,
}

/// <summary>What the ordinate holds, as recorded in the file.</summary>
public enum IntensityUnit
{
    /// <summary>Counts per channel (summed over the dwell time and scans).</summary>
    Counts,
    /// <summary>Counts per second.</summary>
    CountsPerSecond,
}

/// <summary>
/// One XPS region (a VAMAS block or a text export). Intensities are the file's values as recorded: no transmission
/// correction, no dwell-time division. Energies are in the file's order and on the file's axis; use
/// <see cref="ToBindingEnergy"/> to convert (BE = hν − KE, minus the work function only when one is given).
/// </summary>
/// <param name="Label">block identifier or file name</param>
/// <param name="Species">element, e.g. "S" (empty when unknown)</param>
/// <param name="Transition">transition, e.g. "2p" (empty when unknown)</param>
/// <param name="EnergyEv">abscissa values (eV)</param>
/// <param name="Axis">binding or kinetic</param>
/// <param name="Intensity">ordinate values as recorded</param>
/// <param name="Unit">counts or counts per second</param>
/// <param name="PhotonEnergyEv">excitation energy hν (eV); NaN when the file does not say</param>
/// <param name="DwellTimeS">signal collection time per channel (s); NaN when unknown</param>
/// <param name="Scans">number of scans summed; 1 when unknown</param>
/// <param name="Transmission">analyser transmission per channel when the file carries it (CasaXPS), else null</param>
/// <param name="SourceName">file the spectrum came from</param>
/// <param name="BlockIndex">0-based block number in the file</param>
public sealed record XpsSpectrum(
    string Label, string Species, string Transition,
    double[] EnergyEv, EnergyAxis Axis, double[] Intensity, IntensityUnit Unit,
    double PhotonEnergyEv, double DwellTimeS, int Scans, double[]? Transmission,
    string? SourceName, int BlockIndex)
{
    /// <summary>Number of channels.</summary>
    public int Count => EnergyEv.Length;

    /// <summary>
    /// The spectrum on a binding-energy axis: BE = hν − KE − φ, with φ the spectrometer work function only when
    /// <paramref name="workFunctionEv"/> is given (many instruments already fold φ into the KE they record).
    /// A spectrum already on binding energy is returned unchanged (a given work function is then an error).
    /// </summary>
    /// <param name="workFunctionEv">spectrometer work function φ (eV), or null</param>
    /// <param name="photonEnergyEv">hν (eV) overriding the file's, or null</param>
    public XpsSpectrum ToBindingEnergy(double? workFunctionEv = null, double? photonEnergyEv = null)
    {
        if (Axis == EnergyAxis.Binding)
        {
            if (workFunctionEv is not null) throw new InvalidInputException("the spectrum is already on binding energy; a work function does not apply", SourceName, field: "work-function");
            return this;
        }
        double hv = photonEnergyEv ?? PhotonEnergyEv;
        if (!double.IsFinite(hv) || hv <= 0)
            throw new InvalidInputException($"block {BlockIndex} is on kinetic energy and the file gives no photon energy; pass one", SourceName, field: "photon-energy");
        double phi = workFunctionEv ?? 0;
        var be = new double[Count];
        for (int i = 0; i < be.Length; i++) be[i] = hv - EnergyEv[i] - phi;
        return this with { EnergyEv = be, Axis = EnergyAxis.Binding, PhotonEnergyEv = hv };
    }

    /// <summary>Kinetic energy axis: KE = hν − BE − φ (φ only when given).</summary>
    public XpsSpectrum ToKineticEnergy(double? workFunctionEv = null)
    {
        if (Axis == EnergyAxis.Kinetic) return this;
        if (!double.IsFinite(PhotonEnergyEv)) throw new InvalidInputException("no photon energy to convert to kinetic energy", SourceName, field: "photon-energy");
        double phi = workFunctionEv ?? 0;
        return this with { EnergyEv = EnergyEv.Select(b => PhotonEnergyEv - b - phi).ToArray(), Axis = EnergyAxis.Kinetic };
    }

    /// <summary>Intensities divided by the file's transmission function (CasaXPS convention); an error when there is none.</summary>
    public XpsSpectrum DivideByTransmission()
    {
        if (Transmission is null) throw new InvalidInputException($"block {BlockIndex} carries no transmission function", SourceName, field: "transmission");
        var y = new double[Count];
        for (int i = 0; i < y.Length; i++)
        {
            if (!(Transmission[i] > 0)) throw new InvalidInputException($"transmission {Transmission[i]} at channel {i} is not positive", SourceName, field: "transmission");
            y[i] = Intensity[i] / Transmission[i];
        }
        return this with { Intensity = y, Transmission = null };
    }

    /// <summary>
    /// Binding energies ascending with their intensities (the order the background and fit routines use), restricted to
    /// hi ≥ BE ≥ lo when a range is given. Requires a binding-energy axis.
    /// </summary>
    public (double[] BindingEnergyEv, double[] Intensity) AscendingWindow(double? highEv = null, double? lowEv = null)
    {
        if (Axis != EnergyAxis.Binding) throw new InvalidInputException("convert to binding energy first", SourceName, field: "axis");
        double hi = highEv ?? double.PositiveInfinity, lo = lowEv ?? double.NegativeInfinity;
        if (hi < lo) (hi, lo) = (lo, hi);
        var idx = Enumerable.Range(0, Count).Where(i => EnergyEv[i] <= hi + 1e-9 && EnergyEv[i] >= lo - 1e-9).OrderBy(i => EnergyEv[i]).ToArray();
        if (idx.Length < 5)
            throw new InvalidInputException($"the range {hi}:{lo} eV holds {idx.Length} points of block {BlockIndex} (spanning {EnergyEv.Min():0.###}-{EnergyEv.Max():0.###} eV); at least 5 are needed", SourceName, field: "range");
        return (idx.Select(i => EnergyEv[i]).ToArray(), idx.Select(i => Intensity[i]).ToArray());
    }
}

/// <summary>All blocks of one file.</summary>
public sealed record XpsFile(string SourceName, IReadOnlyList<XpsSpectrum> Blocks, IReadOnlyList<string> Comments)
{
    /// <summary>Block by 0-based index, with an error naming the file and the valid range.</summary>
    public XpsSpectrum Block(int index)
    {
        if (index < 0 || index >= Blocks.Count)
            throw new InvalidInputException($"block {index} does not exist; the file has {Blocks.Count} block(s), numbered from 0", SourceName, field: "block");
        return Blocks[index];
    }
}
