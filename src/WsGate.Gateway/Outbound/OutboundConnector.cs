using System.Net.WebSockets;
using System.Text;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Outbound;
using WsGate.Forwarding;

namespace WsGate.Outbound;

/// <summary>
/// Opens an outbound client's WebSocket through the same raw handshake and TLS setup as API backend legs
/// (<see cref="BackendConnector"/>, <see cref="BackendTls"/>): certificate validation, CA bundle, client
/// certificate and SNI behave the same for both.
/// </summary>
public sealed class OutboundConnector(BackendConnector connector, TimeProvider time)
{
    public Task<WebSocket> ConnectAsync(OutboundClientConfig client, CancellationToken cancellationToken)
    {
        var config = client.Autofilled();
        var headers = config.Headers.Select(h => KeyValuePair.Create(h.Key, h.Value)).ToList();
        if (config.Basic is { } basic)
        {
            headers.Add(KeyValuePair.Create("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.Username + ":" + basic.Password))));
        }

        // A ping every N seconds, and the connection counts as lost when its pong has not come N seconds later
        // (RFC 6455 section 5.5.2: a pong answers a ping).
        var ping = config.PingIntervalSeconds > 0 ? TimeSpan.FromSeconds(config.PingIntervalSeconds) : TimeSpan.Zero;
        var request = new BackendRequest(
            new ApiConfig { Id = config.Id, ConnectTimeoutMs = config.ConnectTimeoutMs, BackendTls = config.Tls },
            "",
            "",
            config.SubProtocol is null ? [] : [config.SubProtocol],
            headers,
            KeepAliveInterval: ping,
            KeepAliveTimeout: ping > TimeSpan.Zero ? ping : Timeout.InfiniteTimeSpan);
        return connector.ConnectWebSocketAsync(request, config.Address, cancellationToken);
    }

    /// <summary>RoboTask's "Test connection": one handshake with these settings, closed straight away, never touching the live client.</summary>
    public async Task<OutboundTestResult> TestAsync(OutboundClientConfig client, CancellationToken cancellationToken)
    {
        var config = client.Autofilled();
        var url = config.DisplayAddress;
        var started = time.GetTimestamp();
        try
        {
            using var socket = await ConnectAsync(config, cancellationToken);
            var latency = (long)time.GetElapsedTime(started).TotalMilliseconds;
            var subProtocol = socket.SubProtocol;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "connection test", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
            {
                socket.Abort();
            }

            return new OutboundTestResult(config.Id, url, true, latency, subProtocol, null);
        }
        catch (BackendConnectException ex)
        {
            return new OutboundTestResult(config.Id, url, false, (long)time.GetElapsedTime(started).TotalMilliseconds, null, ex.Reason);
        }
    }
}
