using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;

namespace WsGate.Connections;

/// <summary>Every live WebSocket on this node, by connection id: the admin API lists, sends to and closes them through here.</summary>
public sealed class ConnectionRegistry(ILogger<ConnectionRegistry> logger)
{
    private readonly ConcurrentDictionary<string, LiveConnection> _sessions = new(StringComparer.Ordinal);
    private volatile bool _draining;

    public int Count => _sessions.Count;

    /// <summary>Set when the server is shutting down: new handshakes are refused with 503.</summary>
    public bool IsDraining => _draining;

    public IEnumerable<LiveConnection> All => _sessions.Values;

    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>Raised after a connection is added or removed (the cluster's connection directory mirrors them); handlers must not block.</summary>
    public event Action<LiveConnection, bool>? Changed;

    public void Add(LiveConnection session)
    {
        _sessions[session.Id] = session;
        Changed?.Invoke(session, true);
    }

    public void Remove(LiveConnection session)
    {
        if (_sessions.TryRemove(KeyValuePair.Create(session.Id, session)))
        {
            Changed?.Invoke(session, false);
        }
    }

    public LiveConnection? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>
    /// Closes every connection matching <paramref name="filter"/> with <paramref name="status"/> and waits until they are gone
    /// or <paramref name="timeout"/> passes; stragglers are aborted. Returns how many were closed.
    /// </summary>
    public async Task<int> CloseAllAsync(Func<LiveConnection, bool> filter, WebSocketCloseStatus status, string reason, TimeSpan timeout)
    {
        var targets = _sessions.Values.Where(filter).ToList();
        if (targets.Count == 0)
        {
            return 0;
        }

        await Task.WhenAll(targets.Select(s => s.CloseAsync(status, reason)));
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && targets.Any(t => _sessions.ContainsKey(t.Id)))
        {
            await Task.Delay(20);
        }

        var left = targets.Where(t => _sessions.ContainsKey(t.Id)).ToList();
        if (left.Count > 0)
        {
            ConnectionLog.DrainTimedOut(logger, left.Count);
            foreach (var session in left)
            {
                session.Abort();
            }
        }

        return targets.Count;
    }

    /// <summary>Refuses new handshakes from now on, leaving current connections open (a node drain closes them gradually).</summary>
    public void StopAccepting() => _draining = true;

    /// <summary>Refuses new handshakes, then closes every connection with 1001 (RFC 6455 section 7.4.1: going away).</summary>
    public Task<int> DrainAsync(TimeSpan timeout)
    {
        _draining = true;
        ConnectionLog.Draining(logger, _sessions.Count);
        return CloseAllAsync(_ => true, WebSocketCloseStatus.EndpointUnavailable, "server shutting down", timeout);
    }
}
