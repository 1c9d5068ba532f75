namespace Solvers.Providers.Embedded;

/// <summary>Host settings of the embedded DNS server, bound from <c>Solvers:Providers:Embedded</c>.</summary>
public sealed class EmbeddedDnsOptions
{
    /// <summary>The default zone, served when <see cref="Zones"/> is empty.</summary>
    public const string DefaultZone = "example.test.";

    /// <summary>Where the server listens for UDP and TCP queries, as <c>ip:port</c>: <c>127.0.0.1:8053</c>,
    /// <c>[::1]:8053</c>, or <c>0.0.0.0:53</c>. Port 0 takes a free port; see <see cref="EmbeddedDnsProvider.EndPoint"/>.</summary>
    public string Listen { get; set; } = "127.0.0.1:8053";

    /// <summary>The zones served, e.g. <c>example.test.</c>; an entry may list several separated by commas.
    /// Empty serves <see cref="DefaultZone"/>.</summary>
    /// <remarks>Empty rather than pre-filled because configuration binding appends to a list it finds.</remarks>
    public IList<string> Zones { get; set; } = [];

    /// <summary>The name in the zones' SOA and NS records; <c>ns1.</c> plus the first zone when not set. When it lies
    /// in a served zone, the server answers A or AAAA queries for it with the listen address.</summary>
    public string? NameServer { get; set; }
}
