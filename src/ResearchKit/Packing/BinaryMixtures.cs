namespace ResearchKit.Packing;

/// <summary>Radii for binary sphere mixtures given by size ratio and volume fraction of the large spheres.</summary>
public static class BinaryMixtures
{
    /// <summary>
    /// Radii of a binary mixture of <paramref name="count"/> spheres: large radius <paramref name="largeRadiusUm"/>, small
    /// radius = sizeRatio * large, with the number split chosen so the large spheres carry the VOLUME fraction
    /// <paramref name="largeVolumeFraction"/> of the solid (n_L / n_S = X / ((1 - X) * ratio^-3) rounded to whole spheres).
    /// Large spheres come first.
    /// </summary>
    public static double[] Radii(int count, double largeRadiusUm, double sizeRatio, double largeVolumeFraction)
    {
        InvalidInputException.Require(count >= 1, "count", "expected at least one sphere");
        InvalidInputException.Require(sizeRatio > 0 && sizeRatio <= 1, "sizeRatio", "expected 0 < small/large diameter ratio <= 1");
        InvalidInputException.Require(largeVolumeFraction >= 0 && largeVolumeFraction <= 1, "largeVolumeFraction", "expected a volume fraction in [0, 1]");
        // Number fraction of large spheres: x_n = X / (X + (1 - X) / ratio^3).
        double r3 = sizeRatio * sizeRatio * sizeRatio;
        double xn = largeVolumeFraction / (largeVolumeFraction + (1 - largeVolumeFraction) / r3);
        int nLarge = (int)Math.Round(xn * count);
        if (largeVolumeFraction > 0 && nLarge == 0) nLarge = 1;
        if (largeVolumeFraction < 1 && nLarge == count) nLarge = count - 1;
        if (count == 1) nLarge = largeVolumeFraction >= 0.5 ? 1 : 0;
        var radii = new double[count];
        for (int i = 0; i < count; i++) radii[i] = i < nLarge ? largeRadiusUm : largeRadiusUm * sizeRatio;
        return radii;
    }

    /// <summary>Volume fraction of the large spheres actually realised by a radius list (for reporting after rounding).</summary>
    public static double LargeVolumeFraction(double[] radii)
    {
        double rmax = radii.Max(), vl = 0, vt = 0;
        foreach (var r in radii) { double v = r * r * r; vt += v; if (r == rmax) vl += v; }
        return vl / vt;
    }
}
