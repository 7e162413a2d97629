using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Admission;
using WsGate.Configuration;
using WsGate.Configuration.Analytics;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Routing;

namespace WsGate.Analytics;

/// <summary>
/// The one place the engine reports to: each hook feeds the live metrics, the per-minute rollups and the failure log.
/// With analytics off every hook returns at once. Hooks run once per handshake or connection, never per frame, except
/// the sampled relay timing, <see cref="MessageThrottled(LiveConnection, string)"/> and <see cref="SchemaFailed"/>.
/// </summary>
public sealed class GatewayAnalytics(
    GatewayMetrics metrics,
    MetricsCollector collector,
    UsageRecorder usage,
    FailureLog failures,
    OtlpExport otlp,
    TimeProvider time,
    ILogger<GatewayAnalytics> logger) : IConfigApplier
{
    /// <summary>Failure reasons are cut to this length, so that one odd client cannot fill the store.</summary>
    private const int MaxReasonLength = 500;

    private volatile AnalyticsConfig _config = new() { Enabled = false };

    public bool Enabled => _config.Enabled;

    public AnalyticsConfig Config => _config;

    public GatewayMetrics Metrics => metrics;

    public Task ApplyAsync(GatewayConfig config, CancellationToken cancellationToken)
    {
        var next = config.Analytics;
        var was = _config.Enabled;
        if (next.Enabled)
        {
            collector.Start();
        }
        else
        {
            collector.Stop();
        }

        otlp.Apply(next.Enabled ? next.Otlp : null);
        _config = next;
        if (was != next.Enabled)
        {
            AnalyticsLog.Switched(logger, next.Enabled ? "on" : "off");
        }

        return Task.CompletedTask;
    }

    /// <summary>An upgrade request reached a listener: starts its trace (and the handshake clock).</summary>
    public void HandshakeStarted(HttpContext context, ListenerRuntime listener, ApiRuntime? api)
    {
        if (Enabled)
        {
            context.Features.Set(new HandshakeTrace(this, listener.Id, api?.Id, time.GetTimestamp()));
        }
    }

    /// <summary>A WebSocket was accepted and registered.</summary>
    public void ConnectionOpened(LiveConnection connection, HandshakeTrace? trace)
    {
        if (!Enabled)
        {
            return;
        }

        var handshake = trace is not null ? time.GetElapsedTime(trace.Started) : TimeSpan.Zero;
        metrics.ConnectionOpened(connection.Listener.Id, connection.Api?.Api.Id, handshake);
        usage.Opened(connection);
    }

    /// <summary>A WebSocket left the registry: its close code and its last traffic are counted.</summary>
    public void ConnectionClosed(LiveConnection connection)
    {
        if (!Enabled)
        {
            // Opened while analytics was on: stop tracking it, or the recorder would hold it for ever.
            usage.Forget(connection);
            return;
        }

        // RFC 6455 section 7.1.5: a connection closed without a close frame has the close code 1006.
        var code = connection.CloseCode ?? 1006;
        metrics.ConnectionClosed(connection, code);
        usage.Closed(connection, code);
    }

    /// <summary>A handshake was refused with a problem body; a refusal for the credential counts as an auth failure.</summary>
    internal void Refused(HandshakeTrace trace, HandshakeRejection rejection)
    {
        if (!Enabled)
        {
            return;
        }

        var authCode = rejection.Headers is { } headers && headers.TryGetValue("X-WsGate-Reason", out var code) ? code : null;
        metrics.HandshakeRefused(trace.Listener, trace.Api, rejection.Status);
        if (authCode is not null)
        {
            metrics.AuthFailed(trace.Listener, trace.Api, authCode);
        }

        var key = new UsageKey(trace.Api ?? "", trace.Application ?? "", trace.Listener, "");
        Fail(authCode is null ? FailureKinds.Handshake : FailureKinds.Auth, key, rejection.Status, $"{rejection.Title}: {rejection.Detail}");
    }

    public void BackendConnected(ApiRuntime api, TimeSpan elapsed)
    {
        if (Enabled)
        {
            metrics.BackendConnected(api.Id, elapsed);
        }
    }

    public void BackendFailed(ApiRuntime api, Uri backend, string reason, TimeSpan elapsed)
    {
        if (!Enabled)
        {
            return;
        }

        metrics.BackendFailed(api.Id, elapsed);
        Fail(FailureKinds.Backend, new UsageKey(api.Id, "", "", ""), null, $"{backend}: {reason}");
    }

    /// <summary>A client broke the protocol or a limit after the upgrade; the connection is being closed for it.</summary>
    public void ProtocolError(LiveConnection connection, string reason)
    {
        if (Enabled)
        {
            Fail(FailureKinds.Protocol, UsageRecorder.KeyOf(connection), null, $"connection {connection.Id}: {reason}");
        }
    }

    /// <summary>
    /// A throttling policy acted on one message of <paramref name="connection"/>: <paramref name="action"/> says what it
    /// did (for example <c>delayed</c>, <c>dropped</c>, <c>closed</c>). Counted in the metrics and in the rollups.
    /// </summary>
    public void MessageThrottled(LiveConnection connection, string action)
    {
        if (!Enabled)
        {
            return;
        }

        var key = UsageRecorder.KeyOf(connection);
        metrics.MessageThrottled(key.Listener, key.Api, key.Application, action);
        usage.Throttled(key);
    }

    /// <summary>The same without a connection at hand; counted with no environment.</summary>
    public void MessageThrottled(string listener, string? api, string? application, string action)
    {
        if (!Enabled)
        {
            return;
        }

        metrics.MessageThrottled(listener, api, application, action);
        usage.Throttled(new UsageKey(api ?? "", application ?? "", listener, ""));
    }

    /// <summary>
    /// A message of <paramref name="connection"/> failed its schema and was dropped or closed the connection: counted in
    /// the metrics per route and direction, and kept in the failure log (kind <c>schema</c>, counted as an error).
    /// </summary>
    public void SchemaFailed(LiveConnection connection, string? route, string direction, string action, string reason)
    {
        if (!Enabled)
        {
            return;
        }

        var key = UsageRecorder.KeyOf(connection);
        metrics.SchemaFailed(key.Listener, key.Api, route, direction, action);
        Fail(FailureKinds.Schema, key, null, $"connection {connection.Id}{(route is null ? "" : $" route {route}")}: {reason}; {action}");
    }

    /// <summary>Starts timing a relayed burst the relay sampled; -1 when analytics is off.</summary>
    public long RelayStarted() => Enabled ? time.GetTimestamp() : -1;

    public void RelayEnded(long started, ApiRuntime api)
    {
        if (started >= 0)
        {
            metrics.Relayed(api.Id, time.GetElapsedTime(started));
        }
    }

    private void Fail(string kind, UsageKey key, int? status, string reason)
    {
        usage.Error(key);
        var text = reason.Length > MaxReasonLength ? reason[..MaxReasonLength] : reason;
        failures.Add(new FailureRecord(0, time.GetUtcNow(), kind, key.Listener, key.Api, key.Application, status, text));
    }
}
