using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using WsGate.Captures;
using WsGate.Configuration.Rules;
using WsGate.Connections;
using WsGate.Diagnostics;

namespace WsGate.Rules;

/// <summary>
/// The bounded queue between the hot path and the rule engine. Producers (sessions, outbound clients, the channel
/// broker, HTTP triggers) ask <see cref="Listens"/> first and build an event only when a rule or bridge wants it; an
/// offer never waits: when the queue is full the event is dropped and counted.
/// </summary>
public sealed class RuleQueue
{
    public const int DefaultCapacity = 10_000;

    private readonly Channel<RuleEvent> _queue;
    private readonly TimeProvider _time;
    private readonly ILogger<RuleQueue> _logger;
    private readonly CaptureHub? _captures;
    private volatile RuleIndex _index = RuleIndex.Empty;
    private long _offered;
    private long _dropped;

    /// <param name="captures">The node's message captures, which the taps made here also feed; null where none run (the rule engine alone).</param>
    public RuleQueue(TimeProvider time, ILogger<RuleQueue> logger, int capacity = DefaultCapacity, CaptureHub? captures = null)
    {
        _time = time;
        _logger = logger;
        _captures = captures;
        Capacity = capacity;
        _queue = Channel.CreateBounded<RuleEvent>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public int Capacity { get; }

    public RuleIndex Index
    {
        get => _index;
        set => _index = value;
    }

    public long Offered => Interlocked.Read(ref _offered);

    public long Dropped => Interlocked.Read(ref _dropped);

    public int Pending => _queue.Reader.Count;

    public ChannelReader<RuleEvent> Reader => _queue.Reader;

    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>The node's message captures the taps feed; null where none run.</summary>
    public CaptureHub? Captures => _captures;

    /// <summary>Whether a capture runs on the node (one reference compare): until one does, a backend's answers need no tap.</summary>
    public bool CapturesRunning => _captures is { } captures && !ReferenceEquals(captures.Index, CaptureIndex.Empty);

    public bool Listens(TriggerType trigger, RuleSource source, string id) => _index.Listens(trigger, source, id);

    /// <summary>Queues <paramref name="ruleEvent"/> without waiting; false (and counted) when the queue is full.</summary>
    public bool Offer(RuleEvent ruleEvent)
    {
        if (_queue.Writer.TryWrite(ruleEvent))
        {
            Interlocked.Increment(ref _offered);
            return true;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        // The first drop and every thousandth after it: a full queue must not also flood the log.
        if (dropped == 1 || dropped % 1000 == 0)
        {
            RuleLog.QueueFull(_logger, ruleEvent.Source.ToString().ToLowerInvariant(), ruleEvent.SourceId, dropped);
        }

        return false;
    }

    /// <summary>
    /// A tap for one direction of a session's messages (<paramref name="inbound"/>: the client's); it gathers whole
    /// messages only while a rule listens to the session's source or a capture to its API. <paramref name="route"/> is the
    /// content-based route of the backend whose answers an outbound tap sees.
    /// </summary>
    public MessageTap TapFor(LiveConnection connection, bool inbound = true, string? route = null)
    {
        var (source, id) = SourceOf(connection);
        CaptureSubject? subject = connection.Api is { } api && _captures is not null ? new CaptureSubject(api.Api.Id, connection.Id, route) : null;
        return new MessageTap(this, source, id, connection.Listener.Id, connection.Id, IsPrototype(connection), subject, inbound);
    }

    public void ConnectionOpened(LiveConnection connection)
    {
        // A prototype's opened event always goes: its greeting is a mock rule of the API, matched by the engine.
        var (source, id) = SourceOf(connection);
        var prototype = IsPrototype(connection);
        if (prototype || Listens(TriggerType.Opened, source, id))
        {
            Offer(new RuleEvent { Trigger = TriggerType.Opened, Source = source, SourceId = id, ListenerId = connection.Listener.Id, ConnectionId = connection.Id, Prototype = prototype, At = Now });
        }
    }

    public void ConnectionClosed(LiveConnection connection)
    {
        var (source, id) = SourceOf(connection);
        if (Listens(TriggerType.Closed, source, id))
        {
            Offer(new RuleEvent
            {
                Trigger = TriggerType.Closed,
                Source = source,
                SourceId = id,
                ListenerId = connection.Listener.Id,
                ConnectionId = connection.Id,
                CloseStatus = connection.CloseCode,
                CloseReason = connection.CloseReason,
                At = Now,
            });
        }
    }

    /// <summary>The channel broker's publish hook; <paramref name="data"/> is copied only when a rule or bridge listens.</summary>
    public void ChannelPublished(string channel, JsonElement data, string? origin)
    {
        if (!Listens(TriggerType.Message, RuleSource.Channel, channel))
        {
            return;
        }

        var text = data.ValueKind == JsonValueKind.String ? data.GetString()! : data.GetRawText();
        Offer(new RuleEvent
        {
            Trigger = TriggerType.Message,
            Source = RuleSource.Channel,
            SourceId = channel,
            Payload = Encoding.UTF8.GetBytes(text),
            Origin = origin,
            At = Now,
        });
    }

    private static bool IsPrototype(LiveConnection connection) => connection.Api is { IsPrototype: true };

    private static (RuleSource Source, string Id) SourceOf(LiveConnection connection) =>
        connection.Api is { } api ? (RuleSource.Api, api.Api.Id) : (RuleSource.Endpoint, connection.Path);
}
