using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace WsGate.Forwarding;

/// <summary>One direction's compiled JSON Schema (JsonSchema.Net): validates a whole text message's UTF-8 payload.</summary>
public sealed class SchemaCheck
{
    // A message that validates is judged with the flag output, which stops at the first failure and builds no details;
    // only a failing one is evaluated again with the list output to name where it failed.
    private static readonly EvaluationOptions Quick = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.List };

    private readonly JsonSchema _schema;

    public SchemaCheck(JsonElement schema)
    {
        _schema = JsonSchema.FromText(schema.GetRawText());
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

        if (_schema.Evaluate(node, Quick).IsValid)
        {
            return null;
        }

        var results = _schema.Evaluate(node, Detailed);

        // The list output holds one entry per evaluated location; the deepest failing one names the value to fix.
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
