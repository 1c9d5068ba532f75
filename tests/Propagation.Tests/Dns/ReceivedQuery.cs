using System.Net;
using ARSoft.Tools.Net.Dns;
using Solvers.Abstractions;

namespace Solvers.Propagation.Tests.Dns;

/// <summary>A query a <see cref="TestDnsServer"/> received, on which of its addresses and how.</summary>
internal sealed record ReceivedQuery(IPAddress LocalAddress, DnsName Name, RecordType Type, TransportProtocol Transport, bool RecursionDesired, bool Edns);
