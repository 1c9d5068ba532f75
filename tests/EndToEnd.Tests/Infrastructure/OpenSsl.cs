namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>Reads issued certificates with the openssl command, independently of .NET's X.509 code.</summary>
internal static class OpenSsl
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(30);

    /// <summary>The DNS names in the certificate's subjectAltName extension, as openssl prints them.</summary>
    public static async Task<IReadOnlyList<string>> SubjectAlternativeNamesAsync(string certificateFile, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["x509", "-in", certificateFile, "-noout", "-ext", "subjectAltName"], cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"openssl cannot read {certificateFile}: {result}");
        }

        // X509v3 Subject Alternative Name: \n    DNS:example.test, DNS:*.example.test
        return result.Stdout.Split('\n')
            .Skip(1)
            .SelectMany(line => line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(entry => entry.StartsWith("DNS:", StringComparison.Ordinal)
                ? entry[4..]
                : throw new InvalidOperationException($"unexpected subjectAltName entry '{entry}' in {certificateFile}"))
            .ToList();
    }

    /// <summary>Runs <c>openssl verify</c> of the leaf against <paramref name="rootsFile"/> with
    /// <paramref name="chainFile"/> as untrusted intermediates; the result says whether it printed "OK".</summary>
    public static Task<CommandResult> VerifyAsync(string certificateFile, string chainFile, string rootsFile, CancellationToken cancellationToken) =>
        RunAsync(["verify", "-CAfile", rootsFile, "-untrusted", chainFile, certificateFile], cancellationToken);

    private static Task<CommandResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Command.RunAsync(Command.Require("openssl", "openssl"), arguments, null, _timeout, cancellationToken);
}
