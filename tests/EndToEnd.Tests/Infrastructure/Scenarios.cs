namespace Solvers.EndToEnd.Tests.Infrastructure;

/// <summary>The certificates every path is asked for.</summary>
internal static class Scenarios
{
    public static readonly string[] OneName = ["www.example.test"];

    /// <summary>Both authorizations put their TXT value at <c>_acme-challenge.example.test</c> at the same time.</summary>
    public static readonly string[] WildcardAndApex = ["*.example.test", "example.test"];

    public static readonly string[] TenNames =
    [
        "app01.example.test", "app02.example.test", "app03.example.test", "app04.example.test", "app05.example.test",
        "app06.example.test", "app07.example.test", "app08.example.test", "api.example.test", "deep.sub.example.test",
    ];
}
