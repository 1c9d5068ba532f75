using System.ComponentModel.DataAnnotations;
using Solvers.Abstractions;
using Solvers.Providers.Rfc2136.Internal;

namespace Solvers.Providers.Rfc2136;

/// <summary><c>webhook.config</c> for <c>solverName: rfc2136</c>. Takes cert-manager's built-in <c>rfc2136</c> block as
/// it is (<c>nameserver</c>, <c>tsigKeyName</c>, <c>tsigAlgorithm</c>, <c>tsigSecretSecretRef</c>, <c>protocol</c>), plus
/// <c>ttl</c> and <c>timeoutSeconds</c>.</summary>
public sealed record Rfc2136Config : IValidatableObject
{
    /// <summary>The zone's primary server, where updates go: <c>192.0.2.53</c>, <c>192.0.2.53:5353</c>,
    /// <c>[2001:db8::53]:53</c>, or a host name (looked up through the system resolver on each update). Port 53 when
    /// none is given.</summary>
    public required string Nameserver { get; init; }

    /// <summary>The TSIG key's name as the server knows it, e.g. <c>acme-update</c> (a trailing dot is added). Empty:
    /// updates are sent unsigned.</summary>
    public string? TsigKeyName { get; init; }

    /// <summary>The TSIG key's algorithm. cert-manager's default, <see cref="Rfc2136TsigAlgorithm.HmacMd5"/>, is kept.</summary>
    public Rfc2136TsigAlgorithm TsigAlgorithm { get; init; } = Rfc2136TsigAlgorithm.HmacMd5;

    /// <summary>The Secret key that holds the TSIG secret, base64 as in the server's key file. Required with
    /// <see cref="TsigKeyName"/>.</summary>
    public SecretKeyRef? TsigSecretSecretRef { get; init; }

    /// <summary>UDP (default) or TCP.</summary>
    public Rfc2136Protocol Protocol { get; init; } = Rfc2136Protocol.Udp;

    /// <summary>TTL of the TXT record in seconds.</summary>
    [Range(1, 86_400)]
    public int Ttl { get; init; } = 60;

    /// <summary>How long to wait for the server's answer to one update, in seconds.</summary>
    [Range(1, 30)]
    public int TimeoutSeconds { get; init; } = 10;

    /// <summary>Checks the rules that data annotations cannot state: the nameserver's form, the key name, and that a key
    /// name and a secret come together.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        ConfigRules.Check(this).Select(p => new ValidationResult(p.Problem, [p.Member]));
}
