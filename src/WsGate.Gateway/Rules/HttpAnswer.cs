namespace WsGate.Rules;

/// <summary>What a rule answers an HTTP request trigger with.</summary>
public sealed record HttpAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body, string? ContentType);
