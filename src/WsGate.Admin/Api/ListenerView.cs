using WsGate.Configuration;
using WsGate.Listeners;

namespace WsGate.Admin.Api;

/// <summary>A listener as the admin API shows it: its configuration and its state on this node.</summary>
public sealed record ListenerView(
    ListenerConfig Config,
    string State,
    string? FailureReason,
    IReadOnlyList<string> BoundAddresses,
    IReadOnlyList<string>? NodeBindings,
    DateTimeOffset? CertificateExpires,
    int ActiveConnections,
    ListenerCountersView Counters)
{
    public static ListenerView From(ListenerConfig config, ListenerRuntime? runtime) => new(
        config,
        (runtime?.State ?? (config.Enabled ? ListenerState.Failed : ListenerState.Disabled)).ToString().ToLowerInvariant(),
        runtime?.FailureReason,
        runtime?.BoundAddresses ?? [],
        runtime?.NodeBindings,
        runtime?.CertificateExpires,
        runtime?.ActiveConnections ?? 0,
        ListenerCountersView.From(runtime?.Counters));
}
