using WsGate.Configuration.Apis;
using WsGate.Connections;

namespace WsGate.Admin.Api;

/// <summary>
/// A live connection as the admin API lists it; proxied connections name their API, environment and backend. On a
/// cluster, <see cref="Node"/> names the node that holds it; another node's connections show zero counters (and no
/// <see cref="Groups"/>: the groups the user had when it authenticated, from WsGate, the system or the forward endpoint).
/// <see cref="HttpVersion"/> is that of the client's handshake: <c>1.1</c>, or <c>2</c> for a WebSocket over HTTP/2 (not
/// known for another node's connection).
/// </summary>
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
    long Dropped,
    long Throttled,
    string? Api,
    string? Environment,
    string? Backend,
    string? RelayMode,
    string? Node = null,
    IReadOnlyList<string>? Groups = null,
    string? HttpVersion = null)
{
    public static ConnectionView From(LiveConnection c) => new(
        c.Id,
        c.Listener.Id,
        c.Path,
        c.Kind,
        c.Remote?.ToString(),
        c.User,
        c.ConnectedAt,
        c.MessagesIn,
        c.BytesIn,
        c.MessagesOut,
        c.BytesOut,
        c.Dropped,
        c.Throttled,
        c.Api?.Api.Id,
        c.Api?.Environment.ToName(),
        c.Api?.Backend.ToString(),
        c.Api is null ? null : c.Api.IsPrototype ? "prototype" : c.SeesMessages ? "frames" : "stream",
        Groups: c.Principal.Groups,
        HttpVersion: c.HttpVersion);
}
