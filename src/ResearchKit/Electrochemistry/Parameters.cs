using System.Globalization;

namespace ResearchKit.Electrochemistry;

/// <summary>
/// Open-circuit potential of a layered-oxide CAM: the NMC811 tanh fit of Chen et al. (JES 167, 080534, 2020; PyBaMM parameter set
/// Chen2020; coefficients in data/reference/electrochemistry/nmc811-ocp-chen2020.csv) mapped onto the CAM's reversible window.
/// The state is theta: 0 at the charged end (U = 4.3 V vs Li), 1 at the discharged end of the reversible window (U = 2.7 V vs Li);
/// x = xCharged + theta (xDischarged - xCharged). Because the Chen fit stays above 3.48 V at x = 1, an end term
/// -dU exp((theta - thetaEnd)/w) (ours, stated in cell-model.csv) takes it to 2.7 V at thetaEnd.
/// </summary>
public sealed record OpenCircuitPotential(double A0, double A1, IReadOnlyList<(double B, double C, double D)> Tanh, double XCharged, double XDischarged,
    double EndWidth, double DischargedV, string Source)
{
    /// <summary>The Chen fit U(x), V vs Li+/Li.</summary>
    public double Fit(double x)
    {
        double u = A0 + A1 * x;
        foreach (var (b, c, d) in Tanh) u += b * Math.Tanh(c * (x - d));
        return u;
    }

    /// <summary>dU/dx of the fit, V.</summary>
    public double FitSlope(double x)
    {
        double s = A1;
        foreach (var (b, c, d) in Tanh) { double t = Math.Tanh(c * (x - d)); s += b * c * (1 - t * t); }
        return s;
    }

    /// <summary>Stoichiometry x of a window state theta.</summary>
    public double X(double theta) => XCharged + theta * (XDischarged - XCharged);

    /// <summary>U(theta) in V vs Li with the end-of-discharge term placed at <paramref name="thetaEnd"/> (1 after the first charge).</summary>
    public double Potential(double theta, double thetaEnd = 1.0)
    {
        double end = Fit(X(thetaEnd)) - DischargedV;
        return Fit(X(theta)) - end * Math.Exp((theta - thetaEnd) / EndWidth);
    }

    /// <summary>The drop the end term must add at thetaEnd: U_fit(x(thetaEnd)) - U_discharged.</summary>
    public double EndDrop(double thetaEnd) => Fit(X(thetaEnd)) - DischargedV;

    /// <summary>U and dU/dtheta in one pass with a precomputed <see cref="EndDrop"/> (the hot path of the cell model).</summary>
    public void Evaluate(double theta, double thetaEnd, double endDrop, out double u, out double slope)
    {
        double x = X(theta), dx = XDischarged - XCharged;
        double uu = A0 + A1 * x, ss = A1;
        for (int i = 0; i < Tanh.Count; i++)
        {
            var (b, c, d) = Tanh[i];
            double t = Math.Tanh(c * (x - d));
            uu += b * t; ss += b * c * (1 - t * t);
        }
        double e = endDrop * Math.Exp(Math.Min(50, (theta - thetaEnd) / EndWidth));
        u = uu - e;
        slope = ss * dx - e / EndWidth;
    }

    /// <summary>dU/dtheta, V.</summary>
    public double Slope(double theta, double thetaEnd = 1.0)
    {
        double end = Fit(X(thetaEnd)) - DischargedV;
        return FitSlope(X(theta)) * (XDischarged - XCharged) - end / EndWidth * Math.Exp((theta - thetaEnd) / EndWidth);
    }

    /// <summary>Loads the fit from the embedded CSV and solves x(4.3 V) by bisection on the monotone fit.</summary>
    public static OpenCircuitPotential Chen2020(double chargedV = 4.3, double dischargedV = 2.7, double xDischarged = 0.9084, double endWidth = 0.02)
    {
        const string name = "data/reference/electrochemistry/nmc811-ocp-chen2020.csv";
        var t = CsvTable.Parse(EmbeddedData.Read("electrochemistry", "nmc811-ocp-chen2020.csv"), name, ["term", "coefficient", "rate", "centre"]);
        double a0 = double.NaN, a1 = double.NaN;
        var tanh = new List<(double, double, double)>();
        foreach (var r in t.Rows)
            switch (r.RequiredText("term"))
            {
                case "constant": a0 = r.Number("coefficient"); break;
                case "linear": a1 = r.Number("coefficient"); break;
                case "tanh": tanh.Add((r.Number("coefficient"), r.Number("rate"), r.Number("centre"))); break;
                default: throw new InvalidInputException($"unknown term '{r.Text("term")}'", name, r.Line, "term");
            }
        if (double.IsNaN(a0) || double.IsNaN(a1)) throw new InvalidInputException("missing constant or linear term", name, field: "term");
        var probe = new OpenCircuitPotential(a0, a1, tanh, 0, xDischarged, endWidth, dischargedV, name);
        double lo = 0.05, hi = xDischarged;
        InvalidInputException.Require(probe.Fit(lo) > chargedV && probe.Fit(hi) < chargedV, "ocv_charged_v", $"expected {chargedV} V inside the fitted range");
        for (int i = 0; i < 100; i++) { double m = 0.5 * (lo + hi); if (probe.Fit(m) > chargedV) lo = m; else hi = m; }
        return probe with { XCharged = 0.5 * (lo + hi) };
    }
}

/// <summary>One size class of a CAM species: sphere radius and its share of the species' volume.</summary>
public sealed record SizeClass(double RadiusUm, double VolumeShare);

/// <summary>A CAM species (NCWA or NCM) of the composite cathode.</summary>
/// <param name="Name">species name</param>
/// <param name="MassFraction">share of the CAM mass, 0..1</param>
/// <param name="DensityGPerCm3">particle density, g/cm3</param>
/// <param name="ReversibleCapacityMAhPerG">capacity of the reversible 2.7-4.3 V window, mAh/g (paper: half cell at 0.05 C)</param>
/// <param name="InitialCoulombicEfficiency">first discharge / first charge, fraction</param>
/// <param name="DiffusivityM2PerS">solid diffusivity, m2/s (constant)</param>
/// <param name="Classes">size classes (volume shares sum to 1)</param>
public sealed record ActiveMaterial(string Name, double MassFraction, double DensityGPerCm3, double ReversibleCapacityMAhPerG, double InitialCoulombicEfficiency,
    double DiffusivityM2PerS, IReadOnlyList<SizeClass> Classes)
{
    /// <summary>Charge density of the reversible window, C/m3 of particle.</summary>
    public double ChargeDensityCPerM3 => ReversibleCapacityMAhPerG * 3.6 * DensityGPerCm3 * 1e6;

    /// <summary>Size classes from a volume-weighted PSD: radii at the volume quantiles (k + 1/2)/n, equal volume shares.</summary>
    public static IReadOnlyList<SizeClass> ClassesFromPsd(Packing.ParticleSizeDistribution psd, int count = 3) => ClassesFromQuantiles(psd.VolumeQuantileUm, count);

    /// <summary>Size classes from a volume-quantile function of the diameter (um): radii at quantiles (k + 1/2)/n, equal volume shares.</summary>
    public static IReadOnlyList<SizeClass> ClassesFromQuantiles(Func<double, double> volumeQuantileDiameterUm, int count = 3)
    {
        InvalidInputException.Require(count >= 1, "size_classes", "expected at least one size class");
        return Enumerable.Range(0, count).Select(k => new SizeClass(0.5 * volumeQuantileDiameterUm((k + 0.5) / count), 1.0 / count)).ToList();
    }
}

/// <summary>Microstructure inputs of the composite cathode, from a digital twin (the Paper layer wires them).</summary>
/// <param name="ThicknessUm">cathode thickness, um</param>
/// <param name="CamVolumeFraction">CAM volume fraction of the cathode</param>
/// <param name="SigmaIonEffSPerCm">effective ionic conductivity, S/cm</param>
/// <param name="SigmaElectronicEffSPerCm">effective electronic conductivity, S/cm</param>
/// <param name="ContactAreaPerVolumePerUm">CAM-SSE contact area per cathode volume, 1/um</param>
public sealed record CathodeMicrostructure(double ThicknessUm, double CamVolumeFraction, double SigmaIonEffSPerCm, double SigmaElectronicEffSPerCm,
    double ContactAreaPerVolumePerUm, string Source = "");

/// <summary>Degradation parameters (two mechanisms, one parameter each).</summary>
/// <param name="SideReactionAPerM2">parasitic current per CAM-SSE contact area at full charge (mechanism 1), A/m2; it rises linearly from
/// zero at half charge (surface state of charge 0.5) to this value at full charge</param>
/// <param name="CeiGrowthOhmM2PerCPerM2">CEI resistance added per parasitic charge per contact area, ohm m2 per C/m2</param>
/// <param name="ContactLossPerCycle">fraction of contact area lost per cycle per (strain energy / 1 MJ m-3) at full depth (mechanism 2)</param>
/// <param name="InterfaceStrainEnergyMJPerM3">interfacial strain energy of the blend, MJ/m3 (mechanics)</param>
public sealed record DegradationParameters(double SideReactionAPerM2 = 0, double CeiGrowthOhmM2PerCPerM2 = 0, double ContactLossPerCycle = 0, double InterfaceStrainEnergyMJPerM3 = 0)
{
    public static DegradationParameters None { get; } = new();
}

/// <summary>All inputs of the cell model: composite cathode | SSE separator | LTO anode.</summary>
public sealed record CellParameters
{
    public required IReadOnlyList<ActiveMaterial> Species { get; init; }
    public required CathodeMicrostructure Cathode { get; init; }
    public required OpenCircuitPotential Ocv { get; init; }
    /// <summary>Kinetic rate constant of the Chen2020 set, A/m2 (m3/mol)^1.5.</summary>
    public double RateConstant { get; init; } = 3.42e-6;
    public double CMaxMolPerM3 { get; init; } = 63104;
    public double ReferenceConcentrationMolPerM3 { get; init; } = 1000;
    /// <summary>Multiplies i0 (1 = Chen2020); large values approach the ideal (reversible) limit.</summary>
    public double KineticsFactor { get; init; } = 1;
    /// <summary>CEI resistance per CAM-SSE contact area, ohm cm2.</summary>
    public double CeiResistanceOhmCm2 { get; init; } = 20;
    public double TemperatureK { get; init; } = 298.15;
    public double SeparatorThicknessUm { get; init; } = 500;
    public double SeparatorConductivitySPerCm { get; init; } = 3e-3;
    public double AnodeOcvV { get; init; } = 1.55;
    public double AnodeResistanceOhmCm2 { get; init; } = 10;
    public double AnodeCapacityExcess { get; init; } = 1.3;
    /// <summary>Double-layer capacitance of the CAM-SSE interface per contact area, F/m2 (impedance; time domain only with
    /// <see cref="SolverOptions.InterfaceCapacitance"/>). 0.1 F/m2 = 10 uF/cm2.</summary>
    public double DoubleLayerCapacitanceFPerM2 { get; init; } = 0.1;
    /// <summary>Relative permittivity of the CEI film: C_cei = eps0 eps_r / d with the film thickness d = R_cei sigma_cei.</summary>
    public double CeiRelativePermittivity { get; init; } = 10;
    /// <summary>Ionic conductivity of the CEI film, S/cm (the same sigma_CEI as the CEI growth constant).</summary>
    public double CeiConductivitySPerCm { get; init; } = 1e-7;
    /// <summary>Capacitance of the LTO composite anode interface per geometric area, F/cm2 (in parallel with the lumped anode resistance).</summary>
    public double AnodeCapacitanceFPerCm2 { get; init; } = 0.01;
    public double AreaCm2 { get; init; } = 0.785;
    /// <summary>Finite volumes through the thickness (20-40).</summary>
    public int Cells { get; init; } = 24;
    /// <summary>Shells per particle (10-20).</summary>
    public int Shells { get; init; } = 12;
    public DegradationParameters Degradation { get; init; } = DegradationParameters.None;
    /// <summary>Initial lithiation of the window (null = pristine, 1 / ICE of each species); tests start mid-window.</summary>
    public double? InitialTheta { get; init; }

    /// <summary>Cathode window vs Li+/Li, V.</summary>
    public (double Min, double Max) WindowVsLiV { get; init; } = (2.7, 4.3);
    /// <summary>Cell window (cathode vs LTO): the Li window minus the LTO plateau.</summary>
    public (double Min, double Max) CellWindowV => (WindowVsLiV.Min - AnodeOcvV, WindowVsLiV.Max - AnodeOcvV);

    /// <summary>CAM mass, mg.</summary>
    public double ActiveMassMg
    {
        get
        {
            double rhoMix = 1.0 / Species.Sum(s => s.MassFraction / s.DensityGPerCm3);
            return Cathode.CamVolumeFraction * Cathode.ThicknessUm * 1e-4 * AreaCm2 * rhoMix * 1e3;
        }
    }

    /// <summary>Mass-weighted reversible capacity, mAh/g of CAM; defines 1 C.</summary>
    public double ReversibleCapacityMAhPerG => Species.Sum(s => s.MassFraction * s.ReversibleCapacityMAhPerG);

    /// <summary>Current of 1 C, mA.</summary>
    public double OneCMilliAmp => ReversibleCapacityMAhPerG * ActiveMassMg * 1e-3;

    /// <summary>Checks ranges; throws naming the field.</summary>
    public void Validate()
    {
        InvalidInputException.Require(Species.Count > 0, "species", "expected at least one CAM species");
        InvalidInputException.Require(Math.Abs(Species.Sum(s => s.MassFraction) - 1) < 1e-9, "mass_fraction", "expected species mass fractions summing to 1");
        foreach (var s in Species)
        {
            InvalidInputException.Require(s.DiffusivityM2PerS > 0, $"{s.Name}.diffusivity", "expected a positive diffusivity");
            InvalidInputException.Require(s.ReversibleCapacityMAhPerG > 0, $"{s.Name}.reversible_capacity", "expected a positive capacity");
            InvalidInputException.Require(s.InitialCoulombicEfficiency is > 0 and <= 1, $"{s.Name}.initial_coulombic_efficiency", "expected 0 < ICE <= 1");
            InvalidInputException.Require(s.Classes.Count > 0 && s.Classes.All(c => c.RadiusUm > 0 && c.VolumeShare > 0), $"{s.Name}.classes", "expected size classes with positive radius and share");
        }
        InvalidInputException.Require(Cathode.ThicknessUm > 0, "thickness_um", "expected a positive thickness");
        InvalidInputException.Require(Cathode.CamVolumeFraction is > 0 and < 1, "cam_volume_fraction", "expected 0 < fraction < 1");
        InvalidInputException.Require(Cathode.SigmaIonEffSPerCm > 0, "sigma_ion_s_per_cm", "expected a positive effective ionic conductivity");
        InvalidInputException.Require(Cathode.SigmaElectronicEffSPerCm > 0, "sigma_e_s_per_cm", "expected a positive effective electronic conductivity");
        InvalidInputException.Require(Cathode.ContactAreaPerVolumePerUm > 0, "cam_sse_area_per_volume_per_um", "expected a positive contact area");
        InvalidInputException.Require(Cells >= 2, "cells", "expected at least 2 finite volumes");
        InvalidInputException.Require(Shells >= 2, "shells", "expected at least 2 shells");
        InvalidInputException.Require(DoubleLayerCapacitanceFPerM2 >= 0 && double.IsFinite(DoubleLayerCapacitanceFPerM2), "double_layer_capacitance", "expected a non-negative capacitance");
        InvalidInputException.Require(CeiRelativePermittivity >= 0 && double.IsFinite(CeiRelativePermittivity), "cei_relative_permittivity", "expected a non-negative permittivity");
        InvalidInputException.Require(CeiConductivitySPerCm > 0, "cei_conductivity", "expected a positive CEI conductivity");
        InvalidInputException.Require(AnodeCapacitanceFPerCm2 >= 0 && double.IsFinite(AnodeCapacitanceFPerCm2), "anode_capacitance", "expected a non-negative capacitance");
    }
}

/// <summary>Reads data/materials/cell-model.csv (embedded): the species and cell parameters with sources.</summary>
public static class CellModelDefaults
{
    public const string SourceName = "data/materials/cell-model.csv";

    /// <summary>value by (material, quantity).</summary>
    public static IReadOnlyDictionary<(string, string), double> Values()
    {
        var t = CsvTable.Parse(EmbeddedData.Read("materials", "cell-model.csv"), SourceName, ["material", "quantity", "value"]);
        var d = new Dictionary<(string, string), double>();
        foreach (var r in t.Rows)
            if (double.TryParse(r.Text("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) d[(r.Text("material"), r.Text("quantity"))] = v;
        return d;
    }

    public static double Value(string material, string quantity) =>
        Values().TryGetValue((material, quantity), out var v) ? v : throw new InvalidInputException($"missing parameter {material}.{quantity}", SourceName, field: quantity);

    /// <summary>
    /// Cell parameters for a blend (NCWA mass fraction) on given microstructure inputs and size classes, all other values from
    /// cell-model.csv. Species with zero mass fraction are dropped.
    /// </summary>
    public static CellParameters ForBlend(double ncwaMassFraction, CathodeMicrostructure cathode, IReadOnlyList<SizeClass> ncwaClasses, IReadOnlyList<SizeClass> ncmClasses,
        double ncwaDensity, double ncmDensity, DegradationParameters? degradation = null, double interfaceStrainEnergyMJPerM3 = 0)
    {
        InvalidInputException.Require(ncwaMassFraction is >= 0 and <= 1, "blend", "expected an NCWA mass fraction in 0..1");
        var v = Values();
        double V(string m, string q) => v.TryGetValue((m, q), out var x) ? x : throw new InvalidInputException($"missing parameter {m}.{q}", SourceName, field: q);
        var species = new List<ActiveMaterial>();
        if (ncwaMassFraction > 0)
            species.Add(new ActiveMaterial("NCWA", ncwaMassFraction, ncwaDensity, V("NCWA", "reversible_capacity"), V("NCWA", "initial_coulombic_efficiency"),
                V("NCWA", "diffusivity") * V("NCWA", "diffusivity_factor"), ncwaClasses));
        if (ncwaMassFraction < 1)
            species.Add(new ActiveMaterial("NCM", 1 - ncwaMassFraction, ncmDensity, V("NCM", "reversible_capacity"), V("NCM", "initial_coulombic_efficiency"),
                V("NCM", "diffusivity") * V("NCM", "diffusivity_factor"), ncmClasses));
        return new CellParameters
        {
            Species = species,
            Cathode = cathode,
            Ocv = OpenCircuitPotential.Chen2020(V("CAM", "ocv_charged_v"), V("CAM", "ocv_discharged_v"), V("CAM", "ocv_x_discharged"), V("CAM", "ocv_end_width")),
            RateConstant = V("CAM", "rate_constant"),
            CMaxMolPerM3 = V("CAM", "c_max"),
            CeiResistanceOhmCm2 = V("CAM", "cei_resistance"),
            TemperatureK = V("CAM", "temperature"),
            SeparatorThicknessUm = V("SEP", "thickness"),
            SeparatorConductivitySPerCm = V("SEP", "ionic_conductivity"),
            AnodeOcvV = V("LTO", "ocv"),
            AnodeResistanceOhmCm2 = V("LTO", "resistance"),
            AnodeCapacityExcess = V("LTO", "capacity_excess"),
            DoubleLayerCapacitanceFPerM2 = V("CAM", "double_layer_capacitance"),
            CeiRelativePermittivity = V("CAM", "cei_relative_permittivity"),
            CeiConductivitySPerCm = V("CAM", "cei_conductivity"),
            AnodeCapacitanceFPerCm2 = V("LTO", "capacitance"),
            AreaCm2 = V("CELL", "area"),
            WindowVsLiV = (V("CAM", "ocv_discharged_v"), V("CAM", "ocv_charged_v")),
            Degradation = degradation ?? new DegradationParameters(V("DEG", "side_reaction_rate"), V("DEG", "cei_growth"), V("DEG", "contact_loss_rate"), interfaceStrainEnergyMJPerM3),
        };
    }
}

/// <summary>Interfacial strain energy per blend for the contact-loss mechanism (mechanism 2).</summary>
public static class InterfaceStrainEnergy
{
    /// <summary>
    /// Reads the mechanics file when it exists (data/synthetic/mechanics/strain-energy-by-blend.csv), else the marked placeholder
    /// (data/synthetic/cell/strain-energy-placeholder.csv). Returns NCWA mass fraction -> SSE-interface strain energy (MJ/m3) and the file used.
    /// </summary>
    public static (IReadOnlyDictionary<double, double> ByNcwaFraction, string Source) Load(string dataDirectory)
    {
        var mech = Path.Combine(dataDirectory, "synthetic", "mechanics", "strain-energy-by-blend.csv");
        var path = File.Exists(mech) ? mech : Path.Combine(dataDirectory, "synthetic", "cell", "strain-energy-placeholder.csv");
        var t = CsvTable.Load(path, ["blend", "ncwa_mass_fraction", "sse_interface_strain_energy_mj_per_m3"]);
        var d = new Dictionary<double, double>();
        foreach (var r in t.Rows)
        {
            double w = r.Number("ncwa_mass_fraction"), e = r.Number("sse_interface_strain_energy_mj_per_m3");
            if (!(e >= 0)) throw new InvalidInputException("expected a non-negative strain energy", path, r.Line, "sse_interface_strain_energy_mj_per_m3");
            d[w] = e;
        }
        return (d, path);
    }
}
