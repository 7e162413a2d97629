namespace WsGate.Configuration.Captures;

/// <summary>What a capture records: the messages of one API, optionally only one content-based route or one connection.</summary>
public sealed record CaptureTarget
{
    /// <summary>The API's id; its connections must be relayed in <c>frames</c> mode, where WsGate sees messages.</summary>
    public string Api { get; init; } = "";

    /// <summary>A route key of the API's content-based routing (or <c>$default</c>): client messages selecting it and that backend's answers.</summary>
    public string? Route { get; init; }

    /// <summary>One live connection's id.</summary>
    public string? ConnectionId { get; init; }
}
