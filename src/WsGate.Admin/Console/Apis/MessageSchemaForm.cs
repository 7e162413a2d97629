using System.Text.Json;
using WsGate.Configuration.Apis;
using WsGate.Configuration.Validation;

namespace WsGate.Admin.Console.Apis;

/// <summary>The API form's message schemas: each direction's JSON Schema as JSON text (empty: not checked) and the failure action.</summary>
public sealed class MessageSchemaForm
{
    public string? ClientToBackend { get; set; }

    public string? BackendToClient { get; set; }

    public SchemaFailureAction OnFailure { get; set; }

    public static MessageSchemaForm From(MessageSchemaConfig? config) => new()
    {
        ClientToBackend = Show(config?.ClientToBackend),
        BackendToClient = Show(config?.BackendToClient),
        OnFailure = config?.OnFailure ?? SchemaFailureAction.Drop,
    };

    /// <summary>Null when both directions are empty; text that is not JSON is refused naming its direction.</summary>
    public MessageSchemaConfig? ToConfig()
    {
        var errors = new ErrorSink();
        var up = Parse(ClientToBackend, errors.At("messageSchema.clientToBackend"));
        var down = Parse(BackendToClient, errors.At("messageSchema.backendToClient"));
        errors.ThrowIfAny();
        return up is null && down is null ? null : new MessageSchemaConfig { ClientToBackend = up, BackendToClient = down, OnFailure = OnFailure };
    }

    private static JsonElement? Parse(string? text, ErrorSink errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors.Add("", "is not JSON: " + ex.Message);
            return null;
        }
    }

    private static string? Show(JsonElement? schema) =>
        schema is { } element ? JsonSerializer.Serialize(element, new JsonSerializerOptions { WriteIndented = true }) : null;
}
