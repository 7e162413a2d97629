using System.Collections.Concurrent;
using System.Text;

namespace WsGate.ConformanceTests.Cases;

/// <summary>Deterministic payloads, cached so a script and its expectation share one array.</summary>
public static class Payloads
{
    private const string TextPattern = "BAsd7&jh23-WsGate conformance ";
    private static readonly ConcurrentDictionary<(MessageKind, int), byte[]> Cache = new();

    /// <summary>ASCII text of exactly <paramref name="length"/> bytes.</summary>
    public static byte[] Text(int length) => Cache.GetOrAdd((MessageKind.Text, length), static key =>
    {
        var bytes = new byte[key.Item2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)TextPattern[i % TextPattern.Length];
        }

        return bytes;
    });

    /// <summary>Binary data of exactly <paramref name="length"/> bytes covering every byte value (so never valid UTF-8 past 256 bytes).</summary>
    public static byte[] Binary(int length) => Cache.GetOrAdd((MessageKind.Binary, length), static key =>
    {
        var bytes = new byte[key.Item2];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 31) + 7);
        }

        return bytes;
    });

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
