using System.Text.Json.Nodes;
using WsGate.Configuration;
using WsGate.Configuration.Validation;

namespace WsGate.UnitTests.Configuration.Validation;

public sealed class JsonShapeCheckerTests
{
    private static IReadOnlyList<ConfigError> Check<T>(string json) => JsonShapeChecker.Check(JsonNode.Parse(json), typeof(T), ConfigSerializer.JsonOptions);

    [Fact]
    public void Check_ValidListener_NoErrors()
    {
        Assert.Empty(Check<ListenerConfig>("""{"id":"a","bindings":["127.0.0.1:0"],"backlog":10,"protocol":"WS","endpoints":[{"path":"/echo","kind":"echo"}]}"""));
    }

    [Theory]
    [InlineData("bindngs", "bindings")]
    [InlineData("BackLog2", "backlog")]
    [InlineData("maxconnection", "maxConnections")]
    public void Check_MisspeltField_SuggestsTheNearestName(string field, string suggested)
    {
        var error = Assert.Single(Check<ListenerConfig>($$"""{"id":"a","{{field}}":1}"""));

        Assert.Equal(field, error.Path);
        Assert.Equal($"is not a known field; did you mean '{suggested}'?", error.Message);
    }

    [Fact]
    public void Check_FieldNothingLike_ListsTheKnownFields()
    {
        var error = Assert.Single(Check<EndpointConfig>("""{"path":"/x","zzzzzzzzzz":1}"""));

        Assert.StartsWith("is not a known field (known: path, kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ErrorsAtSeveralDepths_AllReportedWithPaths()
    {
        var errors = Check<GatewayConfig>("""{"listeners":[{"id":"a","backlog":1.5},{"id":"b","endpoints":{"path":"/x"}}],"certificates":"none"}""");

        Assert.Equal(
            ["listeners[0].backlog", "listeners[1].endpoints", "certificates"],
            errors.Select(e => e.Path));
        Assert.Equal("must be a list of objects, not an object", errors[1].Message);
    }

    [Fact]
    public void Check_NodeBuiltFromYaml_WholeNumbersAccepted()
    {
        var node = ConfigSerializer.YamlToJson("id: a\nbacklog: 10\nmaxMessageSize: 70000\nenabled: true\n");

        Assert.Empty(JsonShapeChecker.Check(node, typeof(ListenerConfig), ConfigSerializer.JsonOptions));
    }

    [Fact]
    public void Check_NullForNumber_SaysSo()
    {
        var error = Assert.Single(Check<ListenerConfig>("""{"id":"a","backlog":null}"""));

        Assert.Equal("must be a whole number up to 2147483647, not null", error.Message);
    }

    [Fact]
    public void Check_BadFieldsAndListElements_PrunedCopyLeavesTheRest()
    {
        var node = JsonNode.Parse("""{"id":"a","bindngs":["x"],"backlog":"many","access":{"allow":["10.0.0.0/8",5]},"endpoints":[{"path":5,"kind":"echo"}]}""");

        var errors = JsonShapeChecker.Check(node, typeof(ListenerConfig), ConfigSerializer.JsonOptions, "", out var pruned);

        Assert.Equal(4, errors.Count);
        Assert.Equal("""{"id":"a","access":{},"endpoints":[{"kind":"echo"}]}""", pruned!.ToJsonString());
        Assert.Equal(5, node!.AsObject().Count);
    }

    [Fact]
    public void Check_DocumentOfTheWrongKind_NothingToPrune()
    {
        var errors = JsonShapeChecker.Check(JsonNode.Parse("[1]"), typeof(ListenerConfig), ConfigSerializer.JsonOptions, "", out var pruned);

        Assert.Single(errors);
        Assert.Null(pruned);
    }
}
