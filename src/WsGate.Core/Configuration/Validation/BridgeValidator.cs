using WsGate.Configuration.Rules;

namespace WsGate.Configuration.Validation;

public static class BridgeValidator
{
    public static void Validate(BridgeConfig bridge, GatewayConfig config, ErrorSink errors)
    {
        if (!Identifiers.IsValidId(bridge.Id))
        {
            errors.Add("id", Identifiers.IdRule);
        }

        if (bridge.Client.Length == 0)
        {
            errors.Add("client", "is required: the outbound client to wire");
        }
        else if (config.FindClient(bridge.Client) is null)
        {
            errors.Add("client", $"no outbound client '{bridge.Client}'");
        }

        if (!RuleValidator.IsValidChannel(bridge.Channel))
        {
            errors.Add("channel", "is required and " + RuleValidator.ChannelRule);
        }

        if (!Enum.IsDefined(bridge.Direction))
        {
            errors.Add("direction", "must be both, clientToChannel or channelToClient");
        }
    }
}
