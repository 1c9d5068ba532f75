using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Solvers.Providers.Cloudflare;
using Solvers.Providers.Embedded;
using Solvers.Providers.Rfc2136;
using Solvers.SolverHost.FunctionalTests.Infrastructure;

namespace Solvers.SolverHost.FunctionalTests.Docs;

/// <summary>Docs cannot drift: the root README lists every solver the shipped host serves, and each provider README's
/// Configuration table lists exactly the JSON fields of that provider's config type.</summary>
public sealed partial class ProviderReadmeTests
{
    private static readonly string _repositoryRoot = FindRepositoryRoot();

    public static TheoryData<string, Type> Providers() => new()
    {
        { "src/Providers/Embedded/README.md", typeof(EmbeddedConfig) },
        { "src/Providers/Rfc2136/README.md", typeof(Rfc2136Config) },
        { "src/Providers/Cloudflare/README.md", typeof(CloudflareConfig) },
    };

    [Theory]
    [MemberData(nameof(Providers))]
    public void ConfigurationTable_ListsExactlyTheConfigFields(string readme, Type configType)
    {
        var text = File.ReadAllText(Path.Combine(_repositoryRoot, readme));

        var documented = TableFirstColumn(Section(text, "## Configuration"));
        var fields = configType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(fields, documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RootReadme_ListsEverySolverTheShippedHostServes()
    {
        using var pki = new TestPki();
        await using var host = await HostProcess.StartAsync(pki.CaFile, $"--tls-cert-file={pki.CertFile}", $"--tls-private-key-file={pki.KeyFile}");
        using var client = host.CreateClient(pki.CaFile);
        var list = await client.GetStringAsync(new Uri(host.BaseAddress, "/apis/acme.solvers.test/v1alpha1"), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(list);
        var served = document.RootElement.GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).Order(StringComparer.Ordinal);

        var readme = File.ReadAllText(Path.Combine(_repositoryRoot, "README.md"));
        var documented = TableFirstColumn(Section(readme, "## Providers")).Order(StringComparer.Ordinal);

        Assert.Equal(served, documented);
    }

    private static string Section(string markdown, string heading)
    {
        var start = markdown.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no \"{heading}\" section");
        var end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? markdown[start..] : markdown[start..end];
    }

    /// <summary>The backticked names in the first column of the section's table rows.</summary>
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
