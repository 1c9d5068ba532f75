namespace Solvers.Abstractions.Tests.Configs;

/// <summary>A string enum config value.</summary>
public enum ProxyMode
{
    DnsOnly,
    Proxied,
}
