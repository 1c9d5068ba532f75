using System.Net;

namespace Solvers.Propagation.Tests;

public sealed class PropagationOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:53", "127.0.0.1", 53)]
    [InlineData("10.0.0.10:5353", "10.0.0.10", 5353)]
    [InlineData("10.0.0.10", "10.0.0.10", 53)]
    [InlineData("[::1]:53", "::1", 53)]
    [InlineData("[2001:db8::1]:5300", "2001:db8::1", 5300)]
    [InlineData("[::1]", "::1", 53)]
    [InlineData("2001:db8::1", "2001:db8::1", 53)]
    [InlineData(" 10.0.0.10:53 ", "10.0.0.10", 53)]
    public void ParseNameserver_IpWithOptionalPort_Parsed(string text, string address, int port)
    {
        var endPoint = PropagationOptions.ParseNameserver(text);

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endPoint);
    }

    [Theory]
    [InlineData("dns.example.com:53", "is not ip:port (IPv6 as [::1]:53)")]
    [InlineData("10.0.0.10:0", "port 0 is not a DNS port")]
    [InlineData("10.0.0.10:70000", "is not ip:port")]
    [InlineData("https://dns.example/dns-query", "DNS over HTTPS is not supported")]
    [InlineData("", "is not ip:port")]
    public void ParseNameserver_NotAnIpEndPoint_FormatExceptionNamingIt(string text, string message)
    {
        var ex = Assert.Throws<FormatException>(() => PropagationOptions.ParseNameserver(text));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{text}\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseNameservers_List_KeepsOrder()
    {
        var endPoints = PropagationOptions.ParseNameservers(["10.0.0.2:53", "[::1]:5353"]);

        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.0.0.2"), 53), new IPEndPoint(IPAddress.IPv6Loopback, 5353)], endPoints);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new PropagationOptions();

        Assert.Empty(options.RecursiveNameservers);
        Assert.False(options.RecursiveOnly);
        Assert.Equal(TimeSpan.FromSeconds(2), options.QueryTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Deadline);
        Assert.Null(options.AuthoritativePort);
        Assert.Equal(UnreachablePolicy.Block, options.Unreachable);
        Assert.Null(options.Quorum);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.InitialInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), options.MaxInterval);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ConvergingWindow);
    }

    public static TheoryData<PropagationOptions, string> InvalidOptions => new()
    {
        { new() { QueryTimeout = TimeSpan.Zero }, "QueryTimeout must be positive" },
        { new() { Deadline = TimeSpan.FromSeconds(-1) }, "Deadline must be positive" },
        { new() { InitialInterval = TimeSpan.FromSeconds(3) }, "MaxInterval (00:00:02) is shorter than InitialInterval (00:00:03)" },
        { new() { ConvergingWindow = TimeSpan.FromSeconds(-1) }, "ConvergingWindow must be zero or positive" },
        { new() { AuthoritativePort = 0 }, "AuthoritativePort 0 is not a port" },
        { new() { Quorum = 0 }, "Quorum must be at least 1" },
        { new() { RecursiveNameservers = [null!] }, "RecursiveNameservers must not be or contain null" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOptions_ArgumentException(PropagationOptions options, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => new PropagationChecker(options));

        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }
}
