using System.Reflection;
using System.Text.RegularExpressions;

namespace Solvers.Providers.Cloudflare.Tests;

/// <summary>The provider README cannot drift: its Host options table lists exactly the properties of
/// <see cref="CloudflareOptions"/>, with their defaults. (The Configuration table is checked with every provider's in
/// the host's docs tests.)</summary>
public sealed partial class ReadmeTests
{
    private static readonly string _readme = File.ReadAllText(Path.Combine(FindRepositoryRoot(), "src", "Providers", "Cloudflare", "README.md"));

    [Fact]
    public void HostOptionsTable_ListsExactlyTheOptions()
    {
        var options = typeof(CloudflareOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(options, TableFirstColumn(Section("## Host options")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new CloudflareOptions();
        var config = new CloudflareConfig();
        var section = Section("## Host options");

        Assert.Contains($"| `BaseUrl` | `{options.BaseUrl.AbsoluteUri.TrimEnd('/')}` |", section, StringComparison.Ordinal);
        Assert.Contains($"| `RateLimit` | `{options.RateLimit}` |", section, StringComparison.Ordinal);
        Assert.Contains($"| `RateWindow` | `{options.RateWindow:c}` |", section, StringComparison.Ordinal);
        Assert.Contains($"| `TimeBudget` | `{options.TimeBudget:c}` |", section, StringComparison.Ordinal);
        Assert.Contains($"| `RequestTimeout` | `{options.RequestTimeout:c}` |", section, StringComparison.Ordinal);
        Assert.Contains($"| `MaxAttempts` | `{options.MaxAttempts}` |", section, StringComparison.Ordinal);
        Assert.Contains($"| `RetryBaseDelay` | `{options.RetryBaseDelay:hh\\:mm\\:ss\\.fff}` |", section, StringComparison.Ordinal);
        Assert.Contains($"| `ttl` | no | `{config.Ttl}` |", Section("## Configuration"), StringComparison.Ordinal);
    }

    private static string Section(string heading)
    {
        var start = _readme.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no \"{heading}\" section");
        var end = _readme.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? _readme[start..] : _readme[start..end];
    }

    private static List<string> TableFirstColumn(string section) =>
        [.. section.Split('\n').Select(l => FirstCell().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Solvers.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Solvers.sln not found above the test output");
    }

    [GeneratedRegex(@"^\|\s*`([^`]+)`\s*\|")]
    private static partial Regex FirstCell();
}
