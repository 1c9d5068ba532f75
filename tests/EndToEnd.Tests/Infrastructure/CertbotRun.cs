namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>One certbot run: its result, where it keeps its files, and the calls its hook made to the host.</summary>
internal sealed record CertbotRun(CommandResult Result, string Folder, IReadOnlyList<HookCall> HookCalls)
{
    /// <summary>The issued leaf certificate.</summary>
    public string CertificateFile => Path.Combine(Folder, "config", "live", Certbot.CertificateName, "cert.pem");

    /// <summary>The intermediates Pebble sent with it.</summary>
    public string ChainFile => Path.Combine(Folder, "config", "live", Certbot.CertificateName, "chain.pem");

    public TimeSpan Elapsed => Result.Elapsed;

    /// <summary>The time the hook spent waiting for the host's answers, all calls added up (they run one after another).</summary>
    public TimeSpan InHostCalls => TimeSpan.FromTicks(HookCalls.Sum(c => c.Elapsed.Ticks));

    /// <summary>certbot's own debug log, for failure messages.</summary>
    public string LogTail(int lines = 60)
    {
        var log = Path.Combine(Folder, "logs", "letsencrypt.log");
        if (!File.Exists(log))
        {
            return "(no certbot log)";
        }

        var all = File.ReadAllLines(log);
        return string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)));
    }
}
