using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Channels;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Identity;
using WsGate.Storage;

namespace WsGate.Cluster;

/// <summary>
/// Node-to-node messages over the shared store (PostgreSQL NOTIFY on <see cref="IClusterStore.BusChannel"/>): a channel
/// publish made on this node, and "send to" or "close" a connection another node holds. One sender flow sends this
/// node's messages in order, in batches of one transaction each, so every other node sees one publisher's messages in
/// the order they were published. Each node delivers its own publishes locally and ignores their echo, so a message
/// reaches each subscriber once. Payloads over the 8,000-byte NOTIFY limit travel through a table (the store does that).
/// Identity changes (a revoked token, a disabled user, a changed password) travel the same way, so every node drops its
/// cached verifications and closes affected connections at once rather than at its next revalidation pass.
/// Delivery is at most once: messages sent while a node's feed is down are not replayed to it.
/// </summary>
public sealed class ClusterBus : BackgroundService, IChannelRelay, IIdentityRelay
{
    private const int QueueCapacity = 100_000;
    private const int MaxBatch = 256;

    private readonly IClusterStore _store;
    private readonly ChannelBroker _broker;
    private readonly ConnectionRegistry _registry;
    private readonly LocalNode _node;
    private readonly StoreHealth _health;
    private readonly ClusterOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ClusterBus> _logger;
    private readonly NodeDrainer _drainer;
    private readonly IdentityEvents _identity;
    private readonly System.Threading.Channels.Channel<string> _outbox =
        System.Threading.Channels.Channel.CreateBounded<string>(new System.Threading.Channels.BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private long _sequence;
    private long _dropped;

    public ClusterBus(
        IClusterStore store,
        ChannelBroker broker,
        ConnectionRegistry registry,
        LocalNode node,
        NodeDrainer drainer,
        IdentityEvents identity,
        StoreHealth health,
        ClusterOptions options,
        TimeProvider time,
        ILogger<ClusterBus> logger)
    {
        _drainer = drainer;
        _identity = identity;
        _store = store;
        _broker = broker;
        _registry = registry;
        _node = node;
        _health = health;
        _options = options;
        _time = time;
        _logger = logger;
        broker.Relay = this;
        identity.Relay = this;
    }

    /// <summary>True while this node listens on the bus: from then on it receives every other node's messages.</summary>
    public bool IsListening { get; private set; }

    /// <summary>Messages this node could not hand to the store (queue full or store unreachable).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Forward(string channel, JsonElement data) => Enqueue(w =>
    {
        w.WriteString("k", "pub");
        w.WriteString("c", channel);
        w.WritePropertyName("d");
        data.WriteTo(w);
    });

    /// <summary>Asks <paramref name="nodeId"/> to queue a text (or, with <paramref name="binary"/>, binary) message on one of its connections.</summary>
    public void Send(string nodeId, string connectionId, ReadOnlyMemory<byte> payload, bool binary) => Enqueue(w =>
    {
        w.WriteString("k", "send");
        w.WriteString("to", nodeId);
        w.WriteString("id", connectionId);
        w.WriteBoolean("bin", binary);
        w.WriteBase64String("b", payload.Span);
    });

    /// <summary>Asks <paramref name="nodeId"/> to close one of its connections with a code and reason.</summary>
    public void Close(string nodeId, string connectionId, int code, string? reason) => Enqueue(w =>
    {
        w.WriteString("k", "close");
        w.WriteString("to", nodeId);
        w.WriteString("id", connectionId);
        w.WriteNumber("code", code);
        w.WriteString("r", reason);
    });

    public void Invalidate(CredentialInvalidation invalidation) => Enqueue(w =>
    {
        w.WriteString("k", "inv");
        w.WritePropertyName("v");
        JsonSerializer.Serialize(w, invalidation);
    });

    public void UsersChanged() => Enqueue(w => w.WriteString("k", "users"));

    /// <summary>Tells <paramref name="nodeId"/> to drain over <paramref name="period"/>.</summary>
    public void Drain(string nodeId, TimeSpan period) => Enqueue(w =>
    {
        w.WriteString("k", "drain");
        w.WriteString("to", nodeId);
        w.WriteNumber("ms", (long)period.TotalMilliseconds);
    });

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SendLoopAsync(stoppingToken), ReceiveLoopAsync(stoppingToken));

    private void Enqueue(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("n", _node.Id);

            // The sequence makes every payload unique: PostgreSQL folds identical notifications of one transaction.
            writer.WriteNumber("s", Interlocked.Increment(ref _sequence));
            body(writer);
            writer.WriteEndObject();
        }

        if (!_outbox.Writer.TryWrite(Encoding.UTF8.GetString(buffer.WrittenSpan)))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<string>(MaxBatch);
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stoppingToken))
            {
                while (batch.Count < MaxBatch && _outbox.Reader.TryRead(out var message))
                {
                    batch.Add(message);
                }

                try
                {
                    await _store.PublishAsync(IClusterStore.BusChannel, batch, stoppingToken);
                }
                catch (StoreUnavailableException ex)
                {
                    // Not retried: the transaction may have committed before the connection broke, and a retry could deliver twice.
                    Interlocked.Add(ref _dropped, batch.Count);
                    ClusterLog.BusDropped(_logger, batch.Count, ex.Message);
                }

                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private Task ReceiveLoopAsync(CancellationToken stoppingToken) =>
        new StoreSubscription(_store, _health, _options, _time, _logger, "bus", "cluster bus").RunAsync(
            [IClusterStore.BusChannel],
            _ =>
            {
                IsListening = true;
                return Task.CompletedTask;
            },
            (_, payload, _) =>
            {
                Dispatch(payload);
                return Task.CompletedTask;
            },
            () => IsListening = false,
            stoppingToken);

    private void Dispatch(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            if (root.GetProperty("n").GetString() == _node.Id)
            {
                return;
            }

            switch (root.GetProperty("k").GetString())
            {
                case "pub":
                    _broker.PublishLocal(root.GetProperty("c").GetString()!, root.GetProperty("d"));
                    break;
                case "send" when root.GetProperty("to").GetString() == _node.Id:
                    if (_registry.Find(root.GetProperty("id").GetString()!) is { } target)
                    {
                        var type = root.GetProperty("bin").GetBoolean() ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
                        target.Enqueue(new OutboundMessage(root.GetProperty("b").GetBytesFromBase64(), type));
                    }

                    break;
                case "inv":
                    _identity.InvalidateLocal(root.GetProperty("v").Deserialize<CredentialInvalidation>()!);
                    break;
                case "users":
                    _identity.RaiseUsersChangedLocal();
                    break;
                case "drain" when root.GetProperty("to").GetString() == _node.Id:
                    _drainer.Start(TimeSpan.FromMilliseconds(root.GetProperty("ms").GetInt64()));
                    break;
                case "close" when root.GetProperty("to").GetString() == _node.Id:
                    if (_registry.Find(root.GetProperty("id").GetString()!) is { } closing)
                    {
                        _ = closing.CloseAsync((WebSocketCloseStatus)root.GetProperty("code").GetInt32(), root.GetProperty("r").GetString());
                    }

                    break;
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            ClusterLog.BusMessageUnreadable(_logger, ex.Message);
        }
    }
}
