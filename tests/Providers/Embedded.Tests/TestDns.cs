using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsClient;

namespace Solvers.Providers.Embedded.Tests;

/// <summary>Queries the server under test over real UDP and TCP sockets.</summary>
internal static class TestDns
{
    /// <summary>A non-recursive, non-caching client for <paramref name="server"/>; UDP with TCP fallback unless
    /// <paramref name="tcpOnly"/>.</summary>
    public static LookupClient Client(IPEndPoint server, bool tcpOnly = false, bool tcpFallback = true) =>
        new(new LookupClientOptions(new NameServer(server))
        {
            Recursion = false,
            UseCache = false,
            UseTcpOnly = tcpOnly,
            UseTcpFallback = tcpFallback,
            Timeout = TimeSpan.FromSeconds(2),
            Retries = 1,
            ThrowDnsErrors = false,
            ContinueOnDnsError = false,
            ContinueOnEmptyResponse = false,
        });

    public static Task<IDnsQueryResponse> QueryAsync(IPEndPoint server, string name, QueryType type, bool tcp = false) =>
        Client(server, tcp).QueryAsync(name, type, cancellationToken: TestContext.Current.CancellationToken);

    /// <summary>A hand-made query, for what DnsClient will not send: other opcodes, question counts.</summary>
    public static byte[] RawQuery(int opcode, params string[] names)
    {
        var message = new List<byte>();
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(0), 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(opcode << 11));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(4), (ushort)names.Length);
        message.AddRange(header);
        foreach (var name in names)
        {
            foreach (var label in name.TrimEnd('.').Split('.'))
            {
                message.Add((byte)label.Length);
                message.AddRange(Encoding.ASCII.GetBytes(label));
            }

            message.AddRange(new byte[] { 0, 0, 16, 0, 1 }); // root, TXT, IN
        }

        return [.. message];
    }

    /// <summary>Sends <paramref name="query"/> over UDP and returns the raw response.</summary>
    public static async Task<byte[]> SendUdpAsync(IPEndPoint server, byte[] query)
    {
        using var udp = new UdpClient(server.AddressFamily);
        await udp.SendAsync(query, server, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var result = await udp.ReceiveAsync(timeout.Token);
        return result.Buffer;
    }

    public static int ReturnCodeOf(byte[] response) => response[3] & 0x0F;

    public static int OpcodeOf(byte[] response) => (response[2] >> 3) & 0x0F;

    public static bool IsAuthoritative(byte[] response) => (response[2] & 0x04) != 0;

    public static ushort IdOf(byte[] response) => BinaryPrimitives.ReadUInt16BigEndian(response);
}
