namespace ResearchKit.Microstructure.Generators;

/// <summary>The CAM particles (diameters and species) that make up a twin, and the masses they carry.</summary>
/// <param name="RadiiUm">Radii (um), large species first, each species in sampling order.</param>
/// <param name="Species">Label code per particle (1 NCWA, 2 NCM).</param>
/// <param name="TargetCamMassG">CAM mass the loading asks for (g).</param>
/// <param name="SampledMassLargeG">Mass of the sampled large particles (g).</param>
/// <param name="SampledMassSmallG">Mass of the sampled small particles (g).</param>
public sealed record CamPopulation(double[] RadiiUm, int[] Species, double TargetCamMassG, double SampledMassLargeG, double SampledMassSmallG)
{
    public int Count => RadiiUm.Length;
    public int CountOf(int species) => Species.Count(s => s == species);
}

/// <summary>Draws the CAM particle population of a twin from the composition and the areal loading.</summary>
public static class TwinPopulation
{
    /// <summary>
    /// Samples particle diameters for each CAM species until the species' mass (areal loading x box area x mass share) is placed.
    /// </summary>
    /// <remarks>
    /// The PSA D10/D50/D90 are volume-weighted; <see cref="ResearchKit.Packing.ParticleSizeDistribution"/> draws diameters by
    /// number (Hatch-Choate for a lognormal) within its tail cut, until the species' volume (mass / density) is placed; the last
    /// particle is kept when it brings the placed volume closer to the target. Mass per particle = density x (pi/6) d^3.
    /// 1 mg/cm2 on 1 um2 = 1e-11 g. Each species draws from its own stream, seeded from the twin's seed.
    /// </remarks>
    public static CamPopulation Sample(TwinSpec spec)
    {
        spec.Validate();
        double areaUm2 = spec.BoxXUm * spec.BoxYUm;
        double camMassG = spec.CamArealLoadingMgPerCm2 * 1e-3 * areaUm2 * 1e-8;
        var radii = new List<double>();
        var species = new List<int>();
        var rng = new SplitMix64(spec.Seed ^ 0x5EED_CA11_0000_0001UL); // the kit's one SplitMix64 (Core); same sequence as the former TwinRandom
        double mLarge = SampleSpecies(spec, spec.Large, camMassG * spec.LargeMassFraction, rng, radii, species);
        double mSmall = SampleSpecies(spec, spec.Small, camMassG * (1 - spec.LargeMassFraction), rng, radii, species);
        return new CamPopulation(radii.ToArray(), species.ToArray(), camMassG, mLarge, mSmall);
    }

    static double SampleSpecies(TwinSpec spec, CamSpecies s, double targetMassG, SplitMix64 rng, List<double> radii, List<int> species)
    {
        if (targetMassG <= 0) return 0;
        double rhoPerUm3 = s.DensityGPerCm3 * 1e-12; // g/cm3 -> g/um3
        if (s.DiametersUm is null)
        {
            // The kit's one sampler: number-weighted draws from the volume PSD until the species' volume is placed.
            var r = s.Psd.SampleRadiiForVolume(targetMassG / rhoPerUm3, rng.NextUInt64());
            radii.AddRange(r);
            species.AddRange(Enumerable.Repeat((int)s.Label, r.Length));
            return r.Sum(x => rhoPerUm3 * 4.0 / 3 * Math.PI * x * x * x);
        }
        var list = s.DiametersUm;
        double placed = 0;
        int k = 0;
        while (placed < targetMassG)
        {
            double d = list[k++ % list.Count];
            double m = rhoPerUm3 * Math.PI / 6 * d * d * d;
            // Keep the last particle only if that lands closer to the target mass.
            if (placed + m > targetMassG && (placed + m - targetMassG) > (targetMassG - placed) && placed > 0) break;
            radii.Add(d / 2);
            species.Add(s.Label);
            placed += m;
        }
        return placed;
    }
}
