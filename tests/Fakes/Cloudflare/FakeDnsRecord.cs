namespace Solvers.Testing.Cloudflare;

/// <summary>A record held by the fake, as the API returns it.</summary>
public sealed record FakeDnsRecord(string Id, string ZoneId, string Type, string Name, string Content, int Ttl, string? Comment, DateTimeOffset CreatedOn);
