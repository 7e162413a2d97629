using System.Text.Json;
using WsGate.AsyncApi;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Throttling;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.AsyncApi;

public sealed class AsyncApiImporterTests
{
    private static readonly GatewayConfig Empty = new();

    [Fact]
    public void Import_Yaml26WithDiscriminator_RoutesEachChannelByTheCommonConstant()
    {
        var api = AsyncApiImporter.Import(AsyncApiDocuments.Orders26Yaml, Empty, new AsyncApiImportOptions());

        Assert.Equal(("Orders_API", "Orders API", "1.0.0", "/orders-api"), (api.Id, api.Name, api.Version, api.Context));
        Assert.Equal("$.action", api.Routing!.Expression);
        Assert.Equal(["place", "quote"], api.Routing.Routes.Keys.Order());
        Assert.Equal(["ws://orders.example:8080/ws/orders"], api.Routing.Routes["place"].Urls);
        Assert.Equal(["ws://orders.example:8080/ws/quotes"], api.Routing.Routes["quote"].Urls);
        var place = api.Routing.Routes["place"].MessageSchema!;
        Assert.Equal("place", place.ClientToBackend!.Value.GetProperty("properties").GetProperty("action").GetProperty("const").GetString());
        Assert.Equal(["orderId"], place.BackendToClient!.Value.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Null(api.Routing.Routes["quote"].MessageSchema!.BackendToClient);
        Assert.Equal(2, api.MessageSchema!.ClientToBackend!.Value.GetProperty("anyOf").GetArrayLength());
        Assert.Equal(RelayMode.Frames, api.RelayMode);
        Assert.Equal(AsyncApiDocuments.Orders26Yaml, api.AsyncApi);
    }

    [Fact]
    public void Import_SandboxServer_GoesToSandboxEndpointsWithItsVariableFilled()
    {
        var api = AsyncApiImporter.Import(AsyncApiDocuments.Orders26Yaml, Empty, new AsyncApiImportOptions());

        Assert.Equal(["ws://orders.example:8080/ws"], api.Endpoints.Production.Urls);
        Assert.Equal(["ws://sandbox.example:9090/"], api.Endpoints.Sandbox.Urls);
    }

    [Fact]
    public void Import_Json30WithoutDiscriminator_PlainApiWithChannelPathAndDirections()
    {
        var api = AsyncApiImporter.Import(AsyncApiDocuments.Chat30Json, Empty, new AsyncApiImportOptions { Id = "chat", Context = "/talk" });

        Assert.Equal(("chat", "Chat", "2.1", "/talk"), (api.Id, api.Name, api.Version, api.Context));
        Assert.Null(api.Routing);
        Assert.Equal(["wss://chat.example:7000/socket/room"], api.Endpoints.Production.Urls);
        Assert.Equal(["wss://test.example:7000/room"], api.Endpoints.Sandbox.Urls);
        Assert.Equal(["text"], api.MessageSchema!.ClientToBackend!.Value.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.True(api.MessageSchema.BackendToClient!.Value.GetProperty("properties").TryGetProperty("from", out _));
    }

    [Fact]
    public void Import_ExistingApi_KeepsFieldsTheDocumentDoesNotSpeakTo()
    {
        var existing = new ApiConfig
        {
            Id = "chat",
            Name = "Old",
            Context = "/old",
            Version = "1",
            Listeners = ["default"],
            Lifecycle = ApiLifecycle.Published,
            Limits = new ApiLimitsConfig { MaxConnections = 7 },
            Throttling = new ThrottlingConfig { OutboundQueue = new OutboundQueueConfig { MaxMessages = 11 } },
            MessageSchema = new MessageSchemaConfig { ClientToBackend = JsonDocument.Parse("{}").RootElement, OnFailure = SchemaFailureAction.Close1008 },
        };
        var config = new GatewayConfig { Apis = [existing] };

        var api = AsyncApiImporter.Import(AsyncApiDocuments.Chat30Json, config, new AsyncApiImportOptions { Id = "CHAT" });

        Assert.Equal(("chat", "/old", "Chat"), (api.Id, api.Context, api.Name));
        Assert.Equal(["default"], api.Listeners);
        Assert.Equal(ApiLifecycle.Published, api.Lifecycle);
        Assert.Equal(7, api.Limits.MaxConnections);
        Assert.Equal(11, api.Throttling.OutboundQueue!.MaxMessages);
        Assert.Equal(SchemaFailureAction.Close1008, api.MessageSchema!.OnFailure);
    }

    [Fact]
    public void Read_LocalRefs_InlinedIntoPayloadsAndExamplesKept()
    {
        var contract = AsyncApiReader.Read(AsyncApiDocuments.Orders26Yaml);

        var place = contract.Channels.Single(c => c.Key == "/orders").ClientMessages.Single();
        Assert.Equal("placeOrder", place.Key);
        Assert.Equal(1, place.Payload!.Value.GetProperty("properties").GetProperty("quantity").GetProperty("minimum").GetInt32());
        Assert.Equal("""{"action":"place","item":"book","quantity":1}""", place.Examples.Single().Payload);
        Assert.Equal("one book", place.Examples.Single().Name);
    }

    [Fact]
    public void Read_RemoteRef_RefusedAtItsPath()
    {
        var document = AsyncApiDocuments.Orders26Yaml.Replace("'#/components/messages/orderPlaced'", "'https://schemas.example/order.yaml'", StringComparison.Ordinal);

        var ex = Assert.Throws<ConfigValidationException>(() => AsyncApiReader.Read(document));

        var error = Assert.Single(ex.Errors);
        Assert.Equal("$.channels['/orders'].subscribe.message.$ref", error.Path);
        Assert.Contains("remote reference 'https://schemas.example/order.yaml' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ManyProblems_EachNamedByItsJsonPath()
    {
        var document = """
            asyncapi: 2.6.0
            info:
              version: 1.0.0
            servers:
              broker:
                url: kafka.example:9092
                protocol: kafka
            channels:
              orders:
                publish:
                  message:
                    payload:
                      type: objekt
              missing:
                subscribe:
                  message:
                    $ref: '#/components/messages/nope'
            """;

        var ex = Assert.Throws<ConfigValidationException>(() => AsyncApiReader.Read(document));

        Assert.Equal(
            ["$.info.title", "$.servers.broker.protocol", "$.channels.missing.subscribe.message.$ref", "$.channels.orders.publish.message.payload"],
            ex.Errors.Select(e => e.Path));
        Assert.Contains("'kafka' cannot be served", ex.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("points to nothing", ex.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("is not a valid JSON Schema", ex.Errors[3].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("asyncapi: 2.0.0\ninfo: {title: a, version: '1'}\nchannels: {}", "$.asyncapi", "version 2.0.0 is not supported (2.6 or 3.0)")]
    [InlineData("info: {title: a, version: '1'}\nchannels: {}", "$.asyncapi", "is required: the AsyncAPI version, 2.6.0 or 3.0.0")]
    [InlineData("asyncapi: 3.0.0\ninfo: {title: a, version: '1'}", "$.channels", "is required: an object naming the API's channels")]
    [InlineData("asyncapi: 3.0.0\ninfo: {title: a}\nchannels: {}", "$.info.version", "is required")]
    [InlineData("asyncapi: 3.0.0\ninfo: {title: a, version: '1'}\nchannels: {c: {address: /c}}\noperations: {o: {action: publish, channel: {$ref: '#/channels/c'}}}", "$.operations.o.action", "is required: send or receive")]
    [InlineData("asyncapi: 3.0.0\ninfo: {title: a, version: '1'}\nchannels: {c: {address: /c}}\noperations: {o: {action: send, channel: {$ref: '#/channels/d'}}}", "$.operations.o.channel", "'#/channels/d' names no channel of this document")]
    [InlineData("[1, 2]", "$", "an AsyncAPI document is an object with asyncapi, info and channels")]
    [InlineData("{\"asyncapi\": ", "$", "is not valid JSON")]
    public void Read_BadDocument_ErrorAtPath(string document, string path, string message)
    {
        var ex = Assert.Throws<ConfigValidationException>(() => AsyncApiReader.Read(document));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(path, error.Path);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecursiveSchemaRef_RefusedAtTheRef()
    {
        var document = """
            asyncapi: 3.0.0
            info: {title: tree, version: '1'}
            channels:
              c:
                messages:
                  node:
                    payload:
                      $ref: '#/components/schemas/Node'
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    child:
                      $ref: '#/components/schemas/Node'
            """;

        var ex = Assert.Throws<ConfigValidationException>(() => AsyncApiReader.Read(document));

        Assert.Equal("$.channels.c.messages.node.payload.$ref.properties.child.$ref", Assert.Single(ex.Errors).Path);
        Assert.Contains("recursive reference '#/components/schemas/Node'", ex.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_RoutingWithoutProductionServer_RefusedAtServers()
    {
        var document = AsyncApiDocuments.Orders26Yaml.Replace("  production:\n    url: ws://orders.example:8080/ws\n    protocol: ws\n", "", StringComparison.Ordinal);

        var ex = Assert.Throws<ConfigValidationException>(() => AsyncApiImporter.Import(document, Empty, new AsyncApiImportOptions()));

        Assert.All(ex.Errors, e => Assert.Equal("$.servers", e.Path));
    }

    [Fact]
    public void Discriminator_ValueOnTwoChannels_NoRouting()
    {
        var document = AsyncApiDocuments.Orders26Yaml.Replace("enum: [quote]", "enum: [place]", StringComparison.Ordinal);

        var api = AsyncApiImporter.Import(document, Empty, new AsyncApiImportOptions());

        Assert.Null(api.Routing);
        Assert.Equal(["ws://orders.example:8080/ws"], api.Endpoints.Production.Urls);
    }

    [Fact]
    public void Export_ImportedUnchanged_GivesTheStoredDocument()
    {
        var api = AsyncApiImporter.Import(AsyncApiDocuments.Orders26Yaml, Empty, new AsyncApiImportOptions());

        var exported = AsyncApiExporter.Export(api, AsyncApiFormat.Json);

        Assert.Equal("2.6.0", JsonDocument.Parse(exported).RootElement.GetProperty("asyncapi").GetString());
    }

    [Fact]
    public void Export_RoundTrip_ImportOfExportGivesTheSameRoutesAndSchemas()
    {
        var imported = AsyncApiImporter.Import(AsyncApiDocuments.Orders26Yaml, Empty, new AsyncApiImportOptions());
        var changed = imported with { AsyncApi = null, Endpoints = imported.Endpoints with { Sandbox = new BackendGroupConfig { Urls = ["wss://other.example/"] } } };

        var yaml = AsyncApiExporter.Export(changed, AsyncApiFormat.Yaml);
        var again = AsyncApiImporter.Import(yaml, new GatewayConfig { Apis = [changed] }, new AsyncApiImportOptions { Id = changed.Id });

        Assert.StartsWith("asyncapi: 3.0.0", yaml, StringComparison.Ordinal);
        Assert.Equal(ConfigSerializer.ToJson(changed.Routing), ConfigSerializer.ToJson(again.Routing));
        Assert.Equal(ConfigSerializer.ToJson(changed.MessageSchema), ConfigSerializer.ToJson(again.MessageSchema));
        Assert.Equal(ConfigSerializer.ToJson(changed.Endpoints), ConfigSerializer.ToJson(again.Endpoints));
    }

    [Fact]
    public void Export_PlainApiNeverImported_RoundTripsSchemasAndEndpoints()
    {
        var api = new ApiConfig
        {
            Id = "plain",
            Name = "Plain",
            Context = "/plain",
            Version = "v1",
            Endpoints = new ApiEndpointsConfig { Production = new BackendGroupConfig { Urls = ["ws://backend:9000/echo"] } },
            MessageSchema = new MessageSchemaConfig { ClientToBackend = JsonDocument.Parse("""{"type":"object","required":["x"]}""").RootElement },
        };

        var again = AsyncApiImporter.Import(AsyncApiExporter.Export(api, AsyncApiFormat.Json), new GatewayConfig { Apis = [api] }, new AsyncApiImportOptions { Id = "plain" });

        Assert.Null(again.Routing);
        Assert.Equal(["ws://backend:9000/echo"], again.Endpoints.Production.Urls);
        Assert.Equal(ConfigSerializer.ToJson(api.MessageSchema), ConfigSerializer.ToJson(again.MessageSchema));
    }

    [Fact]
    public void Export_RouteBackendsOffTheEndpoints_PinnedAndRoundTripped()
    {
        var api = new ApiConfig
        {
            Id = "r",
            Name = "R",
            Context = "/r",
            Version = "v1",
            Routing = new RoutingConfig
            {
                Expression = "$.type",
                Routes = new Dictionary<string, RouteTarget> { ["a"] = new() { Urls = ["ws://a.example:1/x"] }, ["b"] = new() { Urls = ["ws://b.example:2/"] } },
            },
        };

        var again = AsyncApiImporter.Import(AsyncApiExporter.Export(api, AsyncApiFormat.Yaml), new GatewayConfig { Apis = [api] }, new AsyncApiImportOptions { Id = "r" });

        Assert.Equal("$.type", again.Routing!.Expression);
        Assert.Equal(["ws://a.example:1/x"], again.Routing.Routes["a"].Urls);
        Assert.Equal(["ws://b.example:2/"], again.Routing.Routes["b"].Urls);
    }

    [Fact]
    public void Examples_NoneInTheDocument_MadeFromTheSchema()
    {
        var contract = AsyncApiReader.Read(AsyncApiDocuments.Orders26Yaml);
        var quote = contract.Channels.Single(c => c.Key == "/quotes").ClientMessages.Single();

        var example = Assert.Single(AsyncApiExamples.For(quote));

        Assert.Equal("""{"action":"quote","symbol":"string"}""", example.Payload);
    }
}
