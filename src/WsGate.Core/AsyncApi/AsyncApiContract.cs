namespace WsGate.AsyncApi;

/// <summary>
/// What WsGate reads from an AsyncAPI 2.6 or 3.0 document, every <c>$ref</c> resolved: the API's title and version, its
/// servers, and its channels with the messages each direction carries (see docs/asyncapi.md for the mapping).
/// </summary>
public sealed record AsyncApiContract
{
    /// <summary>The document's <c>asyncapi</c> field, such as <c>2.6.0</c> or <c>3.0.0</c>.</summary>
    public string AsyncApiVersion { get; init; } = "";

    public string Title { get; init; } = "";

    public string Version { get; init; } = "";

    public string? Description { get; init; }

    public IReadOnlyList<AsyncApiServer> Servers { get; init; } = [];

    public IReadOnlyList<AsyncApiChannel> Channels { get; init; } = [];

    public bool IsVersion3 => AsyncApiVersion.StartsWith("3.", StringComparison.Ordinal);
}
