using System.Text.RegularExpressions;

namespace WsGate.AsyncApi;

/// <summary>JSON path segments for error messages: <c>.orders</c> for a plain key, <c>['/orders']</c> for any other.</summary>
public static partial class AsyncApiPath
{
    public static string Key(string key) => PlainKey().IsMatch(key) ? key : "['" + key.Replace("'", "\\'", StringComparison.Ordinal) + "']";

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex PlainKey();
}
