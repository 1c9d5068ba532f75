using System.Globalization;
using System.Net;
using Solvers.Testing.DnsServers;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>The credentials file of certbot's RFC 2136 plugin: the primary's address and the update key.</summary>
internal sealed record Rfc2136Credentials(IPEndPoint Server, TsigKey Key)
{
    public string ToIni() => string.Join('\n',
        $"dns_rfc2136_server = {Server.Address}",
        $"dns_rfc2136_port = {Server.Port.ToString(CultureInfo.InvariantCulture)}",
        $"dns_rfc2136_name = {Key.Name}",
        $"dns_rfc2136_secret = {Key.Secret}",
        $"dns_rfc2136_algorithm = {Key.Algorithm.ToUpperInvariant()}",
        "");
}
