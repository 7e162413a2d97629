namespace WsGate.AsyncApi;

/// <summary>
/// One channel: its key, its address (null when the document gives none), the messages a client sends on it and those it
/// receives, and the backend URLs a WsGate export pinned with <c>x-wsgate-backends</c> (empty: the servers decide).
/// </summary>
public sealed record AsyncApiChannel
{
    public string Key { get; init; } = "";

    public string? Address { get; init; }

    public IReadOnlyList<AsyncApiMessage> ClientMessages { get; init; } = [];

    public IReadOnlyList<AsyncApiMessage> BackendMessages { get; init; } = [];

    public IReadOnlyList<string> Backends { get; init; } = [];
}
