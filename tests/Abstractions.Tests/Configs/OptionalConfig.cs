using System.ComponentModel.DataAnnotations;

namespace Solvers.Abstractions.Tests.Configs;

/// <summary>A config where nothing is required, so an absent config binds to the defaults.</summary>
public sealed record OptionalConfig
{
    [Range(1, 86_400)]
    public int Ttl { get; init; } = 60;

    public string? Endpoint { get; init; }

    public string Region { get; init; } = "eu-west-1";

    public ProxyMode Proxy { get; init; } = ProxyMode.DnsOnly;

    public bool Enabled { get; init; } = true;
}
