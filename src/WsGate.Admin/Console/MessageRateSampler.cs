using Microsoft.Extensions.Hosting;
using WsGate.Connections;

namespace WsGate.Admin.Console;

/// <summary>
/// Samples messages per second across live connections for the dashboard chart, kept in memory for five minutes. Each
/// sample adds what every live connection moved since the previous one (a new connection counts from zero); what a
/// connection moved in the second it closed is not seen. Durable per-minute analytics are a separate capability.
/// </summary>
public sealed class MessageRateSampler(ConnectionRegistry registry, TimeProvider time) : BackgroundService
{
    public const int Capacity = 300;

    private readonly Lock _lock = new();
    private readonly Queue<RateSample> _samples = new();
    private Dictionary<string, (long In, long Out)> _previous = new(StringComparer.Ordinal);
    private long _lastTimestamp;

    /// <summary>The samples, oldest first.</summary>
    public IReadOnlyList<RateSample> Samples
    {
        get
        {
            lock (_lock)
            {
                return _samples.ToList();
            }
        }
    }

    /// <summary>Takes one sample now; the background loop calls it every second, tests call it directly.</summary>
    public RateSample Sample()
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var seconds = _lastTimestamp == 0 ? 1 : Math.Max(time.GetElapsedTime(_lastTimestamp, now).TotalSeconds, 0.001);
            _lastTimestamp = now;
            long messagesIn = 0, messagesOut = 0;
            var next = new Dictionary<string, (long In, long Out)>(_previous.Count, StringComparer.Ordinal);
            foreach (var connection in registry.All)
            {
                var current = (connection.MessagesIn, connection.MessagesOut);
                var before = _previous.GetValueOrDefault(connection.Id);
                messagesIn += current.MessagesIn - before.In;
                messagesOut += current.MessagesOut - before.Out;
                next[connection.Id] = current;
            }

            _previous = next;
            var sample = new RateSample(time.GetUtcNow(), messagesIn / seconds, messagesOut / seconds, next.Count);
            _samples.Enqueue(sample);
            while (_samples.Count > Capacity)
            {
                _samples.Dequeue();
            }

            return sample;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
