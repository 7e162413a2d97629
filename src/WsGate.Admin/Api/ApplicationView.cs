using WsGate.Identity;

namespace WsGate.Admin.Api;

/// <summary>An application with its public consumer keys; secrets are shown only when generated.</summary>
public sealed record ApplicationView(string Id, string Owner, string Name, string? Description, DateTimeOffset CreatedAt, IReadOnlyList<ApplicationKeyView> Keys, IReadOnlyList<StoredSubscription> Subscriptions);
