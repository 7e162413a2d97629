using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using WsGate.Connections;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>
/// Two nodes behind a real HAProxy: one in-process, one the real <c>wsgate serve</c> process that the test kills with
/// SIGKILL. Its clients reconnect through HAProxy and land on the survivor, which marks the dead node gone.
/// </summary>
public sealed class LoadBalancerTests
{
    private const int Clients = 6;

    [Fact]
    public async Task NodeKilled_ClientsReconnectThroughHaproxyToTheSurvivor()
    {
        var postgres = await PostgresServer.SharedAsync();
        var url = postgres.Url(await postgres.CreateDatabaseAsync("haproxy"));
        await using var survivor = (await ClusterNodes.StartAsync(url, "lb-survivor"))[0];
        using var doomed = WsGateProcess.Start(["serve", "--store", url, "--node", "lb-doomed", "--admin", "127.0.0.1:0", "--listen", "127.0.0.1:0"]);
        var doomedEcho = new Uri((await doomed.WaitForOutputAsync(@"listener\s+default: (ws://127\.0\.0\.1:\d+/echo) \(echo\)")).Groups[1].Value);
        var doomedAdmin = new Uri((await doomed.WaitForOutputAsync(@"admin API\s+(http://127\.0\.0\.1:\d+)")).Groups[1].Value);
        using var haproxy = await HaproxyProcess.StartAsync(
        [
            new HaproxyProcess.Backend("survivor", survivor.EchoUri.Port, survivor.AdminAddress.Port),
            new HaproxyProcess.Backend("doomed", doomedEcho.Port, doomedAdmin.Port),
        ]);

        // HAProxy sends clients only to nodes whose /readyz check passed.
        await Eventually.TrueAsync(() => haproxy.Output.Contains("doomed is UP", StringComparison.Ordinal) || haproxy.Output.Contains("doomed succeeded", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "haproxy: " + haproxy.Output);
        // And the survivor is in rotation too: a node's first /readyz checks can fail while it is starting, and HAProxy
        // then sends every client to the other one (seen once on CI). Probe until a connection lands on the survivor.
        await Eventually.TrueAsync(
            async () =>
            {
                using var probe = await WebSocketTestExtensions.ConnectAsync(haproxy.Uri("/echo"));
                await probe.SendTextAsync("probe");
                await probe.ReceiveTextAsync();
                var landed = Live(survivor) > 0;
                await probe.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                return landed;
            },
            TimeSpan.FromSeconds(30),
            "haproxy never sent a client to the survivor: " + haproxy.Output);
        await Eventually.TrueAsync(() => Live(survivor) == 0, TimeSpan.FromSeconds(10), "the probe connection did not end on the survivor");
        var clients = new List<ClientWebSocket>();
        for (var i = 0; i < Clients; i++)
        {
            var client = await WebSocketTestExtensions.ConnectAsync(haproxy.Uri("/echo"));
            await client.SendTextAsync($"hello {i}");
            Assert.Equal($"hello {i}", await client.ReceiveTextAsync());
            clients.Add(client);
        }

        // Round robin: both nodes hold some of the clients.
        Assert.InRange(Live(survivor), 1, Clients - 1);

        doomed.Kill();

        var reconnected = 0;
        for (var i = 0; i < Clients; i++)
        {
            if (await EchoesAsync(clients[i], $"after {i}"))
            {
                continue;
            }

            // The client of the dead node sees its connection drop and reconnects through the load balancer.
            clients[i].Dispose();
            clients[i] = await WebSocketTestExtensions.ConnectAsync(haproxy.Uri("/echo"));
            await clients[i].SendTextAsync($"again {i}");
            Assert.Equal($"again {i}", await clients[i].ReceiveTextAsync());
            reconnected++;
        }

        Assert.InRange(reconnected, 1, Clients - 1);
        Assert.Equal(Clients, Live(survivor));
        await Eventually.TrueAsync(
            async () => (await survivor.GetJsonAsync("/api/v1/nodes")).EnumerateArray().Any(n => n.GetProperty("id").GetString() == "lb-doomed" && n.GetProperty("state").GetString() == "gone"),
            TimeSpan.FromSeconds(30),
            "the survivor never marked the killed node gone");
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    private static int Live(TestServer node) => node.Server.Services.GetRequiredService<ConnectionRegistry>().Count;

    private static async Task<bool> EchoesAsync(ClientWebSocket client, string text)
    {
        try
        {
            await client.SendTextAsync(text);
            var message = await client.ReceiveMessageAsync(TimeSpan.FromSeconds(10));
            return message.Type == WebSocketMessageType.Text && message.Text == text;
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}
