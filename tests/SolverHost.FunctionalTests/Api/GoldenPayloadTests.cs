using System.Net.Http.Headers;
using System.Text;
using Solvers.SolverHost.FunctionalTests.Infrastructure;

namespace Solvers.SolverHost.FunctionalTests.Api;

/// <summary>Wire-format tests: each <c>Payloads/&lt;case&gt;/request.http</c> is sent to the real host and the answer
/// must match <c>response.http</c> byte for byte (status, the listed headers, body).</summary>
/// <remarks>request.http: <c>METHOD path</c>, header lines, a blank line, the body (or <c>@oversize</c>).
/// response.http: the status code, header lines that must be present with these values, a blank line, the body.</remarks>
public sealed class GoldenPayloadTests
{
    private static readonly string _root = Path.Combine(AppContext.BaseDirectory, "Payloads");

    public static TheoryData<string> Cases() => [.. Directory.GetDirectories(_root).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Request_MatchesGoldenResponse(string name)
    {
        await using var host = await InProcessHost.StartAsync();
        var (method, path, requestHeaders, requestBody) = ReadMessage(Path.Combine(_root, name, "request.http"));
        var (statusLine, _, expectedHeaders, expectedBody) = ReadMessage(Path.Combine(_root, name, "response.http"));

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        byte[]? body = requestBody switch
        {
            "" => null,
            "@oversize\n" => Encoding.UTF8.GetBytes("{\"request\":{\"key\":\"" + new string('x', 3 * 1024 * 1024) + "\"}}"),
            _ => Encoding.UTF8.GetBytes(requestBody),
        };
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        foreach (var (header, value) in requestHeaders)
        {
            if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(header, value);
            }
        }

        using var response = await host.Client.SendAsync(request, TestContext.Current.CancellationToken);
        var actualBody = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(int.Parse(statusLine, System.Globalization.CultureInfo.InvariantCulture), (int)response.StatusCode);
        foreach (var (header, value) in expectedHeaders)
        {
            var actual = response.Headers.TryGetValues(header, out var values) || response.Content.Headers.TryGetValues(header, out values)
                ? string.Join(", ", values)
                : null;
            Assert.Equal(value, actual);
        }

        Assert.Equal(expectedBody, actualBody);
        Assert.True(response.Headers.Contains("Audit-Id") || name.StartsWith("discovery", StringComparison.Ordinal) || name.StartsWith("path", StringComparison.Ordinal));
    }

    private static (string First, string Second, List<(string Name, string Value)> Headers, string Body) ReadMessage(string file)
    {
        var text = File.ReadAllText(file).ReplaceLineEndings("\n");
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text.TrimEnd('\n') : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 2)..];
        var lines = head.Split('\n');
        var first = lines[0].Split(' ', 2);
        var headers = lines.Skip(1).Select(l => l.Split(": ", 2)).Select(p => (p[0], p[1])).ToList();
        return first.Length == 2 ? (first[0], first[1], headers, body) : (first[0], string.Empty, headers, body);
    }
}
