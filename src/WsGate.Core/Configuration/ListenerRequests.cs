namespace WsGate.Configuration;

/// <summary>
/// The names <see cref="ListenerConfig.AllowedMethods"/> and <see cref="ListenerConfig.AllowedHttpVersions"/> take, and how
/// a request's method and protocol are matched against them, shared by the validator and the listener's check.
/// </summary>
public static class ListenerRequests
{
    /// <summary>The methods of RFC 9110 section 9 and PATCH (RFC 5789).</summary>
    public static IReadOnlyList<string> KnownMethods { get; } = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"];

    public static IReadOnlyList<string> KnownVersions { get; } = ["1.0", "1.1", "2"];

    /// <summary>Whether <paramref name="value"/> is in <paramref name="allowed"/>; an empty list allows everything.</summary>
    public static bool Allows(IReadOnlyList<string> allowed, string value) =>
        allowed.Count == 0 || allowed.Contains(value, StringComparer.OrdinalIgnoreCase);

    /// <summary><c>HTTP/1.1</c> as <c>1.1</c>, <c>HTTP/2</c> as <c>2</c>; what the server reports, as the config names it.</summary>
    public static string VersionOf(string protocol) =>
        protocol.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) ? protocol["HTTP/".Length..] : protocol;
}
