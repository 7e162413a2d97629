using System.Diagnostics;
using System.Net.WebSockets;
using WsGate.Configuration.Apis;
using WsGate.Forwarding;

namespace WsGate.Health;

/// <summary>
/// Opens a WebSocket to a backend endpoint with the API's TLS settings, then closes it with 1000: the health checks and
/// the admin API's Test action (which, unlike WSO2's Test button, works for WebSocket APIs) share it.
/// </summary>
public sealed class BackendProbe(BackendConnector connector)
{
    public async Task<ProbeResult> ProbeAsync(ApiConfig api, BackendEnvironment environment, Uri endpoint, CancellationToken cancellationToken)
    {
        var request = new BackendRequest(api, "", "", [], []);
        var watch = Stopwatch.StartNew();
        var name = environment.ToName();
        try
        {
            using var socket = await connector.ConnectWebSocketAsync(request, endpoint, cancellationToken);
            var latency = watch.Elapsed.TotalMilliseconds;
            using var closeTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            closeTimeout.CancelAfter(TimeSpan.FromMilliseconds(api.ConnectTimeoutMs));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "wsgate probe", closeTimeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                // The upgrade succeeded, which is what the probe checks; an untidy close is not a failure.
            }

            return new ProbeResult(endpoint.ToString(), name, true, Math.Round(latency, 2), socket.SubProtocol, 101, null);
        }
        catch (BackendConnectException ex)
        {
            return new ProbeResult(endpoint.ToString(), name, false, Math.Round(watch.Elapsed.TotalMilliseconds, 2), null, ex.HttpStatus, ex.Reason);
        }
    }
}
