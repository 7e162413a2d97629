namespace WsGate.Configuration.Validation;

/// <summary>Collects errors under a path prefix so nested validators need not know where they sit.</summary>
public sealed class ErrorSink
{
    private readonly List<ConfigError> _errors;
    private readonly string _prefix;

    public ErrorSink()
        : this([], "")
    {
    }

    private ErrorSink(List<ConfigError> errors, string prefix)
    {
        _errors = errors;
        _prefix = prefix;
    }

    public IReadOnlyList<ConfigError> Errors => _errors;

    public bool HasErrors => _errors.Count > 0;

    /// <summary>A sink that writes into the same list under <c>prefix.segment</c>.</summary>
    public ErrorSink At(string segment) =>
        new(_errors, _prefix.Length == 0 ? segment : segment.StartsWith('[') ? _prefix + segment : _prefix + "." + segment);

    public void Add(string field, string message) =>
        _errors.Add(new ConfigError(_prefix.Length == 0 ? field : field.Length == 0 ? _prefix : field.StartsWith('[') ? _prefix + field : _prefix + "." + field, message));

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new ConfigValidationException(_errors.ToArray());
        }
    }
}
