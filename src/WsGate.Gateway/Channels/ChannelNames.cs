using System.Text.RegularExpressions;

namespace WsGate.Channels;

public static partial class ChannelNames
{
    public const string Rule = "must be 1-128 characters of letters, digits, '_', '-', '.', ':' or '/'";

    public static bool IsValid(string? name) => name is { Length: > 0 and <= 128 } && Pattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_.:/-]+$")]
    private static partial Regex Pattern();
}
