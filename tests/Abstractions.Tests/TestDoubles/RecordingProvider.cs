using System.Collections.Concurrent;
using Solvers.Abstractions.Tests.Configs;

namespace Solvers.Abstractions.Tests.TestDoubles;

/// <summary>Records each call with the challenge and config it received.</summary>
public sealed class RecordingProvider : IDnsProvider<TokenProviderConfig>
{
    public string Name => "recording";

    public ConcurrentQueue<(string Action, DnsChallenge Challenge, TokenProviderConfig Config)> Calls { get; } = new();

    public Task PresentAsync(DnsChallenge challenge, TokenProviderConfig config, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("Present", challenge, config));
        return Task.CompletedTask;
    }

    public Task CleanUpAsync(DnsChallenge challenge, TokenProviderConfig config, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("CleanUp", challenge, config));
        return Task.CompletedTask;
    }
}
