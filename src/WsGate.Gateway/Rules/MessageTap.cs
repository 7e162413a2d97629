using System.Buffers;
using System.Net.WebSockets;
using WsGate.Configuration.Rules;

namespace WsGate.Rules;

/// <summary>
/// Watches one session's received frames for rules. While nothing listens to the session's source a frame costs a
/// reference compare; while something does, a message is gathered (up to <see cref="MaxCaptured"/> bytes; a larger
/// one is skipped) and offered whole.
/// </summary>
public sealed class MessageTap(RuleQueue queue, RuleSource source, string sourceId, string listenerId, string connectionId)
{
    /// <summary>Messages larger than this are not offered to rules: a rule acts on notifications, not bulk transfers.</summary>
    public const int MaxCaptured = 64 * 1024;

    private RuleIndex? _seen;
    private bool _listening;
    private bool _inMessage;
    private bool _capturing;
    private ArrayBufferWriter<byte>? _buffer;

    /// <summary>Called for every data frame received, with the frame's bytes.</summary>
    public void Frame(ReadOnlySpan<byte> data, WebSocketMessageType type, bool endOfMessage)
    {
        if (type == WebSocketMessageType.Close)
        {
            return;
        }

        if (!_inMessage)
        {
            var index = queue.Index;
            if (!ReferenceEquals(index, _seen))
            {
                _seen = index;
                _listening = index.Listens(TriggerType.Message, source, sourceId);
            }

            _capturing = _listening;
            _inMessage = true;
            if (_capturing)
            {
                _buffer ??= new ArrayBufferWriter<byte>(Math.Max(data.Length, 256));
                _buffer.ResetWrittenCount();
            }
        }

        if (_capturing)
        {
            if (_buffer!.WrittenCount + data.Length > MaxCaptured)
            {
                _capturing = false;
            }
            else
            {
                _buffer.Write(data);
            }
        }

        if (endOfMessage)
        {
            _inMessage = false;
            if (_capturing)
            {
                queue.Offer(new RuleEvent
                {
                    Trigger = TriggerType.Message,
                    Source = source,
                    SourceId = sourceId,
                    ListenerId = listenerId,
                    ConnectionId = connectionId,
                    Payload = _buffer!.WrittenSpan.ToArray(),
                    IsText = type == WebSocketMessageType.Text,
                    At = queue.Now,
                });
            }

            _capturing = false;
            if (_buffer is { Capacity: > 4096 })
            {
                // A large message's buffer is not kept for the life of an idle connection.
                _buffer = null;
            }
        }
    }
}
