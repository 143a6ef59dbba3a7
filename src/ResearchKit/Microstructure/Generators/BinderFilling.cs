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
/// ties by voxel index, so the binder volume is placed exactly and deterministically. r* is found by bisection (one EDT per step).
/// Walls (z faces) count as solid: the corner between a particle and the current collector is a crevice too.
/// </remarks>
public static class BinderFilling
{
    /// <summary>Fills <paramref name="binderVoxels"/> voxels labelled <see cref="PhaseLabels.Pore"/> with <paramref name="binderLabel"/>.</summary>
    public static BinderFillResult Fill(LabelVolume volume, long binderVoxels, byte binderLabel = PhaseLabels.Sse, int maxDegreeOfParallelism = -1)
    {
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
        float maxD2 = 0;
        for (int i = 0; i < n; i++) if (labels[i] == PhaseLabels.Pore && d2[i] > maxD2) maxD2 = d2[i];
        int rMax = (int)Math.Floor(Math.Sqrt(maxD2));
        long keepOpen = pore - binderVoxels;
        float[] work = new float[n];

        // Opening of radius r: counts pore voxels within distance < r of a seed (EDT >= r).
        long Opening(int r, float[] buffer)
        {
            float r2 = (float)r * r;
            PoreThickness.SquaredDistance(i => labels[i] == PhaseLabels.Pore && d2[i] >= r2, nz, ny, nx, true, false, buffer, maxDegreeOfParallelism);
            edts++;
            return CountParallel(n, i => labels[i] == PhaseLabels.Pore && buffer[i] < r2, po);
        }

        // Largest r with |O(r)| >= keepOpen; |O(1)| = pore >= keepOpen always.
        int lo = 1, hi = rMax + 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (Opening(mid, work) >= keepOpen) lo = mid; else hi = mid;
        }
        int rStar = lo;
        float rs2 = (float)rStar * rStar, rn2 = (float)(rStar + 1) * (rStar + 1);
        // inOpen[r*] in `work`; O(r*+1) in `next`.
        long openCount = Opening(rStar, work);
        var next = new float[n];
        if (rStar + 1 <= rMax) Opening(rStar + 1, next); else Array.Fill(next, PoreThickness.Infinity);
        long excess = openCount - keepOpen; // voxels of O(r*) that must still be filled
        // Fill everything outside O(r*).
        Parallel.For(0, nz, po, z =>
        {
            int b = z * ny * nx;
            for (int j = b; j < b + ny * nx; j++)
                if (labels[j] == PhaseLabels.Pore && !(work[j] < rs2)) labels[j] = binderLabel;
        });
        if (excess > 0)
        {
            // Rank the open voxels by (class, EDT, index): class 0 = band O(r*) \ O(r*+1), class 1 = deeper.
            int maxKey = (int)Math.Min(maxD2, int.MaxValue - 2);
            var hist = new long[2, maxKey + 1];
            for (int i = 0; i < n; i++)
            {
                if (labels[i] != PhaseLabels.Pore || !(work[i] < rs2)) continue;
                int cls = next[i] < rn2 ? 1 : 0;
                hist[cls, (int)d2[i]]++;
            }
            long need = excess;
            int tCls = 1, tKey = maxKey;
            long takeAtThreshold = 0;
            for (int cls = 0; cls < 2 && need > 0; cls++)
                for (int key = 0; key <= maxKey; key++)
                {
                    long c = hist[cls, key];
                    if (c == 0) continue;
                    if (c >= need) { tCls = cls; tKey = key; takeAtThreshold = need; need = 0; break; }
                    need -= c;
                }
            for (int i = 0; i < n; i++)
            {
                if (labels[i] != PhaseLabels.Pore || !(work[i] < rs2)) continue;
                int cls = next[i] < rn2 ? 1 : 0;
                int key = (int)d2[i];
                if (cls < tCls || (cls == tCls && key < tKey)) labels[i] = binderLabel;
                else if (cls == tCls && key == tKey && takeAtThreshold > 0) { labels[i] = binderLabel; takeAtThreshold--; }
            }
        }
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
