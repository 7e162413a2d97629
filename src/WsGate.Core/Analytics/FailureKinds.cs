namespace WsGate.Analytics;

/// <summary>The kinds of failure the failure log keeps.</summary>
public static class FailureKinds
{
    /// <summary>A handshake refused before any upgrade (not found, draining, over a limit, a policy).</summary>
    public const string Handshake = "handshake";

    /// <summary>A refused credential: 401, or 403 for a credential not allowed here.</summary>
    public const string Auth = "auth";

    /// <summary>A backend endpoint that did not accept the upgrade.</summary>
    public const string Backend = "backend";

    /// <summary>A client that broke RFC 6455 or exceeded the message size limit after the upgrade.</summary>
    public const string Protocol = "protocol";

    /// <summary>A message that failed its API's or route's JSON Schema (dropped, or its connection closed).</summary>
    public const string Schema = "schema";

    public static IReadOnlyList<string> All { get; } = [Handshake, Auth, Backend, Protocol, Schema];
}
