namespace Solvers.Testing.Cloudflare;

/// <summary>What a fake API token may do on the zones it is scoped to, as Cloudflare's permission groups.</summary>
[Flags]
public enum TokenPermissions
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Zone / Zone / Read: the zone shows in <c>GET /zones</c>.</summary>
    ZoneRead = 1,

    /// <summary>Zone / DNS / Read: list records.</summary>
    DnsRead = 2,

    /// <summary>Zone / DNS / Edit: list, create and delete records.</summary>
    DnsEdit = 4,

    /// <summary>Zone:Read and DNS:Edit, what the solver needs.</summary>
    Solver = ZoneRead | DnsEdit,
}
