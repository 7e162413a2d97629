using System.Diagnostics;
using WsGate.LoadGen.Net;
using WsGate.LoadGen.Protocol;
using WsGate.LoadGen.Reports;

namespace WsGate.LoadGen.Modes;

/// <summary>
/// The connections one process holds in <c>idle</c> mode. Each has a 256-byte read buffer and one pending read that
/// answers the server's keepalive pings, so holding tens of thousands costs the client little.
/// </summary>
public sealed class IdlePool
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly List<IdleConnection> _connections = [];

    public int Opened => _connections.Count;

    public long PingsAnswered => _connections.Sum(c => c.Reader.PingsAnswered);

    public async Task<IdleChildMessage> OpenAsync(TargetEndpoint target, SourceAddresses sources, int count, int concurrency, double timeoutSeconds)
    {
        var failed = 0;
        string? firstError = null;
        var watch = Stopwatch.StartNew();
        var opened = new IdleConnection?[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) =>
            {
                try
                {
                    var (socket, reader) = await Connector.ConnectAsync(target, sources.For(i), FrameReader.MinBufferSize, timeout.Token);
                    opened[i] = new IdleConnection(socket, reader, ClosingHandshake.ReadUntilCloseAsync(reader));
                }
                catch (Exception ex)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, CommonOptions.Describe(ex), null);
                }
            });
        _connections.AddRange(opened.Where(c => c is not null).Select(c => c!));
        return new IdleChildMessage
        {
            Event = "ready",
            Opened = _connections.Count,
            Failed = failed,
            OpenSeconds = Math.Round(watch.Elapsed.TotalSeconds, 3),
            FirstError = firstError,
        };
    }

    /// <summary>Closes every connection with the closing handshake; one the server already closed during the hold counts as unclean.</summary>
    public async Task<IdleChildMessage> CloseAsync(int concurrency)
    {
        var clean = 0;
        var unclean = 0;
        string? firstError = null;
        await Parallel.ForEachAsync(
            _connections,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (connection, _) =>
            {
                if (connection.ServerClose.IsCompleted)
                {
                    Interlocked.Increment(ref unclean);
                    var reason = connection.ServerClose.IsCompletedSuccessfully
                        ? $"the server closed a connection during the hold with {connection.ServerClose.Result}"
                        : "a connection broke during the hold: " + CommonOptions.Describe(connection.ServerClose.Exception!);
                    Interlocked.CompareExchange(ref firstError, reason, null);
                    connection.Socket.Dispose();
                    return;
                }

                if (await ClosingHandshake.CloseAsync(connection.Socket, connection.ServerClose, CloseTimeout))
                {
                    Interlocked.Increment(ref clean);
                }
                else
                {
                    Interlocked.Increment(ref unclean);
                    Interlocked.CompareExchange(ref firstError, "a connection did not complete the closing handshake with 1000", null);
                }
            });
        return new IdleChildMessage
        {
            Event = "done",
            Opened = _connections.Count,
            ClosedClean = clean,
            ClosedUnclean = unclean,
            PingsAnswered = PingsAnswered,
            FirstError = firstError,
        };
    }
}
