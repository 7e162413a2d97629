using System.Text.Json;

namespace WsGate.Admin.Api;

/// <summary>Body of a channel publish: any JSON value as <see cref="Data"/>.</summary>
public sealed record PublishRequest
{
    public JsonElement? Data { get; init; }
}
