using System.Net;

namespace WsGate.Listeners;

/// <summary>
/// A connection feature: the client address a PROXY protocol header gave, set by the listener's transport before HTTP
/// reads a byte, so the request pipeline sees it on the connection's first request (Kestrel takes the connection's
/// remote address once, when it accepts it, before any header can have arrived).
/// </summary>
internal sealed class ProxiedClient
{
    public IPEndPoint? Source { get; set; }
}
