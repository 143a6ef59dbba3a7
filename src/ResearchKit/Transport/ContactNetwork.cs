using System.Diagnostics;
using ResearchKit.Packing;

namespace ResearchKit.Transport;

/// <summary>
/// A particle packing as the contact network sees it: the CAM spheres (centres and radii in um), the periodic in-plane box and
/// the two electrode planes (z = <paramref name="BottomZUm"/>, the current collector, and z = <paramref name="TopZUm"/>, the
/// opposite face). The packing is periodic in x and y (as the twins are) and bounded by the two planes in z.
/// </summary>
/// <param name="Spheres">CAM particles (um); the species code selects the intrinsic resistivity.</param>
/// <param name="BoxXUm">Periodic edge in x (um).</param>
/// <param name="BoxYUm">Periodic edge in y (um).</param>
/// <param name="BottomZUm">Current-collector plane (um), potential 1 V.</param>
/// <param name="TopZUm">Opposite electrode plane (um), potential 0 V; L = TopZUm - BottomZUm.</param>
/// <param name="ShellUm">Added to every radius for the contact search and the contact radius (the twin's SSE interlayer t/2: the
/// twin is packed and its contacts counted with radii r + t/2, <see cref="ResearchKit.Microstructure.Generators.TwinSpec.SseInterlayerUm"/>).</param>
public sealed record ContactNetworkGeometry(IReadOnlyList<Sphere> Spheres, double BoxXUm, double BoxYUm, double BottomZUm, double TopZUm, double ShellUm = 0)
{
    /// <summary>Electrode separation L (um).</summary>
    public double ThicknessUm => TopZUm - BottomZUm;

    internal void Validate()
    {
        InvalidInputException.Require(Spheres.Count > 0, "particles", "at least one particle");
        InvalidInputException.Require(BoxXUm > 0 && double.IsFinite(BoxXUm), "box_x_um", $"a positive box edge, got {BoxXUm}");
        InvalidInputException.Require(BoxYUm > 0 && double.IsFinite(BoxYUm), "box_y_um", $"a positive box edge, got {BoxYUm}");
        InvalidInputException.Require(double.IsFinite(BottomZUm) && double.IsFinite(TopZUm) && TopZUm > BottomZUm, "top_z_um", $"a top plane above the bottom plane, got {BottomZUm} .. {TopZUm} um");
        InvalidInputException.Require(ShellUm >= 0 && double.IsFinite(ShellUm), "shell_um", $"a non-negative shell, got {ShellUm}");
        foreach (var s in Spheres)
            InvalidInputException.Require(s.RadiusUm > 0 && double.IsFinite(s.RadiusUm) && double.IsFinite(s.XUm) && double.IsFinite(s.YUm) && double.IsFinite(s.ZUm),
                "radius_um", $"finite centres and positive radii, got r = {s.RadiusUm} um at ({s.XUm}, {s.YUm}, {s.ZUm})");
    }
}

/// <summary>
/// Electrical parameters of the contact network: one area-specific contact-film resistance, the grains' intrinsic electronic
/// resistivity per species, a carbon path in parallel, the contact criterion and the solver tolerance.
/// </summary>
public sealed record ContactNetworkParameters
{
    /// <summary>
    /// r_film (ohm m2): area-specific resistance of one CAM-CAM contact (both surface layers together); R_film = r_film / (pi a^2).
    /// A CAM-current-collector contact carries one surface layer, r_film / 2. The one calibratable parameter.
    /// </summary>
    public double FilmOhmM2 { get; init; }

    /// <summary>Intrinsic electronic resistivity of the grains (ohm m) by species code; species not listed use <see cref="DefaultResistivityOhmM"/>.</summary>
    public IReadOnlyDictionary<int, double> ResistivityOhmMBySpecies { get; init; } = new Dictionary<int, double>();

    /// <summary>Resistivity of a species not in <see cref="ResistivityOhmMBySpecies"/> (ohm m). Default 1 ohm m = 1e-2 S/cm, the
    /// material table's CAM electronic conductivity (data/materials/materials.csv).</summary>
    public double DefaultResistivityOhmM { get; init; } = 1.0;

    /// <summary>
    /// Effective conductivity of the carbon path (S/cm), added in parallel to the CAM network's: sigma_e = sigma_CAM network +
    /// sigma_carbon path. 0 = CAM network only.
    /// </summary>
    public double CarbonPathSPerCm { get; init; }

    /// <summary>Relative gap tolerance of the contact search (the kit's one criterion, <see cref="Contacts.Pairs"/>).</summary>
    public double GapTolerance { get; init; } = Contacts.PressedGapTolerance;

    /// <summary>Stop the conjugate gradient at ||b - A x|| / ||b|| below this.</summary>
    public double RelativeTolerance { get; init; } = 1e-10;

    /// <summary>Iteration cap of the conjugate gradient.</summary>
    public int MaxIterations { get; init; } = 50_000;

    /// <summary>Resistivity of species <paramref name="species"/> (ohm m).</summary>
    public double ResistivityOhmM(int species) => ResistivityOhmMBySpecies.TryGetValue(species, out var r) ? r : DefaultResistivityOhmM;

    internal void Validate()
    {
        InvalidInputException.Require(FilmOhmM2 >= 0 && double.IsFinite(FilmOhmM2), "film_ohm_m2", $"a non-negative film resistance, got {FilmOhmM2}");
        InvalidInputException.Require(DefaultResistivityOhmM > 0 && double.IsFinite(DefaultResistivityOhmM), "resistivity_ohm_m", $"a positive resistivity, got {DefaultResistivityOhmM}");
        foreach (var (k, v) in ResistivityOhmMBySpecies)
            InvalidInputException.Require(v > 0 && double.IsFinite(v), "resistivity_ohm_m", $"a positive resistivity for species {k}, got {v}");
        InvalidInputException.Require(CarbonPathSPerCm >= 0 && double.IsFinite(CarbonPathSPerCm), "carbon_path_s_per_cm", $"a non-negative conductivity, got {CarbonPathSPerCm}");
        InvalidInputException.Require(RelativeTolerance > 0 && RelativeTolerance < 1, "relative_tolerance", $"a tolerance in (0, 1), got {RelativeTolerance}");
        InvalidInputException.Require(MaxIterations > 0, "max_iterations", $"a positive iteration cap, got {MaxIterations}");
    }
}

/// <summary>One conducting contact of the network.</summary>
/// <param name="I">First particle index (or -1 for the bottom electrode, -2 for the top electrode).</param>
/// <param name="J">Second particle index.</param>
/// <param name="RadiusUm">Contact radius a (um).</param>
/// <param name="ConductanceS">Edge conductance 1 / (R_Holm + R_film) (S).</param>
public readonly record struct NetworkContact(int I, int J, double RadiusUm, double ConductanceS);

/// <summary>Result of a contact-network solve.</summary>
/// <param name="SigmaSPerCm">sigma_e,eff = CAM network + carbon path (S/cm).</param>
/// <param name="NetworkSigmaSPerCm">CAM network alone, I L / (V A) (S/cm).</param>
/// <param name="CarbonPathSPerCm">The parallel carbon path (S/cm), as given.</param>
/// <param name="Particles">CAM particles.</param>
/// <param name="ConductingParticles">Particles in clusters that join both electrodes (the others carry no current and are not solved).</param>
/// <param name="Contacts">CAM-CAM contacts with a positive contact radius (edges of the network).</param>
/// <param name="BottomContacts">Particle-current collector contacts (z = bottom plane).</param>
/// <param name="TopContacts">Particle-top electrode contacts.</param>
/// <param name="MeanContactRadiusUm">Mean CAM-CAM contact radius a (um).</param>
/// <param name="CurrentInA">Current entering at the bottom electrode at 1 V (A).</param>
/// <param name="CurrentOutA">Current leaving at the top electrode (A).</param>
/// <param name="Iterations">Conjugate-gradient iterations.</param>
/// <param name="Residual">Final relative residual.</param>
/// <param name="Converged">Residual at or below the tolerance (or nothing to solve).</param>
/// <param name="Seconds">Wall time (s).</param>
public sealed record ContactNetworkResult(
    double SigmaSPerCm, double NetworkSigmaSPerCm, double CarbonPathSPerCm, int Particles, int ConductingParticles, int Contacts,
    int BottomContacts, int TopContacts, double MeanContactRadiusUm, double CurrentInA, double CurrentOutA,
    int Iterations, double Residual, bool Converged, double Seconds)
{
    /// <summary>|I_in - I_out| / mean(I_in, I_out): the current balance (0 when no current flows).</summary>
    public double CurrentMismatch => CurrentInA + CurrentOutA > 0 ? Math.Abs(CurrentInA - CurrentOutA) / (0.5 * (CurrentInA + CurrentOutA)) : 0;
}

/// <summary>
/// Electronic conduction through a packing of CAM particles as a resistor network (nodes = particles, edges = particle-particle
/// contacts), the picture the paper uses for sigma_e,eff (CAM-CAM interfacial resistance governs; more, smaller particles mean
/// more contacts in series, Fig 5e-f, p.8).
/// </summary>
/// <remarks>
/// <para>Contacts: the kit's one pair search, <see cref="Packing.Contacts.Pairs"/> (periodic in x and y; bounded in z), on radii
/// rho = r + shell with the relative gap tolerance tol. The pressed contact is represented by the overlap of the tolerance-inflated
/// spheres, delta = (1 + tol)(rho_i + rho_j) - d_ij, and its radius by the Hertz geometric relation a = sqrt(R_eff delta) with
/// R_eff = rho_i rho_j / (rho_i + rho_j) (Johnson, Contact Mechanics, 1985, eq. 4.22 without the load: the radius of the circle
/// where two overlapping spheres intersect, a^2 ~ R_eff delta for delta &lt;&lt; R). A sphere touches an electrode plane when
/// its distance h to the plane is at most (1 + tol) rho; its contact radius is a = sqrt(rho ((1 + tol) rho - h)) (R_eff = rho).</para>
/// <para>Edge resistance: the Holm constriction resistance of a circular contact of radius a between two half-spaces,
/// R_c = rho_1 / (4 a) + rho_2 / (4 a) (Holm, Electric Contacts, 4th ed. 1967, sec. 4; for two spheres with a &lt;&lt; R this is
/// the exact leading term, Batchelor and O'Brien, Proc. R. Soc. A 355, 313, 1977), plus a contact film
/// R_film = r_film / (pi a^2) with one area-specific resistance r_film. The electrode is a perfect conductor: a particle-plane
/// contact has rho / (4 a) + (r_film / 2) / (pi a^2) (one grain, one surface layer), exactly half a particle-particle contact of
/// the same radius, so a row of spheres between two plates is an exact series chain.</para>
/// <para>Solve: Kirchhoff's current law at every particle, potentials 1 V (bottom plane) and 0 V (top), clusters not joining both
/// planes removed (they carry no current), Jacobi-preconditioned conjugate gradients (<see cref="ResistorNetwork"/>).
/// sigma_network = I L / (V A) with A the in-plane box area.</para>
/// <para>Carbon: a separate percolating path in parallel, sigma_e = sigma_network + sigma_carbon (its value is the caller's:
/// <see cref="ContactNetworkParameters.CarbonPathSPerCm"/>).</para>
/// </remarks>
public static class ContactNetwork
{
    /// <summary>Solves the network of <paramref name="geometry"/> with <paramref name="parameters"/>.</summary>
    public static ContactNetworkResult Solve(ContactNetworkGeometry geometry, ContactNetworkParameters parameters)
    {
        var sw = Stopwatch.StartNew();
        geometry.Validate();
        parameters.Validate();
        var contacts = Build(geometry, parameters);
        int n = geometry.Spheres.Count;
        var edges = new List<(int I, int J, double G)>();
        var bottom = new double[n];
        var top = new double[n];
        int nBottom = 0, nTop = 0, nEdges = 0;
        double sumA = 0;
        foreach (var c in contacts)
        {
            if (c.I == -1) { bottom[c.J] += c.ConductanceS; nBottom++; }
            else if (c.I == -2) { top[c.J] += c.ConductanceS; nTop++; }
            else { edges.Add((c.I, c.J, c.ConductanceS)); nEdges++; sumA += c.RadiusUm; }
        }
        var net = ResistorNetwork.Solve(n, edges, bottom, top, parameters.RelativeTolerance, parameters.MaxIterations);
        double lM = geometry.ThicknessUm * 1e-6, areaM2 = geometry.BoxXUm * geometry.BoxYUm * 1e-12;
        double current = 0.5 * (net.CurrentInA + net.CurrentOutA);
        double sigmaNetworkSPerM = current * lM / (1.0 * areaM2); // V = 1 V
        double sigmaNetwork = sigmaNetworkSPerM / 100; // S/m -> S/cm
        return new ContactNetworkResult(sigmaNetwork + parameters.CarbonPathSPerCm, sigmaNetwork, parameters.CarbonPathSPerCm, n,
            net.ActiveNodes, nEdges, nBottom, nTop, nEdges > 0 ? sumA / nEdges : 0, net.CurrentInA, net.CurrentOutA,
            net.Iterations, net.Residual, net.Converged, sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The network's contacts: one per touching pair and periodic image (the set <see cref="Packing.Contacts.Pairs"/> returns),
    /// then the electrode contacts (I = -1 bottom, I = -2 top, J = particle), with radius and conductance. Contacts with a = 0
    /// (exactly at the tolerance) are left out.
    /// </summary>
    public static IReadOnlyList<NetworkContact> Build(ContactNetworkGeometry geometry, ContactNetworkParameters parameters)
    {
        geometry.Validate();
        parameters.Validate();
        var s = geometry.Spheres;
        double shell = geometry.ShellUm, tol = parameters.GapTolerance, f = 1 + tol;
        var inflated = shell > 0 ? s.Select(q => q with { RadiusUm = q.RadiusUm + shell }).ToArray() : s.ToArray();
        var pairs = Packing.Contacts.Pairs(inflated, geometry.BoxXUm, geometry.BoxYUm, null, tol);
        var result = new List<NetworkContact>(pairs.Count + 64);
        double film = parameters.FilmOhmM2;
        // Pairs lists a pair once per touching periodic image; the k-th listing of (i, j) takes the k-th touching image in a fixed
        // order, so the contacts are the same set whatever the order of the listing.
        int k = 0;
        while (k < pairs.Count)
        {
            var (i, j) = pairs[k];
            int m = k;
            while (m < pairs.Count && pairs[m] == (i, j)) m++;
            var a = inflated[i];
            var b = inflated[j];
            double reach = f * (a.RadiusUm + b.RadiusUm), rEff = a.RadiusUm * b.RadiusUm / (a.RadiusUm + b.RadiusUm);
            int found = 0;
            for (int ix = -1; ix <= 1 && found < m - k; ix++)
                for (int iy = -1; iy <= 1 && found < m - k; iy++)
                {
                    double dx = b.XUm + ix * geometry.BoxXUm - a.XUm, dy = b.YUm + iy * geometry.BoxYUm - a.YUm, dz = b.ZUm - a.ZUm;
                    double d = Math.Sqrt(dx * dx + dy * dy + dz * dz);
                    if (d > reach) continue;
                    found++;
                    double aUm = Math.Sqrt(rEff * (reach - d));
                    if (!(aUm > 0)) continue;
                    double am = aUm * 1e-6;
                    double r = parameters.ResistivityOhmM(a.Species) / (4 * am) + parameters.ResistivityOhmM(b.Species) / (4 * am) + film / (Math.PI * am * am);
                    result.Add(new NetworkContact(i, j, aUm, 1 / r));
                }
            k = m;
        }
        for (int i = 0; i < inflated.Length; i++)
        {
            var q = inflated[i];
            foreach (var (code, h) in new[] { (-1, q.ZUm - geometry.BottomZUm), (-2, geometry.TopZUm - q.ZUm) })
            {
                double delta = f * q.RadiusUm - h;
                if (!(delta > 0)) continue;
                double aUm = Math.Sqrt(q.RadiusUm * delta), am = aUm * 1e-6;
                double r = parameters.ResistivityOhmM(q.Species) / (4 * am) + 0.5 * film / (Math.PI * am * am);
                result.Add(new NetworkContact(code, i, aUm, 1 / r));
            }
        }
        return result;
    }

    /// <summary>
    /// Fits the one film resistance r_film to measured conductivities of calibration packings (the paper's two unimodal cathodes):
    /// minimises sum_k (ln sigma_model,k - ln sigma_measured,k)^2 over ln r_film by golden-section search on
    /// [<paramref name="minFilmOhmM2"/>, <paramref name="maxFilmOhmM2"/>] (sigma falls monotonically with r_film, so the sum is
    /// unimodal). Every other parameter is held as given.
    /// </summary>
    /// <returns>The fitted r_film (ohm m2) and the model conductivities (S/cm) of the calibration packings at it.</returns>
    public static (double FilmOhmM2, IReadOnlyList<double> ModelSPerCm) FitFilm(
        IReadOnlyList<(ContactNetworkGeometry Geometry, ContactNetworkParameters Parameters, double MeasuredSPerCm)> calibration,
        double minFilmOhmM2 = 1e-12, double maxFilmOhmM2 = 1e-2, double relativeTolerance = 1e-6)
    {
        InvalidInputException.Require(calibration.Count > 0, "calibration", "at least one calibration packing");
        foreach (var c in calibration)
            InvalidInputException.Require(c.MeasuredSPerCm > c.Parameters.CarbonPathSPerCm && double.IsFinite(c.MeasuredSPerCm), "measured_s_per_cm",
                $"a measured conductivity above the carbon path ({c.Parameters.CarbonPathSPerCm} S/cm), got {c.MeasuredSPerCm}");
        InvalidInputException.Require(minFilmOhmM2 > 0 && maxFilmOhmM2 > minFilmOhmM2, "film_ohm_m2", "0 < min < max");
        // Contacts depend on geometry only; the film changes the conductances: rebuild per evaluation (cheap next to the solve).
        double Cost(double lnFilm)
        {
            double film = Math.Exp(lnFilm), sum = 0;
            foreach (var c in calibration)
            {
                double m = Solve(c.Geometry, c.Parameters with { FilmOhmM2 = film }).SigmaSPerCm;
                double e = Math.Log(m) - Math.Log(c.MeasuredSPerCm);
                sum += e * e;
            }
            return sum;
        }
        double lo = Math.Log(minFilmOhmM2), hi = Math.Log(maxFilmOhmM2), g = (Math.Sqrt(5) - 1) / 2;
        double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo), f1 = Cost(x1), f2 = Cost(x2);
        while (hi - lo > relativeTolerance)
        {
            if (f1 <= f2) { hi = x2; x2 = x1; f2 = f1; x1 = hi - g * (hi - lo); f1 = Cost(x1); }
            else { lo = x1; x1 = x2; f1 = f2; x2 = lo + g * (hi - lo); f2 = Cost(x2); }
        }
        double best = Math.Exp(0.5 * (lo + hi));
        return (best, calibration.Select(c => Solve(c.Geometry, c.Parameters with { FilmOhmM2 = best }).SigmaSPerCm).ToList());
    }
}

/// <summary>Solution of a resistor network between two electrodes.</summary>
/// <param name="Potentials">Node potentials (V; bottom electrode 1 V, top 0 V); NaN for nodes not joined to both electrodes.</param>
/// <param name="CurrentInA">sum_i G_i,bottom (1 - phi_i) (A).</param>
/// <param name="CurrentOutA">sum_i G_i,top phi_i (A).</param>
/// <param name="ActiveNodes">Nodes solved (in clusters joining both electrodes).</param>
/// <param name="Iterations">Conjugate-gradient iterations.</param>
/// <param name="Residual">Final ||b - A x|| / ||b||.</param>
/// <param name="Converged">Residual at or below the tolerance, or nothing to solve.</param>
public sealed record ResistorNetworkSolution(double[] Potentials, double CurrentInA, double CurrentOutA, int ActiveNodes, int Iterations, double Residual, bool Converged);

/// <summary>
/// A linear resistor network between two electrodes (bottom at 1 V, top at 0 V): the graph Laplacian with the electrode
/// conductances on its diagonal, solved by Jacobi-preconditioned conjugate gradients on a compressed sparse row matrix.
/// The kit had no general sparse CG (its voxel solver is matrix-free on the grid), so this is the one for graphs.
/// </summary>
/// <remarks>
/// Nodes not connected (through positive conductances) to both electrodes are removed first: a cluster touching neither would
/// make the matrix singular, one touching a single electrode sits at its potential and carries nothing. The remaining matrix is
/// symmetric positive definite (every cluster has a Dirichlet connection). Sequential loops in a fixed order: the result is
/// bit-identical for any thread count. CG: Hestenes and Stiefel (1952); Saad, Iterative Methods for Sparse Linear Systems,
/// 2nd ed. 2003, Alg. 9.1.
/// </remarks>
public static class ResistorNetwork
{
    /// <summary>Solves the network.</summary>
    /// <param name="nodes">Number of nodes.</param>
    /// <param name="edges">Node-node conductances (S); parallel edges add.</param>
    /// <param name="bottomConductanceS">Conductance of each node to the bottom electrode (S; 0 for none).</param>
    /// <param name="topConductanceS">Conductance of each node to the top electrode (S).</param>
    /// <param name="relativeTolerance">Stop at ||b - A x|| / ||b|| below this.</param>
    /// <param name="maxIterations">Iteration cap.</param>
    public static ResistorNetworkSolution Solve(int nodes, IReadOnlyList<(int I, int J, double G)> edges, double[] bottomConductanceS, double[] topConductanceS,
        double relativeTolerance = 1e-10, int maxIterations = 50_000)
    {
        InvalidInputException.Require(bottomConductanceS.Length == nodes && topConductanceS.Length == nodes, "nodes", "one electrode conductance per node");
        foreach (var (i, j, g) in edges)
            InvalidInputException.Require(i >= 0 && i < nodes && j >= 0 && j < nodes && i != j && g >= 0 && double.IsFinite(g), "edges", $"edges between distinct nodes with finite non-negative conductance, got ({i}, {j}, {g})");
        // Union-find over nodes plus the two electrodes (nodes, nodes + 1).
        var parent = Enumerable.Range(0, nodes + 2).ToArray();
        int Find(int x) { while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
        void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }
        foreach (var (i, j, g) in edges) if (g > 0) Union(i, j);
        for (int i = 0; i < nodes; i++)
        {
            if (bottomConductanceS[i] > 0) Union(i, nodes);
            if (topConductanceS[i] > 0) Union(i, nodes + 1);
        }
        var potentials = new double[nodes];
        Array.Fill(potentials, double.NaN);
        if (Find(nodes) != Find(nodes + 1)) return new ResistorNetworkSolution(potentials, 0, 0, 0, 0, 0, true);
        int root = Find(nodes);
        var index = new int[nodes];
        int m = 0;
        for (int i = 0; i < nodes; i++) index[i] = Find(i) == root ? m++ : -1;
        // CSR of the Laplacian: off-diagonals -G per edge (parallel edges merged), diagonal sum of G plus electrode conductances.
        var diag = new double[m];
        var b = new double[m];
        var rows = new List<(int Col, double G)>[m];
        for (int r = 0; r < m; r++) rows[r] = new();
        foreach (var (i, j, g) in edges)
        {
            if (!(g > 0) || index[i] < 0) continue;
            int a = index[i], c = index[j];
            diag[a] += g; diag[c] += g;
            rows[a].Add((c, g)); rows[c].Add((a, g));
        }
        for (int i = 0; i < nodes; i++)
        {
            if (index[i] < 0) continue;
            diag[index[i]] += bottomConductanceS[i] + topConductanceS[i];
            b[index[i]] = bottomConductanceS[i] * 1.0; // bottom electrode at 1 V
        }
        var rowStart = new int[m + 1];
        var cols = new List<int>();
        var vals = new List<double>();
        for (int r = 0; r < m; r++)
        {
            foreach (var grp in rows[r].GroupBy(e => e.Col).OrderBy(gp => gp.Key))
            {
                cols.Add(grp.Key);
                double s = 0;
                foreach (var e in grp) s += e.G;
                vals.Add(-s);
            }
            rowStart[r + 1] = cols.Count;
        }
        var colArr = cols.ToArray();
        var valArr = vals.ToArray();
        void Multiply(double[] x, double[] y)
        {
            for (int r = 0; r < m; r++)
            {
                double s = diag[r] * x[r];
                for (int p = rowStart[r]; p < rowStart[r + 1]; p++) s += valArr[p] * x[colArr[p]];
                y[r] = s;
            }
        }
        // A restart from the current iterate when the recurrence residual drifted below the tolerance but the true one did not.
        double[] xSol = new double[m];
        int iterations = 0;
        double residual = double.NaN;
        bool converged = false;
        for (int restart = 0; restart < 4 && !converged && iterations < maxIterations; restart++)
        {
            var (x, it, res, ok) = ConjugateGradient(Multiply, diag, b, restart == 0 ? null : xSol, relativeTolerance, maxIterations - iterations);
            xSol = x; iterations += it; residual = res; converged = ok;
        }
        double iIn = 0, iOut = 0;
        for (int i = 0; i < nodes; i++)
        {
            if (index[i] < 0) continue;
            double phi = xSol[index[i]];
            potentials[i] = phi;
            iIn += bottomConductanceS[i] * (1 - phi);
            iOut += topConductanceS[i] * phi;
        }
        return new ResistorNetworkSolution(potentials, iIn, iOut, m, iterations, residual, converged);
    }

    /// <summary>Jacobi-preconditioned conjugate gradients for A x = b, A symmetric positive definite given by <paramref name="multiply"/>.</summary>
    static (double[] X, int Iterations, double Residual, bool Converged) ConjugateGradient(Action<double[], double[]> multiply, double[] diagonal, double[] b,
        double[]? start, double relativeTolerance, int maxIterations)
    {
        int n = b.Length;
        var x = new double[n];
        double bNorm = Math.Sqrt(Dot(b, b));
        if (bNorm == 0) return (x, 0, 0, true);
        // Start from the given iterate, else from the diagonal solve (exact when the nodes do not couple).
        for (int i = 0; i < n; i++) x[i] = start is null ? b[i] / diagonal[i] : start[i];
        var r = new double[n];
        var ap = new double[n];
        multiply(x, ap);
        for (int i = 0; i < n; i++) r[i] = b[i] - ap[i];
        var z = new double[n];
        for (int i = 0; i < n; i++) z[i] = r[i] / diagonal[i];
        var p = (double[])z.Clone();
        double rz = Dot(r, z);
        double res = Math.Sqrt(Dot(r, r)) / bNorm;
        int it = 0;
        while (res > relativeTolerance && it < maxIterations)
        {
            multiply(p, ap);
            double pAp = Dot(p, ap);
            if (!(pAp > 0)) break;
            double alpha = rz / pAp;
            for (int i = 0; i < n; i++) { x[i] += alpha * p[i]; r[i] -= alpha * ap[i]; }
            for (int i = 0; i < n; i++) z[i] = r[i] / diagonal[i];
            double rzNew = Dot(r, z);
            double beta = rzNew / rz;
            rz = rzNew;
            for (int i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
            it++;
            res = Math.Sqrt(Dot(r, r)) / bNorm;
        }
        // The recurrence residual drifts from the true one in long runs: report the true residual.
        multiply(x, ap);
        double t = 0;
        for (int i = 0; i < n; i++) { double d = b[i] - ap[i]; t += d * d; }
        double trueRes = Math.Sqrt(t) / bNorm;
        return (x, it, trueRes, trueRes <= relativeTolerance);
    }

    static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
