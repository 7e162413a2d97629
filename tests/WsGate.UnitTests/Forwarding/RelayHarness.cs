using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using WsGate.Analytics;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Connections;
using WsGate.Forwarding;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Protocol;
using WsGate.Routing;

namespace WsGate.UnitTests.Forwarding;

/// <summary>
/// A <see cref="RelayConnection"/> between two loopback socket pairs: the test holds the far end of the client's leg and
/// of the backend's, writes frames by hand and reads what the relay made of them.
/// </summary>
internal sealed class RelayHarness : IAsyncDisposable
{
    private RelayHarness(Socket client, Socket backend, RelayConnection connection)
    {
        Client = client;
        Backend = backend;
        Connection = connection;
        Running = Task.Run(connection.RunAsync);
    }

    /// <summary>The client's end: what it sends must be masked.</summary>
    public Socket Client { get; }

    /// <summary>The backend's end: what it sends must not be masked.</summary>
    public Socket Backend { get; }

    public RelayConnection Connection { get; }

    public Task Running { get; }

    public static async Task<RelayHarness> StartAsync(bool strict = true, long maxMessageSize = 1 << 20)
    {
        var (clientFar, clientNear) = await PairAsync();
        var (backendNear, backendFar) = await PairAsync();
        var clock = TimeProvider.System;
        var listener = new ListenerRuntime(new ListenerConfig { Id = "test", Bindings = ["127.0.0.1:0"], MaxMessageSize = maxMessageSize }, new WorkerScheduler());
        var config = new ApiConfig
        {
            Id = "api",
            Name = "api",
            Context = "/api",
            Version = "v1",
            Endpoints = new ApiEndpointsConfig { Production = new BackendGroupConfig { Urls = ["ws://127.0.0.1:9/"] } },
        };
        var registry = new ConnectionRegistry(NullLogger<ConnectionRegistry>.Instance);
        var metrics = new GatewayMetrics(registry, new WorkerScheduler());
        var analytics = new GatewayAnalytics(metrics, new MetricsCollector(metrics), new UsageRecorder(clock), new FailureLog(), new OtlpExport(NullLogger<OtlpExport>.Instance), clock, NullLogger<GatewayAnalytics>.Instance);
        var services = new RelayServices(new BackendConnector(new LiveConfig()), analytics, clock, NullLogger.Instance);
        var endpoint = new BackendEndpoint(new Uri("ws://127.0.0.1:9/"));
        var binding = new ApiBinding(new ApiRuntime(config, clock), BackendEnvironment.Production, endpoint.Url);
        var connection = new RelayConnection(
            "relay-test",
            new SocketTransport(clientNear),
            new BackendConnection(new SocketTransport(backendNear), new Dictionary<string, string>()),
            endpoint,
            strict,
            deflate: false,
            listener,
            "/api/v1",
            null,
            binding,
            new BackendRequest(config, "", "", [], []),
            null,
            services);
        return new RelayHarness(clientFar, backendFar, connection);
    }

    private static async Task<(Socket A, Socket B)> PairAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        var accepting = listener.AcceptAsync();
        await a.ConnectAsync(listener.LocalEndPoint!);
        var b = await accepting;
        b.NoDelay = true;
        return (a, b);
    }

    /// <summary>Waits for the relay to end (both sides hung up); fails the test if it does not within 10 s.</summary>
    public Task EndedAsync() => Running.WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Backend.Dispose();
        try
        {
            await Running.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }
    }
}
