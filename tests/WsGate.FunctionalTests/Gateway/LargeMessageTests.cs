using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using WsGate.Testing;
using Xunit.Abstractions;

namespace WsGate.FunctionalTests.Gateway;

/// <summary>
/// A 100 MiB message through a frames-mode API. It runs alone (no other test allocating in the process) because it
/// measures the managed heap of the whole test process, WsGate included.
/// </summary>
[Collection(LargeMessageTests.CollectionName)]
public sealed class LargeMessageTests(ITestOutputHelper output) : IAsyncLifetime
{
    public const string CollectionName = "large messages, run alone";

    private const int ChunkSize = 1024 * 1024;
    private const int Chunks = 100;
    private const long AllowedGrowth = 40L * 1024 * 1024;

    private TestServer _server = null!;
    private TestBackend _backend = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _backend = await TestBackend.StartAsync("primary");
        await _server.PublishApiAsync("bulk", "/bulk", [_backend.Url("/echo")], new { limits = new { maxMessageSize = 2L * Chunks * ChunkSize } });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task Relay_100MiBMessage_ArrivesIntactWithBoundedHeap()
    {
        using var socket = await WebSocketTestExtensions.ConnectAsync(_server.ListenerUri("default", "/bulk/v1"));
        await socket.EchoAsync("warm up");
        var chunk = RandomNumberGenerator.GetBytes(ChunkSize);
        var receiveBuffer = new byte[ChunkSize];
        using var sentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var receivedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        using var sampling = new CancellationTokenSource();
        var peak = SamplePeakAsync(sampling.Token);

        var receiving = ReceiveAsync(socket, receiveBuffer, receivedHash);
        for (var i = 0; i < Chunks; i++)
        {
            // Each chunk differs (its index is stamped at the start), so a dropped or repeated frame changes the hash.
            BinaryPrimitives.WriteInt32LittleEndian(chunk, i);
            sentHash.AppendData(chunk);
            await socket.SendAsync(chunk, WebSocketMessageType.Binary, i == Chunks - 1, CancellationToken.None);
        }

        var received = await receiving;
        await sampling.CancelAsync();
        var growth = await peak - baseline;
        output.WriteLine($"received {received} bytes; managed heap grew by at most {growth / (1024 * 1024.0):0.0} MiB");

        Assert.Equal((long)Chunks * ChunkSize, received);
        Assert.Equal(sentHash.GetHashAndReset(), receivedHash.GetHashAndReset());

        // The test process holds WsGate, the client and the backend. The client and backend keep 1 MiB buffers of their
        // own, and WsGate relays frame by frame through a 16 KiB pooled buffer per direction. Had any of them held the
        // message whole, the heap would have grown by at least 100 MiB while it was in flight; staying far below that
        // (garbage not yet collected included, since the samples do not force a collection) shows it was streamed.
        Assert.True(growth < AllowedGrowth, $"managed heap grew by {growth} bytes while relaying {received} bytes");
    }

    private static async Task<long> ReceiveAsync(WebSocket socket, byte[] buffer, IncrementalHash hash)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        long total = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            if (result.MessageType != WebSocketMessageType.Binary)
            {
                throw new InvalidOperationException($"expected binary data, got {result.MessageType} {socket.CloseStatus} {socket.CloseStatusDescription}");
            }

            hash.AppendData(buffer, 0, result.Count);
            total += result.Count;
            if (result.EndOfMessage)
            {
                return total;
            }
        }
    }

    /// <summary>Samples the managed heap (without forcing a collection) until cancelled; returns the largest value seen.</summary>
    private static async Task<long> SamplePeakAsync(CancellationToken cancellationToken)
    {
        long peak = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
            try
            {
                await Task.Delay(5, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return Math.Max(peak, GC.GetTotalMemory(forceFullCollection: false));
    }
}
