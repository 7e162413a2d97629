using Microsoft.AspNetCore.Http;
using WsGate.Admission;
using WsGate.Identity;

namespace WsGate.Analytics;

/// <summary>
/// Travels with a handshake as an HTTP feature from the moment the pipeline sees the upgrade: when it started (for the
/// handshake latency), where it is going and who the client turned out to be, so that a refusal written anywhere
/// (<see cref="Http.HandshakeProblem"/>) is counted and logged with its reason. Absent when analytics is off.
/// </summary>
public sealed class HandshakeTrace
{
    private readonly GatewayAnalytics _analytics;

    internal HandshakeTrace(GatewayAnalytics analytics, string listener, string? api, long started)
    {
        _analytics = analytics;
        Listener = listener;
        Api = api;
        Started = started;
    }

    public string Listener { get; }

    public string? Api { get; }

    public long Started { get; }

    public string? Application { get; private set; }

    public static HandshakeTrace? Of(HttpContext context) => context.Features.Get<HandshakeTrace>();

    /// <summary>The client authenticated: later refusals (backend unreachable, a full API) are counted for its application.</summary>
    public void Identified(ConnectionPrincipal principal) => Application = principal.ApplicationId;

    public void Refused(HandshakeRejection rejection) => _analytics.Refused(this, rejection);
}
