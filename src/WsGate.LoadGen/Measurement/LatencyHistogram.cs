using System.Numerics;

namespace WsGate.LoadGen.Measurement;

/// <summary>
/// A log-linear histogram of nanosecond values in the manner of HdrHistogram: exact below 256 ns, then 128 linear
/// sub-buckets per power of two, so any value is reported within 0.8% of what was recorded, up to about 18 minutes.
/// Recording is lock-free (<see cref="Interlocked"/>) and allocation-free, so several connections may share one;
/// spread them over a few instances to avoid contention and <see cref="Add"/> them at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int MaxBits = 40;
    private const long MaxValue = (1L << MaxBits) - 1;
    private const int BucketCount = (MaxBits - SubBucketBits) * SubBucketCount + 2 * SubBucketCount;

    private readonly long[] _counts = new long[BucketCount];
    private long _total;
    private long _sum;

    public long Count => Volatile.Read(ref _total);

    public void Record(long nanoseconds)
    {
        var value = Math.Clamp(nanoseconds, 0, MaxValue);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _total);
        Interlocked.Add(ref _sum, value);
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < BucketCount; i++)
        {
            _counts[i] += other._counts[i];
        }

        _total += other._total;
        _sum += other._sum;
    }

    public double Mean => _total == 0 ? 0 : (double)_sum / _total;

    /// <summary>The highest value equivalent to the one at <paramref name="percentile"/> (0-100), as HdrHistogram reports it.</summary>
    public long ValueAtPercentile(double percentile)
    {
        if (_total == 0)
        {
            return 0;
        }

        var target = Math.Max(1, (long)Math.Ceiling(percentile / 100 * _total));
        long seen = 0;
        for (var i = 0; i < BucketCount; i++)
        {
            seen += _counts[i];
            if (seen >= target)
            {
                return HighestEquivalent(i);
            }
        }

        return MaxValue;
    }

    public long Max => ValueAtPercentile(100);

    public long Min
    {
        get
        {
            for (var i = 0; i < BucketCount; i++)
            {
                if (_counts[i] != 0)
                {
                    return LowestEquivalent(i);
                }
            }

            return 0;
        }
    }

    internal static int IndexOf(long value)
    {
        if (value < 2 * SubBucketCount)
        {
            return (int)value;
        }

        var shift = 63 - BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits;
        return shift * SubBucketCount + (int)(value >> shift);
    }

    internal static long LowestEquivalent(int index)
    {
        if (index < 2 * SubBucketCount)
        {
            return index;
        }

        var shift = index / SubBucketCount - 1;
        return (long)(index - shift * SubBucketCount) << shift;
    }

    internal static long HighestEquivalent(int index)
    {
        if (index < 2 * SubBucketCount)
        {
            return index;
        }

        var shift = index / SubBucketCount - 1;
        return ((long)(index - shift * SubBucketCount + 1) << shift) - 1;
    }
}
