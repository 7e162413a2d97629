using WsGate.Configuration.Rules;

namespace WsGate.Admin.Console.Rules;

/// <summary>One action row of the rule form; a row without a type is not an action.</summary>
public sealed class ActionRow
{
    public ActionType? Type { get; set; }

    public string? Client { get; set; }

    public string? Channel { get; set; }

    public string? Url { get; set; }

    public string? Body { get; set; }

    public static ActionRow From(ActionConfig action) => new()
    {
        Type = action.Type,
        Client = action.Client,
        Channel = action.Channel,
        Url = action.Url,
        Body = action.Body,
    };
}
