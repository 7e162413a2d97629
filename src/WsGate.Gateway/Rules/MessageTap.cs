using System.Buffers;
using System.IO.Compression;
using System.Net.WebSockets;
using WsGate.Captures;
using WsGate.Configuration.Rules;
using WsGate.Protocol;

namespace WsGate.Rules;

/// <summary>
/// Watches one direction of a connection's messages for whatever observes them: rules (the client's messages) and message
/// captures (both directions). While nothing listens a message costs two reference compares at its start; while something
/// does, it is gathered (up to <see cref="MaxCaptured"/> bytes; a larger one is skipped by rules and recorded by its size
/// by captures) and offered whole. The relay hands it payload runs as they came, masked or compressed: only a message
/// someone wants is unmasked, and a compressed one is inflated once, at its end (permessage-deflate without context
/// takeover, so each message inflates on its own). A prototype connection's tap always listens to the client: its every
/// message needs an answer, from a rule or the engine's "no mock reply matches". <c>capture</c> names whose messages these
/// are for the node's captures (the queue's <see cref="RuleQueue.Captures"/>); null when captures cannot want them (the
/// connection is on no API).
/// </summary>
public sealed class MessageTap(
    RuleQueue queue,
    RuleSource source,
    string sourceId,
    string listenerId,
    string connectionId,
    bool prototype = false,
    CaptureSubject? capture = null,
    bool inbound = true)
{
    /// <summary>Messages larger than this are not offered to rules: a rule acts on notifications, not bulk transfers.</summary>
    public const int MaxCaptured = 64 * 1024;

    // RFC 7692 section 7.2.2: a compressed message's payload ends without the last 4 bytes of a sync flush.
    private static readonly byte[] DeflateTail = [0x00, 0x00, 0xFF, 0xFF];

    private RuleIndex? _seen;
    private bool _listening;
    private CaptureIndex? _seenCaptures;
    private CaptureRun[] _runs = [];
    private bool _forRules;
    private bool _forCaptures;
    private long _length;
    private bool _inMessage;
    private bool _capturing;
    private bool _isText;
    private bool _compressed;
    private ArrayBufferWriter<byte>? _buffer;

    /// <summary>A message starts: true when rules or a capture want it, so its payload should be handed over.</summary>
    public bool BeginMessage(bool isText, bool compressed = false)
    {
        // Rules trigger on what the client sends: a backend's answers are looked at for captures only.
        if (inbound && queue.Index is var index && !ReferenceEquals(index, _seen))
        {
            _seen = index;
            _listening = prototype || index.Listens(TriggerType.Message, source, sourceId);
        }

        if (capture is { } subject && queue.Captures is { } captures && !ReferenceEquals(captures.Index, _seenCaptures))
        {
            _seenCaptures = captures.Index;
            _runs = _seenCaptures.For(subject);
        }

        _inMessage = true;
        _forRules = _listening;
        _forCaptures = _runs.Length > 0;
        _capturing = _forRules || _forCaptures;
        _length = 0;
        _isText = isText;
        _compressed = compressed;
        if (_capturing)
        {
            _buffer ??= new ArrayBufferWriter<byte>(256);
            _buffer.ResetWrittenCount();
        }

        return _capturing;
    }

    /// <summary>A run of the message's payload, unmasked.</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (TryReserve(data.Length, out var destination))
        {
            data.CopyTo(destination);
            _buffer!.Advance(data.Length);
        }
    }

    /// <summary>A run of the message's payload as it came in <paramref name="header"/>'s frame, starting <paramref name="payloadOffset"/> bytes into it.</summary>
    public void Append(ReadOnlySpan<byte> data, FrameHeader header, long payloadOffset)
    {
        if (!header.Masked)
        {
            Append(data);
            return;
        }

        if (TryReserve(data.Length, out var destination))
        {
            Masking.Apply(data, destination, header.MaskKey, payloadOffset);
            _buffer!.Advance(data.Length);
        }
    }

    /// <summary>The message ended: offered to rules when it was gathered whole, and to the captures that wanted it at its start.</summary>
    public void EndMessage()
    {
        _inMessage = false;
        var payload = _capturing ? Payload() : null;
        if (_forCaptures)
        {
            // One too large to gather is still recorded, by its size.
            queue.Captures!.Message(_runs, capture!.Value, inbound, _isText, payload, payload?.Length ?? _length, payload is not null);
        }

        if (_forRules && (payload is not null || prototype))
        {
            queue.Offer(new RuleEvent
            {
                Trigger = TriggerType.Message,
                Source = source,
                SourceId = sourceId,
                ListenerId = listenerId,
                ConnectionId = connectionId,
                Payload = payload ?? default(ReadOnlyMemory<byte>),
                IsText = _isText,
                Prototype = prototype,
                Uncaptured = payload is null,
                At = queue.Now,
            });
        }

        AbandonMessage();
    }

    /// <summary>The message will not be completed (its connection failed over or ended).</summary>
    public void AbandonMessage()
    {
        _inMessage = false;
        _capturing = false;
        _forRules = false;
        _forCaptures = false;
        if (_buffer is { Capacity: > 4096 })
        {
            // A large message's buffer is not kept for the life of an idle connection.
            _buffer = null;
        }
    }

    /// <summary>A terminated WebSocket's received frame (unmasked, uncompressed by .NET's WebSocket), for the echo and channel endpoints.</summary>
    public void Frame(ReadOnlySpan<byte> data, WebSocketMessageType type, bool endOfMessage)
    {
        if (type == WebSocketMessageType.Close)
        {
            return;
        }

        if (!_inMessage)
        {
            BeginMessage(type == WebSocketMessageType.Text);
        }

        Append(data);
        if (endOfMessage)
        {
            EndMessage();
        }
    }

    private bool TryReserve(int length, out Span<byte> destination)
    {
        destination = default;
        _length += length;
        if (!_capturing)
        {
            return false;
        }

        if (_buffer!.WrittenCount + length > MaxCaptured)
        {
            _capturing = false;
            return false;
        }

        destination = _buffer.GetSpan(length)[..length];
        return true;
    }

    private byte[]? Payload()
    {
        var written = _buffer!.WrittenSpan;
        if (!_compressed)
        {
            return written.ToArray();
        }

        try
        {
            using var compressed = new MemoryStream(written.Length + DeflateTail.Length);
            compressed.Write(written);
            compressed.Write(DeflateTail);
            compressed.Position = 0;
            using var inflater = new DeflateStream(compressed, CompressionMode.Decompress);
            var inflated = new byte[MaxCaptured + 1];
            var total = 0;
            int read;
            while ((read = inflater.Read(inflated, total, inflated.Length - total)) > 0)
            {
                total += read;
                if (total > MaxCaptured)
                {
                    return null;
                }
            }

            return inflated.AsSpan(0, total).ToArray();
        }
        catch (InvalidDataException)
        {
            // Not valid DEFLATE: the endpoint that inflates it fails the connection; rules get nothing.
            return null;
        }
    }
}
