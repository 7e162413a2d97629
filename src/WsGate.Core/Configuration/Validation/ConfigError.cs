namespace WsGate.Configuration.Validation;

/// <summary>One problem found in a configuration, with the path of the offending field (for example <c>listeners[0].bindings[1]</c>).</summary>
public sealed record ConfigError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
