using System.Net;

namespace Solvers.Testing.DnsServers.Internal;

/// <summary>Why <see cref="EndpointLocks.TryClaimAll"/> could not claim an endpoint.</summary>
/// <param name="Endpoint">The first endpoint that failed.</param>
/// <param name="HeldByTree">True when another <see cref="DnsTestTree"/> holds it (it will be free once that tree is disposed).</param>
/// <param name="PermissionDenied">Binding was denied (a port below 1024 without root): every address block would fail the same way.</param>
/// <param name="Message">A sentence for an exception message.</param>
internal sealed record ClaimFailure(IPEndPoint Endpoint, bool HeldByTree, bool PermissionDenied, string Message);
