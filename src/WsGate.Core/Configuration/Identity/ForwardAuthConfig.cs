namespace WsGate.Configuration.Identity;

/// <summary>
/// The <c>forward</c> mode: the web application's own session authenticates the WebSocket (as nginx's
/// <c>auth_request</c> and Kong's forward auth do). WsGate sends the handshake's cookies and the listed headers to
/// <see cref="Url"/>; a 2xx answer admits, with the user and groups the answer names in its headers.
/// </summary>
public sealed record ForwardAuthConfig
{
    public const int DefaultTimeoutMs = 5000;
    public const int DefaultCacheSize = 10_000;

    /// <summary>The application's endpoint that checks a session: an absolute http or https URL, asked with GET.</summary>
    public string Url { get; init; } = "";

    /// <summary>Request headers sent along beside <c>Cookie</c> (for example <c>Authorization</c> or a CSRF header).</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>The answer's header that names the user (shown in the connection list).</summary>
    public string UserHeader { get; init; } = "X-Auth-Request-User";

    /// <summary>The answer's header with the user's groups, comma-separated; they count where WsGate groups do.</summary>
    public string GroupsHeader { get; init; } = "X-Auth-Request-Groups";

    /// <summary>How long the endpoint's answer for the same cookies and headers is reused; 0 (the default) asks every time.</summary>
    public int CacheSeconds { get; init; }

    /// <summary>At most this many answers are kept.</summary>
    public int CacheSize { get; init; } = DefaultCacheSize;

    /// <summary>How long WsGate waits for the endpoint before it refuses the handshake with 503.</summary>
    public int TimeoutMs { get; init; } = DefaultTimeoutMs;
}
