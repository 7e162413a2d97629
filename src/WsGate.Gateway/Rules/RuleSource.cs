namespace WsGate.Rules;

/// <summary>Where a rule event came from.</summary>
public enum RuleSource
{
    Client,
    Api,
    Endpoint,
    Channel,
    Http,
}
