namespace WsGate.Configuration.Rules;

/// <summary>
/// What starts a rule. A message, opened or closed trigger names exactly one source: <see cref="Client"/>,
/// <see cref="Api"/>, <see cref="Endpoint"/> (optionally on one <see cref="Listener"/>) or, for messages,
/// <see cref="Channel"/>. An HTTP request trigger claims <see cref="Path"/> on <see cref="Listener"/>.
/// </summary>
public sealed record TriggerConfig
{
    public TriggerType Type { get; init; } = TriggerType.Message;

    /// <summary>Id of an outbound client.</summary>
    public string? Client { get; init; }

    /// <summary>Id of a gateway API: messages its clients send.</summary>
    public string? Api { get; init; }

    /// <summary>Path of a listener endpoint such as <c>/echo</c>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>Channel name: every publish to it, from clients, the admin API, rules or bridges.</summary>
    public string? Channel { get; init; }

    /// <summary>Limits an endpoint trigger to one listener; required for an HTTP request trigger.</summary>
    public string? Listener { get; init; }

    /// <summary>HTTP request trigger: the exact path it answers, matched case-insensitively.</summary>
    public string? Path { get; init; }

    /// <summary>HTTP request trigger: the method it answers; absent answers any.</summary>
    public string? Method { get; init; }

    /// <summary>Message triggers only: the message must also match this.</summary>
    public MatchConfig? Match { get; init; }
}
