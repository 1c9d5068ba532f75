using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Solvers.Abstractions;

namespace Solvers.Providers.Embedded.Tests;

/// <summary>Builds embedded providers listening on a free loopback port, and challenges for them.</summary>
internal static class TestProvider
{
    public const string Zone = "example.test.";

    /// <summary>Creates and starts a provider for <see cref="Zone"/> on 127.0.0.1 with a free port.</summary>
    public static async Task<EmbeddedDnsProvider> StartAsync(Action<EmbeddedDnsOptions>? configure = null)
    {
        var provider = Create(configure);
        try
        {
            await provider.InitializeAsync(TestContext.Current.CancellationToken);
            return provider;
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
    }

    public static EmbeddedDnsProvider Create(Action<EmbeddedDnsOptions>? configure = null)
    {
        var options = new EmbeddedDnsOptions { Listen = "127.0.0.1:0", Zones = [Zone] };
        configure?.Invoke(options);
        return new EmbeddedDnsProvider(Options.Create(options), NullLogger<EmbeddedDnsProvider>.Instance);
    }

    public static IPEndPoint EndPointOf(EmbeddedDnsProvider provider) =>
        provider.EndPoint ?? throw new InvalidOperationException("the provider has not started");

    public static DnsChallenge Challenge(string fqdn, string value, string zone = Zone) =>
        new(DnsName.Parse(fqdn), DnsName.Parse(zone), value, new ChallengeContext("test-uid", "cert-manager", false, new NoSecrets()));

    public static EmbeddedConfig Config(int ttl = 60) => new() { Ttl = ttl };

    /// <summary>The embedded solver reads no secrets; any read is a bug.</summary>
    internal sealed class NoSecrets : ISecretReader
    {
        public string ResourceNamespace => "cert-manager";

        public Task<ReadOnlyMemory<byte>> ReadAsync(SecretKeyRef reference, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the embedded solver must not read secrets");
    }
}
