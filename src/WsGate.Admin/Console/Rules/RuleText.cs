using WsGate.Configuration.Rules;
using WsGate.Configuration.Secrets;

namespace WsGate.Admin.Console.Rules;

/// <summary>One-line descriptions of a rule's trigger and actions for the rules list.</summary>
public static class RuleText
{
    public static string Trigger(TriggerConfig trigger)
    {
        var type = trigger.Type == TriggerType.HttpRequest ? "HTTP request" : trigger.Type.ToString().ToLowerInvariant();
        var source = trigger switch
        {
            { Type: TriggerType.HttpRequest } => $"{trigger.Method ?? "any method"} {trigger.Path} on {trigger.Listener}",
            { Client: { } c } => "client " + c,
            { Api: { } a } => "API " + a,
            { Endpoint: { } e } => "endpoint " + e + (trigger.Listener is { } l ? " on " + l : ""),
            { Channel: { } ch } => "channel " + ch,
            _ => "",
        };
        var match = trigger.Match is not { } m ? ""
            : string.Join(", ", new[]
            {
                m.Contains is null ? null : $"contains \"{m.Contains}\"",
                m.Regex is null ? null : $"matches /{m.Regex}/",
                m.Property is null ? null : m.Value is null ? $"has {m.Property}" : $"{m.Property} = {m.Value}",
            }.Where(s => s is not null));
        return $"{type} · {source}{(match.Length > 0 ? " · " + match : "")}";
    }

    public static string Action(ActionConfig action) => action.Type switch
    {
        ActionType.Send => "send to client " + action.Client,
        ActionType.Publish => "publish to channel " + action.Channel,
        ActionType.Webhook => $"webhook {action.Method} {SecretValues.MaskUrlValue(action.Url)}",
        ActionType.Respond => $"respond {action.Status}",
        ActionType.Close => $"close {action.CloseCode}" + (action.Client is null ? "" : " client " + action.Client),
        _ => action.Type.ToString().ToLowerInvariant(),
    };
}
