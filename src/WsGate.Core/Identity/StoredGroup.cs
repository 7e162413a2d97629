namespace WsGate.Identity;

public sealed record StoredGroup(string Name, string? Description, DateTimeOffset CreatedAt);
