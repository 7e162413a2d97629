using WsGate.Connections;

namespace WsGate.Admin.Api;

/// <summary>A live connection as the admin API lists it.</summary>
public sealed record ConnectionView(
    string Id,
    string Listener,
    string Endpoint,
    string Kind,
    string? RemoteAddress,
    string? User,
    DateTimeOffset ConnectedAt,
    long MessagesIn,
    long BytesIn,
    long MessagesOut,
    long BytesOut,
    long Dropped)
{
    public static ConnectionView From(WebSocketSession s) => new(
        s.Id, s.Listener.Id, s.Path, s.EndpointKind, s.Remote?.ToString(), s.User, s.ConnectedAt, s.MessagesIn, s.BytesIn, s.MessagesOut, s.BytesOut, s.Dropped);
}
