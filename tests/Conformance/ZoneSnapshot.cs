using System.Net;
using DnsClient;
using DnsClient.Protocol;
using Solvers.Abstractions;
using Solvers.Conformance.Internal;

namespace Solvers.Conformance;

/// <summary>Ready-made <see cref="IZoneSnapshot"/>s.</summary>
public static class ZoneSnapshot
{
    /// <summary>The label prefix of every name the kit writes.</summary>
    public const string KitLabelPrefix = "solvers-conformance-";

    /// <summary>A snapshot from <paramref name="records"/>, e.g. a fake API's record list or a provider's list call.
    /// Lines of the kit's own names are dropped.</summary>
    public static IZoneSnapshot FromDelegate(string description, Func<CancellationToken, Task<IEnumerable<string>>> records)
    {
        ArgumentException.ThrowIfNullOrEmpty(description);
        ArgumentNullException.ThrowIfNull(records);
        return new DelegateSnapshot(description, records);
    }

    /// <summary>A snapshot made of DNS answers from <paramref name="server"/> for every record type at each of
    /// <paramref name="names"/> that a zone usually holds (SOA without its serial, NS, A, AAAA, CNAME, MX, TXT, CAA),
    /// for servers that do not allow zone transfers. List the names that hold records the provider must not touch.</summary>
    public static IZoneSnapshot FromDns(IPEndPoint server, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(names);
        return new DnsSnapshot(server, [.. names.Select(DnsName.Parse)]);
    }

    internal static bool IsKitName(string line) => line.Contains("." + KitLabelPrefix, StringComparison.OrdinalIgnoreCase)
        || line.StartsWith(KitLabelPrefix, StringComparison.OrdinalIgnoreCase);

    private sealed class DelegateSnapshot(string description, Func<CancellationToken, Task<IEnumerable<string>>> records) : IZoneSnapshot
    {
        public string Description => description;

        public async Task<IReadOnlyCollection<string>> TakeAsync(CancellationToken cancellationToken) =>
            [.. (await records(cancellationToken).ConfigureAwait(false)).Where(l => !IsKitName(l))];
    }

    private sealed class DnsSnapshot(IPEndPoint server, IReadOnlyList<DnsName> names) : IZoneSnapshot
    {
        private static readonly QueryType[] _types = [QueryType.SOA, QueryType.NS, QueryType.A, QueryType.AAAA, QueryType.CNAME, QueryType.MX, QueryType.TXT, QueryType.CAA];

        private readonly LookupClient _client = DnsTxtQuery.Client(server, recursion: false, TimeSpan.FromSeconds(2));

        public string Description => $"DNS answers from {server} for {string.Join(", ", names)}";

        public async Task<IReadOnlyCollection<string>> TakeAsync(CancellationToken cancellationToken)
        {
            var lines = new List<string>();
            foreach (var name in names)
            {
                foreach (var type in _types)
                {
                    IDnsQueryResponse response;
                    try
                    {
                        response = await _client.QueryAsync(name.Value, type, cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (DnsResponseException ex)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        lines.Add($"{name} {type} no answer: {ex.Message}");
                        continue;
                    }

                    lines.Add($"{name} {type} {response.Header.ResponseCode}");
                    lines.AddRange(response.Answers.Where(r => r.RecordType == (ResourceRecordType)type).Select(Describe));
                }
            }

            return [.. lines.Where(l => !IsKitName(l)).Order(StringComparer.Ordinal)];
        }

        // The SOA serial may move with any change in the zone; everything else must not.
        private static string Describe(DnsResourceRecord record) => record is SoaRecord soa
            ? $"{soa.DomainName.Value.ToLowerInvariant()} {soa.TimeToLive} SOA {soa.MName.Value} {soa.RName.Value} {soa.Refresh} {soa.Retry} {soa.Expire} {soa.Minimum}"
            : record is TxtRecord ? record.ToString() : record.ToString().ToLowerInvariant();
    }
}
