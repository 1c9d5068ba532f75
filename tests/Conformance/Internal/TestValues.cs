using System.Security.Cryptography;

namespace Solvers.Conformance.Internal;

/// <summary>Unique test names and ACME-shaped values.</summary>
internal static class TestValues
{
    /// <summary>A 43-character base64url value, as ACME makes them, with upper- and lower-case letters.</summary>
    public static string NewValue()
    {
        while (true)
        {
            var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            if (value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower))
            {
                return value;
            }
        }
    }

    /// <summary>A fresh label, e.g. <c>solvers-conformance-1a2b3c4d5e6f</c>.</summary>
    public static string NewLabel() => ZoneSnapshot.KitLabelPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
