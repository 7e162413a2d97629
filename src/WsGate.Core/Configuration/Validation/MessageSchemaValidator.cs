using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using WsGate.Configuration.Apis;

namespace WsGate.Configuration.Validation;

/// <summary>
/// Checks an API's or a route's message schemas: each one given must read as a JSON Schema (JsonSchema.Net's own message
/// when it does not) and satisfy its draft's meta-schema, and checking messages needs frames mode.
/// </summary>
public static class MessageSchemaValidator
{
    public static void Validate(MessageSchemaConfig schema, RelayMode mode, ErrorSink errors)
    {
        if (mode == RelayMode.Stream)
        {
            errors.Add("", "checking messages against a schema reads each message, so it needs relayMode frames");
        }

        if (schema.ClientToBackend is null && schema.BackendToClient is null)
        {
            errors.Add("", "give a schema for clientToBackend, backendToClient or both");
        }

        if (!Enum.IsDefined(schema.OnFailure))
        {
            errors.Add("onFailure", "must be drop, close1007 or close1008");
        }

        Check(schema.ClientToBackend, errors.At("clientToBackend"));
        Check(schema.BackendToClient, errors.At("backendToClient"));
    }

    private static void Check(JsonElement? schema, ErrorSink errors)
    {
        if (schema is { } element)
        {
            CheckSchema(element, errors);
        }
    }

    /// <summary>One schema: it must read as a JSON Schema and satisfy its draft's meta-schema (also an AsyncAPI payload's check).</summary>
    public static void CheckSchema(JsonElement element, ErrorSink errors)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("", "a JSON Schema is an object (or true or false)");
            return;
        }

        try
        {
            JsonSchema.FromText(element.GetRawText());
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add("", "is not a valid JSON Schema: " + ex.Message);
            return;
        }

        // What reads as a schema can still break its draft (a negative minLength, a misspelt type in a list). The
        // meta-schema is one object for the process and validations may run at once: hence the one shared options object.
        var results = MetaSchemas.Draft202012.Evaluate(JsonNode.Parse(element.GetRawText()), JsonSchemaOptions.Shared);
        if (!results.IsValid)
        {
            var failed = results.Details.FirstOrDefault(d => d.HasErrors) ?? results;
            var at = failed.InstanceLocation.ToString();
            var message = failed.Errors?.Values.FirstOrDefault() ?? "does not satisfy the JSON Schema meta-schema";
            errors.Add("", at.Length == 0 ? "is not a valid JSON Schema: " + message : $"is not a valid JSON Schema at {at}: {message}");
        }
    }
}
