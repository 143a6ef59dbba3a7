using System.Globalization;
using System.Text;

namespace ResearchKit.Microstructure.IO;

/// <summary>
/// VTK writers for ParaView: XML ImageData (.vti, raw appended uint8 cell data "labels") and legacy structured points (.vtk).
/// Voxels are cells; spacing is the voxel size in micrometres; x is the fastest index as in the C-order array.
/// Reference: VTK File Formats (Kitware, VTK User's Guide, chapter 19).
/// </summary>
public static class Vtk
{
    public static void WriteImageData(LabelVolume v, string path)
    {
        string sp = v.VoxelUm.ToString("R", CultureInfo.InvariantCulture);
        var header = $"""
            <?xml version="1.0"?>
            <VTKFile type="ImageData" version="1.0" byte_order="LittleEndian" header_type="UInt64">
              <ImageData WholeExtent="0 {v.Nx} 0 {v.Ny} 0 {v.Nz}" Origin="0 0 0" Spacing="{sp} {sp} {sp}">
                <Piece Extent="0 {v.Nx} 0 {v.Ny} 0 {v.Nz}">
                  <CellData Scalars="labels">
                    <DataArray type="UInt8" Name="labels" format="appended" offset="0"/>
                  </CellData>
                </Piece>
              </ImageData>
              <AppendedData encoding="raw">
               _
            """;
        VolumeFiles.Atomic(path, s =>
        {
            s.Write(Encoding.ASCII.GetBytes(header.TrimEnd('\n', ' ')));
            s.Write(BitConverter.GetBytes((ulong)v.Count));
            s.Write(v.Labels);
            s.Write(Encoding.ASCII.GetBytes("\n  </AppendedData>\n</VTKFile>\n"));
        });
    }

    public static void WriteLegacy(LabelVolume v, string path)
    {
        string sp = v.VoxelUm.ToString("R", CultureInfo.InvariantCulture);
        // Legacy format stores point data; dimensions are points, so cells = points - 1 per axis.
        var header = "# vtk DataFile Version 3.0\nResearchKit label volume\nBINARY\nDATASET STRUCTURED_POINTS\n" +
            $"DIMENSIONS {v.Nx + 1} {v.Ny + 1} {v.Nz + 1}\nORIGIN 0 0 0\nSPACING {sp} {sp} {sp}\n" +
            $"CELL_DATA {v.Count}\nSCALARS labels unsigned_char 1\nLOOKUP_TABLE default\n";
        VolumeFiles.Atomic(path, s =>
        {
            s.Write(Encoding.ASCII.GetBytes(header));
            s.Write(v.Labels);
            s.Write(Encoding.ASCII.GetBytes("\n"));
        });
    }
}
