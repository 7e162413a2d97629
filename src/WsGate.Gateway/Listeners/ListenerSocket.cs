using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;

namespace WsGate.Listeners;

/// <summary>
/// One bound address of a listener: accepts connections for Kestrel, refusing those its access rules deny, except a
/// trusted proxy's, whose clients are checked once their address is known.
/// </summary>
internal sealed class ListenerSocket(
    Socket socket,
    ListenerRuntime runtime,
    X509Certificate2? certificate,
    TimeProvider time,
    ILogger logger) : IConnectionListener
{
    public EndPoint EndPoint { get; } = socket.LocalEndPoint!;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or OperationCanceledException
                || ex is SocketException { SocketErrorCode: SocketError.OperationAborted or SocketError.Interrupted })
            {
                // Unbound: Kestrel stops asking.
                return null;
            }
            catch (SocketException)
            {
                // The client reset the connection while it waited in the backlog.
                continue;
            }

            var remote = accepted.RemoteEndPoint as IPEndPoint;

            // A trusted proxy's connections carry other clients: the access rules apply to the address it forwards
            // (ListenerConnection for the PROXY protocol, ClientAddress for forwarded headers), not to the proxy.
            if (!runtime.TrustedProxies.Contains(remote?.Address) && !runtime.Access.IsAllowed(remote?.Address))
            {
                runtime.Counters.CountDeniedByAccess();
                ListenerLog.AccessDenied(logger, runtime.Id, remote?.Address.ToString() ?? "?");
                // A reset rather than an orderly close: clients take it as a refusal and do not retry on a new connection.
                accepted.LingerState = new LingerOption(true, 0);
                accepted.Dispose();
                continue;
            }

            accepted.NoDelay = true;
            var connection = new ListenerConnection(accepted, remote, runtime, certificate, time, logger);
            connection.Start();
            return connection;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
