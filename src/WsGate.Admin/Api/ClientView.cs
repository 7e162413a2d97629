using WsGate.Configuration.Outbound;
using WsGate.Outbound;

namespace WsGate.Admin.Api;

/// <summary>
/// An outbound client as the admin API shows it: its configuration (its secrets masked by the admin API's serializer,
/// as every configuration record's are) and its live state and counters.
/// </summary>
public sealed record ClientView(OutboundClientConfig Config, OutboundClientStatus Status)
{
    public static ClientView From(OutboundClientConfig config, OutboundClient? runtime) => new(
        config,
        runtime?.Status ?? new OutboundClientStatus(OutboundClientState.Stopped, config.Autofilled().DisplayAddress, null, null, null, 0, 0, 0, 0, 0, 0, 0, 0));
}
