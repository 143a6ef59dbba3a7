namespace ResearchKit.Microstructure.Generators;

/// <summary>What the SSE filling did: voxels filled, the crevice size where filling stopped, and any overflow.</summary>
/// <param name="FilledVoxels">Pore voxels turned into binder (SSE + sub-voxel carbon).</param>
/// <param name="PoreVoxelsBefore">Non-CAM voxels before filling.</param>
/// <param name="OverflowVoxels">Binder voxels that did not fit into the CAM interstices (0 unless the binder exceeds the free space).</param>
/// <param name="OpeningRadiusVoxels">r*: every pore left open is covered by a ball of radius >= r* (voxels) that fits in the pore space.</param>
/// <param name="DistanceTransforms">Number of EDT passes used (cost figure).</param>
public sealed record BinderFillResult(long FilledVoxels, long PoreVoxelsBefore, long OverflowVoxels, int OpeningRadiusVoxels, int DistanceTransforms);

/// <summary>
/// Cold-pressing model of a ductile sulfide SSE (paper: 300 MPa, "the ductile SSE fills interstitial voids between NCWA and NCM
/// particles"): a fixed binder volume fills the non-CAM space narrowest crevices first and leaves the widest voids as pores.
/// </summary>
/// <remarks>
/// Crevice width is the local thickness of the pore space (Hildebrand and Ruegsegger, J. Microsc. 185 (1997) 67): the diameter
/// of the largest ball that fits in the pore space and covers the voxel. Pores of local thickness >= 2r form the morphological
/// opening O(r) = {x : dist(x, S_r) &lt; r}, S_r = {c : EDT(c) >= r}, EDT = distance to the nearest CAM voxel or wall.
/// The binder fills the complement of O(r*) for the largest integer r* whose opening still holds the pore volume left over;
/// the remaining excess is filled inside O(r*) \ O(r*+1) (thickness in [2r*, 2r*+2)) nearest the CAM first (smallest EDT),
/// ties by voxel index, so the binder volume is placed exactly and deterministically. r* is found by interpolation/bisection search (one bounded EDT per step).
/// Walls (z faces) count as solid: the corner between a particle and the current collector is a crevice too.
/// </remarks>
public static class BinderFilling
{
    /// <summary>Fills <paramref name="binderVoxels"/> voxels labelled <see cref="PhaseLabels.Pore"/> with <paramref name="binderLabel"/>.</summary>
    public static BinderFillResult Fill(LabelVolume volume, long binderVoxels, byte binderLabel = PhaseLabels.Sse, int maxDegreeOfParallelism = -1, IProgress<string>? progress = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var labels = volume.Labels;
        int nz = volume.Nz, ny = volume.Ny, nx = volume.Nx, n = labels.Length;
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        long pore = CountParallel(n, i => labels[i] == PhaseLabels.Pore, po);
        if (binderVoxels <= 0) return new BinderFillResult(0, pore, 0, 0, 0);
        if (binderVoxels >= pore)
        {
            Parallel.For(0, nz, po, z => { int b = z * ny * nx; for (int j = b; j < b + ny * nx; j++) if (labels[j] == PhaseLabels.Pore) labels[j] = binderLabel; });
            return new BinderFillResult(pore, pore, binderVoxels - pore, 0, 0);
        }
        var solid = new bool[256];
        for (int i = 1; i < 256; i++) solid[i] = true;
        var d2 = PoreThickness.SquaredDistance(labels, solid, nz, ny, nx, periodicXY: true, wallsZ: true, maxDegreeOfParallelism: maxDegreeOfParallelism);
        int edts = 1;
        progress?.Report($"fill: EDT of the pore space {sw.Elapsed.TotalSeconds:F2} s");
        float maxD2 = 0;
        {
            const int chunk = 1 << 20;
            var partial = new float[(n + chunk - 1) / chunk];
            Parallel.For(0, partial.Length, po, c =>
            {
                float m = 0;
                int end = Math.Min(n, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++) if (labels[i] == PhaseLabels.Pore && d2[i] > m) m = d2[i];
                partial[c] = m;
            });
            foreach (var m in partial) maxD2 = Math.Max(maxD2, m);
        }
        int rMax = (int)Math.Floor(Math.Sqrt(maxD2));
        long keepOpen = pore - binderVoxels;
        float[] work = new float[n];

        // Opening of radius r as a byte mask (1 = pore voxel inside O(r)); returns |O(r)|.
        long Opening(int r, byte[] mask)
        {
            float r2 = (float)r * r;
            PoreThickness.SquaredDistance(i => labels[i] == PhaseLabels.Pore && d2[i] >= r2, nz, ny, nx, true, false, work, maxDegreeOfParallelism, r2);
            edts++;
            progress?.Report($"fill: opening r = {r} voxels {sw.Elapsed.TotalSeconds:F2} s");
            return CountParallel(n, i =>
            {
                bool inside = labels[i] == PhaseLabels.Pore && work[i] < r2;
                mask[i] = inside ? (byte)1 : (byte)0;
                return inside;
            }, po);
        }

        // Free lower bound: O(r) contains every seed {EDT >= r}, so r is feasible when the seeds alone hold keepOpen voxels.
        var seedHist = new long[rMax + 2];
        {
            const int chunk = 1 << 20;
            Parallel.For(0, (n + chunk - 1) / chunk, po, () => new long[rMax + 2], (c, _, h) =>
            {
                int end = Math.Min(n, (c + 1) * chunk);
                for (int i = c * chunk; i < end; i++) if (labels[i] == PhaseLabels.Pore) h[Math.Min(rMax + 1, (int)Math.Floor(Math.Sqrt(d2[i])))]++;
                return h;
            }, h => { lock (seedHist) for (int k = 0; k < h.Length; k++) seedHist[k] += h[k]; });
        }
        int lo = 1;
        long atLeast = 0;
        for (int r = rMax + 1; r >= 1; r--) { atLeast += seedHist[r]; if (atLeast >= keepOpen) { lo = Math.Max(1, Math.Min(r, rMax)); break; } }
        // Largest r with |O(r)| >= keepOpen (|O(lo)| >= keepOpen holds), by bisection; masks of O(lo) and O(hi) are kept.
        byte[] maskLo = new byte[n], maskHi = new byte[n], scratch = new byte[n];
        long countLo = Opening(lo, maskLo);
        int hi = rMax + 1;
        bool hiComputed = false;
        long countHi = 0;
        bool interpolate = true;
        while (hi - lo > 1)
        {
            // Interpolation step on the (smooth) granulometry curve, alternating with plain bisection so the
            // number of EDTs stays logarithmic in the worst case.
            int mid = (lo + hi) / 2;
            if (interpolate && countLo > countHi)
                mid = (int)Math.Round(lo + (double)(countLo - keepOpen) / (countLo - countHi) * (hi - lo));
            mid = Math.Clamp(mid, lo + 1, hi - 1);
            interpolate = !interpolate;
            long c = Opening(mid, scratch);
            if (c >= keepOpen) { lo = mid; countLo = c; (maskLo, scratch) = (scratch, maskLo); }
            else { hi = mid; countHi = c; hiComputed = true; (maskHi, scratch) = (scratch, maskHi); }
        }
        int rStar = lo;
        if (!hiComputed) Array.Clear(maskHi); // hi = rMax + 1: O(hi) is empty
        scratch = null!;
        long excess = countLo - keepOpen; // voxels of O(r*) that must still be filled
        // Fill everything outside O(r*).
        Parallel.For(0, nz, po, z =>
        {
            int b = z * ny * nx;
            for (int j = b; j < b + ny * nx; j++)
                if (labels[j] == PhaseLabels.Pore && maskLo[j] == 0) labels[j] = binderLabel;
        });
        if (excess > 0)
        {
            // Rank the open voxels by (class, EDT, index): class 0 = band O(r*) \ O(r*+1), class 1 = deeper.
            int maxKey = (int)Math.Min(maxD2, int.MaxValue - 2);
            int keys = 2 * (maxKey + 1);
            const int chunk = 1 << 20;
            int chunks = (n + chunk - 1) / chunk;
            var hist = new long[keys];
            Parallel.For(0, chunks, po, () => new long[keys], (ci, _, h) =>
            {
                int end = Math.Min(n, (ci + 1) * chunk);
                for (int i = ci * chunk; i < end; i++)
                    if (labels[i] == PhaseLabels.Pore) h[maskHi[i] * (maxKey + 1) + (int)d2[i]]++;
                return h;
            }, h => { lock (hist) for (int k = 0; k < keys; k++) hist[k] += h[k]; });
            long need = excess;
            int tKey = keys - 1;
            long takeAtThreshold = 0;
            for (int k = 0; k < keys && need > 0; k++)
            {
                long c = hist[k];
                if (c == 0) continue;
                if (c >= need) { tKey = k; takeAtThreshold = need; need = 0; break; }
                need -= c;
            }
            // Voxels at the threshold key are taken in index order: per-chunk counts, prefix sums, then parallel assignment.
            var atKey = new long[chunks + 1];
            Parallel.For(0, chunks, po, ci =>
            {
                int end = Math.Min(n, (ci + 1) * chunk);
                long c = 0;
                for (int i = ci * chunk; i < end; i++)
                    if (labels[i] == PhaseLabels.Pore && maskHi[i] * (maxKey + 1) + (int)d2[i] == tKey) c++;
                atKey[ci + 1] = c;
            });
            for (int ci = 0; ci < chunks; ci++) atKey[ci + 1] += atKey[ci];
            Parallel.For(0, chunks, po, ci =>
            {
                int end = Math.Min(n, (ci + 1) * chunk);
                long before = atKey[ci];
                for (int i = ci * chunk; i < end; i++)
                {
                    if (labels[i] != PhaseLabels.Pore) continue;
                    int key = maskHi[i] * (maxKey + 1) + (int)d2[i];
                    if (key < tKey) labels[i] = binderLabel;
                    else if (key == tKey) { if (before < takeAtThreshold) labels[i] = binderLabel; before++; }
                }
            });
        }
        progress?.Report($"fill: done {sw.Elapsed.TotalSeconds:F2} s");
        return new BinderFillResult(binderVoxels, pore, 0, rStar, edts);
    }

    static long CountParallel(int n, Func<int, bool> test, ParallelOptions po)
    {
        long total = 0;
        const int chunk = 1 << 20;
        int chunks = (n + chunk - 1) / chunk;
        Parallel.For(0, chunks, po, () => 0L, (c, _, acc) =>
        {
            int end = Math.Min(n, (c + 1) * chunk);
            for (int i = c * chunk; i < end; i++) if (test(i)) acc++;
            return acc;
        }, acc => Interlocked.Add(ref total, acc));
        return total;
    }
}
