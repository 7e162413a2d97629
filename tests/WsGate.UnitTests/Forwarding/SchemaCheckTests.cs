using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;
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
    public void Validate_ManyThreadsAtOnce_EveryResultRight()
    {
        // Subschemas (if/then, items) are what JsonSchema.Net caches per evaluation; valid and invalid messages alternate on
        // the one check every connection under a configuration shares, as the validator evaluates the meta-schema.
        var check = new SchemaCheck(JsonDocument.Parse("""
            {
              "type": "object",
              "if": { "properties": { "kind": { "const": "order" } } },
              "then": { "required": ["lines"] },
              "properties": {
                "lines": { "type": "array", "items": { "type": "object", "properties": { "qty": { "type": "integer", "minimum": 1 } } } }
              }
            }
            """).RootElement);
        var valid = Encoding.UTF8.GetBytes("""{"kind":"order","lines":[{"qty":1},{"qty":2}]}""");
        var missing = Encoding.UTF8.GetBytes("""{"kind":"order"}""");
        var badQty = Encoding.UTF8.GetBytes("""{"kind":"order","lines":[{"qty":1},{"qty":0}]}""");
        var wrong = new ConcurrentQueue<string>();
        using var start = new Barrier(9);

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 300; i++)
            {
                var problem = ((i + t) % 3) switch
                {
                    0 => check.Validate(valid) is { } v ? $"a valid message failed at '{v.Path}': {v.Message}" : null,
                    1 => check.Validate(missing) is { Path: "" } v && v.Message.Contains("lines", StringComparison.Ordinal) ? null : "a missing 'lines' was not named",
                    _ => check.Validate(badQty)?.Path == "/lines/1/qty" ? null : "a bad qty was not located",
                };
                if (problem is not null)
                {
                    wrong.Enqueue(problem);
                }
            }
        })).ToList();
        var validator = new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < 50; i++)
            {
                var errors = new ErrorSink();
                MessageSchemaValidator.Validate(new MessageSchemaConfig { ClientToBackend = JsonDocument.Parse("""{"type":"object","minLength":-1}""").RootElement }, RelayMode.Frames, errors);
                if (errors.Errors is not [{ Path: "clientToBackend" }])
                {
                    wrong.Enqueue("the meta-schema check missed a negative minLength");
                }
            }
        });
        threads.Add(validator);
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(wrong);
    }

    [Fact]
    public void Validate_SchemaThatCannotEvaluate_FailsClosed()
    {
        // Reads as a schema and satisfies the meta-schema, but its $ref resolves to nothing: evaluating it throws.
        var check = new SchemaCheck(JsonDocument.Parse("""{"$ref":"https://schemas.invalid/missing.json"}""").RootElement);

        var violation = check.Validate(Encoding.UTF8.GetBytes("""{"symbol":"ACME"}"""));

        Assert.NotNull(violation);
        Assert.StartsWith("could not be checked against the schema", violation.Message, StringComparison.Ordinal);
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
