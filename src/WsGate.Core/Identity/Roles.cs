namespace WsGate.Identity;

/// <summary>What a user may do with WsGate itself (the admin API and console).</summary>
public static class Roles
{
    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>Creates, edits and publishes APIs; reads the rest.</summary>
    public const string Publisher = "publisher";

    /// <summary>Manages their own applications, subscriptions, keys and tokens.</summary>
    public const string Subscriber = "subscriber";

    /// <summary>Reads everything and manages live connections.</summary>
    public const string Operator = "operator";

    public static IReadOnlyList<string> All { get; } = [Admin, Publisher, Subscriber, Operator];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.OrdinalIgnoreCase);
}
