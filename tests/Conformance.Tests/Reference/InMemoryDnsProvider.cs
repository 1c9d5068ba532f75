using Solvers.Abstractions;

namespace Solvers.Conformance.Tests.Reference;

/// <summary>The reference provider the kit proves itself against: keeps the contract to the letter over an
/// <see cref="InMemoryZone"/>, and checks an API token read from a Secret as real providers do.</summary>
public sealed class InMemoryDnsProvider(InMemoryZone zone, string token) : IDnsProvider<InMemoryConfig>
{
    public const string SecretName = "memory-dns";
    public const string SecretKey = "token";

    public InMemoryZone Zone => zone;

    public string Name => "memory";

    public async Task PresentAsync(DnsChallenge challenge, InMemoryConfig config, CancellationToken cancellationToken)
    {
        await AuthenticateAsync(challenge, config, cancellationToken);
        zone.Change(challenge.Fqdn, values =>
        {
            if (!values.Contains(challenge.Value, StringComparer.Ordinal))
            {
                values.Add(challenge.Value);
            }
        });
    }

    public async Task CleanUpAsync(DnsChallenge challenge, InMemoryConfig config, CancellationToken cancellationToken)
    {
        await AuthenticateAsync(challenge, config, cancellationToken);
        zone.Change(challenge.Fqdn, values => values.RemoveAll(v => string.Equals(v, challenge.Value, StringComparison.Ordinal)));
    }

    private async Task AuthenticateAsync(DnsChallenge challenge, InMemoryConfig config, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!challenge.Zone.Equals(zone.Name))
        {
            throw new DnsProviderException($"zone {challenge.Zone} not found; this account has {zone.Name}");
        }

        if (config.TokenSecretRef is not { } reference)
        {
            throw InvalidSolverConfigException.AtPath("$.tokenSecretRef", "value is required");
        }

        var presented = await challenge.Context.Secrets.ReadStringAsync(reference, cancellationToken);
        if (!string.Equals(presented, token, StringComparison.Ordinal))
        {
            throw new DnsProviderException($"the token in Secret {reference.Name} key {reference.Key} is not accepted");
        }
    }
}
