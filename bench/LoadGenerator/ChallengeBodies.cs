using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Solvers.Bench.LoadGenerator;

/// <summary>ChallengePayload bodies exactly as cert-manager sends them (no apiVersion/kind, empty uid, no config),
/// each pair with a key and name of its own so that no Present meets a value already there.</summary>
internal sealed class ChallengeBodies
{
    public const string Group = "acme.solvers.test";
    public const string Solver = "embedded";
    public const string Zone = "example.test.";

    private readonly byte[] _runPrefix = RandomNumberGenerator.GetBytes(24);
    private long _sequence;

    /// <summary>The path both servers answer on: the host's default group and its embedded solver.</summary>
    public static string Path => $"/apis/{Group}/v1alpha1/{Solver}";

    /// <summary>A Present body and the matching CleanUp body.</summary>
    public (byte[] Present, byte[] CleanUp) Next()
    {
        var n = Interlocked.Increment(ref _sequence);

        // Like an ACME key authorization digest: base64url of 32 bytes, 43 characters.
        Span<byte> digest = stackalloc byte[32];
        _runPrefix.CopyTo(digest);
        BinaryPrimitives.WriteInt64BigEndian(digest[24..], n);
        var key = Base64Url.EncodeToString(digest);
        var fqdn = FormattableString.Invariant($"_acme-challenge.bench-{n}.{Zone}");
        return (Body("Present", key, fqdn), Body("CleanUp", key, fqdn));
    }

    private static byte[] Body(string action, string key, string fqdn) => Encoding.UTF8.GetBytes(
        $$$"""{"request":{"uid":"","action":"{{{action}}}","type":"dns-01","dnsName":"{{{Zone.TrimEnd('.')}}}","key":"{{{key}}}","resourceNamespace":"default","resolvedFQDN":"{{{fqdn}}}","resolvedZone":"{{{Zone}}}","allowAmbientCredentials":false}}""");
}
