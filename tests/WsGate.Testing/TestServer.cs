using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using WsGate.Cluster;
using WsGate.Server.Hosting;

namespace WsGate.Testing;

/// <summary>
/// A real WsGate started in-process exactly as <c>wsgate serve</c> starts it: its own SQLite file in a temp folder, the
/// admin API and the default listener on 127.0.0.1 with ports the OS picks. Given a <c>store</c> (a PostgreSQL URL from
/// <see cref="PostgresServer"/>), several TestServers are the nodes of one cluster.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string AdminPassword = "test-admin-password";

    private readonly Action<IServiceCollection>? _configureServices;
    private readonly TimeSpan _drainTimeout;
    private readonly bool _ownsFolder;
    private readonly string? _store;
    private readonly ClusterOptions _cluster;

    private TestServer(string folder, bool ownsFolder, Action<IServiceCollection>? configureServices, TimeSpan drainTimeout, string? store, ClusterOptions? cluster)
    {
        Folder = folder;
        _ownsFolder = ownsFolder;
        _configureServices = configureServices;
        _drainTimeout = drainTimeout;
        _store = store;
        _cluster = cluster ?? new ClusterOptions();
        Admin = new HttpClient();
    }

    public string Folder { get; }

    public string DataPath => Path.Combine(Folder, "data", "wsgate.db");

    public WsGateServer Server { get; private set; } = null!;

    /// <summary>An HTTP client for the admin API, already carrying the admin's Basic credentials.</summary>
    public HttpClient Admin { get; private set; }

    public Uri AdminAddress => Admin.BaseAddress!;

    public CapturingLoggerProvider Logs { get; } = new();

    public static async Task<TestServer> StartAsync(
        Action<IServiceCollection>? configureServices = null,
        TimeProvider? time = null,
        TimeSpan? drainTimeout = null,
        string? folder = null,
        string? store = null,
        ClusterOptions? cluster = null)
    {
        var owns = folder is null;
        folder ??= Directory.CreateTempSubdirectory("wsgate-test-").FullName;
        Action<IServiceCollection>? configure = configureServices;
        if (time is not null)
        {
            configure = s =>
            {
                s.Replace(ServiceDescriptor.Singleton(time));
                configureServices?.Invoke(s);
            };
        }

        var server = new TestServer(folder, owns, configure, drainTimeout ?? TimeSpan.FromSeconds(5), store, cluster);
        await server.StartServerAsync();
        if (time is not null && owns)
        {
            // WsGate's keepalive runs on its clock: a test that moves a manual clock by minutes while connections are open
            // would time out pongs that are still on their way. Tests of the keepalive itself turn it back on.
            await server.ConfigureListenerAsync("default", listener => listener["keepAliveIntervalMs"] = 0);
        }

        return server;
    }

    /// <summary>Stops WsGate (draining as on SIGTERM) and starts it again on the same store.</summary>
    public async Task RestartAsync()
    {
        await StopServerAsync();
        await StartServerAsync();
    }

    /// <summary>Stops WsGate as SIGTERM would: drains every WebSocket with 1001, then unbinds.</summary>
    public async Task StopServerAsync()
    {
        await Server.StopAsync();
        await Server.DisposeAsync();
        Admin.Dispose();
    }

    /// <summary>The ws:// base address of a running listener's first binding, for example <c>ws://127.0.0.1:41234</c>.</summary>
    public Uri ListenerUri(string listenerId = "default", string path = "/")
    {
        var runtime = Server.Listeners.Find(listenerId) ?? throw new InvalidOperationException($"no listener '{listenerId}'");
        var addresses = runtime.BoundAddresses;
        var address = addresses.Count > 0 ? addresses[0] : throw new InvalidOperationException($"listener '{listenerId}' is {runtime.State}: {runtime.FailureReason}");
        return new Uri(address + path);
    }

    public Uri EchoUri => ListenerUri("default", "/echo");

    /// <summary>Changes a listener's configuration through the admin API (read, edit, PUT), failing on any refusal.</summary>
    public async Task ConfigureListenerAsync(string listenerId, Action<System.Text.Json.Nodes.JsonObject> change)
    {
        var view = System.Text.Json.Nodes.JsonNode.Parse((await GetJsonAsync($"/api/v1/listeners/{listenerId}")).GetRawText())!;
        var config = view["config"]!.AsObject();
        change(config);
        using var requestBody = new StringContent(config.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Admin.PutAsync($"/api/v1/listeners/{listenerId}", requestBody);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"PUT /api/v1/listeners/{listenerId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    public Uri ChannelUri => ListenerUri("default", "/channel");

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Admin.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body, JsonOptions), Encoding.UTF8, "application/json");
        return await Admin.PostAsync(path, content);
    }

    public async Task<HttpResponseMessage> PutJsonAsync(string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body, JsonOptions), Encoding.UTF8, "application/json");
        return await Admin.PutAsync(path, content);
    }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopServerAsync();
        }
        catch (ObjectDisposedException)
        {
        }

        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task StartServerAsync()
    {
        // Started off the test framework's synchronization context, as `wsgate serve` starts: nothing the server begins
        // while starting may queue its continuations behind the test runner's few worker threads.
        Server = await Task.Run(() => WsGateServer.StartAsync(
            new ServerOptions
            {
                DataPath = DataPath,
                Store = _store,
                Cluster = _cluster,
                AdminBindings = ["127.0.0.1:0"],
                DefaultListenerBindings = ["127.0.0.1:0"],
                AdminPassword = AdminPassword,
                DrainTimeout = _drainTimeout,
                LogLevel = LogLevel.Debug,
            },
            _configureServices,
            logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(Logs);
            }));
        Admin = new HttpClient { BaseAddress = new Uri(Server.AdminAddresses[0]) };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AdminPassword)));
    }
}
