using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace WsGate.Listeners;

/// <summary>
/// The real client address of a request on a listener with trusted proxies (<c>proxies.trusted</c>): from the PROXY
/// protocol header the transport read, then from <c>Forwarded</c> (RFC 7239) or <c>X-Forwarded-For</c> when the
/// address so far is a trusted proxy. The list is walked from the right, the hop nearest to WsGate, past every
/// trusted proxy; the first address that is not one is the client, so whatever a client writes into the header itself
/// is never reached. The result replaces <see cref="ConnectionInfo.RemoteIpAddress"/>, so access rules, per-address
/// caps, lockouts, analytics and the live connection list all see the same address.
/// <para>
/// Written here rather than with ASP.NET Core's ForwardedHeadersMiddleware: that reads only <c>X-Forwarded-*</c>
/// (not RFC 7239's <c>Forwarded</c>) and takes its trusted networks once at start-up, while each WsGate listener has
/// its own list that changes at run time.
/// </para>
/// </summary>
public static class ClientAddress
{
    private const int MaxHops = 32;

    /// <summary>
    /// Sets the request's client address; false when the listener's access rules refuse it (they were skipped at
    /// accept for a trusted proxy's connection, so they apply here, to the forwarded address or the proxy's own).
    /// </summary>
    public static bool Resolve(HttpContext context, ListenerRuntime listener) =>
        !Resolve(context, listener.TrustedProxies, listener.Config.Proxies.ForwardedHeaders) || listener.Access.IsAllowed(context.Connection.RemoteIpAddress);

    /// <summary>
    /// Sets the request's client address from what <paramref name="trusted"/> proxies forwarded (the admin port uses this
    /// with <c>serve --admin-trusted-proxy</c>); false when the peer is no trusted proxy and nothing changed.
    /// </summary>
    public static bool Resolve(HttpContext context, IpNetworkList trusted, bool forwardedHeaders)
    {
        var connection = context.Connection;
        if (trusted.IsEmpty || !trusted.Contains(connection.RemoteIpAddress))
        {
            return false;
        }

        var address = connection.RemoteIpAddress!;
        var port = connection.RemotePort;
        if (context.Features.Get<ProxiedClient>()?.Source is { } proxied)
        {
            address = proxied.Address;
            port = proxied.Port;
        }

        if (forwardedHeaders && trusted.Contains(address))
        {
            var hops = Hops(context.Request.Headers);
            for (var i = hops.Count - 1; i >= 0; i--)
            {
                if (hops[i] is not { } hop)
                {
                    // "unknown", an obfuscated name or garbage: nothing further left can be believed.
                    break;
                }

                (address, port) = (hop.Address, hop.Port);
                if (!trusted.Contains(address))
                {
                    break;
                }
            }
        }

        connection.RemoteIpAddress = IpNetworkList.Normalize(address);
        connection.RemotePort = port;
        return true;
    }

    /// <summary>The forwarded hops, leftmost first: RFC 7239 <c>for=</c> values when <c>Forwarded</c> is present, else <c>X-Forwarded-For</c>.</summary>
    internal static List<IPEndPoint?> Hops(IHeaderDictionary headers)
    {
        var hops = new List<IPEndPoint?>();
        if (headers.TryGetValue("Forwarded", out var forwarded) && !StringValues.IsNullOrEmpty(forwarded))
        {
            foreach (var element in Split(forwarded, ','))
            {
                string? value = null;
                foreach (var pair in element.Split(';'))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0 && pair[..equals].Trim().Equals("for", StringComparison.OrdinalIgnoreCase))
                    {
                        value = pair[(equals + 1)..].Trim().Trim('"');
                    }
                }

                hops.Add(value is null ? null : ParseNode(value));
                if (hops.Count >= MaxHops)
                {
                    break;
                }
            }

            return hops;
        }

        if (headers.TryGetValue("X-Forwarded-For", out var xff))
        {
            foreach (var entry in Split(xff, ','))
            {
                hops.Add(ParseNode(entry));
                if (hops.Count >= MaxHops)
                {
                    break;
                }
            }
        }

        return hops;
    }

    private static IEnumerable<string> Split(StringValues lines, char separator) =>
        lines.SelectMany(line => (line ?? "").Split(separator)).Select(e => e.Trim()).Where(e => e.Length > 0);

    /// <summary>An address with an optional port: <c>192.0.2.43</c>, <c>192.0.2.43:4711</c>, <c>[2001:db8::17]:4711</c>, <c>2001:db8::17</c>.</summary>
    private static IPEndPoint? ParseNode(string text) => IPEndPoint.TryParse(text, out var endPoint) ? endPoint : null;
}
