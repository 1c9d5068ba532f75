using System.Globalization;
using System.Text.RegularExpressions;
using Prometheus;

namespace Solvers.SolverHost.Tests.Diagnostics;

/// <summary>Reads samples back from a registry's Prometheus text exposition.</summary>
internal static partial class MetricsText
{
    public static async Task<string> ExportAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, TestContext.Current.CancellationToken);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The value of the sample written exactly as <paramref name="series"/> (name plus labels), or null.</summary>
    public static double? Sample(string exposition, string series)
    {
        foreach (var line in exposition.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (match.Success && match.Groups[1].Value == series)
            {
                return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(\S+(?:\{[^}]*\})?) (\S+)$")]
    private static partial Regex SampleLine();
}
