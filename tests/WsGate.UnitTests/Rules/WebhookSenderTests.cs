using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Rules;
using WsGate.Testing;

namespace WsGate.UnitTests.Rules;

public sealed class WebhookSenderTests
{
    [Fact]
    public async Task SendAsync_ReceiverNeverAnswers_EachAttemptTimesOutThenFails()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new System.Collections.Concurrent.ConcurrentQueue<TcpClient>();
        var accepting = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    accepted.Enqueue(await silent.AcceptTcpClientAsync());
                }
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
            }
        });
        using var sender = new WebhookSender(TimeProvider.System, NullLogger<WebhookSender>.Instance);
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/hook");

        var ok = await sender.SendAsync("r", url, "POST", [], "body", null, timeoutMs: 200, retries: 1, CancellationToken.None);

        // Each attempt's connection completes in the kernel's backlog; the accept loop may take it only after the sender
        // has given up on it (seen on a loaded CI machine), so wait for both before counting.
        Assert.False(ok);
        await Eventually.TrueAsync(() => accepted.Count >= 2, TimeSpan.FromSeconds(10), "the retry never connected");
        silent.Stop();
        await accepting;
        Assert.Equal(2, accepted.Count);
        foreach (var client in accepted)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task SendAsync_ReceiverFailsOnce_SecondAttemptSucceeds()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailNext(1);
        using var sender = new WebhookSender(TimeProvider.System, NullLogger<WebhookSender>.Instance);

        var ok = await sender.SendAsync("r", receiver.Url("/h"), "PUT", [("X-A", "1")], "{}", "application/json", 5000, 2, CancellationToken.None);

        Assert.True(ok);
        Assert.Equal(2, receiver.Requests.Count);
        Assert.All(receiver.Requests, r => Assert.Equal("PUT", r.Method));
        Assert.Equal("1", receiver.Requests.Last().Headers["X-A"]);
    }
}
