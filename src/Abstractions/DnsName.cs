using System.Diagnostics.CodeAnalysis;

namespace Solvers.Abstractions;

/// <summary>A fully qualified DNS name, normalised to lowercase with a trailing dot, e.g. <c>_acme-challenge.example.com.</c>.</summary>
/// <remarks>
/// Compare names only through this type: <c>Example.COM</c>, <c>example.com</c> and <c>example.com.</c> are equal.
/// Names are ASCII (internationalised names arrive as punycode) with labels of 1 to 63 octets and at most
/// 253 octets in all. Zone-file escapes are not accepted. The default value is the root, <c>.</c>.
/// </remarks>
public readonly record struct DnsName
{
    private const int MaxLength = 253;
    private const int MaxLabelLength = 63;

    private readonly string? _value;

    private DnsName(string value) => _value = value;

    /// <summary>The root name, <c>.</c>.</summary>
    public static DnsName Root => default;

    /// <summary>The normalised name with its trailing dot, e.g. <c>example.com.</c>.</summary>
    public string Value => _value ?? ".";

    /// <summary>The name without its trailing dot, e.g. <c>example.com</c>, as most HTTP DNS APIs want it.</summary>
    public string WithoutTrailingDot => _value is null ? string.Empty : _value[..^1];

    /// <summary>Whether this is the root name.</summary>
    public bool IsRoot => _value is null;

    /// <summary>The number of labels, e.g. 2 for <c>example.com.</c>.</summary>
    public int LabelCount => _value is null ? 0 : _value.Count(c => c == '.');

    /// <summary>The name one label up, e.g. <c>com.</c> for <c>example.com.</c>; the root stays the root.</summary>
    public DnsName Parent
    {
        get
        {
            if (_value is null)
            {
                return Root;
            }

            var dot = _value.IndexOf('.', StringComparison.Ordinal);
            return dot == _value.Length - 1 ? Root : new DnsName(_value[(dot + 1)..]);
        }
    }

    /// <summary>Parses <paramref name="name"/>, with or without its trailing dot, in any case.</summary>
    /// <exception cref="FormatException">The name is empty or not a valid DNS name; the message says why.</exception>
    public static DnsName Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryParseCore(name, out var result, out var error) ? result : throw new FormatException(error);
    }

    /// <summary>Tries to parse <paramref name="name"/>; see <see cref="Parse(string)"/>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? name, out DnsName result)
    {
        result = default;
        return name is not null && TryParseCore(name, out result, out _);
    }

    /// <summary>Whether this name equals <paramref name="zone"/> or lies below it.</summary>
    public bool IsSubdomainOf(DnsName zone)
    {
        if (zone.IsRoot)
        {
            return true;
        }

        var value = Value;
        var suffix = zone.Value;
        return value.Length == suffix.Length
            ? string.Equals(value, suffix, StringComparison.Ordinal)
            : value.Length > suffix.Length && value[^(suffix.Length + 1)] == '.' && value.EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>This name relative to <paramref name="zone"/>, without a trailing dot, e.g. <c>_acme-challenge.www</c>
    /// for <c>_acme-challenge.www.example.com.</c> in <c>example.com.</c>; <c>@</c> when the two are equal.</summary>
    /// <exception cref="ArgumentException">This name is not in <paramref name="zone"/>.</exception>
    public string RelativeTo(DnsName zone)
    {
        if (!IsSubdomainOf(zone))
        {
            throw new ArgumentException($"{Value} is not in zone {zone.Value}", nameof(zone));
        }

        return Equals(zone) ? "@" : zone.IsRoot ? WithoutTrailingDot : Value[..^(zone.Value.Length + 1)];
    }

    /// <summary>The normalised name, e.g. <c>example.com.</c>.</summary>
    public override string ToString() => Value;

    private static bool TryParseCore(ReadOnlySpan<char> s, out DnsName result, out string error)
    {
        result = default;
        if (s.IsEmpty)
        {
            error = "a DNS name must not be empty";
            return false;
        }

        if (s is ".")
        {
            error = string.Empty;
            return true;
        }

        var body = s[^1] == '.' ? s[..^1] : s;
        if (body.Length > MaxLength)
        {
            error = $"\"{Shorten(s)}\" is longer than {MaxLength} characters";
            return false;
        }

        var labelLength = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '.')
            {
                if (labelLength == 0)
                {
                    error = $"\"{Shorten(s)}\" has an empty label";
                    return false;
                }

                labelLength = 0;
                continue;
            }

            if (c <= ' ' || c > '~' || c == '\\')
            {
                error = $"\"{Shorten(s)}\" contains a character not allowed in a DNS name at position {i + 1}";
                return false;
            }

            if (++labelLength > MaxLabelLength)
            {
                error = $"\"{Shorten(s)}\" has a label longer than {MaxLabelLength} characters";
                return false;
            }
        }

        if (labelLength == 0)
        {
            error = $"\"{Shorten(s)}\" has an empty label";
            return false;
        }

        error = string.Empty;
        result = new DnsName(string.Concat(body.ToString().ToLowerInvariant(), "."));
        return true;
    }

    private static string Shorten(ReadOnlySpan<char> s) => s.Length <= 80 ? s.ToString() : string.Concat(s[..77], "...");
}
