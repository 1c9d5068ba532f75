using System.Text.Json;
using Solvers.Abstractions;

namespace Solvers.Providers.Rfc2136.Internal;

/// <summary>The rules of <see cref="Rfc2136Config"/> beyond its data annotations, for the binder (through
/// <see cref="Rfc2136Config.Validate"/>) and for configs built in code, which no binder has checked.</summary>
internal static class ConfigRules
{
    public static IEnumerable<(string Member, string Problem)> Check(Rfc2136Config config)
    {
        if (!NameserverAddress.TryParse(config.Nameserver, out _, out var nameserverError))
        {
            yield return (nameof(Rfc2136Config.Nameserver), nameserverError);
        }

        var hasKeyName = !string.IsNullOrWhiteSpace(config.TsigKeyName);
        if (hasKeyName && !TryParseKeyName(config.TsigKeyName, out _))
        {
            yield return (nameof(Rfc2136Config.TsigKeyName), $"\"{config.TsigKeyName}\" is not a valid key name (a DNS name such as acme-update.)");
        }

        if (hasKeyName && config.TsigSecretSecretRef is null)
        {
            yield return (nameof(Rfc2136Config.TsigSecretSecretRef), "value is required when tsigKeyName is set: the Secret key holding the TSIG secret");
        }

        if (config.TsigAlgorithm == Rfc2136TsigAlgorithm.HmacSha384)
        {
            // ARSoft.Tools.Net 3.6.1 maps hmac-sha384 to an HMAC over SHA-256; servers answer BADSIG to every update.
            yield return (nameof(Rfc2136Config.TsigAlgorithm),
                "HMACSHA384 is not supported yet (the DNS library signs it wrongly, so servers would answer BADSIG); "
                + "use a key with HMACSHA256 or HMACSHA512");
        }

        if (!hasKeyName && config.TsigSecretSecretRef is not null)
        {
            yield return (nameof(Rfc2136Config.TsigKeyName), "value is required when tsigSecretSecretRef is set: the TSIG key's name as the server knows it");
        }

        if (config.TsigSecretSecretRef is { } secret && (string.IsNullOrEmpty(secret.Name) || string.IsNullOrEmpty(secret.Key)))
        {
            yield return (nameof(Rfc2136Config.TsigSecretSecretRef), "name and key must not be empty");
        }
    }

    /// <summary>Throws for the first broken rule, naming its JSON path, as the binder would have.</summary>
    /// <exception cref="InvalidSolverConfigException">The config breaks a rule.</exception>
    public static void ThrowIfInvalid(Rfc2136Config config)
    {
        var problems = Check(config).Concat(CheckAnnotated(config)).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidSolverConfigException("invalid webhook.config at "
                + string.Join("; ", problems.Select(p => $"$.{JsonNamingPolicy.CamelCase.ConvertName(p.Member)}: {p.Problem}")));
        }
    }

    /// <summary>What the data annotations and the JSON binder check, for configs that did not come through the binder.</summary>
    private static IEnumerable<(string Member, string Problem)> CheckAnnotated(Rfc2136Config config)
    {
        if (config.Ttl is < 1 or > 86_400)
        {
            yield return (nameof(Rfc2136Config.Ttl), "must be from 1 to 86400");
        }

        if (config.TimeoutSeconds is < 1 or > 30)
        {
            yield return (nameof(Rfc2136Config.TimeoutSeconds), "must be from 1 to 30");
        }

        if (!Enum.IsDefined(config.TsigAlgorithm))
        {
            yield return (nameof(Rfc2136Config.TsigAlgorithm), $"expected one of {string.Join(", ", Enum.GetNames<Rfc2136TsigAlgorithm>())}");
        }

        if (!Enum.IsDefined(config.Protocol))
        {
            yield return (nameof(Rfc2136Config.Protocol), $"expected one of {string.Join(", ", Enum.GetNames<Rfc2136Protocol>())}");
        }
    }

    public static bool TryParseKeyName(string? value, out DnsName name)
    {
        name = default;
        return value is not null && DnsName.TryParse(value.Trim(), out name) && !name.IsRoot;
    }
}
