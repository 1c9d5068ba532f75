using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Solvers.Deploy.Tests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>docs/install.md cannot drift from the manifests: its alert table lists exactly the alerts, its settings
/// table every top-level Helm value, and the README links it.</summary>
public sealed partial class InstallDocTests
{
    private static readonly string _doc = File.ReadAllText(Repository.PathOf("docs/install.md"));

    [Fact]
    public async Task AlertTable_ListsExactlyTheAlerts()
    {
        var rule = Manifests.Single(await Manifests.KustomizeAsync(Manifests.KustomizeMonitoring), "PrometheusRule");
        var alerts = rule["spec"]!["groups"]!.AsArray().SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["alert"]!)
            .Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(alerts, FirstColumn(Section("## Monitoring")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void SettingsTable_CoversEveryHelmValue()
    {
        var values = (JsonObject)Yaml.Parse(File.ReadAllText(Path.Combine(Manifests.Chart, "values.yaml")))!;
        var documented = string.Join('\n', Section("## Install").Split('\n').Where(l => l.StartsWith('|')));

        Assert.All(values.Select(p => p.Key).Where(k => k != "image"), key => Assert.Contains($"`{key}", documented, StringComparison.Ordinal));
        Assert.Contains("`image.repository`", _doc, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_LinksTheInstallGuide()
    {
        Assert.Contains("(docs/install.md)", File.ReadAllText(Repository.PathOf("README.md")), StringComparison.Ordinal);
    }

    private static string Section(string heading)
    {
        var start = _doc.IndexOf(heading + "\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no \"{heading}\" section");
        var end = _doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? _doc[start..] : _doc[start..end];
    }

    private static List<string> FirstColumn(string section) =>
        [.. section.Split('\n').Select(l => FirstCell().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"^\|\s*`([^`]+)`\s*\|")]
    private static partial Regex FirstCell();
}
