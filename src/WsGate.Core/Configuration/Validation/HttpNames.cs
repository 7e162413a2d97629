using System.Text.RegularExpressions;

namespace WsGate.Configuration.Validation;

public static partial class HttpNames
{
    /// <summary>An RFC 9110 token, as header names are.</summary>
    public static bool IsHeaderName(string? name) => name is { Length: > 0 and <= 256 } && Token().IsMatch(name);

    /// <summary>An RFC 9110 token of any length: header names, methods, subprotocols.</summary>
    public static bool IsToken(string value) => Token().IsMatch(value);

    [GeneratedRegex("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")]
    private static partial Regex Token();
}
