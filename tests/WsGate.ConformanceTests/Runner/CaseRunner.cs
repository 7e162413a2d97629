using WsGate.ConformanceTests.Cases;
using WsGate.ConformanceTests.Client;

namespace WsGate.ConformanceTests.Runner;

/// <summary>
/// Runs conformance cases against any ws:// URI that echoes: the echo endpoint directly, or a gateway API relaying to it.
/// Each case gets a fresh connection; every wait is bounded.
/// </summary>
public sealed class CaseRunner(Uri target)
{
    /// <summary>How long any single wait (handshake, server close, TCP close) may take.</summary>
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a whole case may take, large messages included.</summary>
    public static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    public Uri Target { get; } = target;

    public async Task<CaseResult> RunAsync(ConformanceCase @case)
    {
        var started = TimeProvider.System.GetTimestamp();
        using var deadline = new CancellationTokenSource(CaseTimeout);
        RawWebSocketClient client;
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
        {
            handshake.CancelAfter(WaitTimeout);
#pragma warning disable CA2000 // The CaseSession created below owns the client and disposes it.
            client = await RawWebSocketClient.ConnectAsync(Target, handshake.Token);
#pragma warning restore CA2000
        }

        await using var session = new CaseSession(client, deadline.Token);
        try
        {
            await @case.Script(session).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            session.Observation.TimedOut = true;
        }

        // A server expected to fail the connection gets the time to do so before the client closes (as in Autobahn),
        // so that a late failure is not mistaken for the echo of the client's close.
        if (@case.Expected.ClosedBy == ClosedBy.Server)
        {
            await session.WaitForServerCloseAsync(WaitTimeout);
        }

        await session.CloseIfOpenAsync(1000);
        await session.WaitForEndAsync(WaitTimeout);
        session.Observation.Elapsed = TimeProvider.System.GetElapsedTime(started);
        var (outcome, detail) = CaseJudge.Judge(@case.Expected, session.Observation);
        return new CaseResult(@case, outcome, detail, session.Observation);
    }
}
