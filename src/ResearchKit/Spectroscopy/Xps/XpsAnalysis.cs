using System.Globalization;

namespace ResearchKit.Spectroscopy.Xps;

/// <summary>How a region is taken from a file: 0-based block, optional transmission correction, work function and photon energy.</summary>
public sealed record XpsRegionRequest
{
    /// <summary>0-based block number (VAMAS block order; a text export has block 0 only).</summary>
    public int Block { get; init; }
    /// <summary>Divide by the file's transmission function (CasaXPS files carry one); off by default: counts as recorded.</summary>
    public bool Transmission { get; init; }
    /// <summary>Spectrometer work function φ (eV) subtracted in BE = hν − KE − φ; null: not subtracted.</summary>
    public double? WorkFunctionEv { get; init; }
    /// <summary>Photon energy overriding the file's (eV).</summary>
    public double? PhotonEnergyEv { get; init; }
}

/// <summary>The whole path from a file to backgrounds and fits, as the command line runs it (parsing of the options' grammars included).</summary>
public static class XpsAnalysis
{
    /// <summary>A region of a VAMAS file or a text export, on binding energy.</summary>
    public static XpsSpectrum LoadRegion(string path, XpsRegionRequest? request = null)
    {
        request ??= new XpsRegionRequest();
        var file = XpsFiles.Read(path, request.PhotonEnergyEv);
        var s = file.Block(request.Block);
        if (request.Transmission) s = s.DivideByTransmission();
        return s.ToBindingEnergy(request.WorkFunctionEv);
    }

    /// <summary>Parses "HI:LO" (binding energies in eV, either order accepted; returned as high, low).</summary>
    public static (double High, double Low) ParseRange(string text, string field = "range")
    {
        var p = text.Split(':');
        if (p.Length != 2
            || !double.TryParse(p[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            || !double.TryParse(p[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
            || !double.IsFinite(a) || !double.IsFinite(b) || a == b)
            throw new InvalidInputException($"expected HI:LO binding energies in eV (e.g. 170:158), got '{text}'", field: field);
        return (Math.Max(a, b), Math.Min(a, b));
    }

    /// <summary>Background of FILE's region in HI:LO.</summary>
    public static BackgroundResult Background(string path, XpsRegionRequest region, string method, string range, int endPoints = 5)
    {
        var m = XpsBackgrounds.ParseMethod(method);
        var (hi, lo) = ParseRange(range);
        if (endPoints < 1) throw new InvalidInputException($"end-points must be at least 1, got {endPoints}", field: "end-points");
        var s = LoadRegion(path, region);
        return XpsBackgrounds.Compute(s, m, hi, lo, new BackgroundOptions { EndPoints = endPoints });
    }

    /// <summary>
    /// Fit of FILE's region: either a model file (full grammar, <see cref="XpsFitModel.Parse"/>) or a doublet list
    /// "S2p:161.6,S2p:163.0" with a background name; a range "HI:LO" overrides the model's.
    /// </summary>
    public static XpsFitResult Fit(string path, XpsRegionRequest region, string? doublets, string? background, string? modelPath, string? range = null, int? endPoints = null)
    {
        XpsFitModel model;
        if (modelPath is not null)
        {
            if (doublets is not null) throw new InvalidInputException("give --doublets or --model, not both", field: "model");
            model = XpsFitModel.Read(modelPath);
            if (background is not null) model = model with { Background = XpsFitModel.ParseBackground(background) };
        }
        else
        {
            if (doublets is null) throw new InvalidInputException("give --doublets \"S2p:161.6,...\" or --model FILE", field: "doublets");
            model = XpsFitModel.FromDoublets(doublets, XpsFitModel.ParseBackground(background ?? "shirley"));
        }
        if (range is not null) { var (hi, lo) = ParseRange(range); model = model with { RangeHighEv = hi, RangeLowEv = lo }; }
        if (endPoints is { } ep)
        {
            if (ep < 1) throw new InvalidInputException($"end-points must be at least 1, got {ep}", field: "end-points");
            model = model with { EndPoints = ep };
        }
        var s = LoadRegion(path, region);
        return XpsFitter.Fit(s, model);
    }
}
