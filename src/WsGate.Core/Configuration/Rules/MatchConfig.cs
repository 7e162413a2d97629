namespace WsGate.Configuration.Rules;

/// <summary>Conditions on a message's text; every one given must hold.</summary>
public sealed record MatchConfig
{
    public const int DefaultRegexTimeoutMs = 100;

    /// <summary>The text contains this, case-sensitively.</summary>
    public string? Contains { get; init; }

    /// <summary>A .NET regular expression the text must match; it gives up (no match) after <see cref="RegexTimeoutMs"/>.</summary>
    public string? Regex { get; init; }

    public int RegexTimeoutMs { get; init; } = DefaultRegexTimeoutMs;

    /// <summary>A JSON property of the message, such as <c>$.type</c> or <c>$.order.status</c>.</summary>
    public string? Property { get; init; }

    /// <summary>The value <see cref="Property"/> must have (strings compare as text, other values as their JSON text).</summary>
    public string? Value { get; init; }
}
