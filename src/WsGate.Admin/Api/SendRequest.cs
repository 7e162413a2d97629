namespace WsGate.Admin.Api;

/// <summary>Body of a send action: exactly one of <see cref="Text"/> or <see cref="Base64"/> (a binary message).</summary>
public sealed record SendRequest
{
    public string? Text { get; init; }

    public string? Base64 { get; init; }
}
