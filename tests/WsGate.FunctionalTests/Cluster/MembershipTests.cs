using System.Net;
using System.Text.Json;
using WsGate.Storage;
using WsGate.Storage.Postgres;
using WsGate.Testing;

namespace WsGate.FunctionalTests.Cluster;

/// <summary>Nodes register with a heartbeat; every node lists them all; a node whose heartbeat stops is gone with no connections.</summary>
public sealed class MembershipTests
{
    [Fact]
    public async Task Nodes_TwoRunning_BothListAliveOnEitherNodeAndACleanStopIsLeft()
    {
        var postgres = await PostgresServer.SharedAsync();
        var url = postgres.Url(await postgres.CreateDatabaseAsync("members"));
        var nodes = await ClusterNodes.StartAsync(url, "member-a", "member-b");
        await using var a = nodes[0];
        await using (var b = nodes[1])
        {
            using var socket = await WebSocketTestExtensions.ConnectAsync(b.EchoUri);
            await socket.SendTextAsync("hello");
            await socket.ReceiveTextAsync();

            await Eventually.TrueAsync(
                async () => Nodes(await a.GetJsonAsync("/api/v1/nodes")) == "member-a:alive:0:self,member-b:alive:1",
                TimeSpan.FromSeconds(20),
                "node-a does not list both nodes alive");
            Assert.Equal("member-a:alive:0,member-b:alive:1:self", Nodes(await b.GetJsonAsync("/api/v1/nodes")));
            var self = (await b.GetJsonAsync("/api/v1/nodes")).EnumerateArray().Single(n => n.GetProperty("self").GetBoolean());
            Assert.Equal(b.AdminAddress.ToString().TrimEnd('/'), self.GetProperty("adminAddress").GetString());
        }

        Assert.Equal("member-a:alive:0:self,member-b:left:0", Nodes(await a.GetJsonAsync("/api/v1/nodes")));
    }

    [Fact]
    public async Task Nodes_HeartbeatStops_NodeIsMarkedGoneAndItsConnectionsLeaveTheList()
    {
        var postgres = await PostgresServer.SharedAsync();
        var database = await postgres.CreateDatabaseAsync("gone");
        await using var a = (await ClusterNodes.StartAsync(postgres.Url(database), "steady"))[0];

        // A node that heart-beats once with connections, then dies without a word (as after kill -9).
        await using (var crashed = new PostgresStore(postgres.ConnectionString(database), "crashed"))
        {
            await crashed.OpenAsync();
            var now = DateTimeOffset.UtcNow;
            await crashed.HeartbeatAsync(new StoredNode { Id = "crashed", Version = "1.0.0", State = NodeStates.Alive, Connections = 7, StartedAt = now, LastSeenAt = now });
        }

        await Eventually.TrueAsync(
            async () => Nodes(await a.GetJsonAsync("/api/v1/nodes")) == "crashed:gone:0,steady:alive:0:self",
            TimeSpan.FromSeconds(20),
            "the silent node was not marked gone");
        await Eventually.TrueAsync(
            async () => "gone".Equals(await postgres.ScalarAsync(database, "SELECT state FROM nodes WHERE id = 'crashed'")),
            TimeSpan.FromSeconds(20),
            "no node swept the silent one");
    }

    [Fact]
    public async Task Nodes_EmbeddedStore_ListsTheOneNode()
    {
        await using var server = await TestServer.StartAsync();

        var nodes = await server.GetJsonAsync("/api/v1/nodes");

        var node = Assert.Single(nodes.EnumerateArray());
        Assert.Equal("alive", node.GetProperty("state").GetString());
        Assert.True(node.GetProperty("self").GetBoolean());
        Assert.Equal(server.Server.NodeId, node.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Nodes_WithoutCredentials_Is401()
    {
        await using var server = await TestServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.AdminAddress };

        using var response = await anonymous.GetAsync("/api/v1/nodes");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    /// <summary>id:state:connections[:self] of each node, in id order.</summary>
    private static string Nodes(JsonElement list) => string.Join(',', list.EnumerateArray()
        .Select(n => $"{n.GetProperty("id").GetString()}:{n.GetProperty("state").GetString()}:{n.GetProperty("connections").GetInt32()}{(n.GetProperty("self").GetBoolean() ? ":self" : "")}"));
}
