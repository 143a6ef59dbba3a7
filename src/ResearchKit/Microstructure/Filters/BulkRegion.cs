namespace ResearchKit.Microstructure.Filters;

/// <summary>Crops of a labelled volume before a transport solve.</summary>
public static class VolumeFilters
{
    /// <summary>
    /// The through-plane slab between the two wall layers. A packing's first and last voxel planes touch the flat walls and can be
    /// mostly pore (the voxel plane straddling the top of the packing is empty where no sphere reaches it), which would block every
    /// path in z; tomography studies crop such boundary layers too. Planes are dropped from each end while their pore fraction exceeds
    /// max(2 x the median plane's, 0.02), at most a tenth of the thickness per side.
    /// </summary>
    /// <param name="v">Labelled volume, C order (z slowest); z is the through-plane axis.</param>
    /// <param name="trimmedPlanes">Number of z planes dropped (both ends together).</param>
    /// <param name="poreLabel">Label of the pore phase (default 0).</param>
    public static LabelVolume BulkRegion(LabelVolume v, out int trimmedPlanes, byte poreLabel = 0)
    {
        var (z0, z1) = BulkRegionPlanes(v, poreLabel);
        long plane = (long)v.Nx * v.Ny;
        trimmedPlanes = z0 + (v.Nz - z1);
        if (trimmedPlanes == 0) return v;
        var labels = new byte[(z1 - z0) * plane];
        Array.Copy(v.Labels, z0 * plane, labels, 0, labels.LongLength);
        return new LabelVolume(z1 - z0, v.Ny, v.Nx, v.VoxelUm, labels);
    }

    /// <summary>The planes [Z0, Z1) that <see cref="BulkRegion"/> keeps, to crop companion per-voxel maps (e.g. particle ids) alike.</summary>
    public static (int Z0, int Z1) BulkRegionPlanes(LabelVolume v, byte poreLabel = 0)
    {
        long plane = (long)v.Nx * v.Ny;
        var poreFraction = new double[v.Nz];
        for (int z = 0; z < v.Nz; z++)
        {
            long n = 0;
            for (long i = z * plane; i < (z + 1) * plane; i++) if (v.Labels[i] == poreLabel) n++;
            poreFraction[z] = n / (double)plane;
        }
        double median = poreFraction.Order().ElementAt(v.Nz / 2);
        double limit = Math.Max(2 * median, 0.02);
        int maxTrim = v.Nz / 10, z0 = 0, z1 = v.Nz;
        while (z0 < maxTrim && poreFraction[z0] > limit) z0++;
        while (v.Nz - z1 < maxTrim && poreFraction[z1 - 1] > limit) z1--;
        return (z0, z1);
    }
}
