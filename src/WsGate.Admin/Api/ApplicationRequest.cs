namespace WsGate.Admin.Api;

public sealed record ApplicationRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }

    /// <summary>The owning user; only admins may create applications for someone else.</summary>
    public string? Owner { get; init; }
}
