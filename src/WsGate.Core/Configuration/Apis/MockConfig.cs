using WsGate.Configuration.Rules;

namespace WsGate.Configuration.Apis;

/// <summary>
/// The scripted answers of a prototyped API (WSO2's prototype APIs): consumers try the API before its backend exists.
/// Each entry is a rule in short form: <see cref="ToRules"/> turns it into a <c>message</c> (or, for the greeting,
/// <c>opened</c>) trigger on the API with a <c>reply</c> action, run by the rule engine like any other rule.
/// </summary>
public sealed record MockConfig
{
    /// <summary>Sent once when a client connects (a template, like a reply); none when absent.</summary>
    public string? Greeting { get; init; }

    /// <summary>Tried in order for each client message; every one that matches replies.</summary>
    public IReadOnlyList<MockReplyConfig> Replies { get; init; } = [];

    /// <summary>The rule id of the greeting, as logs and rule failures name it.</summary>
    public static string GreetingRuleId(string apiId) => $"mock:{apiId}:greeting";

    /// <summary>The rule id of reply <paramref name="index"/>, as logs and rule failures name it.</summary>
    public static string ReplyRuleId(string apiId, int index) => $"mock:{apiId}:replies[{index}]";

    /// <summary>The rules this mock stands for, for the API <paramref name="apiId"/>.</summary>
    public IEnumerable<RuleConfig> ToRules(string apiId)
    {
        if (Greeting is not null)
        {
            yield return new RuleConfig
            {
                Id = GreetingRuleId(apiId),
                Trigger = new TriggerConfig { Type = TriggerType.Opened, Api = apiId },
                Actions = [new ActionConfig { Type = ActionType.Reply, Body = Greeting }],
            };
        }

        for (var i = 0; i < Replies.Count; i++)
        {
            yield return new RuleConfig
            {
                Id = ReplyRuleId(apiId, i),
                Trigger = new TriggerConfig { Type = TriggerType.Message, Api = apiId, Match = Replies[i].Match },
                Actions = [new ActionConfig { Type = ActionType.Reply, Body = Replies[i].Reply }],
            };
        }
    }
}
