using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Admin;
using WsGate.Cluster;
using WsGate.Configuration.Validation;
using WsGate.Listeners;
using WsGate.Management;
using WsGate.Storage;

namespace WsGate.Server.Hosting;

/// <summary>
/// The composition root: opens the store, seeds a first start, and runs the admin API with the engine in one host.
/// Public listeners are separate Kestrel servers that the engine starts from the stored configuration. Tests start it
/// in-process exactly as <c>wsgate serve</c> does.
/// </summary>
public sealed class WsGateServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IWsGateStore _store;

    private WsGateServer(WebApplication app, IWsGateStore store, IReadOnlyList<string> adminAddresses, string? generatedPassword)
    {
        _app = app;
        _store = store;
        AdminAddresses = adminAddresses;
        GeneratedAdminPassword = generatedPassword;
    }

    public IServiceProvider Services => _app.Services;

    /// <summary>Where the admin API listens, as <c>http://IP:port</c> with the real port.</summary>
    public IReadOnlyList<string> AdminAddresses { get; }

    /// <summary>The admin password generated on first start, when none was given; printed once.</summary>
    public string? GeneratedAdminPassword { get; }

    public ListenerManager Listeners => _app.Services.GetRequiredService<ListenerManager>();

    /// <summary>Where the store is, without credentials: <c>sqlite:/path</c> or <c>postgres://host:port/database</c>.</summary>
    public string StoreDescription => _store.Describe();

    public string SecretsDescription => _store.DescribeSecrets();

    /// <summary>This node's id (in the <c>nodes</c> table of a shared store).</summary>
    public string NodeId => _app.Services.GetRequiredService<LocalNode>().Id;

    public static string Version =>
        typeof(WsGateServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The runtime switch behind <see cref="IoMode.Inline"/>, read once, when the process first waits on a socket.</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Turns the runtime's inline socket completions on for this process, unless the operator set the variable already.
    /// It must run before the first asynchronous socket operation (the store may be PostgreSQL): the runtime reads it once.
    /// </summary>
    public static void ApplyIoMode(IoMode mode)
    {
        if (mode == IoMode.Inline && Environment.GetEnvironmentVariable(InlineCompletionsVariable) is null)
        {
            Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        }
    }

    public static async Task<WsGateServer> StartAsync(
        ServerOptions options,
        Action<IServiceCollection>? configureServices = null,
        Action<ILoggingBuilder>? configureLogging = null,
        CancellationToken cancellationToken = default)
    {
        foreach (var (text, i) in options.AdminBindings.Select((b, i) => (b, i)))
        {
            if (!BindAddress.TryParse(text, out _, out var error))
            {
                throw new ConfigValidationException($"admin[{i}]", error);
            }
        }

        IWsGateStore store;
        try
        {
            store = StoreFactory.Create(options.StoreSpec, options.Cluster.NodeId);
        }
        catch (FormatException ex)
        {
            throw new ConfigValidationException("store", ex.Message);
        }

        try
        {
            await store.OpenAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }

        try
        {
            if (options.DefaultListenerBindingsGiven)
            {
                await FirstStart.CheckListenAsync(store, options, cancellationToken);
            }

            var generated = await FirstStart.SeedAsync(store, options, TimeProvider.System, cancellationToken);
            var app = Build(options, store, configureServices, configureLogging);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (IOException ex)
            {
                await app.DisposeAsync();
                throw new StoreUnavailableException($"the admin API cannot listen on {string.Join(", ", options.AdminBindings)}: {ex.Message}", ex);
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
            app.Services.GetRequiredService<LocalNode>().AdminAddress = addresses.FirstOrDefault();
            return new WsGateServer(app, store, addresses, generated);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Describes where WsGate listens, for the console at start.</summary>
    public IEnumerable<string> DescribeListening()
    {
        foreach (var address in AdminAddresses)
        {
            yield return $"admin API   {address}  (OpenAPI at {address}/openapi/v1.json)";
        }

        foreach (var listener in Listeners.Listeners)
        {
            var state = listener.State.ToString().ToLowerInvariant();
            if (listener.State != ListenerState.Enabled)
            {
                yield return $"listener    {listener.Id}: {state}{(listener.FailureReason is null ? "" : " - " + listener.FailureReason)}";
                continue;
            }

            // What clients use: the advertised address when the listener has one, else the bound ones.
            var bound = listener.Config.PublicUrl is null ? "" : $" [bound {string.Join(", ", listener.BoundAddresses)}]";
            foreach (var root in ClientUrls.Roots(listener))
            {
                var endpoints = listener.Config.Endpoints.Select(e => $"{root}{e.Path} ({e.Kind.ToString().ToLowerInvariant()})");
                yield return $"listener    {listener.Id}: {string.Join(", ", endpoints.DefaultIfEmpty(root + " (no endpoints)"))}{bound}";
            }
        }
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _store.DisposeAsync();
    }

    private static WebApplication Build(
        ServerOptions options,
        IWsGateStore store,
        Action<IServiceCollection>? configureServices,
        Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = "WsGate",
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // ASP.NET Core's hosting diagnostics log only request start and finish (Information, below the filter above), yet
        // while that category is enabled at all they start an Activity and a log scope for every request and keep them
        // for its lifetime, which for a WebSocket is the connection's: about 300 bytes per open connection, measured.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        configureLogging?.Invoke(builder.Logging);

        // The drain gets its full timeout; the host waits a little longer so it is never cut short.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.DrainTimeout + TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton<IConfigStore>(store);
        builder.Services.AddSingleton(store.Identity);
        builder.Services.AddSingleton<IUserStore>(store.Identity);
        builder.Services.AddSingleton(store.Audit);
        builder.Services.AddSingleton(store.Usage);
        builder.Services.AddSingleton(store.Captures);
        builder.Services.AddSingleton<IMetaStore>(store);
        builder.Services.AddSingleton(options.Cluster);
        if (store is IClusterStore cluster)
        {
            builder.Services.AddWsGateCluster(cluster);
        }

        builder.Services.AddWsGateEngine(new GatewayOptions { DrainTimeout = options.DrainTimeout, ListenerBindings = options.ListenerBindings });
        builder.Services.AddWsGateAdmin(new Admin.AdminOptions { TrustedProxies = options.AdminTrustedProxies });
        configureServices?.Invoke(builder.Services);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var text in options.AdminBindings)
            {
                var binding = BindAddress.Parse(text);
                kestrel.Listen(binding.Address, binding.Port, l => l.Protocols = HttpProtocols.Http1);
            }
        });

        var app = builder.Build();
        app.MapWsGateAdmin();
        return app;
    }
}
