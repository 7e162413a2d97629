using System.Net;

namespace WsGate.Throttling;

/// <summary>Whom a connection's limits are looked up for: where it connected, as whom, under which tier, from where.</summary>
public sealed record ThrottleSubject(
    string ListenerId,
    string? EndpointPath,
    string? ApiId,
    string? ApplicationId,
    string? User,
    string? Tier,
    IPAddress? ClientIp);
