namespace ResearchKit.Packing.Engine;

/// <summary>
/// Soft (harmonic) spheres in a box that is periodic in x and y and either periodic or walled in z, with Verlet
/// neighbour lists built from a multi-level cell grid, and a FIRE energy minimiser.
/// <para>
/// Potential (O'Hern, Silbert, Liu and Nagel, Phys. Rev. E 68, 011306 (2003)): a pair i,j with centre distance d below
/// sigma = s (r_i + r_j) stores V = (sigma - d)^2 / (2 sigma), so the repulsive force is the relative overlap
/// (sigma - d)/sigma; a wall stores V = p^2 / (2 s r_i) for a penetration p. Scale invariant: a packing of 10 um and of
/// 1 um spheres relaxes alike.
/// </para>
/// <para>
/// Neighbour search for large size ratios: spheres are binned once into levels by radius (factor 2 per level); each level
/// has its own grid with cells sized to that level's largest diameter plus the skin, and a sphere queries every level's
/// grid with the range r_i + r_max(level) + skin. So a big sphere visits the small-sphere cells it covers and a small
/// sphere visits only the few big-sphere cells near it: cost linear in N for any size ratio.
/// Periodic images are enumerated explicitly (unwrapped cell index -> wrapped cell + image shift), so the box may be as
/// small as one diameter: a sphere may touch two images of the same neighbour.
/// </para>
/// <para>
/// Determinism: each sphere sums the forces of its own neighbour list in list order (lists are built in a fixed order),
/// and global sums are taken over fixed-size chunks then added in chunk order, so the result does not depend on the
/// number of threads.
/// </para>
/// </summary>
internal sealed class SoftSphereSystem
{
    const int Chunk = 256;
    const int ShiftRange = 3, ShiftSpan = 2 * ShiftRange + 1;

    public readonly int N;
    public readonly double[] X, Y, Z;
    public readonly double[] R0;
    public readonly bool Walls;
    public double Scale = 1;
    public double Lx, Ly, Lz;
    public long Iterations;

    readonly ParallelOptions _po;
    readonly int _parallelMinChunks;
    readonly int _nChunks;
    readonly double[] _vx, _vy, _vz, _fx, _fy, _fz, _invMass;
    readonly double[] _x0, _y0, _z0;
    readonly double[] _chunkA, _chunkB, _chunkC, _chunkD, _chunkE, _chunkF;

    // Levels of the multi-level grid (fixed: radii scale uniformly).
    readonly int _nLevels;
    readonly int[][] _levelMembers;
    readonly double[] _levelRmax0;
    readonly double _skinRadius0;

    // Per-level cell grid, rebuilt with the lists.
    readonly int[][] _cellStart;
    readonly int[][] _cellItems;
    readonly int[] _lnx, _lny, _lnz;
    readonly double[] _lcx, _lcy, _lcz;

    // CSR neighbour list: for sphere i the entries _start[i].._start[i+1]-1 hold neighbour j and an image-shift code.
    int[] _start;
    int[] _nbr = new int[16];
    int[] _code = new int[16];
    readonly List<int>[] _chunkNbr, _chunkCode;
    readonly double[] _shiftX = new double[ShiftSpan * ShiftSpan * ShiftSpan];
    readonly double[] _shiftY = new double[ShiftSpan * ShiftSpan * ShiftSpan];
    readonly double[] _shiftZ = new double[ShiftSpan * ShiftSpan * ShiftSpan];
    double _skin;
    double _skinFactor = 0.3;
    bool _listValid;

    public SoftSphereSystem(double[] radii, bool walls, double lx, double ly, double lz, int maxDegreeOfParallelism, int parallelMinChunks = 16)
    {
        N = radii.Length;
        _parallelMinChunks = parallelMinChunks;
        R0 = (double[])radii.Clone();
        Walls = walls;
        Lx = lx; Ly = ly; Lz = lz;
        _po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism <= 0 ? -1 : maxDegreeOfParallelism };
        X = new double[N]; Y = new double[N]; Z = new double[N];
        _vx = new double[N]; _vy = new double[N]; _vz = new double[N];
        _fx = new double[N]; _fy = new double[N]; _fz = new double[N];
        _invMass = new double[N];
        _x0 = new double[N]; _y0 = new double[N]; _z0 = new double[N];
        _nChunks = (N + Chunk - 1) / Chunk;
        _chunkA = new double[_nChunks]; _chunkB = new double[_nChunks]; _chunkC = new double[_nChunks]; _chunkD = new double[_nChunks]; _chunkE = new double[_nChunks]; _chunkF = new double[_nChunks];
        _chunkNbr = new List<int>[_nChunks]; _chunkCode = new List<int>[_nChunks];
        for (int c = 0; c < _nChunks; c++) { _chunkNbr[c] = new List<int>(); _chunkCode[c] = new List<int>(); }
        _start = new int[N + 1];

        // Levels by radius: level b holds radii in (rmax / 2^(b+1), rmax / 2^b]; at most 8 levels, the last takes the rest.
        double rmax = R0.Max();
        var levelOf = new int[N];
        int maxLevel = 0;
        for (int i = 0; i < N; i++)
        {
            int b = (int)Math.Floor(Math.Log2(rmax / R0[i]));
            b = Math.Clamp(b, 0, 7);
            levelOf[i] = b;
            maxLevel = Math.Max(maxLevel, b);
        }
        var members = new List<int>[maxLevel + 1];
        for (int b = 0; b <= maxLevel; b++) members[b] = new List<int>();
        for (int i = 0; i < N; i++) members[levelOf[i]].Add(i);
        var nonEmpty = members.Where(m => m.Count > 0).ToList();
        _nLevels = nonEmpty.Count;
        _levelMembers = nonEmpty.Select(m => m.ToArray()).ToArray();
        _levelRmax0 = _levelMembers.Select(m => m.Max(i => R0[i])).ToArray();
        _cellStart = new int[_nLevels][]; _cellItems = new int[_nLevels][];
        _lnx = new int[_nLevels]; _lny = new int[_nLevels]; _lnz = new int[_nLevels];
        _lcx = new double[_nLevels]; _lcy = new double[_nLevels]; _lcz = new double[_nLevels];
        for (int b = 0; b < _nLevels; b++) { _cellItems[b] = new int[_levelMembers[b].Length]; _cellStart[b] = new int[2]; }

        // Skin: 30 % of the 10th-percentile radius (by number): small enough that the lists of small spheres stay short,
        // large enough that lists survive many minimiser steps.
        var sorted = (double[])R0.Clone();
        Array.Sort(sorted);
        _skinRadius0 = sorted[Math.Min(N - 1, N / 10)];
    }

    /// <summary>
    /// Runs body(chunk) for every chunk: in parallel for large systems, inline below 16 chunks (by default) where the thread hand-off
    /// costs more than it saves. Either way each chunk writes only its own slots, so the result is the same.
    /// </summary>
    void ForChunks(Action<int> body)
    {
        if (_nChunks < _parallelMinChunks || _po.MaxDegreeOfParallelism == 1)
            for (int c = 0; c < _nChunks; c++) body(c);
        else Parallel.For(0, _nChunks, _po, body);
    }

    public double SolidVolume0()
    {
        double v = 0;
        for (int i = 0; i < N; i++) v += 4.0 / 3.0 * Math.PI * R0[i] * R0[i] * R0[i];
        return v;
    }

    public double PackingFraction => SolidVolume0() * Scale * Scale * Scale / (Lx * Ly * Lz);

    public void InvalidateLists() => _listValid = false;

    public void ClearVelocities()
    {
        Array.Clear(_vx); Array.Clear(_vy); Array.Clear(_vz);
    }

    static double Wrap(double x, double l)
    {
        double w = x - Math.Floor(x / l) * l;
        return w >= l ? w - l : w;
    }

    void EnsureLists()
    {
        if (_listValid) return;
        Rebuild();
    }

    /// <summary>Wraps periodic coordinates, rebuilds the cell grids and the Verlet lists and the preconditioning masses.</summary>
    void Rebuild()
    {
        for (int i = 0; i < N; i++)
        {
            X[i] = Wrap(X[i], Lx); Y[i] = Wrap(Y[i], Ly);
            if (!Walls) Z[i] = Wrap(Z[i], Lz);
        }
        Array.Copy(X, _x0, N); Array.Copy(Y, _y0, N); Array.Copy(Z, _z0, N);
        _skin = _skinFactor * Scale * _skinRadius0;
        for (int sx = -ShiftRange; sx <= ShiftRange; sx++)
            for (int sy = -ShiftRange; sy <= ShiftRange; sy++)
                for (int sz = -ShiftRange; sz <= ShiftRange; sz++)
                {
                    int code = ShiftCode(sx, sy, sz);
                    _shiftX[code] = sx * Lx; _shiftY[code] = sy * Ly; _shiftZ[code] = sz * Lz;
                }

        for (int b = 0; b < _nLevels; b++)
        {
            double c = 2 * Scale * _levelRmax0[b] + _skin;
            int nx = Math.Max(1, (int)Math.Min(Lx / c, 1024)), ny = Math.Max(1, (int)Math.Min(Ly / c, 1024)), nz = Math.Max(1, (int)Math.Min(Lz / c, 1024));
            _lnx[b] = nx; _lny[b] = ny; _lnz[b] = nz;
            _lcx[b] = Lx / nx; _lcy[b] = Ly / ny; _lcz[b] = Lz / nz;
            int ncell = nx * ny * nz;
            if (_cellStart[b].Length < ncell + 1) _cellStart[b] = new int[ncell + 1];
            var start = _cellStart[b];
            Array.Clear(start, 0, ncell + 1);
            var m = _levelMembers[b];
            var cellOf = new int[m.Length];
            for (int k = 0; k < m.Length; k++)
            {
                int i = m[k];
                cellOf[k] = CellIndex(b, X[i], Y[i], Z[i]);
                start[cellOf[k] + 1]++;
            }
            for (int cidx = 0; cidx < ncell; cidx++) start[cidx + 1] += start[cidx];
            var fill = new int[ncell];
            var items = _cellItems[b];
            for (int k = 0; k < m.Length; k++)
            {
                int cidx = cellOf[k];
                items[start[cidx] + fill[cidx]++] = m[k];
            }
        }

        ForChunks(c =>
        {
            var lj = _chunkNbr[c]; var lc = _chunkCode[c];
            lj.Clear(); lc.Clear();
            int i1 = Math.Min(N, (c + 1) * Chunk);
            for (int i = c * Chunk; i < i1; i++)
            {
                int before = lj.Count;
                Query(i, lj, lc);
                _start[i + 1] = lj.Count - before;
            }
        });
        _start[0] = 0;
        for (int i = 0; i < N; i++) _start[i + 1] += _start[i];
        int total = _start[N];
        if (_nbr.Length < total) { _nbr = new int[total + total / 4]; _code = new int[total + total / 4]; }
        ForChunks(c =>
        {
            int offset = _start[c * Chunk];
            _chunkNbr[c].CopyTo(_nbr, offset);
            _chunkCode[c].CopyTo(_code, offset);
        });

        // Preconditioning masses: m_i = sum of the stiffnesses 1/sigma of its listed neighbours plus one wall-like term,
        // so that every sphere's local frequency is at most about 1 and one time step suits all sizes (Jacobi scaling).
        ForChunks(c =>
        {
            int i1 = Math.Min(N, (c + 1) * Chunk);
            for (int i = c * Chunk; i < i1; i++)
            {
                // Count neighbours within the standard skin only, so the masses do not depend on a temporarily wider skin.
                double ri = Scale * R0[i], massSkin = 0.3 * Scale * _skinRadius0;
                double k = 1.0 / ri;
                for (int e = _start[i]; e < _start[i + 1]; e++)
                {
                    int j = _nbr[e], code = _code[e];
                    double sig = ri + Scale * R0[j];
                    double dx = X[i] - (X[j] + _shiftX[code]), dy = Y[i] - (Y[j] + _shiftY[code]), dz = Z[i] - (Z[j] + _shiftZ[code]);
                    double cut = sig + massSkin;
                    if (dx * dx + dy * dy + dz * dz < cut * cut) k += 1.0 / sig;
                }
                _invMass[i] = 1.0 / k;
            }
        });
        _listValid = true;
    }

    static int ShiftCode(int sx, int sy, int sz) => (sx + ShiftRange) + ShiftSpan * ((sy + ShiftRange) + ShiftSpan * (sz + ShiftRange));

    int CellIndex(int b, double x, double y, double z)
    {
        int ix = Math.Clamp((int)Math.Floor(x / _lcx[b]), 0, _lnx[b] - 1);
        int iy = Math.Clamp((int)Math.Floor(y / _lcy[b]), 0, _lny[b] - 1);
        int iz = Math.Clamp((int)Math.Floor(z / _lcz[b]), 0, _lnz[b] - 1);
        return (iz * _lny[b] + iy) * _lnx[b] + ix;
    }

    static void WrapCell(int k, int n, out int wrapped, out int shift)
    {
        wrapped = ((k % n) + n) % n;
        shift = (k - wrapped) / n;
    }

    void Query(int i, List<int> lj, List<int> lc)
    {
        double xi = X[i], yi = Y[i], zi = Z[i], ri = Scale * R0[i];
        for (int b = 0; b < _nLevels; b++)
        {
            double range = ri + Scale * _levelRmax0[b] + _skin;
            int nx = _lnx[b], ny = _lny[b], nz = _lnz[b];
            double cx = _lcx[b], cy = _lcy[b], cz = _lcz[b];
            int kx0 = (int)Math.Floor((xi - range) / cx), kx1 = (int)Math.Floor((xi + range) / cx);
            int ky0 = (int)Math.Floor((yi - range) / cy), ky1 = (int)Math.Floor((yi + range) / cy);
            int kz0 = (int)Math.Floor((zi - range) / cz), kz1 = (int)Math.Floor((zi + range) / cz);
            if (Walls) { kz0 = Math.Max(kz0, 0); kz1 = Math.Min(kz1, nz - 1); }
            var start = _cellStart[b]; var items = _cellItems[b];
            for (int kz = kz0; kz <= kz1; kz++)
            {
                int wz, sz;
                if (Walls) { wz = kz; sz = 0; } else WrapCell(kz, nz, out wz, out sz);
                for (int ky = ky0; ky <= ky1; ky++)
                {
                    WrapCell(ky, ny, out int wy, out int sy);
                    for (int kx = kx0; kx <= kx1; kx++)
                    {
                        WrapCell(kx, nx, out int wx, out int sx);
                        int cell = (wz * ny + wy) * nx + wx;
                        double ox = sx * Lx, oy = sy * Ly, oz = sz * Lz;
                        for (int e = start[cell]; e < start[cell + 1]; e++)
                        {
                            int j = items[e];
                            if (j == i) continue;
                            double dx = xi - (X[j] + ox), dy = yi - (Y[j] + oy), dz = zi - (Z[j] + oz);
                            double cut = ri + Scale * R0[j] + _skin;
                            if (dx * dx + dy * dy + dz * dz < cut * cut)
                            {
                                if (Math.Abs(sx) > ShiftRange || Math.Abs(sy) > ShiftRange || Math.Abs(sz) > ShiftRange)
                                    throw new InvalidOperationException("periodic image shift out of range: box too small for the spheres");
                                lj.Add(j);
                                lc.Add(ShiftCode(sx, sy, sz));
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Forces on all spheres from the current lists. Chunk results: A = max relative overlap, B = sum F.v, C = sum v.v,
    /// D = sum F.F (reduced in chunk order by the caller).
    /// </summary>
    void ComputeForces()
    {
        ForChunks(c =>
        {
            double maxRel = 0, fv = 0, vv = 0, ff = 0, sumRel = 0, nRel = 0;
            int i1 = Math.Min(N, (c + 1) * Chunk);
            for (int i = c * Chunk; i < i1; i++)
            {
                double xi = X[i], yi = Y[i], zi = Z[i], ri = Scale * R0[i];
                double fx = 0, fy = 0, fz = 0;
                for (int e = _start[i]; e < _start[i + 1]; e++)
                {
                    int j = _nbr[e], code = _code[e];
                    double dx = xi - (X[j] + _shiftX[code]), dy = yi - (Y[j] + _shiftY[code]), dz = zi - (Z[j] + _shiftZ[code]);
                    double sig = ri + Scale * R0[j];
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 < sig * sig)
                    {
                        double d = Math.Sqrt(d2);
                        double rel = (sig - d) / sig;
                        if (rel > maxRel) maxRel = rel;
                        sumRel += rel; nRel++;
                        double f = d > 0 ? rel / d : 0;
                        fx += f * dx; fy += f * dy; fz += f * dz;
                    }
                }
                if (Walls)
                {
                    double pb = ri - zi;
                    if (pb > 0) { double rel = pb / ri; fz += rel; if (rel > maxRel) maxRel = rel; }
                    double pt = zi + ri - Lz;
                    if (pt > 0) { double rel = pt / ri; fz -= rel; if (rel > maxRel) maxRel = rel; }
                }
                _fx[i] = fx; _fy[i] = fy; _fz[i] = fz;
                fv += fx * _vx[i] + fy * _vy[i] + fz * _vz[i];
                vv += _vx[i] * _vx[i] + _vy[i] * _vy[i] + _vz[i] * _vz[i];
                ff += fx * fx + fy * fy + fz * fz;
            }
            _chunkA[c] = maxRel; _chunkB[c] = fv; _chunkC[c] = vv; _chunkD[c] = ff; _chunkE[c] = sumRel; _chunkF[c] = nRel;
        });
    }

    /// <summary>Largest relative overlap (pair: (sigma - d)/sigma; wall: penetration / radius) at the current state.</summary>
    public double MaxRelativeOverlap()
    {
        EnsureLists();
        ComputeForces();
        double m = 0;
        for (int c = 0; c < _nChunks; c++) m = Math.Max(m, _chunkA[c]);
        return m;
    }

    /// <summary>
    /// Agitation: random velocities of about <paramref name="amplitude"/> small-sphere radii (10th percentile) per unit time, then <paramref name="steps"/>
    /// undamped molecular-dynamics steps of the soft spheres (symplectic Euler). A short finite-temperature excursion lets
    /// the loose packing rearrange towards a more equilibrated fluid before the next quench, which raises the jamming
    /// density of the final quench (Chaudhuri, Berthier and Sastry, Phys. Rev. Lett. 104, 165701 (2010)).
    /// Velocities are drawn serially from <paramref name="rng"/> so the run stays deterministic.
    /// </summary>
    public void Agitate(ref PackingRandom rng, double amplitude, int steps, double dt)
    {
        // One speed scale for all sizes (that of the small spheres): big spheres moving at a fixed fraction of their own
        // radius would outrun the neighbour-list skin of the small ones and force a rebuild every few steps.
        double a = amplitude * Scale * _skinRadius0;
        // A wider skin while the spheres fly: lists are rebuilt every ~20 steps instead of every ~4.
        _skinFactor = 1.0;
        _listValid = false;
        for (int i = 0; i < N; i++)
        {
            _vx[i] = a * rng.NextGaussian(); _vy[i] = a * rng.NextGaussian(); _vz[i] = a * rng.NextGaussian();
        }
        for (int it = 0; it < steps; it++)
        {
            EnsureLists();
            double halfSkin2 = 0.25 * _skin * _skin;
            ComputeForces();
            Iterations++;
            ForChunks(c =>
            {
                double maxD2 = 0;
                int i1 = Math.Min(N, (c + 1) * Chunk);
                for (int i = c * Chunk; i < i1; i++)
                {
                    double a = dt * _invMass[i];
                    _vx[i] += a * _fx[i]; _vy[i] += a * _fy[i]; _vz[i] += a * _fz[i];
                    X[i] += dt * _vx[i]; Y[i] += dt * _vy[i]; Z[i] += dt * _vz[i];
                    double ddx = X[i] - _x0[i], ddy = Y[i] - _y0[i], ddz = Z[i] - _z0[i];
                    double d2 = ddx * ddx + ddy * ddy + ddz * ddz;
                    if (d2 > maxD2) maxD2 = d2;
                }
                _chunkA[c] = maxD2;
            });
            double maxDisp2 = 0;
            for (int c = 0; c < _nChunks; c++) maxDisp2 = Math.Max(maxDisp2, _chunkA[c]);
            if (maxDisp2 > halfSkin2) _listValid = false;
        }
        ClearVelocities();
        _skinFactor = 0.3;
        _listValid = false;
    }

    public enum Outcome { Relaxed, Jammed, IterationLimit }

    /// <summary>
    /// FIRE minimisation (Bitzek, Bulatov, Gumbsch et al., Phys. Rev. Lett. 97, 170201 (2006)) with the standard
    /// parameters, semi-implicit Euler steps and preconditioned masses. Stops when the largest relative overlap is below
    /// <paramref name="overlapTolerance"/> (relaxed: the packing is below jamming) or when the rms net force has fallen
    /// below <paramref name="forceTolerance"/> times the mean relative overlap of the contacts (jammed: force balance
    /// with finite overlaps) or after <paramref name="maxIterations"/>.
    /// </summary>
    public Outcome Minimize(double overlapTolerance, double forceTolerance, int maxIterations, int stallIterations, out double maxOverlap)
    {
        const int nMin = 5; const double fInc = 1.1, fDec = 0.5, alphaStart = 0.1, fAlpha = 0.99;
        const double dtMax = 1.0;
        double dt = 0.1, alpha = alphaStart;
        int nPos = 0;
        ClearVelocities();
        double halfSkin2 = 0;
                maxOverlap = double.PositiveInfinity;
        double bestEnergyProxy = double.PositiveInfinity;
        int stall = 0;
        for (int it = 0; it < maxIterations; it++)
        {
            EnsureLists();
            halfSkin2 = 0.25 * _skin * _skin;
            ComputeForces();
            Iterations++;
            double maxRel = 0, fv = 0, vv = 0, ff = 0, sumRel = 0, nRel = 0;
            for (int c = 0; c < _nChunks; c++)
            {
                maxRel = Math.Max(maxRel, _chunkA[c]); fv += _chunkB[c]; vv += _chunkC[c]; ff += _chunkD[c]; sumRel += _chunkE[c]; nRel += _chunkF[c];
            }
            maxOverlap = maxRel;
            if (maxRel < overlapTolerance) return Outcome.Relaxed;
            // Jammed: net forces balanced to a small fraction of the mean contact force while overlaps remain
            // (an unjammed system still heading to zero energy has net forces comparable to its contact forces).
            double fRms = Math.Sqrt(ff / N);
            double meanContact = nRel > 0 ? sumRel / nRel : 0;
            if (fRms < forceTolerance * meanContact) return Outcome.Jammed;
            // Plateau of the largest overlap for long also means jammed (slow creep of a marginal state).
            if (maxRel < bestEnergyProxy * 0.999) { bestEnergyProxy = maxRel; stall = 0; }
            else if (++stall > stallIterations) return Outcome.Jammed;

            double mixV = 0, mixF = 0;
            if (fv > 0)
            {
                mixV = 1 - alpha;
                mixF = ff > 0 ? alpha * Math.Sqrt(vv / ff) : 0;
                if (nPos > nMin) { dt = Math.Min(dt * fInc, dtMax); alpha *= fAlpha; }
                nPos++;
            }
            else
            {
                mixV = 0; mixF = 0;
                dt *= fDec; alpha = alphaStart; nPos = 0;
            }
            double dtLocal = dt;
            ForChunks(c =>
            {
                double maxD2 = 0;
                int i1 = Math.Min(N, (c + 1) * Chunk);
                for (int i = c * Chunk; i < i1; i++)
                {
                    double vx = mixV * _vx[i] + mixF * _fx[i];
                    double vy = mixV * _vy[i] + mixF * _fy[i];
                    double vz = mixV * _vz[i] + mixF * _fz[i];
                    double a = dtLocal * _invMass[i];
                    vx += a * _fx[i]; vy += a * _fy[i]; vz += a * _fz[i];
                    _vx[i] = vx; _vy[i] = vy; _vz[i] = vz;
                    X[i] += dtLocal * vx; Y[i] += dtLocal * vy; Z[i] += dtLocal * vz;
                    double ddx = X[i] - _x0[i], ddy = Y[i] - _y0[i], ddz = Z[i] - _z0[i];
                    double d2 = ddx * ddx + ddy * ddy + ddz * ddz;
                    if (d2 > maxD2) maxD2 = d2;
                }
                _chunkA[c] = maxD2;
            });
            double maxDisp2 = 0;
            for (int c = 0; c < _nChunks; c++) maxDisp2 = Math.Max(maxDisp2, _chunkA[c]);
            if (maxDisp2 > halfSkin2) _listValid = false;
        }
        return Outcome.IterationLimit;
    }
}
