using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace WsGate.Listeners;

/// <summary>
/// The connection as Kestrel's HTTP layer sees it: the real connection with a feature collection of its own (so what
/// HTTP sets on it goes away with the request) and a heartbeat that can be let go of. Kestrel's HTTP connection registers
/// a heartbeat callback that the real connection keeps until it closes, and the callback holds the whole HTTP connection;
/// forwarding it through here lets <see cref="Release"/> drop it when the request is over.
/// </summary>
internal sealed class HandoffConnectionContext : ConnectionContext, IConnectionHeartbeatFeature
{
    private readonly ConnectionContext _connection;
    private FeatureCollection _features;
    private readonly Lock _heartbeatLock = new();
    private (Action<object> Action, object State)[]? _heartbeats;
    private volatile bool _released;

    public HandoffConnectionContext(ConnectionContext connection, ConnectionHandoff handoff)
    {
        _connection = connection;
        _features = new FeatureCollection(connection.Features);
        _features.Set<IConnectionHeartbeatFeature>(this);
        _features.Set(handoff);
        Transport = connection.Transport;
    }

    public override string ConnectionId
    {
        get => _connection.ConnectionId;
        set => _connection.ConnectionId = value;
    }

    public override IFeatureCollection Features => _features;

    public override IDictionary<object, object?> Items
    {
        get => _connection.Items;
        set => _connection.Items = value;
    }

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => _connection.ConnectionClosed;
        set => _connection.ConnectionClosed = value;
    }

    public override EndPoint? LocalEndPoint
    {
        get => _connection.LocalEndPoint;
        set => _connection.LocalEndPoint = value;
    }

    public override EndPoint? RemoteEndPoint
    {
        get => _connection.RemoteEndPoint;
        set => _connection.RemoteEndPoint = value;
    }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        // After the hand-off the connection belongs to the WebSocket; what is left of the HTTP request cannot end it.
        if (!_released)
        {
            _connection.Abort(abortReason);
        }
    }

    public override void Abort()
    {
        if (!_released)
        {
            _connection.Abort();
        }
    }

    public void OnHeartbeat(Action<object> action, object state)
    {
        lock (_heartbeatLock)
        {
            if (_released)
            {
                return;
            }

            if (_heartbeats is null)
            {
                _connection.Features.Get<IConnectionHeartbeatFeature>()?.OnHeartbeat(static self => ((HandoffConnectionContext)self).Tick(), this);
            }

            // Copied on write: ticks read the array without the lock.
            Volatile.Write(ref _heartbeats, [.. _heartbeats ?? [], (action, state)]);
        }
    }

    /// <summary>The HTTP layer is done with the connection: its heartbeat callbacks and features are dropped.</summary>
    public void Release()
    {
        lock (_heartbeatLock)
        {
            _released = true;
            Volatile.Write(ref _heartbeats, null);
            _features = new FeatureCollection(_connection.Features);
        }
    }

    private void Tick()
    {
        var heartbeats = Volatile.Read(ref _heartbeats);
        if (heartbeats is null)
        {
            return;
        }

        foreach (var (action, state) in heartbeats)
        {
            action(state);
        }
    }
}
