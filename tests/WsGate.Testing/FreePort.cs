using System.Net;
using System.Net.Sockets;

namespace WsGate.Testing;

/// <summary>A loopback port that was free a moment ago, for configurations that must name a fixed port.</summary>
public static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
