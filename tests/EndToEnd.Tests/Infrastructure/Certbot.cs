using System.Globalization;
using System.Text;

namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>
/// certbot from Debian, asking Pebble for a certificate with the DNS-01 challenge. Each run has its own config, work
/// and logs folders (so a new ACME account, as a fresh cluster's issuer has), trusts Pebble's TLS certificate through
/// <c>REQUESTS_CA_BUNDLE</c>, and uses no proxy.
/// </summary>
internal static class Certbot
{
    public const string CertificateName = "e2e";

    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(120);

    /// <summary>Manual mode whose auth and cleanup hooks call the solver host (Scripts/challenge_hook.py).</summary>
    public static async Task<CertbotRun> IssueWithHookAsync(
        string folder, PebbleServer pebble, string pebbleCaFile, HookSettings hook, IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        var python = Python();
        var script = HookScript;
        var hookLog = Path.Combine(folder, "hook-requests.jsonl");
        Directory.CreateDirectory(folder);
        var environment = BaseEnvironment(pebbleCaFile);
        foreach (var (key, value) in HookEnvironment(hook, hookLog))
        {
            environment[key] = value;
        }

        string[] arguments =
        [
            "certonly", "--manual", "--preferred-challenges", "dns",
            "--manual-auth-hook", $"{python} {NoSpaces(script)} present",
            "--manual-cleanup-hook", $"{python} {NoSpaces(script)} cleanup",
            .. CommonArguments(folder, pebble, domains),
        ];
        var result = await RunAsync(arguments, environment, cancellationToken);
        return new CertbotRun(result, folder, ReadHookLog(hookLog));
    }

    /// <summary>certbot's own RFC 2136 plugin (Debian's python3-certbot-dns-rfc2136): updates go straight to the
    /// primary, then it sleeps <paramref name="propagationSeconds"/> before answering the challenges.</summary>
    public static async Task<CertbotRun> IssueWithRfc2136PluginAsync(
        string folder, PebbleServer pebble, string pebbleCaFile, Rfc2136Credentials credentials, int propagationSeconds,
        IReadOnlyList<string> domains, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var ini = Path.Combine(folder, "rfc2136.ini");
        await File.WriteAllTextAsync(ini, credentials.ToIni(), cancellationToken);
        // certbot warns about credentials files that others can read.
        File.SetUnixFileMode(ini, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        string[] arguments =
        [
            "certonly", "--dns-rfc2136", "--dns-rfc2136-credentials", ini,
            "--dns-rfc2136-propagation-seconds", propagationSeconds.ToString(CultureInfo.InvariantCulture),
            .. CommonArguments(folder, pebble, domains),
        ];
        var result = await RunAsync(arguments, BaseEnvironment(pebbleCaFile), cancellationToken);
        return new CertbotRun(result, folder, []);
    }

    /// <summary>The hook script beside the test assembly.</summary>
    public static string HookScript => Path.Combine(AppContext.BaseDirectory, "Scripts", "challenge_hook.py");

    /// <summary>The variables the hook reads (besides certbot's own CERTBOT_DOMAIN and CERTBOT_VALIDATION).</summary>
    public static Dictionary<string, string?> HookEnvironment(HookSettings hook, string logFile) => new()
    {
        ["SOLVERS_HOOK_URL"] = hook.SolverUrl.ToString(),
        ["SOLVERS_HOOK_CA"] = hook.ServingCaFile,
        ["SOLVERS_HOOK_CERT"] = hook.FrontProxyCertificateFile,
        ["SOLVERS_HOOK_KEY"] = hook.FrontProxyKeyFile,
        ["SOLVERS_HOOK_USER"] = hook.User,
        ["SOLVERS_HOOK_GROUPS"] = string.Join(',', hook.Groups),
        ["SOLVERS_HOOK_ZONE"] = hook.Zone,
        ["SOLVERS_HOOK_NAMESPACE"] = hook.ResourceNamespace,
        ["SOLVERS_HOOK_CONFIG"] = hook.ConfigJson,
        ["SOLVERS_HOOK_LOG"] = logFile,
    };

    /// <summary>Debian's interpreter, which certbot itself runs on (a python3 earlier on PATH may be a slow shim).</summary>
    public static string Python() =>
        File.Exists("/usr/bin/python3")
            ? "/usr/bin/python3"
            : throw new InvalidOperationException("/usr/bin/python3 is missing; scripts/install-test-deps.sh installs it (Debian package python3).");

    private static List<string> CommonArguments(string folder, PebbleServer pebble, IReadOnlyList<string> domains)
    {
        List<string> arguments =
        [
            "--server", pebble.DirectoryUrl.ToString(),
            "--config-dir", Path.Combine(folder, "config"),
            "--work-dir", Path.Combine(folder, "work"),
            "--logs-dir", Path.Combine(folder, "logs"),
            "--non-interactive", "--agree-tos", "--register-unsafely-without-email",
            "--cert-name", CertificateName,
        ];
        foreach (var domain in domains)
        {
            arguments.Add("-d");
            arguments.Add(domain);
        }

        return arguments;
    }

    private static Dictionary<string, string?> BaseEnvironment(string pebbleCaFile)
    {
        var environment = new Dictionary<string, string?>
        {
            // Pebble's HTTPS listener has a certificate from the setup's own CA; verify it rather than --no-verify-ssl.
            ["REQUESTS_CA_BUNDLE"] = pebbleCaFile,
            ["NO_PROXY"] = "127.0.0.1,localhost",
        };
        foreach (var proxy in new[] { "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY" })
        {
            environment[proxy] = null;
        }

        return environment;
    }

    private static async Task<CommandResult> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken) =>
        await Command.RunAsync(Command.Require("certbot", "certbot"), arguments, environment, _timeout, cancellationToken);

    /// <summary>certbot looks for a hook's program by its first space-separated word, so the command cannot quote.</summary>
    private static string NoSpaces(string path) =>
        path.Contains(' ', StringComparison.Ordinal) ? throw new InvalidOperationException($"the hook's path must not contain spaces: {path}") : path;

    private static List<HookCall> ReadHookLog(string file) =>
        File.Exists(file)
            ? File.ReadAllText(file, Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(HookCall.Parse).ToList()
            : [];
}
