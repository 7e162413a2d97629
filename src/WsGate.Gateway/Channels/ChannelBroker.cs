using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using WsGate.Connections;

namespace WsGate.Channels;

/// <summary>
/// Named pub/sub channels on this node. A publish serialises its message once and queues the same bytes for every
/// subscriber, so a broadcast costs one serialisation and never waits on a slow subscriber.
/// </summary>
public sealed class ChannelBroker
{
    private readonly ConcurrentDictionary<string, ChannelState> _channels = new(StringComparer.Ordinal);

    public void Subscribe(string channel, WebSocketSession session)
    {
        while (true)
        {
            var state = _channels.GetOrAdd(channel, static _ => new ChannelState());
            lock (state)
            {
                // A channel removed while we held a stale reference is retried with a fresh one.
                if (state.Removed)
                {
                    continue;
                }

                state.Subscribers[session.Id] = session;
                return;
            }
        }
    }

    public void Unsubscribe(string channel, WebSocketSession session)
    {
        if (!_channels.TryGetValue(channel, out var state))
        {
            return;
        }

        lock (state)
        {
            state.Subscribers.TryRemove(session.Id, out _);
            if (state.Subscribers.IsEmpty)
            {
                state.Removed = true;
                _channels.TryRemove(KeyValuePair.Create(channel, state));
            }
        }
    }

    /// <summary>Told of every publish that starts on this node, before delivery (the rule engine's queue); it must not block.</summary>
    public Action<string, JsonElement, string?>? Observer { get; set; }

    /// <summary>
    /// Set on a cluster node: every publish that starts on this node is also handed to the relay, which carries it to
    /// the other nodes (they deliver it with <see cref="PublishLocal"/>).
    /// </summary>
    public IChannelRelay? Relay { get; set; }

    /// <summary>
    /// Publishes <paramref name="data"/> (a JSON value) to <paramref name="channel"/> on this node and, in a cluster, on
    /// every other node; returns the number of this node's subscribers it was queued for.
    /// </summary>
    public int Publish(string channel, JsonElement data, string? origin = null)
    {
        Observer?.Invoke(channel, data, origin);
        Relay?.Forward(channel, data);
        return PublishLocal(channel, data);
    }

    /// <summary>Publishes to this node's subscribers only; returns the number it was queued for.</summary>
    public int PublishLocal(string channel, JsonElement data)
    {
        if (!_channels.TryGetValue(channel, out var state))
        {
            return 0;
        }

        var payload = ChannelProtocol.Message(channel, data);
        Interlocked.Increment(ref state.Published);
        var delivered = 0;
        foreach (var subscriber in state.Subscribers.Values)
        {
            if (subscriber.Enqueue(new OutboundMessage(payload, WebSocketMessageType.Text)))
            {
                delivered++;
            }
        }

        return delivered;
    }

    public IReadOnlyList<ChannelInfo> List() =>
        _channels.Select(c => new ChannelInfo(c.Key, c.Value.Subscribers.Count, Interlocked.Read(ref c.Value.Published)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

    public ChannelInfo? Find(string channel) =>
        _channels.TryGetValue(channel, out var state) ? new ChannelInfo(channel, state.Subscribers.Count, Interlocked.Read(ref state.Published)) : null;

    private sealed class ChannelState
    {
        public readonly ConcurrentDictionary<string, WebSocketSession> Subscribers = new(StringComparer.Ordinal);
        public long Published;
        public bool Removed;
    }
}
