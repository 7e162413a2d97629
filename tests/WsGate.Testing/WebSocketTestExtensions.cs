using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace WsGate.Testing;

/// <summary>Small helpers so tests read as what they check; every wait is bounded.</summary>
public static class WebSocketTestExtensions
{
    /// <summary>
    /// How long a test waits for a connect or a message before it fails. A bound, not a speed check: a CI machine shared
    /// with other jobs has been seen to stall a whole test process for about ten seconds while four classes run at once.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<ClientWebSocket> ConnectAsync(Uri uri, Action<ClientWebSocketOptions>? configure = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(DefaultTimeout);
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    public static Task SendTextAsync(this WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public static Task SendBinaryAsync(this WebSocket socket, byte[] data) =>
        socket.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Receives one whole message (or the close frame) within the timeout.</summary>
    public static async Task<ReceivedMessage> ReceiveMessageAsync(this WebSocket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var buffer = new byte[64 * 1024];
        using var data = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cts.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new ReceivedMessage(WebSocketMessageType.Close, [], result.CloseStatus, result.CloseStatusDescription);
            }

            data.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return new ReceivedMessage(result.MessageType, data.ToArray(), null, null);
            }
        }
    }

    public static async Task<string> ReceiveTextAsync(this WebSocket socket, TimeSpan? timeout = null)
    {
        var message = await socket.ReceiveMessageAsync(timeout);
        if (message.Type != WebSocketMessageType.Text)
        {
            throw new InvalidOperationException($"expected a text message, got {message.Type} {message.CloseStatus} {message.CloseDescription}");
        }

        return message.Text;
    }

    /// <summary>Waits for the server's close frame, answering it, and returns its status.</summary>
    public static async Task<ReceivedMessage> ReceiveCloseAsync(this WebSocket socket, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await socket.ReceiveMessageAsync(timeout);
            if (message.Type == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(message.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                }

                return message;
            }
        }
    }

    /// <summary>Subscribes a channel endpoint connection to <paramref name="channel"/> (docs/channels.md) and waits for the acknowledgement.</summary>
    public static async Task SubscribeAsync(this WebSocket socket, string channel)
    {
        await socket.SendTextAsync($$"""{"type":"subscribe","channel":"{{channel}}"}""");
        using var reply = JsonDocument.Parse(await socket.ReceiveTextAsync());
        if (reply.RootElement.GetProperty("type").GetString() != "subscribed" || reply.RootElement.GetProperty("channel").GetString() != channel)
        {
            throw new InvalidOperationException($"subscribing to '{channel}' was answered with {reply.RootElement.GetRawText()}");
        }
    }
}
