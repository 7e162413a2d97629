using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using WsGate.Connections;
using WsGate.Listeners;

namespace WsGate.UnitTests.Connections;

/// <summary>A server-side <see cref="WebSocketSession"/> and its client over a real loopback TCP connection; the server's writes may stall.</summary>
internal sealed class LoopbackSession : IAsyncDisposable
{
    private LoopbackSession(WebSocketSession session, WebSocket client, StallingStream? stream)
    {
        Session = session;
        Client = client;
        Stream = stream;
    }

    public WebSocketSession Session { get; }

    public WebSocket Client { get; }

    public StallingStream? Stream { get; }

    public static async Task<LoopbackSession> CreateAsync(string id, ListenerRuntime listener, bool stallWrites, string path = "/channel", string kind = "channel")
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
#pragma warning disable CA2000 // Its stream is handed to clientSocket below, which disposes it and the socket it owns.
        var client = new TcpClient();
#pragma warning restore CA2000
        await client.ConnectAsync((IPEndPoint)tcp.LocalEndpoint);
        var server = await tcp.AcceptTcpClientAsync();
#pragma warning disable CA2000 // The session owns serverSocket (and the stream under it) and the connection clientSocket; DisposeAsync disposes both.
        var stream = stallWrites ? new StallingStream(server.GetStream()) : null;
        var serverSocket = WebSocket.CreateFromStream((Stream?)stream ?? server.GetStream(), isServer: true, subProtocol: null, keepAliveInterval: System.Threading.Timeout.InfiniteTimeSpan);
        var clientSocket = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: System.Threading.Timeout.InfiniteTimeSpan);
#pragma warning restore CA2000
        var session = new WebSocketSession(id, serverSocket, listener, path, kind, null, null, TimeProvider.System);
        return new LoopbackSession(session, clientSocket, stream);
    }

    public async ValueTask DisposeAsync()
    {
        Session.Abort();
        await Session.DisposeAsync();
        Client.Abort();
        Client.Dispose();
    }
}
