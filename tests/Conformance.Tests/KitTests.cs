using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Solvers.Conformance.Internal;
using Solvers.Propagation;
using Solvers.Providers.Embedded;

namespace Solvers.Conformance.Tests;

/// <summary>The kit's parts: the payload it sends, observation through the propagation checker, settings, secret
/// references.</summary>
public sealed class KitTests
{
    [Fact]
    public void Payload_IsWhatCertManagerSends()
    {
        // cert-manager-contract.md 1.4, byte for byte (Go's encoder ends with a newline).
        const string Expected = """{"request":{"uid":"","action":"Present","type":"dns-01","dnsName":"example.com","key":"LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0","resourceNamespace":"cert-manager","resolvedFQDN":"_acme-challenge.example.com.","resolvedZone":"example.com.","allowAmbientCredentials":true,"config":{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}}}""" + "\n";
        using var client = new HttpClient();
        using var target = new WebhookTarget(client, new Uri("https://127.0.0.1:1"), "acme.mycompany.com", "my-custom-solver", "cert-manager", allowAmbientCredentials: true);
        var challenge = new ConformanceChallenge("_acme-challenge.example.com.", "example.com.", "LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0", "example.com",
            JsonElement.Parse("""{"apiTokenSecretRef":{"key":"token","name":"my-dns-secret"}}"""));

        Assert.Equal(Expected, target.Payload("Present", challenge, uid: string.Empty));
        Assert.Equal("/apis/acme.mycompany.com/v1alpha1/my-custom-solver", target.SolverPath);
    }

    [Fact]
    public void Payload_WithoutConfig_LeavesTheKeyOut()
    {
        using var client = new HttpClient();
        using var target = new WebhookTarget(client, new Uri("https://127.0.0.1:1"), "g.example", "s");

        var payload = target.Payload("CleanUp", new ConformanceChallenge("_acme-challenge.a.example.", "example.", "v", "a.example", null), "u");

        Assert.DoesNotContain("config", payload, StringComparison.Ordinal);
        Assert.Contains("\"action\":\"CleanUp\"", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthoritativeLookup_AgainstEmbeddedServer_KeepsBasicAndExtended()
    {
        // The embedded server answers the checker's SOA, NS and address lookups itself, so it is both the resolver
        // and the only authoritative server, on loopback.
        await using var provider = new EmbeddedDnsProvider(
            Options.Create(new EmbeddedDnsOptions { Listen = "127.0.0.1:0", Zones = ["example.test."] }), NullLogger<EmbeddedDnsProvider>.Instance);
        using var target = InProcessTarget.Create<EmbeddedDnsProvider, EmbeddedConfig>(provider);
        await target.InitializeAsync(TestContext.Current.CancellationToken);
        var endPoint = provider.EndPoint!;
        var lookup = new AuthoritativeTxtLookup(new PropagationOptions { RecursiveNameservers = [endPoint], AuthoritativePort = endPoint.Port });
        var suite = new ConformanceSuite(target, lookup, new ConformanceOptions { Zone = "example.test.", PropagationTimeout = TimeSpan.FromSeconds(5) });

        foreach (var rule in new[] { ConformanceRules.Basic, ConformanceRules.Extended, ConformanceRules.Concurrent })
        {
            var result = await suite.RunAsync(rule, TestContext.Current.CancellationToken);
            Assert.True(result.Outcome == RuleOutcome.Passed, result.ToString());
        }

        var observation = await lookup.LookupAsync(Abstractions.DnsName.Parse("_acme-challenge.nothing.example.test."), TestContext.Current.CancellationToken);
        var source = Assert.Single(observation.Sources);
        Assert.Equal($"ns1.example.test. ({endPoint})", source.Source);
        Assert.Null(source.Error);
    }

    [Fact]
    public async Task DnsServerLookup_WhenNothingListens_ReportsTheServerAsUnanswered()
    {
        var lookup = new DnsServerTxtLookup(new IPEndPoint(IPAddress.Loopback, 9), queryTimeout: TimeSpan.FromMilliseconds(200));

        var observation = await lookup.LookupAsync(Abstractions.DnsName.Parse("_acme-challenge.example.test."), TestContext.Current.CancellationToken);

        Assert.False(observation.Serves("x"));
        Assert.False(observation.Lacks("x"));
        Assert.StartsWith("DNS server 127.0.0.1:9: no answer", observation.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SecretReferences_FindsNestedAndListedSelectors_AndRenamesOne()
    {
        var config = JsonElement.Parse("""{"ttl": 60, "auth": {"tokenRef": {"name": "a", "key": "k"}}, "keys": [{"name": "b", "key": "k"}], "plain": {"name": "only-a-name"}}""");

        var paths = SecretReferences.Find(config);
        var renamed = SecretReferences.WithName(config, "$.keys[0]", "missing");

        Assert.Equal(["$.auth.tokenRef", "$.keys[0]"], paths);
        Assert.Equal("missing", renamed.GetProperty("keys")[0].GetProperty("name").GetString());
        Assert.Equal("a", renamed.GetProperty("auth").GetProperty("tokenRef").GetProperty("name").GetString());
    }

    [Fact]
    public void Rules_HaveUniqueIdsAndWireOnlyOnesAreLeftOutInProcess()
    {
        var provider = new Reference.InMemoryDnsProvider(new Reference.InMemoryZone("example.test."), "t");
        using var target = InProcessTarget.Create<Reference.InMemoryDnsProvider, Reference.InMemoryConfig>(provider);
        var suite = new ConformanceSuite(target, TxtLookup.FromDelegate("zone", (n, _) => Task.FromResult(provider.Zone.Values(n))), new ConformanceOptions { Zone = "example.test." });

        Assert.Equal(ConformanceRules.All.Count, ConformanceRules.All.Select(r => r.Id).Distinct().Count());
        Assert.DoesNotContain(suite.Rules, r => r.WireOnly);
        Assert.Equal(ConformanceRules.All.Count - 2, suite.Rules.Count);
        Assert.Same(ConformanceRules.NameCase, ConformanceRules.Get("NAME-CASE"));
    }

    [Fact]
    public async Task RuleRun_WhenRuleFails_CleansUpWhatItPresented()
    {
        // A provider that keeps values but reports a failure on the second Present: the rule fails half-way.
        var zone = new Reference.InMemoryZone("example.test.");
        var provider = new Reference.BrokenDnsProvider(zone, Reference.Fault.SecondPresentFails);
        using var target = InProcessTarget.Create<Reference.BrokenDnsProvider, Reference.InMemoryConfig>(provider);
        var suite = new ConformanceSuite(target, TxtLookup.FromDelegate("zone", (n, _) => Task.FromResult(zone.Values(n))), new ConformanceOptions { Zone = "example.test." });

        var result = await suite.RunAsync(ConformanceRules.PresentTwice, TestContext.Current.CancellationToken);

        Assert.Equal(RuleOutcome.Failed, result.Outcome);
        Assert.Equal(zone.Others.Order(), zone.List().Order());
    }
}
