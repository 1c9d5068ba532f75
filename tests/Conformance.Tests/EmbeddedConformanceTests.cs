using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Solvers.Providers.Embedded;

namespace Solvers.Conformance.Tests;

/// <summary>The kit against the embedded provider in this process, observing DNS by asking its server on loopback
/// directly. It reads no secrets, so the missing-secret rule is skipped.</summary>
public sealed class EmbeddedConformanceTests : DnsProviderConformanceTests<EmbeddedDnsProvider, EmbeddedConfig>
{
    protected override string Zone => "example.test.";

    protected override ValueTask<EmbeddedDnsProvider> CreateProviderAsync(CancellationToken cancellationToken) =>
        new(new EmbeddedDnsProvider(
            Options.Create(new EmbeddedDnsOptions { Listen = "127.0.0.1:0", Zones = [Zone] }),
            NullLogger<EmbeddedDnsProvider>.Instance));

    protected override ITxtLookup CreateLookup(EmbeddedDnsProvider provider) => new DnsServerTxtLookup(EndPoint(provider));

    protected override IZoneSnapshot? CreateSnapshot(EmbeddedDnsProvider provider) =>
        ZoneSnapshot.FromDns(EndPoint(provider), [Zone, "ns1." + Zone]);

    protected override ConformanceOptions Configure(ConformanceOptions options) => options with
    {
        BadConfigs = [BadConfig.Parse("""{"ttl": 0}""", "ttl"), BadConfig.Parse("""{"ttl": "60"}""", "ttl")],
        PropagationTimeout = TimeSpan.FromSeconds(5),
    };

    private static IPEndPoint EndPoint(EmbeddedDnsProvider provider) =>
        provider.EndPoint ?? throw new InvalidOperationException("the embedded server has not started");
}
