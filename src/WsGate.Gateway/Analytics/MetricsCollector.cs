using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace WsGate.Analytics;

/// <summary>
/// Aggregates the <c>WsGate</c> meter's measurements in memory for <c>/metrics</c>: counters and up-down counters are
/// summed per label set, observable instruments keep the value last observed (they are observed on each scrape), and
/// histograms count into the instrument's advised buckets. Runs only while analytics is on.
/// </summary>
public sealed class MetricsCollector(GatewayMetrics metrics) : IDisposable
{
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();
    private readonly Lock _gate = new();
    private MeterListener? _listener;

    public bool IsRunning => Volatile.Read(ref _listener) is not null;

    public void Start()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            var listener = new MeterListener
            {
                InstrumentPublished = (instrument, l) =>
                {
                    // This server's meter only: another WsGate in the same process (tests) has a meter of the same name.
                    if (ReferenceEquals(instrument.Meter, metrics.Meter))
                    {
                        l.EnableMeasurementEvents(instrument, _instruments.GetOrAdd(instrument, i => new InstrumentSeries(i)));
                    }
                },
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
            listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
            listener.Start();
            _listener = listener;
        }
    }

    /// <summary>Stops listening and forgets every series: counters start again from zero when collection restarts.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _listener?.Dispose();
            _listener = null;
            _instruments.Clear();
        }
    }

    /// <summary>Observes the observable instruments, then returns every metric family, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        lock (_gate)
        {
            if (_listener is null)
            {
                return [];
            }

            _listener.RecordObservableInstruments();
            return _instruments.Values.Select(s => s.ToFamily()).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        }
    }

    public void Dispose() => Stop();

    /// <summary>The Prometheus name of an instrument: dots become underscores, seconds get their unit suffix, counters <c>_total</c>.</summary>
    public static string PrometheusName(Instrument instrument)
    {
        var name = PrometheusText.SanitizeMetricName(instrument.Name);
        if (instrument.Unit == "s" && !name.EndsWith("_seconds", StringComparison.Ordinal))
        {
            name += "_seconds";
        }

        return IsCounter(instrument) ? name + "_total" : name;
    }

    private static bool IsCounter(Instrument instrument)
    {
        var type = instrument.GetType();
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        return definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>);
    }

    private static bool IsHistogram(Instrument instrument)
    {
        var type = instrument.GetType();
        return type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Histogram<>);
    }

    /// <summary>The series of one instrument, keyed by its label set in a canonical (sorted) order.</summary>
    private sealed class InstrumentSeries
    {
        private readonly Instrument _instrument;
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, Series>.AlternateLookup<ReadOnlySpan<char>> _lookup;
        private readonly bool _histogram;
        private readonly double[] _bounds = [.. GatewayMetrics.LatencyBuckets];

        public InstrumentSeries(Instrument instrument)
        {
            _instrument = instrument;
            _histogram = IsHistogram(instrument);
            _lookup = _series.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            // Measurements come from the relay (the sampled relay latency) and from every handshake, so an existing
            // series is found without allocating: the key is formatted into a stack buffer and looked up as a span.
            Span<char> buffer = stackalloc char[KeyBufferLength];
            if (!TryFormatKey(tags, buffer, out var length) || !_lookup.TryGetValue(buffer[..length], out var series))
            {
                series = Add(tags);
            }

            if (_histogram)
            {
                series.Observe(value, _bounds);
            }
            else if (_instrument.IsObservable)
            {
                series.Set(value);
            }
            else
            {
                series.Add(value);
            }
        }

        // Apart from Record so that its closure is allocated only when a series is new.
        private Series Add(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = Canonical(tags);
            return _series.GetOrAdd(Key(labels), _ => new Series(labels, _histogram ? _bounds.Length + 1 : 0));
        }

        public MetricFamily ToFamily()
        {
            var name = PrometheusName(_instrument);
            var help = _instrument.Description ?? _instrument.Name;
            var samples = new List<MetricSample>();
            foreach (var series in _series.Values.OrderBy(s => string.Join(',', s.Labels.Select(l => l.Key + "=" + l.Value)), StringComparer.Ordinal))
            {
                if (!_histogram)
                {
                    samples.Add(new MetricSample("", series.Labels, series.Value));
                    continue;
                }

                var (buckets, sum, count) = series.Histogram();
                long cumulative = 0;
                for (var i = 0; i < _bounds.Length; i++)
                {
                    cumulative += buckets[i];
                    samples.Add(new MetricSample("_bucket", [.. series.Labels, KeyValuePair.Create("le", PrometheusText.FormatValue(_bounds[i]))], cumulative));
                }

                samples.Add(new MetricSample("_bucket", [.. series.Labels, KeyValuePair.Create("le", "+Inf")], count));
                samples.Add(new MetricSample("_sum", series.Labels, sum));
                samples.Add(new MetricSample("_count", series.Labels, count));
            }

            var type = _histogram ? "histogram" : IsCounter(_instrument) ? "counter" : "gauge";
            return new MetricFamily(name, help, type, samples);
        }

        private const int KeyBufferLength = 512;
        private const int MaxFastTags = 8;

        private static string Key(KeyValuePair<string, string>[] labels) => string.Join('\u0001', labels.Select(l => l.Key + "\u0002" + l.Value));

        /// <summary>
        /// Writes the same key as <see cref="Key"/> into <paramref name="destination"/>; false when it does not fit or a
        /// tag value would need an allocation to format (then the caller takes the allocating path).
        /// </summary>
        private static bool TryFormatKey(ReadOnlySpan<KeyValuePair<string, object?>> tags, Span<char> destination, out int length)
        {
            length = 0;
            if (tags.Length > MaxFastTags)
            {
                return false;
            }

            // Insertion sort of the tag indexes by key, ordinal, as Canonical sorts the labels.
            Span<int> order = stackalloc int[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                var j = i;
                while (j > 0 && string.CompareOrdinal(tags[order[j - 1]].Key, tags[i].Key) > 0)
                {
                    order[j] = order[j - 1];
                    j--;
                }

                order[j] = i;
            }

            for (var i = 0; i < order.Length; i++)
            {
                var tag = tags[order[i]];
                if ((i > 0 && !Append(destination, ref length, "\u0001")) || !Append(destination, ref length, tag.Key) || !Append(destination, ref length, "\u0002"))
                {
                    return false;
                }

                switch (tag.Value)
                {
                    case null:
                        break;
                    case string text when Append(destination, ref length, text):
                        break;
                    case ISpanFormattable formattable when formattable.TryFormat(destination[length..], out var written, default, CultureInfo.InvariantCulture):
                        length += written;
                        break;
                    default:
                        return false;
                }
            }

            return true;
        }

        private static bool Append(Span<char> destination, ref int length, string text)
        {
            if (!text.AsSpan().TryCopyTo(destination[length..]))
            {
                return false;
            }

            length += text.Length;
            return true;
        }

        private static KeyValuePair<string, string>[] Canonical(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                labels[i] = KeyValuePair.Create(tags[i].Key, Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
            }

            Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return labels;
        }
    }

    private sealed class Series(KeyValuePair<string, string>[] labels, int bucketCount)
    {
        private readonly Lock _gate = new();
        private readonly long[] _buckets = new long[bucketCount];
        private double _value;
        private double _sum;
        private long _count;

        public IReadOnlyList<KeyValuePair<string, string>> Labels { get; } = labels;

        public double Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }
        }

        public void Add(double value)
        {
            lock (_gate)
            {
                _value += value;
            }
        }

        public void Set(double value)
        {
            lock (_gate)
            {
                _value = value;
            }
        }

        /// <summary>Counts <paramref name="value"/> in the first bucket whose upper bound holds it (Prometheus buckets are "less than or equal").</summary>
        public void Observe(double value, double[] bounds)
        {
            var index = 0;
            while (index < bounds.Length && value > bounds[index])
            {
                index++;
            }

            lock (_gate)
            {
                _buckets[index]++;
                _sum += value;
                _count++;
            }
        }

        public (long[] Buckets, double Sum, long Count) Histogram()
        {
            lock (_gate)
            {
                return ([.. _buckets], _sum, _count);
            }
        }
    }
}
