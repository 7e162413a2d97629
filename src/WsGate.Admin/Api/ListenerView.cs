using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.Admin.Api;

/// <summary>
/// A listener as the admin API shows it: its configuration and its state on this node. <c>ClientUrls</c> are the URLs of its
/// WebSocket endpoints as clients use them (under its <c>publicUrl</c> when it has one, else under each bound address).
/// </summary>
public sealed record ListenerView(
    ListenerConfig Config,
    string State,
    string? FailureReason,
    IReadOnlyList<string> BoundAddresses,
    IReadOnlyList<string> ClientUrls,
    IReadOnlyList<string>? NodeBindings,
    DateTimeOffset? CertificateExpires,
    int ActiveConnections,
    ListenerCountersView Counters,
    ListenerWorkersView? Workers)
{
    /// <param name="wildcardHost">The host name the caller used, shown for a wildcard binding (0.0.0.0, [::]) in <c>ClientUrls</c>.</param>
    public static ListenerView From(ListenerConfig config, ListenerRuntime? runtime, string? wildcardHost = null) => new(
        config,
        (runtime?.State ?? (config.Enabled ? ListenerState.Failed : ListenerState.Disabled)).ToString().ToLowerInvariant(),
        runtime?.FailureReason,
        runtime?.BoundAddresses ?? [],
        [.. Listeners.ClientUrls.Endpoints(runtime, wildcardHost).Select(e => e.Url)],
        runtime?.NodeBindings,
        runtime?.CertificateExpires,
        runtime?.ActiveConnections ?? 0,
        ListenerCountersView.From(runtime?.Counters),
        ListenerWorkersView.From(runtime));
}
