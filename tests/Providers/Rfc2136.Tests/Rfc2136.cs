using System.Net;
using System.Net.Sockets;
using Solvers.Abstractions;
using Solvers.Propagation;
using Solvers.Testing.DnsServers;

namespace Solvers.Providers.Rfc2136.Tests;

/// <summary>Challenges, configs and checkers for tests against the tree.</summary>
internal static class Rfc2136
{
    public const string SecretName = "tsig";
    public const string SecretKey = "secret";

    /// <summary>A fresh challenge name in <paramref name="zone"/>, so tests never see each other's records.</summary>
    public static string UniqueName(string zone) => $"_acme-challenge.t{Guid.NewGuid().ToString("N")[..12]}.{zone}";

    /// <summary>A fresh value shaped like an ACME one (43 base64url characters).</summary>
    public static string NewValue() => Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray())
        .TrimEnd('=').Replace('+', '-').Replace('/', '_')[..43];

    public static DnsChallenge Challenge(string fqdn, string value, string zone, ISecretReader secrets) =>
        new(DnsName.Parse(fqdn), DnsName.Parse(zone), value, new ChallengeContext("test-uid", secrets.ResourceNamespace, false, secrets));

    /// <summary>The tree's key as a Secret holds it: base64 text, here with the newline <c>echo</c> leaves.</summary>
    public static TestSecrets Secrets(DnsTestTree tree) => new TestSecrets().With(SecretName, SecretKey, tree.TsigKey.Secret + "\n");

    /// <summary>A config as in cert-manager's rfc2136 block, for the tree's key.</summary>
    public static Rfc2136Config Config(DnsTestTree tree, IPEndPoint server) => new()
    {
        Nameserver = Format(server),
        TsigKeyName = tree.TsigKey.Name,
        TsigAlgorithm = Rfc2136TsigAlgorithm.HmacSha256,
        TsigSecretSecretRef = new SecretKeyRef { Name = SecretName, Key = SecretKey },
        TimeoutSeconds = 5,
    };

    public static string Format(IPEndPoint endpoint) => endpoint.AddressFamily == AddressFamily.InterNetworkV6
        ? $"[{endpoint.Address}]:{endpoint.Port}"
        : $"{endpoint.Address}:{endpoint.Port}";

    /// <summary>A checker that asks only the tree: its resolver, and its servers on their port.</summary>
    public static PropagationChecker Checker(DnsTestTree tree) => new(new PropagationOptions
    {
        RecursiveNameservers = tree.Resolver,
        AuthoritativePort = tree.AuthoritativePort,
        QueryTimeout = TimeSpan.FromSeconds(2),
        Deadline = TimeSpan.FromSeconds(20),
    });

    /// <summary>A loopback UDP and TCP port that nothing listens on (bound, read, released).</summary>
    public static IPEndPoint DeadEndpoint()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (IPEndPoint)socket.LocalEndPoint!;
    }

    /// <summary>The records other than the SOA, in order.</summary>
    public static List<ZoneRecord> Content(IEnumerable<ZoneRecord> zone) =>
        [.. zone.Where(r => r.Type != "SOA").OrderBy(r => r.ToString(), StringComparer.Ordinal)];

    public static ZoneRecord Txt(string fqdn, string value, int ttl = 60) => new(fqdn, ttl, "TXT", $"\"{value}\"");
}
