using System.Globalization;
using ResearchKit.Cycling.IO;

namespace ResearchKit.Cycling.Synthetic;

/// <summary>
/// A galvanostatic cycling protocol on a model cathode cell: <see cref="FormationCycles"/> at <see cref="FormationCRate"/>,
/// then <see cref="Cycles"/> at <see cref="CyclingCRate"/> (the paper's protocol: 2 × 0.1 C, then 0.5 C, 2.7-4.3 V vs Li).
/// </summary>
public sealed record GalvanostaticProtocol
{
    /// <summary>Nominal capacity (1 C = this current for one hour), mAh.</summary>
    public double NominalCapacityMAh { get; init; } = 2.0;
    public int FormationCycles { get; init; } = 2;
    public double FormationCRate { get; init; } = 0.1;
    public int Cycles { get; init; } = 5;
    public double CyclingCRate { get; init; } = 0.5;
    /// <summary>Fraction of the nominal capacity charged in cycle 1 (≥ 1: includes the irreversible first-charge loss).</summary>
    public double FirstChargeFraction { get; init; } = 1.10;
    /// <summary>Delivered fraction of the nominal capacity at rate r (in C): 1 / (1 + RateLoss·r).</summary>
    public double RateLoss { get; init; } = 0.1;
    /// <summary>Linear fade of the deliverable capacity per cycle (fraction of nominal).</summary>
    public double FadePerCycle { get; init; } = 0.001;
    /// <summary>Ohmic resistance for the IR drop, Ω.</summary>
    public double ResistanceOhm { get; init; } = 20.0;
    /// <summary>Records per half cycle (equal time steps).</summary>
    public int PointsPerHalfCycle { get; init; } = 200;
    /// <summary>Rest after each half cycle, s (recorded as <see cref="RestPoints"/> records at zero current).</summary>
    public double RestS { get; init; } = 600;
    public int RestPoints { get; init; } = 5;
    /// <summary>Gaussian voltage noise (standard deviation, V); 0 = none. Drawn from a SplitMix64 stream with <see cref="Seed"/>.</summary>
    public double VoltageNoiseV { get; init; }
    public ulong Seed { get; init; } = 1;
}

/// <summary>The capacities the generator put into each cycle (the "known answer" for the round trip).</summary>
public sealed record SyntheticCycle(int Cycle, double CRate, double CurrentMA, double ChargeCapacityMAh, double DischargeCapacityMAh);

/// <summary>A generated run: EC-Lab-named columns, the expected per-cycle capacities, and its provenance.</summary>
public sealed record SyntheticCyclingRun(IReadOnlyList<(string Name, double[] Values)> Columns, IReadOnlyList<SyntheticCycle> Expected, CyclingProvenance Provenance)
{
    /// <summary>The run in the unified schema, in memory (no file round trip), segmented by the kit as for a read file.</summary>
    public CyclingData ToCyclingData(CellMode mode = CellMode.Cathode)
    {
        var cols = Columns.ToDictionary(c => c.Name, c => c.Values);
        var raw = new RawCyclerTable("synthetic", "memory", Columns.Select(c => new InstrumentColumn(c.Name, c.Values)).ToList())
        {
            TimeS = cols["time/s"], VoltageV = cols["Ewe/V"], CurrentMA = cols["I/mA"], ChargeIncrementMAh = cols["dq/mA.h"],
        };
        return CyclingDataBuilder.Build(raw, mode);
    }

    /// <summary>Writes the run as EC-Lab-style text with a provenance sidecar (FILE.provenance.json).</summary>
    public void WriteMpt(string path) => EcLabMptWriter.Write(path, Columns, Provenance);

    /// <summary>Writes the run as an EC-Lab binary .mpr (v2 headers, data version 11).</summary>
    public void WriteMpr(string path)
    {
        var cols = Columns.Select(c => c.Name switch
        {
            "mode" or "ox/red" => new InstrumentColumn(c.Name, c.Values.Select(x => (byte)x).ToArray()),
            _ => new InstrumentColumn(c.Name, c.Values),
        }).ToList();
        EcLabMprWriter.Write(path, cols, string.Join("\r\n", Provenance.HeaderLines()));
        File.WriteAllText(CyclingProvenance.SidecarPath(path), Provenance.ToJson());
    }
}

/// <summary>
/// Forward model of a galvanostatic test (for tests and notebooks, announced as synthetic): a cathode with open-circuit
/// voltage U(x) = 3.75 + 0.35·(x − 0.5) + 0.05·ln((x + 0.01)/(1.01 − x)) V at state of charge x, cell voltage
/// V = U(x) + I·R (I &gt; 0 on charge), constant current in equal time steps so that each record carries exactly
/// dq = I·Δt/3600 mAh; capacities per cycle are fixed by the protocol (first-charge excess, rate loss, linear fade).
/// Deterministic: the optional noise uses SplitMix64 with the given seed.
/// </summary>
public static class GalvanostaticGenerator
{
    public const string Name = "ResearchKit.Cycling.Synthetic.GalvanostaticGenerator";

    public static double OpenCircuitVoltage(double x)
    {
        x = Math.Clamp(x, 0.0, 1.0);
        return 3.75 + 0.35 * (x - 0.5) + 0.05 * Math.Log((x + 0.01) / (1.01 - x));
    }

    public static SyntheticCyclingRun Generate(GalvanostaticProtocol p)
    {
        InvalidInputException.Require(p.NominalCapacityMAh > 0, nameof(p.NominalCapacityMAh), "expected a positive capacity");
        InvalidInputException.Require(p.PointsPerHalfCycle >= 2, nameof(p.PointsPerHalfCycle), "expected at least 2 points per half cycle");
        var t = new List<double>(); var v = new List<double>(); var i = new List<double>(); var dq = new List<double>();
        var mode = new List<double>(); var ox = new List<double>();
        var expected = new List<SyntheticCycle>();
        ulong state = p.Seed;
        double Noise()
        {
            if (p.VoltageNoiseV <= 0) return 0;
            double u1 = (SplitMix64.Next(ref state) >> 11) * (1.0 / (1UL << 53)), u2 = (SplitMix64.Next(ref state) >> 11) * (1.0 / (1UL << 53));
            return p.VoltageNoiseV * Math.Sqrt(-2 * Math.Log(1 - u1)) * Math.Cos(2 * Math.PI * u2);
        }
        double time = 0, x = 0;
        // Initial open-circuit record.
        t.Add(0); v.Add(OpenCircuitVoltage(0) + Noise()); i.Add(0); dq.Add(0); mode.Add(3); ox.Add(0);
        int total = p.FormationCycles + p.Cycles;
        for (int c = 1; c <= total; c++)
        {
            double rate = c <= p.FormationCycles ? p.FormationCRate : p.CyclingCRate;
            double current = rate * p.NominalCapacityMAh; // mA
            double deliverable = p.NominalCapacityMAh * (1 - p.FadePerCycle * (c - 1)) / (1 + p.RateLoss * rate);
            double qCharge = c == 1 ? deliverable * p.FirstChargeFraction : deliverable;
            double qDischarge = deliverable;
            double sumC = HalfCycle(+1, qCharge, current);
            double sumD = HalfCycle(-1, qDischarge, current);
            expected.Add(new SyntheticCycle(c, rate, current, sumC, sumD));
        }

        double HalfCycle(int sign, double q, double current)
        {
            int n = p.PointsPerHalfCycle;
            double duration = q / current * 3600.0;
            double dt = duration / n;
            double step = q / n; // mAh per record, the same in every record
            double sum = 0;
            double x0 = x;
            for (int k = 1; k <= n; k++)
            {
                time += dt;
                sum += step;
                x = x0 + sign * sum / p.NominalCapacityMAh;
                t.Add(time); i.Add(sign * current); dq.Add(sign * step); mode.Add(1); ox.Add(sign > 0 ? 1 : 0);
                v.Add(OpenCircuitVoltage(x) + sign * current * p.ResistanceOhm / 1000.0 + Noise());
            }
            for (int k = 1; k <= p.RestPoints; k++)
            {
                time += p.RestS / p.RestPoints;
                t.Add(time); i.Add(0); dq.Add(0); mode.Add(3); ox.Add(sign > 0 ? 1 : 0);
                v.Add(OpenCircuitVoltage(x) + Noise());
            }
            // Irreversible first-charge excess does not return: the next discharge starts from the reached x but
            // its capacity is fixed by the protocol; x is re-based at each discharge end.
            if (sign < 0) x = 0;
            return sum;
        }

        var ci = CultureInfo.InvariantCulture;
        var prov = new CyclingProvenance(Name, new Dictionary<string, string>
        {
            ["nominal_capacity_mah"] = p.NominalCapacityMAh.ToString("R", ci),
            ["formation_cycles"] = p.FormationCycles.ToString(ci),
            ["formation_c_rate"] = p.FormationCRate.ToString("R", ci),
            ["cycles"] = p.Cycles.ToString(ci),
            ["cycling_c_rate"] = p.CyclingCRate.ToString("R", ci),
            ["first_charge_fraction"] = p.FirstChargeFraction.ToString("R", ci),
            ["rate_loss"] = p.RateLoss.ToString("R", ci),
            ["fade_per_cycle"] = p.FadePerCycle.ToString("R", ci),
            ["resistance_ohm"] = p.ResistanceOhm.ToString("R", ci),
            ["points_per_half_cycle"] = p.PointsPerHalfCycle.ToString(ci),
            ["rest_s"] = p.RestS.ToString("R", ci),
            ["voltage_noise_v"] = p.VoltageNoiseV.ToString("R", ci),
        }, p.Seed);
        var cols = new List<(string, double[])>
        {
            ("mode", mode.ToArray()), ("ox/red", ox.ToArray()), ("time/s", t.ToArray()), ("Ewe/V", v.ToArray()),
            ("I/mA", i.ToArray()), ("dq/mA.h", dq.ToArray()),
        };
        return new SyntheticCyclingRun(cols, expected, prov);
    }

}
