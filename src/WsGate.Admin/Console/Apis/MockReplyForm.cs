namespace WsGate.Admin.Console.Apis;

/// <summary>One scripted reply row: when a message matches every condition given, the reply template is sent back.</summary>
public sealed class MockReplyForm
{
    public string? Contains { get; set; }

    public string? Regex { get; set; }

    public string? Property { get; set; }

    public string? Value { get; set; }

    public string? Reply { get; set; }

    public bool IsEmpty =>
        string.IsNullOrEmpty(Contains) && string.IsNullOrEmpty(Regex) && string.IsNullOrEmpty(Property) && string.IsNullOrEmpty(Value) && string.IsNullOrEmpty(Reply);
}
