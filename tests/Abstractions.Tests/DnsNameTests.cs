namespace Solvers.Abstractions.Tests;

public sealed class DnsNameTests
{
    [Theory]
    [InlineData("example.com", "example.com.")]
    [InlineData("example.com.", "example.com.")]
    [InlineData("Example.COM", "example.com.")]
    [InlineData("_ACME-Challenge.WWW.Example.Com.", "_acme-challenge.www.example.com.")]
    [InlineData("*.example.com", "*.example.com.")]
    public void Parse_AnyCaseWithOrWithoutTrailingDot_NormalisesToLowercaseWithDot(string input, string expected)
    {
        var name = DnsName.Parse(input);

        Assert.Equal(expected, name.Value);
        Assert.Equal(expected, name.ToString());
    }

    [Fact]
    public void Equals_DifferentCaseAndTrailingDot_AreEqual()
    {
        var a = DnsName.Parse("Example.COM");
        var b = DnsName.Parse("example.com.");

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
    }

    [Fact]
    public void Equals_DifferentNames_AreNotEqual()
    {
        Assert.NotEqual(DnsName.Parse("example.com."), DnsName.Parse("example.org."));
    }

    [Fact]
    public void Parse_Dot_IsRoot()
    {
        var root = DnsName.Parse(".");

        Assert.True(root.IsRoot);
        Assert.Equal(DnsName.Root, root);
        Assert.Equal(default, root);
        Assert.Equal(".", root.Value);
        Assert.Equal(string.Empty, root.WithoutTrailingDot);
        Assert.Equal(0, root.LabelCount);
    }

    [Fact]
    public void IsRoot_OrdinaryName_IsFalse()
    {
        Assert.False(DnsName.Parse("com.").IsRoot);
    }

    [Theory]
    [InlineData("www.example.com.", "example.com.")]
    [InlineData("example.com.", "com.")]
    [InlineData("com.", ".")]
    [InlineData(".", ".")]
    public void Parent_Name_IsOneLabelUp(string name, string expected)
    {
        Assert.Equal(DnsName.Parse(expected), DnsName.Parse(name).Parent);
    }

    [Fact]
    public void Parent_Tld_IsRoot()
    {
        Assert.True(DnsName.Parse("com").Parent.IsRoot);
    }

    [Theory]
    [InlineData("com.", 1)]
    [InlineData("example.com", 2)]
    [InlineData("_acme-challenge.www.example.com.", 4)]
    public void LabelCount_Name_CountsLabels(string name, int expected)
    {
        Assert.Equal(expected, DnsName.Parse(name).LabelCount);
    }

    [Theory]
    [InlineData("Example.com.", "example.com")]
    [InlineData("example.com", "example.com")]
    public void WithoutTrailingDot_Name_DropsOnlyTheDot(string name, string expected)
    {
        Assert.Equal(expected, DnsName.Parse(name).WithoutTrailingDot);
    }

    [Theory]
    [InlineData("example.com.", "example.com.")]
    [InlineData("EXAMPLE.com", "example.com.")]
    [InlineData("www.example.com.", "example.com.")]
    [InlineData("_acme-challenge.a.b.example.com.", "example.com.")]
    [InlineData("example.com.", ".")]
    [InlineData(".", ".")]
    public void IsSubdomainOf_EqualOrBelow_IsTrue(string name, string zone)
    {
        Assert.True(DnsName.Parse(name).IsSubdomainOf(DnsName.Parse(zone)));
    }

    [Theory]
    [InlineData("badexample.com.", "example.com.")]
    [InlineData("www.badexample.com.", "example.com.")]
    [InlineData("example.com.", "www.example.com.")]
    [InlineData("com.", "example.com.")]
    [InlineData("example.org.", "example.com.")]
    [InlineData("example.com.example.org.", "example.com.")]
    [InlineData(".", "com.")]
    public void IsSubdomainOf_SiblingOrAboveOrElsewhere_IsFalse(string name, string zone)
    {
        Assert.False(DnsName.Parse(name).IsSubdomainOf(DnsName.Parse(zone)));
    }

    [Theory]
    [InlineData("_acme-challenge.www.example.com.", "example.com.", "_acme-challenge.www")]
    [InlineData("_acme-challenge.example.com.", "Example.COM", "_acme-challenge")]
    [InlineData("example.com.", "example.com.", "@")]
    [InlineData("example.com.", ".", "example.com")]
    [InlineData(".", ".", "@")]
    public void RelativeTo_NameInZone_IsRelativeWithoutDot(string name, string zone, string expected)
    {
        Assert.Equal(expected, DnsName.Parse(name).RelativeTo(DnsName.Parse(zone)));
    }

    [Theory]
    [InlineData("_acme-challenge.example.org.", "example.com.")]
    [InlineData("_acme-challenge.badexample.com.", "example.com.")]
    [InlineData("com.", "example.com.")]
    public void RelativeTo_NameOutsideZone_ThrowsArgumentExceptionNamingBoth(string name, string zone)
    {
        var ex = Assert.Throws<ArgumentException>(() => DnsName.Parse(name).RelativeTo(DnsName.Parse(zone)));

        Assert.Equal("zone", ex.ParamName);
        Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains(zone, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Empty_FailsWithMessage()
    {
        var ex = Assert.Throws<FormatException>(() => DnsName.Parse(string.Empty));

        Assert.Equal("a DNS name must not be empty", ex.Message);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => DnsName.Parse(null!));
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData(".example.com")]
    [InlineData("example.com..")]
    [InlineData("..")]
    public void Parse_EmptyLabel_FailsNamingTheInput(string input)
    {
        var ex = Assert.Throws<FormatException>(() => DnsName.Parse(input));

        Assert.Equal($"\"{input}\" has an empty label", ex.Message);
    }

    [Fact]
    public void Parse_LabelOf63Characters_IsAccepted()
    {
        var label = new string('a', 63);

        Assert.Equal(label + ".example.com.", DnsName.Parse(label + ".example.com").Value);
    }

    [Fact]
    public void Parse_LabelOf64Characters_FailsWithMessage()
    {
        var input = new string('a', 64) + ".example.com";

        var ex = Assert.Throws<FormatException>(() => DnsName.Parse(input));

        Assert.Equal($"\"{input}\" has a label longer than 63 characters", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    public void Parse_NameOf253Characters_IsAccepted(string suffix)
    {
        var input = LongName(253) + suffix;

        var name = DnsName.Parse(input);

        Assert.Equal(253, name.WithoutTrailingDot.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    public void Parse_NameOver253Characters_FailsWithShortenedName(string suffix)
    {
        var input = LongName(254) + suffix;

        var ex = Assert.Throws<FormatException>(() => DnsName.Parse(input));

        Assert.EndsWith("...\" is longer than 253 characters", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("\"" + input[..77], ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(input, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a b.example.com", 2)]
    [InlineData("a\\046b.example.com", 2)]
    [InlineData("exämple.com", 3)]
    [InlineData("example.com\t", 12)]
    [InlineData("ex\u007fample.com", 3)]
    public void Parse_ForbiddenCharacter_FailsNamingThePosition(string input, int position)
    {
        var ex = Assert.Throws<FormatException>(() => DnsName.Parse(input));

        Assert.Equal($"\"{input}\" contains a character not allowed in a DNS name at position {position}", ex.Message);
    }

    [Theory]
    [InlineData("example.com", true)]
    [InlineData(".", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("a..b", false)]
    [InlineData("a b", false)]
    [InlineData("exämple.com", false)]
    [InlineData("a\\.b", false)]
    public void TryParse_Input_ReportsValidity(string? input, bool expected)
    {
        Assert.Equal(expected, DnsName.TryParse(input, out _));
    }

    [Fact]
    public void TryParse_Invalid_LeavesRoot()
    {
        Assert.False(DnsName.TryParse("a..b", out var result));
        Assert.True(result.IsRoot);
    }

    [Fact]
    public void TryParse_LabelTooLong_IsFalse()
    {
        Assert.False(DnsName.TryParse(new string('x', 64) + ".com", out _));
    }

    [Fact]
    public void TryParse_NameTooLong_IsFalse()
    {
        Assert.False(DnsName.TryParse(LongName(254), out _));
    }

    [Fact]
    public void TryParse_Valid_ReturnsNormalisedName()
    {
        Assert.True(DnsName.TryParse("WWW.Example.com", out var result));
        Assert.Equal("www.example.com.", result.Value);
    }

    // Labels of 63 'a's joined by dots, cut to exactly `length` characters without a trailing dot.
    private static string LongName(int length)
    {
        var name = string.Join('.', Enumerable.Repeat(new string('a', 63), 5))[..length];
        return name.EndsWith('.') ? name[..^1] + "b" : name;
    }
}
