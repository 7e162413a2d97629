using System.Buffers;
using System.Text.Json;

namespace WsGate.Channels;

/// <summary>
/// The JSON frames of the channel endpoint (docs/channels.md). Every server frame is a JSON object with a <c>type</c>;
/// replies to a client request carry the request's <c>id</c> when it had one.
/// </summary>
public static class ChannelProtocol
{
    public static ReadOnlyMemory<byte> Message(string channel, JsonElement data) => Write(w =>
    {
        w.WriteString("type", "message");
        w.WriteString("channel", channel);
        w.WritePropertyName("data");
        data.WriteTo(w);
    });

    public static ReadOnlyMemory<byte> Reply(string type, JsonElement? id, string? channel = null, int? delivered = null) => Write(w =>
    {
        w.WriteString("type", type);
        WriteId(w, id);
        if (channel is not null)
        {
            w.WriteString("channel", channel);
        }

        if (delivered is not null)
        {
            w.WriteNumber("delivered", delivered.Value);
        }
    });

    public static ReadOnlyMemory<byte> Error(string error, JsonElement? id) => Write(w =>
    {
        w.WriteString("type", "error");
        WriteId(w, id);
        w.WriteString("error", error);
    });

    private static void WriteId(Utf8JsonWriter writer, JsonElement? id)
    {
        if (id is { } value)
        {
            writer.WritePropertyName("id");
            value.WriteTo(writer);
        }
    }

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
