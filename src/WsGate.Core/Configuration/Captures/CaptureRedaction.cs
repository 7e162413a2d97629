namespace WsGate.Configuration.Captures;

/// <summary>What a capture never stores: values at JSON paths of text messages, and handshake headers.</summary>
public sealed record CaptureRedaction
{
    /// <summary>Paths such as <c>$.card.number</c>; their values are stored as <c>"[redacted]"</c>, and a text message that is not JSON is withheld.</summary>
    public IReadOnlyList<string> JsonPaths { get; init; } = [];

    /// <summary>Request headers whose values the handshake record shows as <c>[redacted]</c>.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];
}
