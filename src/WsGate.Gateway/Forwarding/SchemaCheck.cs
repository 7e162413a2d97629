using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using WsGate.Configuration.Validation;

namespace WsGate.Forwarding;

/// <summary>One direction's compiled JSON Schema (JsonSchema.Net): validates a whole text message's UTF-8 payload.</summary>
public sealed class SchemaCheck
{
    // Every connection under the configuration evaluates this one schema at once, always with the one shared options
    // object (JsonSchemaOptions says why): a second options object would make the schema rebuild its cache under them.
    private readonly JsonSchema _schema;

    public SchemaCheck(JsonElement schema)
    {
        _schema = JsonSchema.FromText(schema.GetRawText());
        try
        {
            // Builds the schema's cached state once here, before any connection shares it.
            _schema.Evaluate(null, JsonSchemaOptions.Shared);
        }
        catch (Exception)
        {
            // A schema that cannot evaluate (an unresolvable $ref) fails each message in Validate, which says why.
        }
    }

    /// <summary>Null when <paramref name="message"/> is JSON that satisfies the schema; otherwise the first failing location.</summary>
    public SchemaViolation? Validate(ReadOnlySpan<byte> message)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(message);
        }
        catch (JsonException ex)
        {
            return new SchemaViolation("", "is not JSON: " + FirstSentence(ex.Message));
        }

        EvaluationResults results;
        try
        {
            results = _schema.Evaluate(node, JsonSchemaOptions.Shared);
        }
        catch (Exception ex)
        {
            // Whatever the library throws while judging a message, the message is not proven valid: it fails closed,
            // and the pump carries on.
            return new SchemaViolation("", "could not be checked against the schema: " + ex.Message);
        }

        return results.IsValid ? null : Locate(results);
    }

    /// <summary>The list output holds one entry per evaluated location; the deepest failing one names the value to fix.</summary>
    private static SchemaViolation Locate(EvaluationResults results)
    {
        var failed = results.Details
            .Where(d => d.HasErrors)
            .OrderByDescending(d => d.InstanceLocation.Count)
            .FirstOrDefault() ?? results;
        var complaint = failed.Errors is { Count: > 0 } errors ? errors.First().Value : "does not match the schema";
        return new SchemaViolation(failed.InstanceLocation.ToString(), complaint);
    }

    private static string FirstSentence(string text)
    {
        var end = text.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? text[..end] : text;
    }
}
