using Solvers.SolverHost.Hosting;

namespace Solvers.SolverHost.Tests.Hosting;

public sealed class CommandLineFlagsTests
{
    [Fact]
    public void Parse_NoArguments_IsEmpty()
    {
        Assert.Empty(CommandLineFlags.Parse([]));
    }

    [Fact]
    public void Parse_NameEqualsValue_SetsTheConfigurationKey()
    {
        var values = CommandLineFlags.Parse(["--group-name=acme.example.com"]);

        Assert.Equal("acme.example.com", Assert.Single(values, kv => kv.Key == "Solvers:GroupName").Value);
    }

    [Fact]
    public void Parse_NameSpaceValue_SetsTheConfigurationKey()
    {
        var values = CommandLineFlags.Parse(["--group-name", "acme.example.com", "--secure-port", "9443"]);

        Assert.Equal("acme.example.com", values["Solvers:GroupName"]);
        Assert.Equal("9443", values["Solvers:SecurePort"]);
        Assert.Equal(2, values.Count);
    }

    [Fact]
    public void Parse_ValueContainingEquals_KeepsEverythingAfterTheFirstEquals()
    {
        var values = CommandLineFlags.Parse(["--tls-cert-file=/certs/a=b.pem"]);

        Assert.Equal("/certs/a=b.pem", values["Solvers:TlsCertFile"]);
    }

    [Fact]
    public void Parse_EmptyValueAfterEquals_IsEmpty()
    {
        Assert.Equal(string.Empty, CommandLineFlags.Parse(["--secrets-dir="])["Solvers:SecretsDir"]);
    }

    [Fact]
    public void Parse_FlagGivenTwice_LastWins()
    {
        Assert.Equal("b.example.com", CommandLineFlags.Parse(["--group-name=a.example.com", "--group-name=b.example.com"])["Solvers:GroupName"]);
    }

    [Fact]
    public void Parse_BooleanFlagAlone_IsTrue()
    {
        var values = CommandLineFlags.Parse(["--insecure-allow-unauthenticated"]);

        Assert.Equal("true", values["Solvers:InsecureAllowUnauthenticated"]);
    }

    [Fact]
    public void Parse_BooleanFlagAloneFollowedByAnotherFlag_DoesNotConsumeIt()
    {
        var values = CommandLineFlags.Parse(["--insecure-allow-unauthenticated", "--secure-port=1"]);

        Assert.Equal("true", values["Solvers:InsecureAllowUnauthenticated"]);
        Assert.Equal("1", values["Solvers:SecurePort"]);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public void Parse_BooleanFlagWithValue_TakesTheValue(string value)
    {
        Assert.Equal(value, CommandLineFlags.Parse([$"--insecure-allow-unauthenticated={value}"])["Solvers:InsecureAllowUnauthenticated"]);
    }

    [Fact]
    public void Parse_BooleanFlagWithBadValue_FailsNamingTheFlag()
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineFlags.Parse(["--insecure-allow-unauthenticated=maybe"]));

        Assert.Contains("--insecure-allow-unauthenticated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("maybe", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("8443.5")]
    [InlineData("99999999999")]
    public void Parse_IntegerFlagWithBadValue_FailsNamingTheFlag(string value)
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineFlags.Parse([$"--secure-port={value}"]));

        Assert.Equal($"invalid argument \"{value}\" for --secure-port: not an integer", ex.Message);
    }

    [Theory]
    [InlineData("--nope")]
    [InlineData("--nope=1")]
    public void Parse_UnknownFlag_Fails(string arg)
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineFlags.Parse([arg]));

        Assert.StartsWith("unknown flag: --nope", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FlagNamesAreCaseSensitive()
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineFlags.Parse(["--Group-Name=a.example.com"]));

        Assert.StartsWith("unknown flag: --Group-Name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--group-name")]
    [InlineData("--secure-port")]
    [InlineData("--solver-timeout")]
    public void Parse_MissingValue_FailsNamingTheFlag(string flag)
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineFlags.Parse([flag]));

        Assert.Equal($"flag needs an argument: {flag}", ex.Message);
    }

    [Theory]
    [InlineData("group-name")]
    [InlineData("-group-name=x")]
    [InlineData("--")]
    [InlineData("-h")]
    public void Parse_NotAFlag_Fails(string arg)
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineFlags.Parse([arg]));

        Assert.Contains($"\"{arg}\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("30s", "00:00:30")]
    [InlineData("1m30s", "00:01:30")]
    [InlineData("500ms", "00:00:00.5000000")]
    [InlineData("0", "00:00:00")]
    [InlineData("0s", "00:00:00")]
    [InlineData("00:00:30", "00:00:30")]
    [InlineData("1h", "01:00:00")]
    [InlineData("2h45m", "02:45:00")]
    [InlineData("1.5s", "00:00:01.5000000")]
    [InlineData("250us", "00:00:00.0002500")]
    [InlineData("250µs", "00:00:00.0002500")]
    [InlineData("100ns", "00:00:00.0000001")]
    [InlineData("1h0m0.5s", "01:00:00.5000000")]
    public void Parse_Duration_IsStoredInTimeSpanConstantFormat(string value, string expected)
    {
        var values = CommandLineFlags.Parse([$"--solver-timeout={value}"]);

        Assert.Equal(expected, values["Solvers:SolverTimeout"]);
    }

    [Fact]
    public void Parse_DurationAsSeparateArgument_IsConverted()
    {
        Assert.Equal("00:00:05", CommandLineFlags.Parse(["--shutdown-delay-duration", "5s"])["Solvers:ShutdownDelay"]);
    }

    [Theory]
    [InlineData("30")]
    [InlineData("")]
    [InlineData("s")]
    [InlineData("30x")]
    [InlineData("1d")]
    [InlineData("-5s")]
    [InlineData("30 s")]
    [InlineData("abc")]
    public void Parse_BadDuration_FailsNamingTheFlag(string value)
    {
        var ex = Assert.Throws<FormatException>(() => CommandLineFlags.Parse([$"--solver-timeout={value}"]));

        Assert.Equal($"invalid argument \"{value}\" for --solver-timeout: expected a duration such as 30s, 1m30s or 500ms", ex.Message);
    }

    [Theory]
    [InlineData("99999999999999h")]
    [InlineData("9999999999999999999999s")]
    public void Parse_DurationTooLarge_FailsWithFormatExceptionNamingTheFlag(string value)
    {
        // Program.cs turns only FormatException into a one-line error; anything else crashes with a stack trace.
        var ex = Record.Exception(() => CommandLineFlags.Parse([$"--solver-timeout={value}"]));

        var format = Assert.IsType<FormatException>(ex);
        Assert.Contains("--solver-timeout", format.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_List_SetsIndexedKeys()
    {
        var values = CommandLineFlags.Parse(["--embedded-dns-zones=a.test.,b.test."]);

        Assert.Equal("a.test.", values["Solvers:Providers:Embedded:Zones:0"]);
        Assert.Equal("b.test.", values["Solvers:Providers:Embedded:Zones:1"]);
        Assert.Equal(2, values.Count);
    }

    [Fact]
    public void Parse_ListWithSpacesAndEmptyItems_TrimsAndSkipsThem()
    {
        var values = CommandLineFlags.Parse(["--embedded-dns-zones", " a.test. ,, b.test.,"]);

        Assert.Equal(["a.test.", "b.test."], values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value));
    }

    [Fact]
    public void Parse_ListGivenTwice_AppendsLikePflag()
    {
        // pflag's StringSlice appends on repeated flags; whatever the rule, no stale item may survive from the first.
        var values = CommandLineFlags.Parse(["--embedded-dns-zones=a.test.,b.test.", "--embedded-dns-zones=c.test."]);

        Assert.Equal(
            ["a.test.", "b.test.", "c.test."],
            values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value));
    }

    [Fact]
    public void Parse_EveryDocumentedFlag_IsAccepted()
    {
        var values = CommandLineFlags.Parse(
        [
            "--group-name=acme.example.com",
            "--bind-address=0.0.0.0",
            "--secure-port=0",
            "--tls-cert-file=/c.pem",
            "--tls-private-key-file=/k.pem",
            "--solver-timeout=20s",
            "--shutdown-delay-duration=3s",
            "--http2-max-streams-per-connection=100",
            "--secrets-dir=/secrets",
            "--insecure-allow-unauthenticated",
            "--logging-format=json",
            "--embedded-dns-listen=127.0.0.1:0",
            "--embedded-dns-zones=example.test.",
        ]);

        Assert.Equal(13, values.Count);
        Assert.Equal("00:00:20", values["Solvers:SolverTimeout"]);
        Assert.Equal("00:00:03", values["Solvers:ShutdownDelay"]);
        Assert.Equal("127.0.0.1:0", values["Solvers:Providers:Embedded:Listen"]);
    }

    [Fact]
    public void Usage_ListsEveryFlag()
    {
        var usage = CommandLineFlags.Usage;

        Assert.Contains("--group-name text", usage, StringComparison.Ordinal);
        Assert.Contains("--solver-timeout duration", usage, StringComparison.Ordinal);
        Assert.Contains("--insecure-allow-unauthenticated\n", usage, StringComparison.Ordinal);
        Assert.Contains("--embedded-dns-zones list", usage, StringComparison.Ordinal);
    }
}
