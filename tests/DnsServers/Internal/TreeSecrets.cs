using System.Security.Cryptography;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>Keys made fresh for each tree: the TSIG key for updates and the rndc key for the control channels.</summary>
internal sealed record TreeSecrets(TsigKey Tsig, string RndcSecret)
{
    public static TreeSecrets Create(string tsigKeyName) => new(
        new TsigKey(Zones.Normalize(tsigKeyName), "hmac-sha256", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
}
