using System.Net.WebSockets;
using WsGate.Configuration;
using WsGate.Configuration.Throttling;
using WsGate.Connections;

namespace WsGate.Throttling;

/// <summary>
/// One connection's traffic control: the rate limits that apply to it (its subscription's tier, its API, its listener,
/// its client IP), checked on every frame in both directions, and its share of the connection caps, given back once on
/// <see cref="Dispose"/>. Limits are looked up again when the configuration changes, so an edited tier applies to open
/// connections at their next frame.
/// </summary>
public sealed class ConnectionThrottle : IDisposable
{
    private readonly ThrottleService _service;
    private readonly IReadOnlyList<string> _slots;
    private (GatewayConfig? Config, long Generation) _resolvedFor;
    private ThrottleRule[] _rules = [];
    private long _throttled;
    private int _disposed;

    // The receive side has one reader at a time (the handler's receive loop).
    private bool _inMidMessage;
    private bool _inDelivered;

    // The send side runs under the session's send lock.
    private bool _outMidMessage;
    private bool _outDropping;

    internal ConnectionThrottle(ThrottleService service, ThrottleSubject subject, OutboundQueueConfig outboundQueue, IReadOnlyList<string> slots)
    {
        _service = service;
        Subject = subject;
        OutboundQueue = outboundQueue;
        _slots = slots;
    }

    public ThrottleSubject Subject { get; }

    public OutboundQueueConfig OutboundQueue { get; }

    /// <summary>Messages this connection had throttled (dropped, delayed or closed for), counted once per message.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>The limits that apply now.</summary>
    public IReadOnlyList<ThrottleRule> Rules => CurrentRules();

    /// <summary>
    /// Charges a frame to every limit that counts its direction: one message when it starts one, and its bytes. A refusal
    /// gives back what the limits before it took, since the frame was not admitted.
    /// </summary>
    public ThrottleDecision Check(ThrottleDirection direction, bool startsMessage, long bytes)
    {
        var rules = CurrentRules();
        if (rules.Length == 0)
        {
            return ThrottleDecision.Allowed(direction);
        }

        var now = _service.Time.GetTimestamp();
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (!rule.Config.Counts(direction) || rule.Buckets.TryTake(startsMessage, bytes, now, out var retryAfter))
            {
                continue;
            }

            for (var j = 0; j < i; j++)
            {
                if (rules[j].Config.Counts(direction))
                {
                    rules[j].Buckets.Refund(startsMessage, bytes);
                }
            }

            return new ThrottleDecision(rule, direction, retryAfter);
        }

        return ThrottleDecision.Allowed(direction);
    }

    /// <summary>
    /// A frame the client sent: true to hand it to the handler, false when its message is dropped (the session reads and
    /// discards the rest of it). Throws <see cref="ThrottleCloseException"/> when the action is to close.
    /// </summary>
    public async ValueTask<bool> AdmitInboundAsync(WebSocketSession session, ValueWebSocketReceiveResult frame, CancellationToken cancellationToken)
    {
        var starts = !_inMidMessage;
        _inMidMessage = !frame.EndOfMessage;
        if (starts)
        {
            _inDelivered = false;
        }

        var decision = Check(ThrottleDirection.Inbound, starts, frame.Count);
        if (!decision.IsAllowed
            && await HandleAsync(decision, session, starts, frame.Count, canDrop: !_inDelivered, cancellationToken) == ThrottleVerdict.Discard)
        {
            return false;
        }

        _inDelivered |= frame.Count > 0;
        return true;
    }

    /// <summary>The session discarded the rest of a dropped message.</summary>
    public void InboundMessageDiscarded() => _inMidMessage = false;

    /// <summary>A frame to the client, under the send lock: true to send it, false to skip it (its message was dropped).</summary>
    public async ValueTask<bool> AdmitOutboundAsync(WebSocketSession session, long bytes, bool endOfMessage, CancellationToken cancellationToken)
    {
        var starts = !_outMidMessage;
        _outMidMessage = !endOfMessage;
        if (_outDropping)
        {
            _outDropping = !endOfMessage;
            return false;
        }

        if (session.IsClosing)
        {
            return true;
        }

        var decision = Check(ThrottleDirection.Outbound, starts, bytes);
        if (!decision.IsAllowed
            && await HandleAsync(decision, session, starts, bytes, canDrop: starts, cancellationToken) == ThrottleVerdict.Discard)
        {
            _outDropping = !endOfMessage;
            return false;
        }

        return true;
    }

    /// <summary>
    /// The one place a refusal is acted on: counted once per message, logged, then dropped (with an error frame to a client
    /// whose message it was), closed with 1008, or held until the limit's tokens return. A message partly delivered
    /// already cannot be dropped, so its remaining frames wait for tokens instead.
    /// </summary>
    public async ValueTask<ThrottleVerdict> HandleAsync(ThrottleDecision decision, LiveConnection session, bool startsMessage, long bytes, bool canDrop, CancellationToken cancellationToken)
    {
        var counted = false;
        while (true)
        {
            var rule = decision.Rule!;
            var action = rule.Config.Action == ThrottleAction.Drop && !canDrop ? ThrottleAction.Backpressure : rule.Config.Action;
            if (!counted)
            {
                counted = true;
                Interlocked.Increment(ref _throttled);
                _service.Report(session, decision, action);
            }

            switch (action)
            {
                case ThrottleAction.Close when decision.Direction == ThrottleDirection.Inbound:
                    throw new ThrottleCloseException(rule.Describe());
                case ThrottleAction.Close:
                    // The sender holds the send path; the close waits for it, and the rest of this message is skipped.
                    _ = session.CloseAsync(WebSocketCloseStatus.PolicyViolation, rule.Describe());
                    return ThrottleVerdict.Discard;
                case ThrottleAction.Drop:
                    if (decision.Direction == ThrottleDirection.Inbound)
                    {
                        session.Enqueue(new OutboundMessage(ThrottleErrorFrame.Create(rule, decision.RetryAfter), WebSocketMessageType.Text, Exempt: true));
                    }

                    return ThrottleVerdict.Discard;
                default:
                    var wait = decision.RetryAfter > TimeSpan.FromMilliseconds(1) ? decision.RetryAfter : TimeSpan.FromMilliseconds(1);
                    await Task.Delay(wait, _service.Time, cancellationToken);
                    decision = Check(decision.Direction, startsMessage, bytes);
                    if (decision.IsAllowed)
                    {
                        return ThrottleVerdict.Deliver;
                    }

                    break;
            }
        }
    }

    /// <summary>The session's outbound queue overflowed and it is closing the connection.</summary>
    public void ReportOverflow(LiveConnection session, OutboundQueue queue, WebSocketCloseStatus status) =>
        _service.ReportOverflow(session, queue, status);

    private ThrottleRule[] CurrentRules()
    {
        var (config, generation) = (_service.Config, _service.Generation);
        var resolved = Volatile.Read(ref _rules);
        if (!ReferenceEquals(config, _resolvedFor.Config) || generation != _resolvedFor.Generation)
        {
            // Two threads (receive and send) may both look up after a change; either result is the same.
            resolved = _service.ResolveRules(config, Subject);
            Volatile.Write(ref _rules, resolved);
            _resolvedFor = (config, generation);
        }

        return resolved;
    }

    /// <summary>Gives the connection caps back, once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _service.Release(_slots);
        }
    }
}
