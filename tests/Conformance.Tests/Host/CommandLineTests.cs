using System.Text.Json;

namespace Solvers.Conformance.Tests.Host;

/// <summary>The command line against the host over the wire: a readable report and an exit code that says whether
/// every rule held.</summary>
public sealed class CommandLineTests(SolverHostFixture host) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("solvers-conformance-cli-");

    [Fact]
    public async Task Run_AgainstEmbeddedSolver_ReportsEveryRuleAndExitsZero()
    {
        var settings = Write("embedded.json", $$"""
            {
              // Comments are allowed, and paths are relative to this file.
              "url": "{{host.BaseAddress}}",
              "groupName": "{{SolverHostFixture.Group}}",
              "solverName": "embedded",
              "zone": "{{SolverHostFixture.Zone}}",
              "config": {"ttl": 30},
              "caFile": "{{Escape(host.PkiFile("ca.crt"))}}",
              "clientCertificateFile": "{{Escape(host.PkiFile("client.crt"))}}",
              "clientKeyFile": "{{Escape(host.PkiFile("client.key"))}}",
              "dns": {"server": "{{host.EmbeddedDns}}"},
              "propagationTimeoutSeconds": 5
            }
            """);

        var (code, output, error) = await RunAsync(settings);

        Assert.True(code == 0, output + error);
        Assert.Contains($"Conformance of webhook embedded at {host.BaseAddress}apis/{SolverHostFixture.Group}/v1alpha1/embedded", output, StringComparison.Ordinal);
        foreach (var rule in new[] { "basic", "extended", "present-twice", "cleanup-absent", "concurrent", "unrelated-records", "bad-config", "value-case", "name-case", "discovery", "wire-payload" })
        {
            Assert.Matches($@"(?m)^PASS {rule} ", output);
        }

        Assert.Matches("(?m)^SKIP cancellation .*\n .*over HTTP a client cannot cancel", output);
        Assert.Matches("(?m)^SKIP missing-secret .*\n .*the config references no secret", output);
        Assert.Contains("11 passed, 0 failed, 3 skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_AgainstSolverTheServerDoesNotHave_FailsDiscoveryAndExitsOne()
    {
        var settings = Write("missing.json", Json(host.Settings("nosuchsolver")));

        var (code, output, _) = await RunAsync(settings, "--rule", "discovery", "--rule", "basic");

        Assert.Equal(1, code);
        Assert.Contains("[discovery] GET /apis/acme.solvers.test/v1alpha1: the resource list does not name the solver \"nosuchsolver\"", output, StringComparison.Ordinal);
        Assert.Contains("[basic] step 1: Present of", output, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", output, StringComparison.Ordinal);
        Assert.Contains("0 passed, 2 failed, 0 skipped", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithUnknownSettingsField_ExitsTwoNamingIt()
    {
        var settings = Write("typo.json", """{"url": "https://127.0.0.1:1", "groupName": "g", "solverName": "s", "zone": "example.test.", "dnsServer": "127.0.0.1:53"}""");

        var (code, _, error) = await RunAsync(settings);

        Assert.Equal(2, code);
        Assert.Contains("dnsServer", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutDnsSection_ExitsTwoSayingWhatToAdd()
    {
        var settings = Write("nodns.json", """{"url": "https://127.0.0.1:1", "groupName": "g", "solverName": "s", "zone": "example.test."}""");

        var (code, _, error) = await RunAsync(settings);

        Assert.Equal(2, code);
        Assert.Contains("give dns.server", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithUnknownRule_ExitsTwoListingTheRules()
    {
        var settings = Write("rule.json", Json(host.Settings("embedded")));

        var (code, _, error) = await RunAsync(settings, "--rule", "nosuchrule");

        Assert.Equal(2, code);
        Assert.Contains("no rule \"nosuchrule\"; the rules are basic, extended,", error, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ConformanceCommand.RunAsync(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Escape(string path) => path.Replace("\\", "\\\\", StringComparison.Ordinal);

    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static string Json(WebhookSettings settings) => JsonSerializer.Serialize(settings, _json);
}
