using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Solvers.Deploy.Tests.Infrastructure;
using Solvers.SolverHost.FunctionalTests.Infrastructure;

namespace Solvers.Deploy.Tests;

/// <summary>The alerts and the dashboard parse, the rules pass promtool (syntax and unit tests), and every metric
/// they use is one the running host exposes on /metrics.</summary>
public sealed partial class MonitoringTests
{
    /// <summary>Series that come from elsewhere: Prometheus itself and kube-state-metrics.</summary>
    private static readonly HashSet<string> _external = ["up", "kube_deployment_status_replicas_available"];

    private static readonly HashSet<string> _keywords =
        ["and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "inf", "nan"];

    [Fact]
    public async Task RulesAndDashboard_UseOnlyMetricsTheHostExposes()
    {
        var used = (await RuleExpressionsAsync()).Concat(DashboardExpressions()).SelectMany(MetricNames).ToHashSet(StringComparer.Ordinal);

        await using var host = await HostProcess.StartAsync();
        using var client = host.CreateClient();
        var exposition = await client.GetStringAsync(new Uri(host.BaseAddress, "/metrics"), TestContext.Current.CancellationToken);
        var families = TypeLine().Matches(exposition).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("solvers_serving_certificate_expiration_timestamp_seconds", used);
        Assert.Contains("solvers_provider_http_requests_total", used);
        var missing = used.Where(name => !_external.Contains(name) && !families.Contains(Family(name, families))).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"used by the rules or the dashboard but not exposed by the host: {string.Join(", ", missing)}");
    }

    [Fact]
    public void MetricNames_FromPromQl_IgnoresFunctionsLabelsAndKeywords()
    {
        var names = MetricNames("sum by (namespace, solver) (increase(solvers_x_total{job=\"a\", outcome=~\"b|c\"}[15m])) / on (pod) up > 0.25 and absent(kube_y == 1) - time() < 14 * 86400 or histogram_quantile(0.5, rate(z_bucket{le=\"1\"}[$__rate_interval]))");

        Assert.Equal(["kube_y", "solvers_x_total", "up", "z_bucket"], names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Rules_PassPromtoolCheckAndUnitTests()
    {
        Assert.True(Tool.Exists("promtool"), "promtool is missing: run scripts/install-test-deps.sh (Debian package prometheus)");
        var directory = Directory.CreateTempSubdirectory("solvers-rules-");
        try
        {
            var rules = Path.Combine(directory.FullName, "solvers.rules.yaml");
            await File.WriteAllTextAsync(rules, PrometheusRule(await Manifests.KustomizeAsync(Manifests.KustomizeMonitoring))["spec"]!.ToJsonString(), TestContext.Current.CancellationToken);
            var check = await Tool.RunAsync("promtool", ["check", "rules", rules]);
            Assert.True(check.ExitCode == 0, check.Describe("promtool check rules"));

            var tests = Path.Combine(directory.FullName, "solvers.test.yaml");
            File.Copy(Path.Combine(AppContext.BaseDirectory, "PrometheusRules", "solvers.test.yaml"), tests);
            var test = await Tool.RunAsync("promtool", ["test", "rules", tests], directory.FullName);
            Assert.True(test.ExitCode == 0, test.Describe("promtool test rules"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Dashboard_ParsesWithAQueryOnEveryPanel()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Manifests.KustomizeMonitoring, "solvers.json")))!;

        var panels = dashboard["panels"]!.AsArray();
        Assert.NotEmpty(panels);
        Assert.All(panels, p => Assert.Contains(p!["targets"]!.AsArray(), t => !string.IsNullOrWhiteSpace((string?)t!["expr"])));
        Assert.Equal(panels.Count, panels.Select(p => (int)p!["id"]!).Distinct().Count());
        Assert.Contains(dashboard["templating"]!["list"]!.AsArray(), v => (string?)v!["type"] == "datasource");
    }

    private static JsonObject PrometheusRule(List<JsonObject> objects) => Manifests.Single(objects, "PrometheusRule");

    private static async Task<List<string>> RuleExpressionsAsync() =>
        [.. PrometheusRule(await Manifests.KustomizeAsync(Manifests.KustomizeMonitoring))["spec"]!["groups"]!.AsArray()
            .SelectMany(g => g!["rules"]!.AsArray()).Select(r => (string)r!["expr"]!)];

    private static List<string> DashboardExpressions()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Manifests.KustomizeMonitoring, "solvers.json")))!;
        var panels = dashboard["panels"]!.AsArray().SelectMany(p => p!["targets"]!.AsArray()).Select(t => (string)t!["expr"]!);
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => (string?)v!["definition"]).OfType<string>()
            .Select(d => LabelValues().Match(d)).Where(m => m.Success).Select(m => m.Groups[1].Value);
        return [.. panels, .. variables];
    }

    /// <summary>The metric names in a PromQL expression: what is left after strings, label matchers, ranges,
    /// grouping clauses, function calls, keywords and numbers are taken out.</summary>
    private static IEnumerable<string> MetricNames(string expression)
    {
        var text = Strings().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        return Identifier().Matches(text)
            .Where(m => !m.Groups[2].Success && !_keywords.Contains(m.Groups[1].Value.ToLowerInvariant()))
            .Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal);
    }

    private static string Family(string name, HashSet<string> families)
    {
        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && families.Contains(name[..^suffix.Length]))
            {
                return name[..^suffix.Length];
            }
        }

        return name;
    }

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"""(?:[^""\\]|\\.)*""")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"(?<![\w$.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)")]
    private static partial Regex LabelValues();
}
