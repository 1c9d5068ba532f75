using System.Security.Cryptography;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>Keys made fresh for each tree: the TSIG key for updates, one more update key per TSIG algorithm, and the
/// rndc key for the control channels.</summary>
internal sealed record TreeSecrets(TsigKey Tsig, string RndcSecret, IReadOnlyList<TsigKey> AlgorithmKeys)
{
    private static readonly string[] _algorithms = ["hmac-md5", "hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"];

    /// <summary><see cref="Tsig"/> and <see cref="AlgorithmKeys"/>: every key that may send updates.</summary>
    public IEnumerable<TsigKey> UpdateKeys => [Tsig, .. AlgorithmKeys];

    public static TreeSecrets Create(string tsigKeyName)
    {
        var name = Zones.Normalize(tsigKeyName);
        return new(
            new TsigKey(name, "hmac-sha256", Secret()),
            Secret(),
            [.. _algorithms.Select(a => new TsigKey($"{name.TrimEnd('.')}-{a}.", a, Secret()))]);
    }

    private static string Secret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
