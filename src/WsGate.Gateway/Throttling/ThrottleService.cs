using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Admission;
using WsGate.Analytics;
using WsGate.Configuration;
using WsGate.Configuration.Throttling;
using WsGate.Connections;
using WsGate.Diagnostics;
using WsGate.Management;
using WsGate.Routing;

namespace WsGate.Throttling;

/// <summary>
/// Traffic control for the whole node: admits connections against the connection caps (per application and per user from
/// the subscription's tier, per client IP from the API and the listener) and keeps the token buckets that connections
/// share, keyed by what they limit (a subscription, an API, a listener, a client IP) and by the limit's settings, so an
/// edited limit starts with fresh buckets. Full buckets are forgotten now and then: a full bucket behaves as a new one.
/// On a cluster, <see cref="IClusterQuota"/> says what the other nodes use, so caps and rates hold cluster-wide.
/// </summary>
public sealed class ThrottleService(LiveConfig live, TimeProvider time, ILogger<ThrottleService> logger, GatewayAnalytics? analytics = null, IClusterQuota? cluster = null)
{
    internal static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string Key, RateLimitConfig Config), RateLimitBuckets> _buckets = new();
    private readonly Dictionary<string, int> _connections = new(StringComparer.Ordinal);

    // Keys whose cap was limited when a connection took it: the only counts other nodes need (guarded by _connections).
    private readonly HashSet<string> _capped = new(StringComparer.Ordinal);
    private readonly IClusterQuota _cluster = cluster ?? SingleNodeQuota.Instance;
    private long _generation;
    private long _lastSweep = time.GetTimestamp();

    public TimeProvider Time => time;

    /// <summary>The configuration limits are read from (the one last applied).</summary>
    public GatewayConfig Config => live.Current;

    /// <summary>Moves when buckets are forgotten, so connections look theirs up again.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public int BucketCount => _buckets.Count;

    /// <summary>Open connections counted against the cap named by <paramref name="key"/> (see <see cref="Admit"/>).</summary>
    public int ConnectionsOf(string key)
    {
        lock (_connections)
        {
            return _connections.GetValueOrDefault(key);
        }
    }

    /// <summary>
    /// Takes a slot under every connection cap that applies, or none and a 429 naming the cap. The caps are read at the
    /// handshake; lowering one does not close connections already open.
    /// </summary>
    public ThrottleAdmission Admit(ThrottleSubject subject)
    {
        var config = Config;
        // What a cap says when it refuses is only written then: admitting a connection builds no message.
        var caps = new List<(string Key, int Max, CapKind Kind)>(4);
        var listener = config.FindListener(subject.ListenerId);
        var api = subject.ApiId is null ? null : config.FindApi(subject.ApiId);
        var tier = subject.Tier is null || api is null ? null : config.FindTier(subject.Tier);
        if (tier is not null && subject.ApplicationId is { } application)
        {
            caps.Add(($"app\n{api!.Id}\n{application}", tier.MaxConnectionsPerApplication, CapKind.Application));
            if (subject.User is { } user)
            {
                caps.Add(($"user\n{api.Id}\n{user}", tier.MaxConnectionsPerUser, CapKind.User));
            }
        }

        if (subject.ClientIp is { } ip)
        {
            if (api is not null)
            {
                caps.Add(($"api-ip\n{api.Id}\n{ip}", api.Throttling.MaxConnectionsPerClientIp, CapKind.ApiClientIp));
            }

            if (listener is not null)
            {
                caps.Add(($"listener-ip\n{listener.Id}\n{ip}", listener.Throttling.MaxConnectionsPerClientIp, CapKind.ListenerClientIp));
            }
        }

        string Describe(CapKind kind, int max) => kind switch
        {
            CapKind.Application => $"application '{subject.ApplicationId}' is at the {tier!.Name} tier's limit of {max} connections to API '{api!.Id}'",
            CapKind.User => $"user '{subject.User}' is at the {tier!.Name} tier's limit of {max} connections to API '{api!.Id}'",
            CapKind.ApiClientIp => $"client {subject.ClientIp} is at API '{api!.Id}''s limit of {max} connections per client IP",
            _ => $"client {subject.ClientIp} is at listener '{listener!.Id}''s limit of {max} connections per client IP",
        };

        var taken = new List<string>(caps.Count);
        lock (_connections)
        {
            foreach (var (key, max, kind) in caps)
            {
                var open = _connections.GetValueOrDefault(key);
                var elsewhere = max > 0 ? _cluster.OtherNodesConnections(key) : 0;
                if (max > 0 && open + elsewhere >= max)
                {
                    ReleaseLocked(taken);
                    var what = Describe(kind, max);
                    var detail = elsewhere > 0 ? $"{what} ({open} on this node, {elsewhere} on other nodes)" : what;
                    ThrottlingLog.ConnectionCapReached(logger, detail);
                    return new ThrottleAdmission(null, new HandshakeRejection(StatusCodes.Status429TooManyRequests, "Too many connections", detail, RetryAfter));
                }

                if (max > 0)
                {
                    _capped.Add(key);
                }

                _connections[key] = open + 1;
                taken.Add(key);
            }
        }

#pragma warning disable CA2000 // Returned to the caller: the admission lease holds it and the connection's lifetime disposes it.
        return new ThrottleAdmission(new ConnectionThrottle(this, subject, ResolveQueue(config, subject), taken), null);
#pragma warning restore CA2000
    }

    /// <summary>Open connections under every limited cap this node holds, for the other nodes of a cluster.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> CappedConnections()
    {
        lock (_connections)
        {
            return [.. _capped.Select(k => KeyValuePair.Create(k, _connections.GetValueOrDefault(k))).Where(p => p.Value > 0)];
        }
    }

    /// <summary>The rate limit buckets this node keeps, by limit key (one key may have several while an edited limit's old buckets live).</summary>
    public IEnumerable<KeyValuePair<string, RateLimitBuckets>> RateBuckets() =>
        _buckets.Select(e => KeyValuePair.Create(e.Key.Key, e.Value));

    /// <summary>The limits of a connection, most specific first: its subscription's tier, its API, its listener.</summary>
    internal ThrottleRule[] ResolveRules(GatewayConfig config, ThrottleSubject subject)
    {
        MaybeSweep();
        var rules = new List<ThrottleRule>(5);
        var api = subject.ApiId is null ? null : config.FindApi(subject.ApiId);
        if (api is not null && subject.ApplicationId is { } application && subject.Tier is { } tierName && config.FindTier(tierName) is { } tier)
        {
            Add(rules, $"tier\n{api.Id}\n{application}", tier.Rate, $"the {tier.Name} tier of application '{application}' on API '{api.Id}'");
        }

        if (api is not null)
        {
            Add(rules, $"api\n{api.Id}", api.Throttling.Rate, $"API '{api.Id}'");
            if (subject.ClientIp is { } ip)
            {
                Add(rules, $"api-ip\n{api.Id}\n{ip}", api.Throttling.PerClientIp, $"API '{api.Id}' for client {ip}");
            }
        }

        if (config.FindListener(subject.ListenerId) is { } listener)
        {
            Add(rules, $"listener\n{listener.Id}", listener.Throttling.Rate, $"listener '{listener.Id}'");
            if (subject.ClientIp is { } ip)
            {
                Add(rules, $"listener-ip\n{listener.Id}\n{ip}", listener.Throttling.PerClientIp, $"listener '{listener.Id}' for client {ip}");
            }
        }

        return [.. rules];
    }

    /// <summary>Where the outbound queue bound comes from: the endpoint's, else the API's, else the listener's, else the default.</summary>
    internal static OutboundQueueConfig ResolveQueue(GatewayConfig config, ThrottleSubject subject)
    {
        var listener = config.FindListener(subject.ListenerId);
        if (subject.ApiId is not null && config.FindApi(subject.ApiId)?.Throttling.OutboundQueue is { } apiQueue)
        {
            return apiQueue;
        }

        var endpoint = subject.EndpointPath is null ? null : listener?.Endpoints.FirstOrDefault(e => string.Equals(e.Path, subject.EndpointPath, StringComparison.OrdinalIgnoreCase));
        return endpoint?.OutboundQueue ?? listener?.Throttling.OutboundQueue ?? OutboundQueueConfig.Default;
    }

    /// <summary>Counts and logs a refusal; the single place every throttled message passes.</summary>
    internal void Report(LiveConnection connection, ThrottleDecision decision, ThrottleAction action)
    {
        var limit = decision.Rule!.Describe();
        if (action == ThrottleAction.Close)
        {
            ThrottlingLog.ClosedForRate(logger, connection.Id, limit);
        }
        else
        {
            ThrottlingLog.Throttled(logger, connection.Id, decision.Direction.ToString().ToLowerInvariant(), action.ToString().ToLowerInvariant(), limit);
        }

        // What the policy did to the message, as the metric's and the rollups' `action` label.
        analytics?.MessageThrottled(connection, action switch
        {
            ThrottleAction.Close => "closed",
            ThrottleAction.Drop => "dropped",
            _ => "delayed",
        });
    }

    /// <summary>Logs an outbound queue overflow that closes the connection.</summary>
    internal void ReportOverflow(LiveConnection connection, OutboundQueue queue, WebSocketCloseStatus status) =>
        ThrottlingLog.QueueOverflowClosed(logger, connection.Id, queue.Count, queue.Bytes, (int)status);

    internal void Release(IReadOnlyList<string> keys)
    {
        lock (_connections)
        {
            ReleaseLocked(keys);
        }
    }

    private void ReleaseLocked(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            // A count never goes below zero: a key missing here was never taken.
            if (_connections.TryGetValue(key, out var open))
            {
                if (open <= 1)
                {
                    _connections.Remove(key);
                    _capped.Remove(key);
                }
                else
                {
                    _connections[key] = open - 1;
                }
            }
        }
    }

    private void Add(List<ThrottleRule> rules, string key, RateLimitConfig? config, string scope)
    {
        if (config is null || config.IsUnlimited)
        {
            return;
        }

        var buckets = _buckets.GetOrAdd((key, config), static (k, s) => s.NewBuckets(k.Key, k.Config), this);
        rules.Add(new ThrottleRule(scope, config, buckets));
    }

    private RateLimitBuckets NewBuckets(string key, RateLimitConfig config)
    {
        var buckets = new RateLimitBuckets(config, time);
        buckets.SetShare(_cluster.RateShare(key));
        return buckets;
    }

    private void MaybeSweep()
    {
        var last = Interlocked.Read(ref _lastSweep);
        if (time.GetElapsedTime(last) < SweepInterval || Interlocked.CompareExchange(ref _lastSweep, time.GetTimestamp(), last) != last)
        {
            return;
        }

        var removed = 0;
        foreach (var entry in _buckets)
        {
            if (entry.Value.IsFull && _buckets.TryRemove(entry))
            {
                removed++;
            }
        }

        if (removed > 0)
        {
            Interlocked.Increment(ref _generation);
            ThrottlingLog.BucketsSwept(logger, removed, _buckets.Count);
        }
    }

    private enum CapKind
    {
        Application,
        User,
        ApiClientIp,
        ListenerClientIp,
    }
}
