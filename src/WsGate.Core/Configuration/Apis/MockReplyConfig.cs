using WsGate.Configuration.Rules;

namespace WsGate.Configuration.Apis;

/// <summary>One scripted answer of a prototyped API: when a client message matches, reply with this template.</summary>
public sealed record MockReplyConfig
{
    /// <summary>The rules' message match (contains, regex, property and value); absent matches every message.</summary>
    public MatchConfig? Match { get; init; }

    /// <summary>The reply, a rule template: <c>{{message}}</c>, <c>{{$.id}}</c> and the other fields of a message event.</summary>
    public string Reply { get; init; } = "";
}
