using System.Globalization;

namespace ResearchKit.Cycling.IO;

/// <summary>
/// Parser of decimal numbers in text exports with Clinger's exact fast path: when the significant digits fit in 2^53 and
/// the power of ten is at most 22, m·10^e (or m/10^-e) is a single correctly rounded IEEE operation, so the result equals
/// the correctly rounded value (Clinger 1990, "How to read floating point numbers accurately"). EC-Lab writes 16 significant
/// digits for doubles and 8 for floats, which all take the fast path; anything else falls back to the BCL parser.
/// </summary>
internal static class FastDouble
{
    static readonly double[] Pow10 =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<byte> s, byte decimalSeparator, NumberFormatInfo fallback, out double value)
    {
        int i = 0, n = s.Length;
        while (i < n && s[i] == (byte)' ') i++;
        while (n > i && s[n - 1] == (byte)' ') n--;
        bool neg = false;
        if (i < n && (s[i] == (byte)'-' || s[i] == (byte)'+')) { neg = s[i] == (byte)'-'; i++; }
        ulong m = 0;
        int sig = 0, fracDigits = 0, digits = 0;
        bool dot = false;
        for (; i < n; i++)
        {
            byte c = s[i];
            if ((uint)(c - '0') <= 9)
            {
                digits++;
                if (m == 0 && c == '0') { if (dot) fracDigits++; continue; }
                if (sig >= 19) goto Slow;
                m = m * 10 + (uint)(c - '0');
                sig++;
                if (dot) fracDigits++;
            }
            else if (c == decimalSeparator && !dot) dot = true;
            else break;
        }
        if (digits == 0) goto Slow;
        int exp = 0;
        if (i < n)
        {
            if (s[i] != (byte)'E' && s[i] != (byte)'e') goto Slow;
            i++;
            bool eneg = false;
            if (i < n && (s[i] == (byte)'-' || s[i] == (byte)'+')) { eneg = s[i] == (byte)'-'; i++; }
            int ed = 0;
            for (; i < n; i++)
            {
                byte c = s[i];
                if ((uint)(c - '0') > 9 || ed > 4) goto Slow;
                exp = exp * 10 + (c - '0');
                ed++;
            }
            if (ed == 0) goto Slow;
            if (eneg) exp = -exp;
        }
        if (m == 0) { value = neg ? -0.0 : 0.0; return true; }
        int e10 = exp - fracDigits;
        if (m <= (1UL << 53) && e10 >= -22 && e10 <= 22)
        {
            double d = m;
            d = e10 >= 0 ? d * Pow10[e10] : d / Pow10[-e10];
            value = neg ? -d : d;
            return true;
        }
    Slow:
        return double.TryParse(s, NumberStyles.Float, fallback, out value) && double.IsFinite(value);
    }
}
