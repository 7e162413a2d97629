namespace WsGate.Configuration.Validation;

/// <summary>A configuration change was refused as a whole; <see cref="Errors"/> names each offending field.</summary>
public sealed class ConfigValidationException : Exception
{
    public ConfigValidationException(IReadOnlyList<ConfigError> errors)
        : base(errors.Count == 0 ? "invalid configuration" : "invalid configuration: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public ConfigValidationException(string path, string message)
        : this([new ConfigError(path, message)])
    {
    }

    public IReadOnlyList<ConfigError> Errors { get; }
}
