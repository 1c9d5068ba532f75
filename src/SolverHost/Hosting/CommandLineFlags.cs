using System.Globalization;
using System.Text.RegularExpressions;

namespace Solvers.SolverHost.Hosting;

/// <summary>Turns Kubernetes-style flags (<c>--secure-port=8443</c>, <c>--secure-port 8443</c>, <c>--flag</c> for
/// true) into configuration keys, so flags, environment variables and appsettings meet in one place.</summary>
/// <remarks>Names follow the Go generic apiserver where one exists; durations accept Go syntax (<c>30s</c>, <c>1m30s</c>).</remarks>
internal static partial class CommandLineFlags
{
    private enum Kind
    {
        Text,
        Integer,
        Boolean,
        Duration,
        List,
    }

    private sealed record Flag(string Name, string Key, Kind Kind, string Help);

    private static readonly Flag[] _flags =
    [
        new("group-name", "Solvers:GroupName", Kind.Text, "API group the issuers name in dns01.webhook.groupName (env GROUP_NAME)"),
        new("bind-address", "Solvers:BindAddress", Kind.Text, "IP address to serve HTTPS on (default 127.0.0.1)"),
        new("secure-port", "Solvers:SecurePort", Kind.Integer, "HTTPS port (default 8443; 0 picks a free port)"),
        new("tls-cert-file", "Solvers:TlsCertFile", Kind.Text, "PEM serving certificate, reloaded when it changes"),
        new("tls-private-key-file", "Solvers:TlsPrivateKeyFile", Kind.Text, "PEM private key of --tls-cert-file"),
        new("solver-timeout", "Solvers:SolverTimeout", Kind.Duration, "time budget of one Present or CleanUp (default 30s)"),
        new("shutdown-delay-duration", "Solvers:ShutdownDelay", Kind.Duration, "keep serving this long after readiness turns false on shutdown"),
        new("http2-max-streams-per-connection", "Solvers:Http2MaxStreamsPerConnection", Kind.Integer, "HTTP/2 streams per connection (default 1000)"),
        new("secrets-dir", "Solvers:SecretsDir", Kind.Text, "standalone secrets: <dir>/<namespace>/<name>/<key>"),
        new("kubeconfig", "Solvers:Kubeconfig", Kind.Text, "kubeconfig for Secrets (and TokenReview/SubjectAccessReview unless set below); in-cluster if empty"),
        new("state-dir", "Solvers:StateDir", Kind.Text, "where standalone mode keeps its development PKI (default .solvers)"),
        new("authentication-kubeconfig", "Solvers:Authentication:Kubeconfig", Kind.Text, "kubeconfig for TokenReview and the extension-apiserver-authentication lookup"),
        new("authentication-skip-lookup", "Solvers:Authentication:SkipLookup", Kind.Boolean, "do not read ConfigMap kube-system/extension-apiserver-authentication"),
        new("authentication-tolerate-lookup-failure", "Solvers:Authentication:TolerateLookupFailure", Kind.Boolean, "start even if that ConfigMap cannot be read"),
        new("authentication-token-webhook-cache-ttl", "Solvers:Authentication:TokenWebhookCacheTtl", Kind.Duration, "how long TokenReview answers are cached (default 10s)"),
        new("client-ca-file", "Solvers:Authentication:ClientCaFile", Kind.Text, "CA bundle for x509 client certificates (user = CN, groups = O)"),
        new("requestheader-client-ca-file", "Solvers:Authentication:RequestHeaderClientCaFile", Kind.Text, "CA bundle for the front proxy's client certificate"),
        new("requestheader-allowed-names", "Solvers:Authentication:RequestHeaderAllowedNames", Kind.List, "allowed front-proxy certificate CNs (empty: any)"),
        new("requestheader-username-headers", "Solvers:Authentication:RequestHeaderUsernameHeaders", Kind.List, "user name headers (default X-Remote-User)"),
        new("requestheader-uid-headers", "Solvers:Authentication:RequestHeaderUidHeaders", Kind.List, "user UID headers (default none)"),
        new("requestheader-group-headers", "Solvers:Authentication:RequestHeaderGroupHeaders", Kind.List, "group headers (default X-Remote-Group)"),
        new("requestheader-extra-headers-prefix", "Solvers:Authentication:RequestHeaderExtraHeadersPrefix", Kind.List, "extra header prefixes (default X-Remote-Extra-)"),
        new("authorization-kubeconfig", "Solvers:Authorization:Kubeconfig", Kind.Text, "kubeconfig for SubjectAccessReview"),
        new("authorization-always-allow-paths", "Solvers:Authorization:AlwaysAllowPaths", Kind.List, "paths anyone may call (default /healthz,/readyz,/livez)"),
        new("authorization-always-allow-groups", "Solvers:Authorization:AlwaysAllowGroups", Kind.List, "groups allowed everything (default system:masters)"),
        new("authorization-webhook-cache-authorized-ttl", "Solvers:Authorization:WebhookCacheAuthorizedTtl", Kind.Duration, "how long allowed answers are cached (default 10s)"),
        new("authorization-webhook-cache-unauthorized-ttl", "Solvers:Authorization:WebhookCacheUnauthorizedTtl", Kind.Duration, "how long denied answers are cached (default 10s)"),
        new("insecure-allow-unauthenticated", "Solvers:InsecureAllowUnauthenticated", Kind.Boolean, "let every caller in without authentication (also on non-loopback addresses)"),
        new("logging-format", "Solvers:LoggingFormat", Kind.Text, "text or json"),
        new("dns01-recursive-nameservers", "Solvers:Propagation:RecursiveNameservers", Kind.List, "resolvers (ip:port) for the propagation check's lookups; the system's if empty"),
        new("dns01-recursive-nameservers-only", "Solvers:Propagation:RecursiveOnly", Kind.Boolean, "check propagation through the resolvers only"),
        new("propagation-authoritative-port", "Solvers:Propagation:AuthoritativePort", Kind.Integer, "port of authoritative servers (test setups; default 53)"),
        new("propagation-skip-solvers", "Solvers:Propagation:SkipSolvers", Kind.List, "solvers whose Present does not wait for propagation (default embedded)"),
        new("embedded-dns-listen", "Solvers:Providers:Embedded:Listen", Kind.Text, "embedded DNS server address, ip:port (default 127.0.0.1:8053)"),
        new("embedded-dns-zones", "Solvers:Providers:Embedded:Zones", Kind.List, "comma-separated zones the embedded DNS server serves"),
    ];

    /// <summary>One line per flag, for <c>--help</c>.</summary>
    public static string Usage =>
        "Usage: solver-host [flags]\n\nFlags:\n"
        + string.Concat(_flags.Select(f => $"  --{f.Name}{(f.Kind == Kind.Boolean ? string.Empty : " " + f.Kind.ToString().ToLowerInvariant())}\n      {f.Help}\n"))
        + "\nEvery flag is also a configuration key (appsettings.json, or environment variables such as Solvers__SecurePort).\n";

    /// <summary>Parses <paramref name="args"/> into configuration key/value pairs.</summary>
    /// <exception cref="FormatException">An unknown flag, a missing value or a malformed value; the message names it.</exception>
    public static IReadOnlyDictionary<string, string?> Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new FormatException($"unexpected argument \"{arg}\": flags look like --name=value");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            var flag = Array.Find(_flags, f => f.Name == name)
                ?? throw new FormatException($"unknown flag: --{name} (see --help)");

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (flag.Kind == Kind.Boolean)
            {
                value = "true";
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                throw new FormatException($"flag needs an argument: --{name}");
            }

            switch (flag.Kind)
            {
                case Kind.Integer when !int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _):
                    throw new FormatException($"invalid argument \"{value}\" for --{name}: not an integer");
                case Kind.Boolean:
                    // Go's strconv.ParseBool forms, as pflag accepts them.
                    value = value switch
                    {
                        "1" or "t" or "T" or "true" or "TRUE" or "True" => "true",
                        "0" or "f" or "F" or "false" or "FALSE" or "False" => "false",
                        _ => throw new FormatException($"invalid argument \"{value}\" for --{name}: expected true or false"),
                    };
                    break;
                case Kind.Duration:
                    value = ParseDuration(value, name).ToString("c", CultureInfo.InvariantCulture);
                    break;
                case Kind.List:
                    // Repeating a list flag appends, as pflag does.
                    var existing = values.Keys.Count(k => k.StartsWith(flag.Key + ":", StringComparison.OrdinalIgnoreCase));
                    var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    for (var n = 0; n < items.Length; n++)
                    {
                        values[$"{flag.Key}:{existing + n}"] = items[n];
                    }

                    continue;
            }

            values[flag.Key] = value;
        }

        return values;
    }

    /// <summary>Parses a Go duration (<c>300ms</c>, <c>30s</c>, <c>1m30s</c>, <c>1h</c>) or a .NET TimeSpan (<c>00:00:30</c>).</summary>
    public static TimeSpan ParseDuration(string value, string flagName)
    {
        if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var timeSpan) && value.Contains(':', StringComparison.Ordinal))
        {
            return timeSpan;
        }

        var match = GoDuration().Match(value);
        if (!match.Success || value == "")
        {
            throw new FormatException($"invalid argument \"{value}\" for --{flagName}: expected a duration such as 30s, 1m30s or 500ms");
        }

        try
        {
            return Sum(match);
        }
        catch (OverflowException)
        {
            throw new FormatException($"invalid argument \"{value}\" for --{flagName}: the duration is too large");
        }
    }

    private static TimeSpan Sum(Match match)
    {
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitStart = part.Value.IndexOfAny(['h', 'm', 's', 'u', 'µ', 'n']);
            var number = double.Parse(part.Value[..unitStart], CultureInfo.InvariantCulture);
            total += part.Value[unitStart..] switch
            {
                "h" => TimeSpan.FromHours(number),
                "m" => TimeSpan.FromMinutes(number),
                "s" => TimeSpan.FromSeconds(number),
                "ms" => TimeSpan.FromMilliseconds(number),
                "us" or "µs" => TimeSpan.FromMicroseconds(number),
                _ => TimeSpan.FromTicks((long)(number / 100)),
            };
        }

        return total;
    }

    [GeneratedRegex(@"^(?:(?<part>\d+(?:\.\d+)?(?:h|ms|m|s|us|µs|ns)))+$|^0$")]
    private static partial Regex GoDuration();
}
