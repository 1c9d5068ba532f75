using Solvers.Abstractions;

namespace Solvers.Conformance.Tests.Reference;

/// <summary>Ways a provider can break the contract, each one a bug seen in real providers.</summary>
public enum Fault
{
    /// <summary>Present writes the record set with only its value (PUT instead of add).</summary>
    ReplacesAllValues,

    /// <summary>CleanUp deletes the whole record set at the name.</summary>
    DeletesAllValuesOnCleanUp,

    /// <summary>A second Present of a value that is there fails ("record already exists").</summary>
    SecondPresentFails,

    /// <summary>CleanUp of a value that is not there fails ("record not found").</summary>
    CleanUpOfAbsentFails,

    /// <summary>The token is never looked at; calls run to completion.</summary>
    IgnoresCancellation,
}

/// <summary>A provider with one deliberate <see cref="Fault"/>; otherwise like <see cref="InMemoryDnsProvider"/>.</summary>
public sealed class BrokenDnsProvider(InMemoryZone zone, Fault fault) : IDnsProvider<InMemoryConfig>
{
    public InMemoryZone Zone => zone;

    public Fault Fault => fault;

    public string Name => "broken";

    public Task PresentAsync(DnsChallenge challenge, InMemoryConfig config, CancellationToken cancellationToken)
    {
        if (fault != Fault.IgnoresCancellation)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        zone.Change(challenge.Fqdn, values =>
        {
            var present = values.Contains(challenge.Value, StringComparer.Ordinal);
            switch (fault)
            {
                case Fault.ReplacesAllValues:
                    values.Clear();
                    values.Add(challenge.Value);
                    break;
                case Fault.SecondPresentFails when present:
                    throw new DnsProviderException($"record {challenge.Fqdn} TXT already exists");
                case var _ when !present:
                    values.Add(challenge.Value);
                    break;
            }
        });
        return Task.CompletedTask;
    }

    public Task CleanUpAsync(DnsChallenge challenge, InMemoryConfig config, CancellationToken cancellationToken)
    {
        if (fault != Fault.IgnoresCancellation)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        zone.Change(challenge.Fqdn, values =>
        {
            if (fault == Fault.DeletesAllValuesOnCleanUp)
            {
                values.Clear();
            }
            else if (values.RemoveAll(v => string.Equals(v, challenge.Value, StringComparison.Ordinal)) == 0 && fault == Fault.CleanUpOfAbsentFails)
            {
                throw new DnsProviderException($"record {challenge.Fqdn} TXT not found");
            }
        });
        return Task.CompletedTask;
    }
}
