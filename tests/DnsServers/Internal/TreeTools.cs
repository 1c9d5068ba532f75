namespace Solvers.Testing.DnsServers.Internal;

/// <summary>Paths of the programs a tree runs, found once so a missing package fails before anything starts.</summary>
internal sealed record TreeTools(string Named, string Rndc, string Nsupdate, string Dig, string Knotd, string Knotc)
{
    public static TreeTools Find() => new(
        Tool.Find("named", "bind9"),
        Tool.Find("rndc", "bind9-utils"),
        Tool.Find("nsupdate", "bind9-dnsutils"),
        Tool.Find("dig", "bind9-dnsutils"),
        Tool.Find("knotd", "knot"),
        Tool.Find("knotc", "knot"));
}
