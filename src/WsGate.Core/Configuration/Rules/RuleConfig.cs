namespace WsGate.Configuration.Rules;

/// <summary>
/// When something happens (the trigger), do these things in order (the actions): RoboTask's triggers and actions for
/// WebSockets. Rules run off the relay's hot path; a failing rule is logged and counted and never stops traffic.
/// </summary>
public sealed record RuleConfig
{
    /// <summary>Letters, digits and underscore, beginning with a letter or underscore; unique case-insensitively.</summary>
    public string Id { get; init; } = "";

    public string? Name { get; init; }

    public bool Enabled { get; init; } = true;

    public TriggerConfig Trigger { get; init; } = new();

    public IReadOnlyList<ActionConfig> Actions { get; init; } = [];
}
