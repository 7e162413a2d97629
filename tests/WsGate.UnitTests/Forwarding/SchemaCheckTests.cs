using System.Text;
using System.Text.Json;
using WsGate.Configuration.Apis;
using WsGate.Forwarding;

namespace WsGate.UnitTests.Forwarding;

public sealed class SchemaCheckTests
{
    private static readonly SchemaCheck Order = new(JsonDocument.Parse("""
        {
          "type": "object",
          "required": ["symbol", "price"],
          "properties": {
            "symbol": { "type": "string" },
            "price": { "type": "number", "minimum": 0 },
            "lines": { "type": "array", "items": { "type": "object", "properties": { "qty": { "type": "integer" } } } }
          }
        }
        """).RootElement);

    private static SchemaViolation? Validate(string message) => Order.Validate(Encoding.UTF8.GetBytes(message));

    [Fact]
    public void Validate_ValidMessage_ReturnsNull() => Assert.Null(Validate("""{"symbol":"ACME","price":12.5}"""));

    [Fact]
    public void Validate_WrongType_NamesTheFailingPointer()
    {
        var violation = Validate("""{"symbol":"ACME","price":"cheap"}""");

        Assert.NotNull(violation);
        Assert.Equal("/price", violation.Path);
        Assert.Contains("number", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NestedArrayElement_NamesItsIndex() =>
        Assert.Equal("/lines/1/qty", Validate("""{"symbol":"A","price":1,"lines":[{"qty":1},{"qty":1.5}]}""")?.Path);

    [Fact]
    public void Validate_MissingRequired_NamesTheObject()
    {
        var violation = Validate("""{"symbol":"ACME"}""");

        Assert.NotNull(violation);
        Assert.Equal("", violation.Path);
        Assert.Contains("price", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NotJson_FailsAtTheRoot()
    {
        var violation = Validate("hello");

        Assert.NotNull(violation);
        Assert.Equal("", violation.Path);
        Assert.StartsWith("is not JSON", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MessageSchema_SameConfig_CompiledOnce()
    {
        var config = new MessageSchemaConfig { ClientToBackend = JsonDocument.Parse("""{"type":"object"}""").RootElement };

        var compiled = MessageSchema.For(config);

        Assert.Same(compiled, MessageSchema.For(config));
        Assert.NotNull(compiled!.From(fromClient: true));
        Assert.Null(compiled.From(fromClient: false));
        Assert.Null(MessageSchema.For(null));
    }
}
