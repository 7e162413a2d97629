using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Connections;
using WsGate.Endpoints;
using WsGate.Listeners;

namespace WsGate.Channels;

/// <summary>
/// The channel endpoint: clients subscribe to named channels, publish to them, and get <c>pong</c> for <c>ping</c>
/// (Creatio's <c>ServerChannel.ping()</c>). A malformed request gets an error frame and the connection stays open. On a
/// listener with worker limits each request's handling (parse, subscribe, publish), after its receipt and before its reply
/// is sent, is one work item: it waits for a slot (the connection reading nothing more meanwhile) rather than being dropped.
/// </summary>
public sealed class ChannelHandler(ChannelBroker broker) : IConnectionHandler
{
    private static readonly ReadOnlyMemory<byte> PlainPong = "pong"u8.ToArray();

    public async Task RunAsync(WebSocketSession session)
    {
        var subscriptions = new HashSet<string>(StringComparer.Ordinal);
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                buffer.ResetWrittenCount();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await session.ReceiveAsync(buffer.GetMemory(4096), session.Aborted);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    buffer.Advance(result.Count);
                }
                while (!result.EndOfMessage);

                // The slot covers the request's own work (parse, subscribe, publish) only, not the reply's send: a client
                // slow to read its replies holds none of the node's slots. The same pool gives it back even if the
                // listener's limits change meanwhile.
                var workers = session.Listener.Workers;
                if (workers is not null)
                {
                    await workers.EnterAsync(refuseWhenQueueFull: false, session.Aborted);
                }

                ReadOnlyMemory<byte> reply;
                try
                {
                    reply = Answer(result.MessageType, buffer.WrittenSpan, session, subscriptions);
                }
                finally
                {
                    workers?.Exit();
                }

                if (!reply.IsEmpty)
                {
                    await session.SendAsync(reply, WebSocketMessageType.Text, session.Aborted);
                }
            }
        }
        finally
        {
            foreach (var channel in subscriptions)
            {
                broker.Unsubscribe(channel, session);
            }
        }
    }

    /// <summary>The reply to one request (text, sent on the connection), empty when there is none.</summary>
    private ReadOnlyMemory<byte> Answer(WebSocketMessageType type, ReadOnlySpan<byte> text, WebSocketSession session, HashSet<string> subscriptions) =>
        type == WebSocketMessageType.Binary
            ? ChannelProtocol.Error("binary messages are not part of the channel protocol; send JSON text", null)
            : Handle(text, session, subscriptions);

    private ReadOnlyMemory<byte> Handle(ReadOnlySpan<byte> text, WebSocketSession session, HashSet<string> subscriptions)
    {
        if (text.SequenceEqual("ping"u8))
        {
            return PlainPong;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text.ToArray());
        }
        catch (JsonException ex)
        {
            return ChannelProtocol.Error("not valid JSON: " + ex.Message, null);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ChannelProtocol.Error("a request is a JSON object with a \"type\"", null);
            }

            JsonElement? id = root.TryGetProperty("id", out var idValue) ? idValue.Clone() : null;
            if (!root.TryGetProperty("type", out var typeValue) || typeValue.ValueKind != JsonValueKind.String)
            {
                return ChannelProtocol.Error("\"type\" is required: subscribe, unsubscribe, publish or ping", id);
            }

            var type = typeValue.GetString();
            if (type == "ping")
            {
                return ChannelProtocol.Reply("pong", id);
            }

            if (type is not ("subscribe" or "unsubscribe" or "publish"))
            {
                return ChannelProtocol.Error($"unknown type \"{type}\"; expected subscribe, unsubscribe, publish or ping", id);
            }

            if (!root.TryGetProperty("channel", out var channelValue) || channelValue.ValueKind != JsonValueKind.String
                || channelValue.GetString() is not { } channel || !ChannelNames.IsValid(channel))
            {
                return ChannelProtocol.Error("\"channel\" " + ChannelNames.Rule, id);
            }

            switch (type)
            {
                case "subscribe":
                    if (subscriptions.Add(channel))
                    {
                        broker.Subscribe(channel, session);
                    }

                    return ChannelProtocol.Reply("subscribed", id, channel);
                case "unsubscribe":
                    if (subscriptions.Remove(channel))
                    {
                        broker.Unsubscribe(channel, session);
                    }

                    return ChannelProtocol.Reply("unsubscribed", id, channel);
                default:
                    if (!root.TryGetProperty("data", out var data))
                    {
                        return ChannelProtocol.Error("\"data\" is required to publish", id);
                    }

                    var delivered = broker.Publish(channel, data);
                    return ChannelProtocol.Reply("published", id, channel, delivered);
            }
        }
    }

}
