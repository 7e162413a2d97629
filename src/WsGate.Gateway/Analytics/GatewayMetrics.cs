using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using WsGate.Captures;
using WsGate.Connections;
using WsGate.Listeners;

namespace WsGate.Analytics;

/// <summary>
/// The <c>WsGate</c> meter and its instruments. Message and byte counts are not recorded per frame: they are observed
/// from the counters every live connection already keeps (<see cref="LiveConnection.MessagesIn"/> and the rest) plus the
/// totals of connections that have closed, when a reader (the <c>/metrics</c> collector, the OTLP exporter) asks.
/// Instruments without a listener cost nothing, so with analytics off these calls do no work.
/// </summary>
public sealed class GatewayMetrics : IDisposable
{
    public const string MeterName = "WsGate";

    /// <summary>Latency buckets in seconds, 0.5 ms to 10 s: loopback relays sit at the low end, slow backends at the high end.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Meter _meter = new(MeterName);
    private readonly ConnectionRegistry _registry;
    private readonly ConcurrentDictionary<(string Listener, string Api), TrafficTotals> _closed = new();
    private readonly Lock _observeGate = new();
    private readonly Dictionary<(string Listener, string Api), TrafficTotals> _lastObserved = [];
    private readonly HashSet<(string Listener, string Api)> _activeSeen = [];
    private readonly Counter<long> _opened;
    private readonly Counter<long> _closedCounter;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _authFailures;
    private readonly Counter<long> _backendFailures;
    private readonly Counter<long> _throttled;
    private readonly Counter<long> _schemaFailures;
    private readonly Histogram<double> _handshake;
    private readonly Histogram<double> _backendConnect;
    private readonly Histogram<double> _relay;

    public GatewayMetrics(ConnectionRegistry registry, WorkerScheduler workers)
    {
        _registry = registry;
        var advice = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _meter.CreateObservableUpDownCounter("wsgate.connections.active", ObserveActive, "{connection}", "WebSocket connections open now");
        _opened = _meter.CreateCounter<long>("wsgate.connections.opened", "{connection}", "WebSocket connections accepted (upgraded)");
        _closedCounter = _meter.CreateCounter<long>("wsgate.connections.closed", "{connection}", "WebSocket connections ended, by close code (1006: no close frame)");
        _meter.CreateObservableCounter("wsgate.messages.in", () => ObserveTraffic(t => t.MessagesIn), "{message}", "Messages received from clients");
        _meter.CreateObservableCounter("wsgate.messages.out", () => ObserveTraffic(t => t.MessagesOut), "{message}", "Messages sent to clients");
        _meter.CreateObservableCounter("wsgate.bytes.in", () => ObserveTraffic(t => t.BytesIn), "By", "Payload bytes received from clients");
        _meter.CreateObservableCounter("wsgate.bytes.out", () => ObserveTraffic(t => t.BytesOut), "By", "Payload bytes sent to clients");
        _refused = _meter.CreateCounter<long>("wsgate.handshakes.refused", "{handshake}", "Handshakes refused before the upgrade, by HTTP status");
        _authFailures = _meter.CreateCounter<long>("wsgate.auth.failures", "{handshake}", "Handshakes refused for their credential, by reason code");
        _backendFailures = _meter.CreateCounter<long>("wsgate.backend.connect.failures", "{attempt}", "Backend endpoints that did not accept an upgrade");
        _throttled = _meter.CreateCounter<long>("wsgate.messages.throttled", "{message}", "Messages delayed, dropped or refused by a throttling policy, by action");
        _schemaFailures = _meter.CreateCounter<long>("wsgate.messages.schema_failures", "{message}", "Messages that failed their API's or route's JSON Schema, by route, direction and action");
        _handshake = _meter.CreateHistogram("wsgate.handshake.duration", "s", "From the upgrade request to the accepted WebSocket", advice: advice);
        _backendConnect = _meter.CreateHistogram("wsgate.backend.connect.duration", "s", "Connecting and upgrading to a backend endpoint", advice: advice);
        _relay = _meter.CreateHistogram("wsgate.relay.duration", "s", "Forwarding one burst of client frames to the backend (sampled, one in 64)", advice: advice);

        // Worker limits, per listener that has them: how full its slots are and how much of its work waits for one.
        _meter.CreateObservableGauge("wsgate.workers.in_use", () => ObserveWorkers(workers, p => p.InUse), "{work}", "Work items of a listener with worker limits running now (handshakes, echoed frames, channel requests)");
        _meter.CreateObservableGauge("wsgate.workers.queued", () => ObserveWorkers(workers, p => p.Queued), "{work}", "Work items of a listener with worker limits waiting for a slot");
        _meter.CreateObservableCounter("wsgate.workers.refused", () => ObserveWorkers(workers, p => p.Counters.WorkersRefused), "{handshake}", "Handshakes refused because the listener's worker queue was full");

        // The process's own memory, so an operator sees what idle connections cost without other tools.
        _meter.CreateObservableGauge("wsgate.process.resident_memory_bytes", () => Environment.WorkingSet, "By", "Resident memory of the WsGate process (RSS)");
        _meter.CreateObservableGauge("wsgate.process.gc_heap_bytes", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By", "Size of the .NET GC heap after the last collection");
        _meter.CreateObservableGauge("wsgate.process.gc_committed_bytes", () => GC.GetGCMemoryInfo().TotalCommittedBytes, "By", "Memory the .NET GC has committed from the operating system");
        _meter.CreateObservableCounter("wsgate.process.allocated_bytes", () => GC.GetTotalAllocatedBytes(), "By", "Bytes the process has allocated on the .NET GC heap since it started");
    }

    public Meter Meter => _meter;

    public void ConnectionOpened(string listener, string? api, TimeSpan handshake)
    {
        var tags = new TagList { { "listener", listener }, { "api", api ?? "" } };
        lock (_observeGate)
        {
            _activeSeen.Add((listener, api ?? ""));
        }

        _opened.Add(1, tags);
        _handshake.Record(handshake.TotalSeconds, tags);
    }

    /// <summary>Counts the close and keeps the connection's totals, so the traffic counters still include it once it left the registry.</summary>
    public void ConnectionClosed(LiveConnection connection, int closeCode)
    {
        var listener = connection.Listener.Id;
        var api = connection.Api?.Api.Id ?? "";
        _closedCounter.Add(1, new TagList { { "listener", listener }, { "api", api }, { "close_code", closeCode.ToString(System.Globalization.CultureInfo.InvariantCulture) } });
        _closed.GetOrAdd((listener, api), _ => new TrafficTotals()).Add(connection.MessagesIn, connection.MessagesOut, connection.BytesIn, connection.BytesOut);
    }

    public void HandshakeRefused(string listener, string? api, int status) =>
        _refused.Add(1, new TagList { { "listener", listener }, { "api", api ?? "" }, { "status", status.ToString(System.Globalization.CultureInfo.InvariantCulture) } });

    public void AuthFailed(string listener, string? api, string reason) =>
        _authFailures.Add(1, new TagList { { "listener", listener }, { "api", api ?? "" }, { "reason", reason } });

    public void BackendConnected(string api, TimeSpan elapsed) =>
        _backendConnect.Record(elapsed.TotalSeconds, new TagList { { "api", api }, { "outcome", "success" } });

    public void BackendFailed(string api, TimeSpan elapsed)
    {
        _backendFailures.Add(1, new TagList { { "api", api } });
        _backendConnect.Record(elapsed.TotalSeconds, new TagList { { "api", api }, { "outcome", "failure" } });
    }

    public void Relayed(string api, TimeSpan elapsed) => _relay.Record(elapsed.TotalSeconds, new TagList { { "api", api } });

    /// <summary>
    /// A message a throttling policy acted on: <paramref name="action"/> says what happened to it (for example
    /// <c>delayed</c>, <c>dropped</c>, <c>closed</c>). Called from the throttling code, once per message.
    /// </summary>
    public void MessageThrottled(string listener, string? api, string? application, string action) =>
        _throttled.Add(1, new TagList { { "listener", listener }, { "api", api ?? "" }, { "application", application ?? "" }, { "action", action } });

    /// <summary>A message failed its schema: <paramref name="direction"/> is clientToBackend or backendToClient, <paramref name="action"/> dropped, closed1007 or closed1008.</summary>
    public void SchemaFailed(string listener, string? api, string? route, string direction, string action) =>
        _schemaFailures.Add(1, new TagList { { "listener", listener }, { "api", api ?? "" }, { "route", route ?? "" }, { "direction", direction }, { "action", action } });

    public void Dispose() => _meter.Dispose();

    /// <summary>
    /// The node's message captures, observed from the hub when a reader asks (the hub calls this once): captures running
    /// now, records written to the store, and records that could not be queued (each stopped its capture, "writer behind").
    /// </summary>
    public void ObserveCaptures(CaptureHub hub)
    {
        _meter.CreateObservableGauge("wsgate.captures.running", () => (long)hub.Index.Runs.Count, "{capture}", "Message captures running on this node");
        _meter.CreateObservableCounter("wsgate.captures.records.written", () => hub.Written, "{record}", "Capture records (handshakes and messages) written to the store");
        _meter.CreateObservableCounter("wsgate.captures.records.dropped", () => hub.Dropped, "{record}", "Capture records that could not be queued; each stopped its capture with the reason writer behind");
    }

    private static IEnumerable<Measurement<long>> ObserveWorkers(WorkerScheduler workers, Func<WorkerPool, long> pick) =>
        workers.Pools.Select(p => new Measurement<long>(pick(p), new KeyValuePair<string, object?>("listener", p.ListenerId))).ToList();

    /// <summary>Open connections per listener and API; a pair that has had connections reads 0 rather than vanishing.</summary>
    private IEnumerable<Measurement<long>> ObserveActive()
    {
        var counts = new Dictionary<(string, string), long>();
        foreach (var connection in _registry.All)
        {
            var key = (connection.Listener.Id, connection.Api?.Api.Id ?? "");
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        lock (_observeGate)
        {
            foreach (var key in counts.Keys)
            {
                _activeSeen.Add(key);
            }

            return _activeSeen
                .Select(k => new Measurement<long>(counts.GetValueOrDefault(k), new KeyValuePair<string, object?>("listener", k.Item1), new KeyValuePair<string, object?>("api", k.Item2)))
                .ToList();
        }
    }

    /// <summary>
    /// Closed totals plus every live connection's counters, never below what was reported before: a connection leaves the
    /// registry a moment before its totals join the closed ones, and a counter that went down would read as a reset.
    /// </summary>
    private IEnumerable<Measurement<long>> ObserveTraffic(Func<TrafficTotals, long> pick)
    {
        var now = new Dictionary<(string Listener, string Api), TrafficTotals>();
        foreach (var (key, totals) in _closed)
        {
            now[key] = totals.Copy();
        }

        foreach (var connection in _registry.All)
        {
            var key = (connection.Listener.Id, connection.Api?.Api.Id ?? "");
            if (!now.TryGetValue(key, out var totals))
            {
                now[key] = totals = new TrafficTotals();
            }

            totals.Add(connection.MessagesIn, connection.MessagesOut, connection.BytesIn, connection.BytesOut);
        }

        lock (_observeGate)
        {
            var result = new List<Measurement<long>>(now.Count);
            foreach (var (key, totals) in now)
            {
                if (_lastObserved.TryGetValue(key, out var last))
                {
                    totals.AtLeast(last);
                }

                _lastObserved[key] = totals;
                result.Add(new Measurement<long>(pick(totals), new KeyValuePair<string, object?>("listener", key.Listener), new KeyValuePair<string, object?>("api", key.Api)));
            }

            foreach (var (key, last) in _lastObserved)
            {
                if (!now.ContainsKey(key))
                {
                    result.Add(new Measurement<long>(pick(last), new KeyValuePair<string, object?>("listener", key.Listener), new KeyValuePair<string, object?>("api", key.Api)));
                }
            }

            return result;
        }
    }
}
