namespace WsGate.Identity;

/// <summary>A user's application (WSO2's application): it holds keys per environment and subscribes to APIs.</summary>
public sealed record StoredApplication(string Id, string Owner, string Name, string? Description, DateTimeOffset CreatedAt);
