using System.Text.Json;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class MessageSchemaValidatorTests
{
    private static readonly JsonElement Order = JsonDocument.Parse("""{"type":"object","properties":{"price":{"type":"number"}},"required":["price"]}""").RootElement;

    private static readonly ApiConfig Api = new()
    {
        Id = "orders",
        Name = "orders",
        Context = "/orders",
        Version = "v1",
        Endpoints = new ApiEndpointsConfig { Production = new BackendGroupConfig { Urls = ["ws://backend:1/"] } },
        MessageSchema = new MessageSchemaConfig { ClientToBackend = Order },
    };

    private static List<ConfigError> Errors(ApiConfig api)
    {
        var errors = new ErrorSink();
        ApiValidator.Validate(api, GatewayConfig.Empty, errors);
        return [.. errors.Errors];
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void Validate_ValidSchema_HasNoErrors() => Assert.Empty(Errors(Api));

    [Fact]
    public void Validate_StreamMode_RefusedAtMessageSchema()
    {
        var error = Assert.Single(Errors(Api with { RelayMode = RelayMode.Stream }));

        Assert.Equal("messageSchema", error.Path);
        Assert.Contains("relayMode frames", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoDirection_Refused() =>
        Assert.Equal("messageSchema", Assert.Single(Errors(Api with { MessageSchema = new MessageSchemaConfig() })).Path);

    [Fact]
    public void Validate_UnknownType_RefusedAtItsDirectionWithTheLibrarysMessage()
    {
        var error = Assert.Single(Errors(Api with { MessageSchema = new MessageSchemaConfig { ClientToBackend = Json("""{"type":"strnig"}""") } }));

        Assert.Equal("messageSchema.clientToBackend", error.Path);
        Assert.StartsWith("is not a valid JSON Schema", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NegativeMinLength_RefusedWithTheLibrarysMessage()
    {
        var error = Assert.Single(Errors(Api with { MessageSchema = new MessageSchemaConfig { BackendToClient = Json("""{"properties":{"name":{"minLength":-1}}}""") } }));

        Assert.Equal("messageSchema.backendToClient", error.Path);
        Assert.Contains("positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotAnObject_Refused() =>
        Assert.Equal("messageSchema.clientToBackend", Assert.Single(Errors(Api with { MessageSchema = new MessageSchemaConfig { ClientToBackend = Json("\"string\"") } })).Path);

    [Fact]
    public void Validate_RouteSchemaInvalid_RefusedAtTheRoute()
    {
        var api = Api with
        {
            MessageSchema = null,
            Routing = new RoutingConfig
            {
                Expression = "$.action",
                Routes = new Dictionary<string, RouteTarget> { ["buy"] = new() { Urls = ["ws://a:1/"], MessageSchema = new MessageSchemaConfig { ClientToBackend = Json("""{"type":7}""") } } },
            },
        };

        Assert.Equal("routing.routes.buy.messageSchema.clientToBackend", Assert.Single(Errors(api)).Path);
    }

    [Fact]
    public void Yaml_ApiAndRouteSchemas_RoundTrip()
    {
        var api = Api with
        {
            MessageSchema = new MessageSchemaConfig { ClientToBackend = Order, BackendToClient = Json("true"), OnFailure = SchemaFailureAction.Close1008 },
            Routing = new RoutingConfig
            {
                Expression = "$.action",
                Routes = new Dictionary<string, RouteTarget> { ["buy"] = new() { Urls = ["ws://a:1/"], MessageSchema = new MessageSchemaConfig { ClientToBackend = Json("""{"pattern":"^[a-z]+: x$","maximum":1.5}""") } } },
            },
        };
        var config = GatewayConfig.Empty with { Apis = [api] };

        var imported = ConfigSerializer.FromYaml(ConfigSerializer.ToYaml(config)).Apis.Single();

        Assert.Equal(SchemaFailureAction.Close1008, imported.MessageSchema!.OnFailure);
        Assert.True(JsonElement.DeepEquals(Order, imported.MessageSchema.ClientToBackend!.Value));
        Assert.Equal(JsonValueKind.True, imported.MessageSchema.BackendToClient!.Value.ValueKind);
        Assert.True(JsonElement.DeepEquals(Json("""{"pattern":"^[a-z]+: x$","maximum":1.5}"""), imported.Routing!.Routes["buy"].MessageSchema!.ClientToBackend!.Value));
    }
}
