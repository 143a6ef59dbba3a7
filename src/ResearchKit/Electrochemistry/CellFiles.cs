using System.Globalization;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Electrochemistry;

/// <summary>Writes a simulated test as EC-Lab files (.mpt text and .mpr binary) with a provenance sidecar, through the kit's writers.</summary>
public static class CellFiles
{
    public const string Generator = "ResearchKit.Electrochemistry.CellModel";

    /// <summary>EC-Lab columns of a run: mode (1 CC, 2 CV, 3 rest), ox/red, time/s, Ewe/V (cell voltage vs LTO), I/mA, dq/mA.h.</summary>
    public static IReadOnlyList<(string Name, double[] Values)> Columns(CellRunResult r)
    {
        int n = r.TimeS.Length;
        var mode = new double[n];
        var ox = new double[n];
        for (int i = 0; i < n; i++) { mode[i] = r.Mode[i]; ox[i] = r.CurrentMA[i] > 0 || (r.CurrentMA[i] == 0 && i > 0 && ox[i - 1] == 1) ? 1 : 0; }
        return [("mode", mode), ("ox/red", ox), ("time/s", r.TimeS), ("Ewe/V", r.VoltageV), ("I/mA", r.CurrentMA), ("dq/mA.h", r.ChargeIncrementMAh)];
    }

    /// <summary>Provenance: model, parameters and their sources, twin inputs, protocol, kit version (no wall-clock time).</summary>
    public static CyclingProvenance Provenance(CellRunResult r, string sampleName)
    {
        var p = r.Parameters;
        var ci = CultureInfo.InvariantCulture;
        string F(double x) => x.ToString("R", ci);
        var d = new Dictionary<string, string>
        {
            ["sample"] = sampleName,
            ["model"] = "composite cathode 1D FV (single-ion SSE, Butler-Volmer + CEI on the twin's CAM-SSE contact area, spherical diffusion per size class) | ohmic SSE separator | flat LTO",
            ["parameters_source"] = CellModelDefaults.SourceName + "; OCV " + p.Ocv.Source,
            ["twin_inputs"] = p.Cathode.Source,
            ["thickness_um"] = F(p.Cathode.ThicknessUm),
            ["cam_volume_fraction"] = F(p.Cathode.CamVolumeFraction),
            ["sigma_ion_s_per_cm"] = F(p.Cathode.SigmaIonEffSPerCm),
            ["sigma_e_s_per_cm"] = F(p.Cathode.SigmaElectronicEffSPerCm),
            ["cam_sse_area_per_volume_per_um"] = F(p.Cathode.ContactAreaPerVolumePerUm),
            ["species"] = string.Join("; ", p.Species.Select(s => $"{s.Name} w={F(s.MassFraction)} Q={F(s.ReversibleCapacityMAhPerG)} mAh/g ICE={F(s.InitialCoulombicEfficiency)} D={F(s.DiffusivityM2PerS)} m2/s r_um=[{string.Join(",", s.Classes.Select(c => c.RadiusUm.ToString("F3", ci)))}]")),
            ["active_mass_mg"] = F(p.ActiveMassMg),
            ["one_c_ma"] = F(p.OneCMilliAmp),
            ["one_c_definition"] = "1 C = mass-weighted reversible capacity of the CAM (NCWA 218.3, NCM 201.9 mAh/g) per hour",
            ["voltage"] = p.AnodeOcvV == 0 ? $"Ewe/V is the cathode potential vs a Li metal counter electrode (half cell); window {F(p.WindowVsLiV.Min)}-{F(p.WindowVsLiV.Max)} V vs Li" : $"Ewe/V is the cell voltage vs LTO; vs Li+/Li add {F(p.AnodeOcvV)} V; window {F(p.CellWindowV.Min)}-{F(p.CellWindowV.Max)} V (= {F(p.WindowVsLiV.Min)}-{F(p.WindowVsLiV.Max)} V vs Li)",
            ["cells"] = p.Cells.ToString(ci), ["shells"] = p.Shells.ToString(ci),
            ["degradation"] = $"side_reaction_a_per_m2={F(p.Degradation.SideReactionAPerM2)} cei_growth_ohm_m2_per_c_per_m2={F(p.Degradation.CeiGrowthOhmM2PerCPerM2)} contact_loss_per_cycle={F(p.Degradation.ContactLossPerCycle)} strain_energy_mj_per_m3={F(p.Degradation.InterfaceStrainEnergyMJPerM3)}",
            ["protocol"] = r.Protocol.Text.Replace("\r", "").Replace("\n", " / "),
        };
        return new CyclingProvenance(Generator, d, null) { Note = "model prediction (synthetic), not a measurement" };
    }

    /// <summary>Writes DIR/BASE.mpt and DIR/BASE.mpr (each with BASE.EXT.provenance.json), atomically; returns the paths.</summary>
    public static IReadOnlyList<string> Write(CellRunResult r, string directory, string baseName, string sampleName)
    {
        var cols = Columns(r);
        var prov = Provenance(r, sampleName);
        Directory.CreateDirectory(directory);
        var mpt = Path.Combine(directory, baseName + ".mpt");
        var mpr = Path.Combine(directory, baseName + ".mpr");
        EcLabMptWriter.Write(mpt, cols, prov);
        var binCols = cols.Select(c => c.Name is "mode" or "ox/red"
            ? new Cycling.InstrumentColumn(c.Name, c.Values.Select(x => (byte)x).ToArray())
            : new Cycling.InstrumentColumn(c.Name, c.Values)).ToList();
        EcLabMprWriter.Write(mpr, binCols, string.Join("\r\n", prov.HeaderLines()));
        WriteText(CyclingProvenance.SidecarPath(mpr), prov.ToJson());
        return [mpt, mpr];
    }

    /// <summary>
    /// Writes each spectrum of a run as DIR/BASE-LABEL.mpt (EC-Lab PEIS layout) and DIR/BASE-LABEL.z (ZPlot), each with a provenance
    /// sidecar, through the kit's impedance writers; all files are written into a scratch folder first and then moved, so nothing is
    /// half-written. Returns (label, .mpt path, .z path) per spectrum.
    /// </summary>
    public static IReadOnlyList<(string Label, string Mpt, string Z)> WriteSpectra(CellRunResult r, string directory, string baseName, string sampleName)
    {
        Directory.CreateDirectory(directory);
        var scratch = Path.Combine(directory, $".{baseName}.writing");
        if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        Directory.CreateDirectory(scratch);
        var written = new List<(string, string, string)>();
        try
        {
            var names = new List<string>();
            foreach (var s in r.Spectra)
            {
                var name = $"{baseName}-{s.Label}";
                var spectrum = new Impedance.ImpedanceSpectrum(s.FrequencyHz, s.ImpedanceOhm, $"{Generator} {sampleName} {s.Label}")
                {
                    DcVoltageV = Enumerable.Repeat(s.VoltageV, s.FrequencyHz.Length).ToArray(),
                    DcCurrentA = new double[s.FrequencyHz.Length],
                };
                var prov = SpectrumProvenance(r, s, sampleName);
                Impedance.IO.ImpedanceFiles.WriteMpt(spectrum, Path.Combine(scratch, name + ".mpt"), prov);
                Impedance.IO.ImpedanceFiles.WriteZ(spectrum, Path.Combine(scratch, name + ".z"), prov);
                names.Add(name);
            }
            foreach (var f in Directory.GetFiles(scratch).OrderBy(x => x, StringComparer.Ordinal))
                File.Move(f, Path.Combine(directory, Path.GetFileName(f)), overwrite: true);
            foreach (var n in names) written.Add((n[(baseName.Length + 1)..], Path.Combine(directory, n + ".mpt"), Path.Combine(directory, n + ".z")));
        }
        finally { Directory.Delete(scratch, recursive: true); }
        return written;
    }

    /// <summary>Provenance of a model spectrum: the state, the linearisation and its parameters (numbers), the model and protocol (note).</summary>
    public static Impedance.IO.ImpedanceProvenance SpectrumProvenance(CellRunResult r, CellSpectrum s, string sampleName)
    {
        var p = r.Parameters;
        var d = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["active_mass_mg"] = p.ActiveMassMg,
            ["area_cm2"] = p.AreaCm2,
            ["cycle"] = s.Cycle,
            ["test_time_s"] = s.TestTimeS,
            ["state_of_charge"] = s.StateOfCharge,
            ["cell_voltage_v"] = s.VoltageV,
            ["active_contact_fraction"] = s.ActiveContactFraction,
            ["mean_cei_resistance_ohm_cm2"] = s.MeanCeiResistanceOhmCm2,
            ["r_high_frequency_ohm"] = s.HighFrequencyResistanceOhm,
            ["r_low_frequency_ohm"] = s.LowFrequencyResistanceOhm,
            ["double_layer_capacitance_f_per_m2"] = p.DoubleLayerCapacitanceFPerM2,
            ["cei_relative_permittivity"] = p.CeiRelativePermittivity,
            ["cei_conductivity_s_per_cm"] = p.CeiConductivitySPerCm,
            ["anode_resistance_ohm_cm2"] = p.AnodeResistanceOhmCm2,
            ["anode_capacitance_f_per_cm2"] = p.AnodeCapacitanceFPerCm2,
            ["separator_ohm_cm2"] = p.SeparatorThicknessUm * 1e-4 / p.SeparatorConductivitySPerCm,
            ["cathode_thickness_um"] = p.Cathode.ThicknessUm,
            ["sigma_ion_s_per_cm"] = p.Cathode.SigmaIonEffSPerCm,
            ["sigma_e_s_per_cm"] = p.Cathode.SigmaElectronicEffSPerCm,
            ["cam_sse_area_per_volume_per_um"] = p.Cathode.ContactAreaPerVolumePerUm,
            ["cei_resistance_pristine_ohm_cm2"] = p.CeiResistanceOhmCm2,
            ["cells"] = p.Cells,
            ["shells"] = p.Shells,
            ["points_per_decade"] = Math.Round((s.FrequencyHz.Length - 1) / Math.Log10(s.FrequencyHz.Max() / s.FrequencyHz.Min()), 6),
        };
        var ci = CultureInfo.InvariantCulture;
        var note = string.Create(ci, $"model prediction (synthetic), not a measurement. {sampleName}, spectrum '{s.Label}': the cell model linearised about its state ") +
            string.Create(ci, $"(cycle {s.Cycle}, at the protocol's 'eis {s.Label}' step) and solved in the frequency domain on the same grid ") +
            "(interface per contact area: CEI film R_cei || C_cei in series with (R_ct + U' Z_theta) || C_dl per size class; two-rail cathode; " +
            string.Create(ci, $"SSE separator; LTO anode R_LTO || C_LTO). Frequencies {s.FrequencyHz.Max():G3} Hz to {s.FrequencyHz.Min():G3} Hz, log-spaced. Parameters: ") +
            CellModelDefaults.SourceName + $"; twin inputs: {p.Cathode.Source}; protocol: " + r.Protocol.Text.Replace("\r", "").Replace("\n", " / ");
        return new Impedance.IO.ImpedanceProvenance(Generator + ".Impedance", d, null, null, note);
    }

    static void WriteText(string path, string text)
    {
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text);
        File.Move(tmp, path, overwrite: true);
    }
}
