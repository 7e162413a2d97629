namespace WsGate.Admin.Api;

public sealed record ApplicationRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>
    /// The redirect URIs of the authorization code grant: absolute https URLs (http only to a loopback host), compared
    /// exactly as registered. On a change, the whole list replaces the old one.
    /// </summary>
    public IReadOnlyList<string>? CallbackUrls { get; init; }

    /// <summary>The owning user; only admins may create applications for someone else (not changed by PATCH).</summary>
    public string? Owner { get; init; }
}
