using WsGate.Configuration.Outbound;
using WsGate.Outbound;

namespace WsGate.Admin.Api;

/// <summary>An outbound client as the admin API shows it: its configuration (password masked) and its live state and counters.</summary>
public sealed record ClientView(OutboundClientConfig Config, OutboundClientStatus Status)
{
    public const string MaskedPassword = "********";

    public static ClientView From(OutboundClientConfig config, OutboundClient? runtime) => new(
        config.Basic is { Password.Length: > 0 } basic ? config with { Basic = basic with { Password = MaskedPassword } } : config,
        runtime?.Status ?? new OutboundClientStatus(OutboundClientState.Stopped, config.Autofilled().Address.ToString(), null, null, null, 0, 0, 0, 0, 0, 0, 0, 0));
}
