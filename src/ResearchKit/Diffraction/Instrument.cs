namespace ResearchKit.Diffraction;

/// <summary>
/// A Bragg-Brentano laboratory diffractometer: wavelengths, profile (Thompson-Cox-Hastings pseudo-Voigt), zero shift and
/// Lorentz-polarisation. Angles in degrees 2θ, wavelengths in Å.
/// </summary>
public sealed record Instrument
{
    /// <summary>Cu Kα1 (Å), Hölzer et al., Phys. Rev. A 56, 4554 (1997).</summary>
    public const double CuKAlpha1 = 1.540593;
    /// <summary>Cu Kα2 (Å), Hölzer et al. (1997).</summary>
    public const double CuKAlpha2 = 1.544427;

    public double WavelengthAngstrom { get; init; } = CuKAlpha1;
    /// <summary>Second wavelength (Kα2); null = single wavelength.</summary>
    public double? Wavelength2Angstrom { get; init; } = CuKAlpha2;
    /// <summary>Intensity of Kα2 relative to Kα1 (0.5 by convention).</summary>
    public double Ratio2 { get; init; } = 0.5;
    /// <summary>Caglioti Gaussian width: Γ_G² = U tan²θ + V tanθ + W (deg²).</summary>
    public double U { get; init; } = 0.004;
    public double V { get; init; } = -0.002;
    public double W { get; init; } = 0.003;
    /// <summary>Lorentzian width: Γ_L = X tanθ + Y / cosθ (deg).</summary>
    public double X { get; init; } = 0.02;
    public double Y { get; init; } = 0.03;
    /// <summary>Zero shift (deg): a line computed at 2θ appears at 2θ + ZeroDeg.</summary>
    public double ZeroDeg { get; init; }
    /// <summary>Monochromator Bragg angle 2θ_M (deg); null = no monochromator (unpolarised source).</summary>
    public double? MonochromatorTwoThetaDeg { get; init; }

    /// <summary>Single-wavelength instrument (e.g. synchrotron or a Kα1-only source).</summary>
    public static Instrument Single(double wavelengthAngstrom) => new() { WavelengthAngstrom = wavelengthAngstrom, Wavelength2Angstrom = null };

    /// <summary>
    /// Lorentz-polarisation factor for Bragg-Brentano powder geometry:
    /// LP = 2 (1 + cos²2θ_M cos²2θ) / (sin²θ cosθ (1 + cos²2θ_M)), normalised so that without a monochromator it is the
    /// usual (1 + cos²2θ)/(sin²θ cosθ) (e.g. Pecharsky &amp; Zavalij, Fundamentals of Powder Diffraction, 2nd ed., §8.6.4).
    /// </summary>
    public double LorentzPolarisation(double twoThetaDeg)
    {
        double tt = twoThetaDeg * Math.PI / 180, th = tt / 2;
        double cm = MonochromatorTwoThetaDeg is { } m ? Math.Pow(Math.Cos(m * Math.PI / 180), 2) : 1.0;
        double c2 = Math.Cos(tt) * Math.Cos(tt);
        return 2 * (1 + cm * c2) / (Math.Sin(th) * Math.Sin(th) * Math.Cos(th) * (1 + cm));
    }

    /// <summary>Full widths at half maximum (deg) of the Gaussian and Lorentzian parts at 2θ.</summary>
    public (double Gauss, double Lorentz) Widths(double twoThetaDeg) => ProfileMath.Widths(twoThetaDeg, U, V, W, X, Y);

    public void Validate()
    {
        InvalidInputException.Require(WavelengthAngstrom > 0, "wavelength", $"expected a positive wavelength, got {WavelengthAngstrom}");
        InvalidInputException.Require(Wavelength2Angstrom is null || Wavelength2Angstrom > 0, "wavelength2", "expected a positive second wavelength");
        InvalidInputException.Require(Ratio2 >= 0, "ratio2", "expected a non-negative Kα2/Kα1 ratio");
    }
}

/// <summary>Pseudo-Voigt profile arithmetic (TCH mixing), Chebyshev background.</summary>
public static class ProfileMath
{
    /// <summary>Gaussian (Caglioti) and Lorentzian FWHM (deg) at 2θ; Γ_G² is floored at 1e-8 deg² so a fit can cross zero.</summary>
    public static (double Gauss, double Lorentz) Widths(double twoThetaDeg, double u, double v, double w, double x, double y)
    {
        double th = twoThetaDeg * Math.PI / 360, t = Math.Tan(th);
        double g2 = u * t * t + v * t + w;
        double g = Math.Sqrt(Math.Max(g2, 1e-8));
        double l = Math.Max(x * t + y / Math.Cos(th), 0);
        return (g, l);
    }

    /// <summary>
    /// Thompson-Cox-Hastings total width and Lorentzian fraction η from Γ_G and Γ_L
    /// (Thompson, Cox &amp; Hastings, J. Appl. Cryst. 20, 79 (1987), Eqs. 3-4).
    /// </summary>
    public static (double Fwhm, double Eta) Tch(double gauss, double lorentz)
    {
        double g = gauss, l = lorentz;
        double f5 = Math.Pow(g, 5) + 2.69269 * Math.Pow(g, 4) * l + 2.42843 * g * g * g * l * l + 4.47163 * g * g * l * l * l
                    + 0.07842 * g * Math.Pow(l, 4) + Math.Pow(l, 5);
        double f = Math.Pow(f5, 0.2);
        double q = l / f;
        double eta = Math.Clamp(1.36603 * q - 0.47719 * q * q + 0.11116 * q * q * q, 0, 1);
        return (f, eta);
    }

    /// <summary>Unit-area pseudo-Voigt at offset dx (deg) from the centre, FWHM f (deg), Lorentzian fraction η.</summary>
    public static double PseudoVoigt(double dx, double fwhm, double eta)
    {
        double u = 2 * dx / fwhm;
        double lor = 2 / (Math.PI * fwhm) / (1 + u * u);
        double gau = 2 / fwhm * Math.Sqrt(Math.Log(2) / Math.PI) * Math.Exp(-Math.Log(2) * u * u);
        return eta * lor + (1 - eta) * gau;
    }

    /// <summary>Half-width of the window (in FWHM) over which a line is evaluated; beyond it the profile is taken as 0.</summary>
    public const double WindowFwhm = 30;

    /// <summary>Chebyshev polynomials T_0..T_{n-1} at 2θ mapped onto [−1, 1] over [lo, hi].</summary>
    public static void Chebyshev(double twoThetaDeg, double lo, double hi, Span<double> t)
    {
        double x = hi > lo ? 2 * (twoThetaDeg - lo) / (hi - lo) - 1 : 0;
        if (t.Length > 0) t[0] = 1;
        if (t.Length > 1) t[1] = x;
        for (int i = 2; i < t.Length; i++) t[i] = 2 * x * t[i - 1] - t[i - 2];
    }
}
