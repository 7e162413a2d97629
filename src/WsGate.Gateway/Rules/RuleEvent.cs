using System.Text;
using WsGate.Configuration.Rules;

namespace WsGate.Rules;

/// <summary>
/// Something a rule may act on: a message, a connection opening or closing, an HTTP request. Events are built on the
/// hot path only when some rule or bridge listens to their source, and queued for the rule engine.
/// </summary>
public sealed class RuleEvent
{
    public required TriggerType Trigger { get; init; }

    public required RuleSource Source { get; init; }

    /// <summary>Client id, API id, endpoint path, channel name or HTTP path.</summary>
    public required string SourceId { get; init; }

    public string? ListenerId { get; init; }

    /// <summary>The connection the event came from (a WebSocket session id, or the outbound client's id).</summary>
    public string? ConnectionId { get; init; }

    public ReadOnlyMemory<byte> Payload { get; init; }

    public bool IsText { get; init; } = true;

    public int? CloseStatus { get; init; }

    public string? CloseReason { get; init; }

    /// <summary>Who published a channel message when it was a bridge or rule (<c>bridge:ID</c>, <c>rule:ID</c>), so none loops back.</summary>
    public string? Origin { get; init; }

    public HttpTriggerRequest? Http { get; init; }

    /// <summary>From a connection of a prototyped API: the API's mock rules apply, and a message no rule matches is answered.</summary>
    public bool Prototype { get; init; }

    /// <summary>A prototype's message that was not captured (over <see cref="MessageTap.MaxCaptured"/>): no payload, no rule runs.</summary>
    public bool Uncaptured { get; init; }

    public DateTimeOffset At { get; init; }

    private string? _text;

    /// <summary>The message as text: UTF-8 text as is, a binary message as base64.</summary>
    public string Text => _text ??= IsText ? Encoding.UTF8.GetString(Payload.Span) : Convert.ToBase64String(Payload.Span);
}
