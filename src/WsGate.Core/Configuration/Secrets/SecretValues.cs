using System.Text.RegularExpressions;

namespace WsGate.Configuration.Secrets;

/// <summary>How a secret reads where it must not be seen, and how a masked value sent back is recognised.</summary>
public static partial class SecretValues
{
    /// <summary>What every read shows instead of a secret; sent back unchanged in a write, it keeps the stored value.</summary>
    public const string Mask = "********";

    /// <summary>The masked form of <paramref name="value"/> for its kind; empty values stay empty (nothing to hide).</summary>
    public static string MaskValue(string value, SecretKind kind) => kind switch
    {
        _ when value.Length == 0 => value,
        SecretKind.Url => MaskUrl(value),
        _ => Mask,
    };

    /// <summary>A header dictionary as reads show it: the names, each value masked.</summary>
    public static IReadOnlyDictionary<string, string> MaskValues(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(p => p.Key, p => MaskValue(p.Value, SecretKind.DictionaryValues));

    /// <summary>An address as reads show it (<see cref="SecretKind.Url"/>); null stays null.</summary>
    public static string? MaskUrlValue(string? value) => value is null ? null : MaskValue(value, SecretKind.Url);

    /// <summary>True when <paramref name="value"/> carries the mask where its secret was, so it cannot be used as it is.</summary>
    public static bool IsMasked(string value, SecretKind kind) => kind switch
    {
        SecretKind.Url => Passwords(value).Any(p => p == Mask),
        _ => value == Mask,
    };

    /// <summary>True when an address carries credentials (a userinfo password or a URL-auth path).</summary>
    public static bool HasUrlCredentials(string value) => Passwords(value).Any();

    private static string MaskUrl(string value)
    {
        var masked = UserInfoPassword().Replace(value, m => m.Groups["before"].Value + Mask);
        return UrlAuthPassword().Replace(masked, m => m.Groups["before"].Value + Mask);
    }

    private static IEnumerable<string> Passwords(string value) =>
        UserInfoPassword().Matches(value).Concat(UrlAuthPassword().Matches(value)).Select(m => m.Groups["password"].Value);

    // scheme://user:password@host: the password ends at the '@' of the authority.
    [GeneratedRegex(@"(?<before>^[A-Za-z][A-Za-z0-9+.-]*://[^/@:?#]*:)(?<password>[^@/?#]+)(?=@)")]
    private static partial Regex UserInfoPassword();

    // /auth/user/password at the start of a path (or of the path of an address): RoboTask's URL authentication.
    [GeneratedRegex(@"(?<before>(?:^|^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*)/auth/[^/?#]+/)(?<password>[^/?#]+)", RegexOptions.IgnoreCase)]
    private static partial Regex UrlAuthPassword();
}
