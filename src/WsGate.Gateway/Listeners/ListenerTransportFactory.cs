using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace WsGate.Listeners;

/// <summary>
/// A listener's transport for Kestrel, in place of Kestrel's own socket transport: it binds the listener's addresses with
/// its backlog, applies IP access rules as connections are accepted (before TLS and HTTP), terminates TLS itself, and
/// lets an upgraded connection leave Kestrel with its socket (<see cref="TransportClaim"/>). Kestrel sees it only through
/// its documented transport contract (<see cref="IConnectionListenerFactory"/>, <see cref="ConnectionContext"/>).
/// </summary>
internal sealed class ListenerTransportFactory(
    ListenerRuntime runtime,
    X509Certificate2? certificate,
    TimeProvider time,
    ILogger logger) : IConnectionListenerFactory
{
    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is not IPEndPoint ip)
        {
            throw new NotSupportedException($"listener '{runtime.Id}' binds IP addresses only, not {endpoint}");
        }

        Socket socket;
        try
        {
#pragma warning disable CA2000 // Disposed in the catches below on failure; otherwise the ListenerSocket returned owns it.
            socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
#pragma warning restore CA2000
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressFamilyNotSupported && ip.Address.Equals(IPAddress.IPv6Any))
        {
            // Every interface on a host without IPv6 (a port alone, or [::]): IPv4's, as Kestrel's ListenAnyIP falls back.
            ip = new IPEndPoint(IPAddress.Any, ip.Port);
#pragma warning disable CA2000 // As above.
            socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
#pragma warning restore CA2000
        }

        try
        {
            if (ip.Address.Equals(IPAddress.IPv6Any))
            {
                // [::] takes IPv4 clients as well, as Kestrel's own transport does.
                socket.DualMode = true;
            }

            socket.Bind(ip);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            socket.Dispose();

            // Kestrel turns this into "Failed to bind to address ...: address already in use."
            throw new AddressInUseException(ex.Message, ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        socket.Listen(runtime.Config.Backlog);
#pragma warning disable CA2000 // Returned to Kestrel, which owns the connection listener and disposes it when the host stops.
        return ValueTask.FromResult<IConnectionListener>(new ListenerSocket(socket, runtime, certificate, time, logger));
#pragma warning restore CA2000
    }
}
