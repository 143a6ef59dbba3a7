namespace ResearchKit;

/// <summary>Small dense linear algebra for the least-squares fitters (P ≤ a few tens): Cholesky solve and SPD inverse.
/// Shared by the circuit fitter (Impedance) and <see cref="LevenbergMarquardt"/>.</summary>
internal static class LinearSolve
{
    /// <summary>Solves A x = b in place (b becomes x) for symmetric positive definite A; false when A is not SPD.</summary>
    public static bool Cholesky(double[,] A, double[] b)
    {
        int n = b.Length;
        var L = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                double s = A[i, j];
                for (int k = 0; k < j; k++) s -= L[i, k] * L[j, k];
                if (i == j)
                {
                    if (!(s > 0) || !double.IsFinite(s)) return false;
                    L[i, i] = Math.Sqrt(s);
                }
                else L[i, j] = s / L[j, j];
            }
        }
        for (int i = 0; i < n; i++) { double s = b[i]; for (int k = 0; k < i; k++) s -= L[i, k] * b[k]; b[i] = s / L[i, i]; }
        for (int i = n - 1; i >= 0; i--) { double s = b[i]; for (int k = i + 1; k < n; k++) s -= L[k, i] * b[k]; b[i] = s / L[i, i]; }
        return true;
    }

    /// <summary>Inverse of an SPD matrix via Cholesky, with symmetric scaling for conditioning; null when singular.</summary>
    public static double[,]? Inverse(double[,] A)
    {
        int n = A.GetLength(0);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = A[i, i] > 0 ? 1 / Math.Sqrt(A[i, i]) : 0;
        if (d.Any(x => x == 0)) return null;
        var S = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) S[i, j] = A[i, j] * d[i] * d[j];
        var inv = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            var e = new double[n]; e[c] = 1;
            if (!Cholesky(S, e)) return null;
            for (int r = 0; r < n; r++) inv[r, c] = e[r] * d[r] * d[c];
        }
        return inv;
    }
}
