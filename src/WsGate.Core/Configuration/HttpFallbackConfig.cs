namespace WsGate.Configuration;

/// <summary>What a listener answers to plain HTTP requests that do not ask for a WebSocket upgrade.</summary>
public sealed record HttpFallbackConfig
{
    public HttpFallbackMode Mode { get; init; } = HttpFallbackMode.Empty;

    /// <summary>The page served in <see cref="HttpFallbackMode.Html"/> mode.</summary>
    public string? Html { get; init; }

    /// <summary>The content folder served in <see cref="HttpFallbackMode.Folder"/> mode.</summary>
    public string? Folder { get; init; }

    public string DefaultDocument { get; init; } = "index.html";
}
