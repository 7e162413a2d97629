using System.Text.Json.Nodes;
using WsGate.Testing;
using static WsGate.FunctionalTests.Listeners.ListenerApi;

namespace WsGate.FunctionalTests.Listeners;

/// <summary>A bad listener is refused whole with a 400 naming the field path; the configuration stays as it was.</summary>
public sealed class ListenerValidationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData("invalid id", "id")]
    [InlineData("alias with a space", "alias")]
    [InlineData("backlog 70000", "backlog")]
    [InlineData("binding localhost:80", "bindings[0]")]
    [InlineData("binding port 99999", "bindings[0]")]
    [InlineData("duplicate id", "id")]
    [InlineData("wss without certificate", "certificate")]
    [InlineData("cidr /33", "access.allow[1]")]
    public async Task Post_InvalidListener_Returns400NamingField(string problem, string field)
    {
        // Each case is refused, so they share one server; the listener list proves nothing slipped through.
        var server = fixture.Server;
        var listener = EchoListener("extra");
        switch (problem)
        {
            case "invalid id":
                listener["id"] = "9 lives";
                break;
            case "alias with a space":
                listener["alias"] = "my listener";
                break;
            case "backlog 70000":
                listener["backlog"] = 70000;
                break;
            case "binding localhost:80":
                listener["bindings"] = new JsonArray("localhost:80");
                break;
            case "binding port 99999":
                listener["bindings"] = new JsonArray("127.0.0.1:99999");
                break;
            case "duplicate id":
                listener["id"] = "DEFAULT";
                break;
            case "wss without certificate":
                listener["protocol"] = "wss";
                break;
            case "cidr /33":
                listener["access"] = new JsonObject { ["mode"] = "denyByDefault", ["allow"] = new JsonArray("127.0.0.1", "10.0.0.0/33") };
                break;
        }

        using var response = await server.PostJsonAsync("/api/v1/listeners", listener);

        Assert.NotEmpty(Messages(await ReadValidationProblemAsync(response), field));
        Assert.Equal(["default"], await IdsAsync(server));
        Assert.Single(server.Server.Listeners.Listeners);
    }

    [Fact]
    public async Task Post_SecondEnabledListenerOnSamePort_Returns400()
    {
        await using var server = await TestServer.StartAsync();
        var port = FreePort();
        await CreateAsync(server, EchoListener("first", $"127.0.0.1:{port}"));

        using var response = await server.PostJsonAsync("/api/v1/listeners", EchoListener("second", $"0.0.0.0:{port}"));

        var message = Assert.Single(Messages(await ReadValidationProblemAsync(response), "bindings[0]"));
        Assert.Contains("first", message, StringComparison.Ordinal);
        Assert.Equal(["default", "first"], await IdsAsync(server));
        await AssertEchoesAsync(server.ListenerUri("first", "/echo"));
    }

    [Fact]
    public async Task Post_DisabledListenerOnSamePort_IsAccepted()
    {
        await using var server = await TestServer.StartAsync();
        var port = FreePort();
        await CreateAsync(server, EchoListener("first", $"127.0.0.1:{port}"));
        var spare = EchoListener("spare", $"127.0.0.1:{port}");
        spare["enabled"] = false;

        var view = await CreateAsync(server, spare);

        Assert.Equal("disabled", State(view));
    }

    [Fact]
    public async Task Put_GoodAndBadFields_RejectedWhole()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("extra");
        await CreateAsync(server, listener);
        var uri = server.ListenerUri("extra", "/echo");
        var edited = (JsonObject)listener.DeepClone();
        edited["description"] = "changed";
        edited["maxMessageSize"] = 10;
        edited["bindings"] = new JsonArray("127.0.0.1:0", "127.0.0.1:99999");

        using var response = await server.PutJsonAsync("/api/v1/listeners/extra", edited);

        Assert.NotEmpty(Messages(await ReadValidationProblemAsync(response), "bindings[1]"));
        var config = (await GetAsync(server, "extra")).GetProperty("config");
        Assert.False(config.TryGetProperty("description", out _));
        Assert.Equal(16 * 1024 * 1024, config.GetProperty("maxMessageSize").GetInt64());
        Assert.Single(config.GetProperty("bindings").EnumerateArray());
        Assert.Equal(uri, server.ListenerUri("extra", "/echo"));
        await AssertEchoesAsync(uri, new string('x', 100));
    }

    [Fact]
    public async Task Post_UnknownField_Returns400NamingIt()
    {
        await using var server = await TestServer.StartAsync();
        var listener = EchoListener("extra");
        listener["maxConnection"] = 5;

        using var response = await server.PostJsonAsync("/api/v1/listeners", listener);

        Assert.NotEmpty(Messages(await ReadValidationProblemAsync(response), "maxConnection"));
        Assert.Equal(["default"], await IdsAsync(server));
    }

    [Fact]
    public async Task Post_SeveralShapeErrors_AllNamedAtOnceInTheApisTerms()
    {
        var server = fixture.Server;
        var listener = EchoListener("shapes");
        listener.Remove("bindings");
        listener["bindngs"] = new JsonArray("127.0.0.1:0");
        listener["backlog"] = "many";
        listener["protocol"] = "http";
        listener["access"] = new JsonObject { ["allow"] = "10.0.0.0/8" };
        listener["endpoints"]![0]!["path"] = 5;
        listener["maxConnections"] = -1;

        using var response = await server.PostJsonAsync("/api/v1/listeners", listener);
        var errors = await ReadValidationProblemAsync(response);

        Assert.Equal("is not a known field; did you mean 'bindings'?", Assert.Single(Messages(errors, "bindngs")));
        Assert.Equal("must be a whole number up to 2147483647, not the string \"many\"", Assert.Single(Messages(errors, "backlog")));
        Assert.Equal("must be one of ws, wss, not the string \"http\"", Assert.Single(Messages(errors, "protocol")));
        Assert.Equal("must be a list of strings, not the string \"10.0.0.0/8\"", Assert.Single(Messages(errors, "access.allow")));
        Assert.Equal("must be a string, not the number 5", Assert.Single(Messages(errors, "endpoints[0].path")));

        // The rules run over what is left in the same answer: the misspelt field leaves no bindings, and a rule of its own.
        Assert.Equal("at least one IP:port binding is required", Assert.Single(Messages(errors, "bindings")));
        Assert.Single(Messages(errors, "maxConnections"));
        var text = errors.ToString();
        Assert.DoesNotContain("WsGate.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.Equal(["default"], await IdsAsync(server));
    }
}
