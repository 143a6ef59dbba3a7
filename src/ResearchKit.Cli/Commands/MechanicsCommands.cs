using System.Globalization;
using ResearchKit.Mechanics;

namespace ResearchKit.Cli.Commands;

/// <summary>`researchkit mechanics`: strain energy and mean stress of a labelled volume under per-label eigenstrains.</summary>
public sealed class MechanicsCommand : ICommand
{
    public string Name => "mechanics";
    public string Summary => "linear elastic strain energy of a voxel volume with eigenstrains (FFT Lippmann-Schwinger, rotated staggered grid, CG)";
    public string Usage => """
        researchkit mechanics VOLUME --moduli "LABEL=E_GPa:nu,..." [--eigenstrain "LABEL=eps,..."] [--bc zero-stress|fixed-strain|die] [--tolerance T] [--voxel-um H] [--json]
          VOLUME         .npy, .raw (+ .json sidecar) or .tif/.tiff; C order (nz, ny, nx); periodic in x, y and z
          --moduli       isotropic moduli per label, e.g. "1=190:0.25,2=190:0.25,3=22:0.37" (E in GPa, -1 < nu < 0.5).
                         Every label present needs moduli, except label 0 (pore), which has zero stiffness unless given.
          --eigenstrain  eigenstrain per label, e.g. "1=-0.0222,2=-0.0163". These are LINEAR strains (eps times the identity),
                         not volume changes: a volume change dV/V gives eps = (1 + dV/V)^(1/3) - 1.
          --bc           mean-strain control: zero-stress (default; all mean stresses zero), fixed-strain (mean strain zero),
                         die (lateral xx, yy, xy mean strains zero; zz, yz, xz mean stresses zero; z is the pressing axis)
          --tolerance T  relative (preconditioned) residual tolerance of CG (default 1e-6)
          --json         one JSON object: strain_energy_density_mj_per_m3 (volume mean), strain_energy_by_label_mj_per_m3
                         {label: mean over its voxels}, mean_stress_mpa [xx, yy, zz, yz, xz, xy] (tension positive), iterations,
                         residual, converged, seconds (then sse_shell_strain_energy_mj_per_m3, mean_strain, bc)
        Exit codes: 0 ok, 2 bad input (missing moduli for a present label, nu >= 0.5, eigenstrain for an unknown label), 3 not converged.
        """;
    public IReadOnlyCollection<string> Switches => ["json"];

    public int Run(CommandArgs args, CommandContext context)
    {
        bool json = args.Flag("json");
        string? moduli = args.Option("moduli"), eig = args.Option("eigenstrain"), bc = args.Option("bc");
        double? tol = args.Double("tolerance");
        var path = args.Positional(0, "VOLUME (" + VolumeArgs.VolumeHelp + ")");
        var v = VolumeArgs.Load(path, args.Double("voxel-um"));
        context.Progress($"mechanics: {path} ({v.Nz} x {v.Ny} x {v.Nx})");
        var r = MechanicsRequest.Run(v, VolumeArgs.Names(path), moduli, eig, bc, tol);
        if (json)
        {
            Json.Write(context.Out, new Dictionary<string, object?>
            {
                ["strain_energy_density_mj_per_m3"] = r.StrainEnergyDensityMJPerM3,
                ["strain_energy_by_label_mj_per_m3"] = r.StrainEnergyByLabelMJPerM3.ToDictionary(p => p.Key.ToString(CultureInfo.InvariantCulture), p => (object)p.Value),
                ["mean_stress_mpa"] = r.MeanStressMPa,
                ["iterations"] = r.Iterations,
                ["residual"] = r.Residual,
                ["converged"] = r.Converged,
                ["seconds"] = Math.Round(r.Seconds, 3),
                ["sse_shell_strain_energy_mj_per_m3"] = double.IsFinite(r.ShellStrainEnergyMJPerM3) ? r.ShellStrainEnergyMJPerM3 : null,
                ["mean_strain"] = r.MeanStrain,
                ["bc"] = MechanicsInputs.ParseBoundary(bc) switch { MechanicsBoundary.Die => "die", MechanicsBoundary.FixedStrain => "fixed-strain", _ => "zero-stress" },
            });
        }
        else context.Out.WriteLine(r.ToString());
        return r.Converged ? 0 : 3;
    }
}
