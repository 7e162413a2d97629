namespace WsGate.Admin.Api;

public sealed record GroupRequest
{
    public string? Name { get; init; }

    public string? Description { get; init; }
}
