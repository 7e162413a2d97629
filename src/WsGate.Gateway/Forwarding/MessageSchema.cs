using System.Runtime.CompilerServices;
using WsGate.Configuration.Apis;

namespace WsGate.Forwarding;

/// <summary>
/// An API's or a route's message schemas, compiled once per configuration snapshot (the validator has already refused
/// schemas that do not compile) and shared by the connections opened under it.
/// </summary>
public sealed class MessageSchema
{
    // Keyed by the configuration record: a new snapshot brings new records and so a fresh compile.
    private static readonly ConditionalWeakTable<MessageSchemaConfig, MessageSchema> Compiled = [];

    private MessageSchema(MessageSchemaConfig config)
    {
        ClientToBackend = config.ClientToBackend is { } up ? new SchemaCheck(up) : null;
        BackendToClient = config.BackendToClient is { } down ? new SchemaCheck(down) : null;
        OnFailure = config.OnFailure;
    }

    public static MessageSchema? For(MessageSchemaConfig? config) => config is null ? null : Compiled.GetValue(config, c => new MessageSchema(c));

    public SchemaCheck? ClientToBackend { get; }

    public SchemaCheck? BackendToClient { get; }

    public SchemaFailureAction OnFailure { get; }

    /// <summary>The check for messages from the client (<paramref name="fromClient"/>) or from the backend.</summary>
    public SchemaCheck? From(bool fromClient) => fromClient ? ClientToBackend : BackendToClient;
}
