using System.Text.Json;

namespace WsGate.AsyncApi;

/// <summary>One message of a channel: its key (name, message id or component name), title, payload schema and examples.</summary>
public sealed record AsyncApiMessage
{
    public string Key { get; init; } = "";

    public string? Title { get; init; }

    /// <summary>The payload's JSON Schema, every <c>$ref</c> inlined; null when the message gives none.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>The document's examples; <see cref="AsyncApiExamples.For"/> makes one from the schema when there are none.</summary>
    public IReadOnlyList<AsyncApiExample> Examples { get; init; } = [];
}
