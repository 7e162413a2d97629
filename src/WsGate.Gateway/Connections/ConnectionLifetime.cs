using Microsoft.Extensions.Logging;
using WsGate.Admission;
using WsGate.Analytics;
using WsGate.Captures;
using WsGate.Diagnostics;
using WsGate.Rules;

namespace WsGate.Connections;

/// <summary>
/// The one owner of every accepted connection, whatever moves its bytes (echo, channel, frames, stream, routed): from
/// the moment the connection's transport arrives after the 101 it registers the connection, tells rules and analytics,
/// runs it to its end, reports how it ended, unregisters it, releases it and gives its admission leases back.
/// </summary>
public sealed class ConnectionLifetime(ConnectionRegistry registry, RuleQueue rules, CaptureHub captures, GatewayAnalytics analytics, ILogger<ConnectionLifetime> logger)
{
    /// <summary>
    /// Takes over an upgraded connection: <paramref name="transport"/> completes once Kestrel has let go of it, then
    /// <paramref name="create"/> makes the connection. <paramref name="abandon"/> releases what was prepared for it (a
    /// dialled backend) if the transport never comes. Returns at once; the connection runs on its own.
    /// </summary>
    internal void Start(AdmissionContext admission, Task<Transport> transport, Func<Transport, LiveConnection> create, Func<ValueTask>? abandon = null)
    {
        var leases = admission.TakeLeases();
        var trace = admission.Trace;

        // A running capture of the API records the handshake (its headers are gone once the connection runs), without the
        // API key of the authentication that admitted it (the API's own, else the listener's).
        var handshake = captures.Handshake(
            admission.Api?.Id, (admission.Api?.Config.Authentication ?? admission.Listener.Config.Authentication).ApiKeyHeader, admission.Http.Request);

        // The connection outlives the request that accepted it: nothing of the request's execution context (its logging
        // scope, its async locals) may flow into the connection and stay alive with it.
        using (ExecutionContext.SuppressFlow())
        {
            _ = RunAsync(leases, trace, handshake, transport, create, abandon);
        }
    }

    private async Task RunAsync(AdmissionLeases leases, HandshakeTrace? trace, CaptureHandshake? handshake, Task<Transport> pending, Func<Transport, LiveConnection> create, Func<ValueTask>? abandon)
    {
        LiveConnection connection;
        Transport? transport = null;
        try
        {
            transport = await pending;
            connection = create(transport);
            connection.HttpVersion = transport.HttpVersion;
        }
        catch (Exception ex)
        {
            // The client went away between the 101 and the hand-off, or the connection could not be made for it.
            ConnectionLog.Aborted(logger, "-", ex.Message);
            transport?.Abort();
            if (abandon is not null)
            {
                await abandon();
            }

            leases.Dispose();
            return;
        }

        // What the hand-off needed is not kept for the connection's life.
        (pending, create, abandon) = (null!, null!, null);
        var listener = connection.Listener;
        if (connection.SeesMessages)
        {
            connection.Rules = rules;
            if (handshake is not null)
            {
                captures.Opened(handshake, connection.Id);
                handshake = null;
            }
        }

        listener.Counters.CountAccepted();
        connection.Api?.Api.CountAccepted();
        registry.Add(connection);
        rules.ConnectionOpened(connection);
        analytics.ConnectionOpened(connection, trace);
        trace = null;
        ConnectionLog.Opened(logger, connection.Id, listener.Id, connection.Path, connection.Remote?.ToString() ?? "?");
        try
        {
            if (registry.IsDraining)
            {
                // Accepted while the server began to shut down: it goes the way the others went.
                _ = connection.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
            }

            await connection.RunAsync();
        }
        catch (Exception ex)
        {
            ConnectionLog.HandlerFailed(logger, connection.Id, ex);
            connection.Abort();
        }
        finally
        {
            registry.Remove(connection);
            if (connection.ProtocolError is { } error)
            {
                analytics.ProtocolError(connection, error);
            }

            rules.ConnectionClosed(connection);
            analytics.ConnectionClosed(connection);
            ConnectionLog.Closed(logger, connection.Id, connection.CloseCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "1006", connection.MessagesIn);
            try
            {
                await connection.DisposeAsync();
            }
            finally
            {
                leases.Dispose();
            }
        }
    }
}
