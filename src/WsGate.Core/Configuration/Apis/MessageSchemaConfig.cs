using System.Text.Json;

namespace WsGate.Configuration.Apis;

/// <summary>
/// JSON Schemas that text messages must satisfy, one per direction (an AsyncAPI message's <c>payload</c> schema fits
/// either field as it is). A direction without a schema is not checked; binary messages are never checked. Checking a
/// direction means each of its text messages is held whole (up to the API's max message size) until it validates.
/// </summary>
public sealed record MessageSchemaConfig
{
    /// <summary>The schema of the client's messages to the backend (draft 2020-12 unless the schema's <c>$schema</c> says otherwise).</summary>
    public JsonElement? ClientToBackend { get; init; }

    /// <summary>The schema of the backend's messages to the client.</summary>
    public JsonElement? BackendToClient { get; init; }

    public SchemaFailureAction OnFailure { get; init; } = SchemaFailureAction.Drop;
}
