namespace WsGate.Configuration.Throttling;

/// <summary>
/// A subscription tier (WSO2's throttling tiers): the allowance an application's subscription to an API gets, shared by
/// all of that subscription's connections, and how many connections it may hold at once.
/// </summary>
public sealed record TierConfig
{
    /// <summary>The tiers a new server starts with, named like WSO2 API Manager's defaults; all editable.</summary>
    public static IReadOnlyList<TierConfig> Defaults { get; } =
    [
        new() { Name = "Unlimited", Description = "No limits" },
        new() { Name = "Gold", Description = "5000 messages per minute", Rate = new() { MessagesPerWindow = 5000 } },
        new() { Name = "Silver", Description = "2000 messages per minute", Rate = new() { MessagesPerWindow = 2000 } },
        new() { Name = "Bronze", Description = "1000 messages per minute", Rate = new() { MessagesPerWindow = 1000 } },
    ];

    /// <summary>Letters, digits, '_', '-' and '.', 1-64 characters; unique ignoring case.</summary>
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    /// <summary>Messages and bytes per window for each subscription (application and API) on this tier.</summary>
    public RateLimitConfig Rate { get; init; } = new();

    /// <summary>Concurrent connections of one application to one API; 0 is unlimited.</summary>
    public int MaxConnectionsPerApplication { get; init; }

    /// <summary>Concurrent connections of one user through one application to one API; 0 is unlimited.</summary>
    public int MaxConnectionsPerUser { get; init; }
}
