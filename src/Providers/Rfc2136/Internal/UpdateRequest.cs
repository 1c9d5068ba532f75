using System.Net;
using Solvers.Abstractions;

namespace Solvers.Providers.Rfc2136.Internal;

/// <summary>One UPDATE to send: add or delete one TXT RR at <see cref="Fqdn"/> in <see cref="Zone"/>.</summary>
internal sealed record UpdateRequest(
    IReadOnlyList<IPAddress> Addresses,
    int Port,
    Rfc2136Protocol Protocol,
    TimeSpan Timeout,
    DnsName Zone,
    DnsName Fqdn,
    string Value,
    int Ttl,
    bool Add,
    TsigKey? Key,
    DateTime SignedAt);
