using WsGate.Configuration.Identity;

namespace WsGate.Admin.Console.Listeners;

/// <summary>The forward mode's inputs, named after <see cref="ForwardAuthConfig"/>'s properties so <c>authentication.forward.url</c> lands on its input.</summary>
public sealed class ForwardAuthForm
{
    public static readonly IReadOnlyList<string> FieldNames =
    [
        nameof(Url), nameof(Headers), nameof(UserHeader), nameof(GroupsHeader), nameof(CacheSeconds), nameof(CacheSize), nameof(TimeoutMs),
    ];

    public string? Url { get; set; }

    /// <summary>Header names, one per line.</summary>
    public string? Headers { get; set; }

    public string? UserHeader { get; set; } = new ForwardAuthConfig().UserHeader;

    public string? GroupsHeader { get; set; } = new ForwardAuthConfig().GroupsHeader;

    public int CacheSeconds { get; set; }

    public int CacheSize { get; set; } = ForwardAuthConfig.DefaultCacheSize;

    public int TimeoutMs { get; set; } = ForwardAuthConfig.DefaultTimeoutMs;

    public static ForwardAuthForm From(ForwardAuthConfig? forward) => forward is null ? new ForwardAuthForm() : new ForwardAuthForm
    {
        Url = forward.Url,
        Headers = string.Join('\n', forward.Headers),
        UserHeader = forward.UserHeader,
        GroupsHeader = forward.GroupsHeader,
        CacheSeconds = forward.CacheSeconds,
        CacheSize = forward.CacheSize,
        TimeoutMs = forward.TimeoutMs,
    };

    /// <summary>The endpoint's settings, or none when no URL is given.</summary>
    public ForwardAuthConfig? ToConfig(ForwardAuthConfig? existing) => ListenerForm.Blank(Url) is not { } url ? null : (existing ?? new ForwardAuthConfig()) with
    {
        Url = url,
        Headers = ListenerForm.Lines(Headers),
        UserHeader = UserHeader?.Trim() ?? "",
        GroupsHeader = GroupsHeader?.Trim() ?? "",
        CacheSeconds = CacheSeconds,
        CacheSize = CacheSize,
        TimeoutMs = TimeoutMs,
    };
}
