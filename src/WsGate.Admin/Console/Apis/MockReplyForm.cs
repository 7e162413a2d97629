namespace WsGate.Admin.Console.Apis;

/// <summary>One scripted reply row: when a message matches every condition given, the reply template is sent back.</summary>
public sealed class MockReplyForm
{
    public string? Contains { get; set; }

    public string? Regex { get; set; }

    public string? Property { get; set; }

    public string? Value { get; set; }

    public string? Reply { get; set; }

    /// <summary>The row's own regex timeout, carried through the page (a hidden input), so removing a row moves nothing.</summary>
    public int RegexTimeoutMs { get; set; } = Configuration.Rules.MatchConfig.DefaultRegexTimeoutMs;

    public bool IsEmpty =>
        string.IsNullOrEmpty(Contains) && string.IsNullOrEmpty(Regex) && string.IsNullOrEmpty(Property) && string.IsNullOrEmpty(Value) && string.IsNullOrEmpty(Reply);
}
