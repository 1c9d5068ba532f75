using System.Net;
using Solvers.Abstractions;

namespace Solvers.Propagation;

/// <summary>What one authoritative nameserver address (or, in recursive-only mode, one resolver) answered in one
/// check.</summary>
public sealed record NameserverResult
{
    internal NameserverResult(DnsName? nameserver, IPEndPoint? address, NameserverState state, NameserverError error, string detail, uint? serial, TimeSpan? roundTripTime)
    {
        Nameserver = nameserver;
        Address = address;
        State = state;
        Error = error;
        Detail = detail;
        Serial = serial;
        RoundTripTime = roundTripTime;
    }

    /// <summary>The NS host name, e.g. <c>ns1.example.com.</c>; <see langword="null"/> for a recursive resolver.</summary>
    public DnsName? Nameserver { get; }

    /// <summary>The address queried; <see langword="null"/> when the host name has no address.</summary>
    public IPEndPoint? Address { get; }

    /// <summary>Whether it serves the value.</summary>
    public NameserverState State { get; }

    /// <summary>With <see cref="NameserverState.Error"/>, the kind of error; otherwise <see cref="NameserverError.None"/>.</summary>
    public NameserverError Error { get; }

    /// <summary>A short explanation, e.g. <c>NXDOMAIN</c>, <c>2 TXT values, none matches</c> or
    /// <c>no answer over UDP nor TCP within 2 s</c>. Never contains the value itself.</summary>
    public string Detail { get; }

    /// <summary>The zone's SOA serial this address answered with, when it gave one.</summary>
    public uint? Serial { get; }

    /// <summary>How long the TXT query took, including a TCP retry; <see langword="null"/> without an answer.</summary>
    public TimeSpan? RoundTripTime { get; }
}
