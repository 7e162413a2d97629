using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Connections;

namespace WsGate.Listeners;

/// <summary>
/// One listener's Kestrel server: its own bindings, backlog and TLS, so that one listener can be started, rebound or
/// stopped without touching the others. Kestrel parses HTTP over <see cref="ListenerTransportFactory"/>'s connections,
/// which apply IP access before TLS and HTTP and let a WebSocket take its socket away after the 101.
/// </summary>
internal sealed class ListenerHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ListenerHost(WebApplication app)
    {
        _app = app;
    }

    public static async Task<(ListenerHost Host, IReadOnlyList<string> Addresses)> StartAsync(
        ListenerRuntime runtime,
        IReadOnlyList<string> bindings,
        X509Certificate2? certificate,
        ConnectionPipeline pipeline,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var config = runtime.Config;
        var logger = loggerFactory.CreateLogger("WsGate.Listeners.Listener");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "WsGate.Listener." + config.Id });
#pragma warning disable CA2000 // A wrapper whose Dispose does nothing: the server owns and disposes the inner factory.
        builder.Services.AddSingleton<ILoggerFactory>(new QuietHostLoggerFactory(loggerFactory));
#pragma warning restore CA2000
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelCore();

        // WsGate's own transport: access rules at accept, TLS, and WebSockets that leave Kestrel after their 101.
        var transport = new ListenerTransportFactory(runtime, config.Protocol == ListenerProtocol.Wss ? certificate : null, time, logger);
        builder.Services.AddSingleton<IConnectionListenerFactory>(transport);
        var http2 = config.Http2 && config.Protocol == ListenerProtocol.Wss && certificate is not null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var text in bindings)
            {
                var binding = BindAddress.Parse(text);
                kestrel.Listen(binding.Address, binding.Port, listen =>
                {
                    if (!http2)
                    {
                        listen.Protocols = HttpProtocols.Http1;
                        return;
                    }

                    // Kestrel chooses HTTP/1.1 or HTTP/2 from ALPN as the connection starts; WsGate's transport runs TLS
                    // after Kestrel has the connection, so the choice waits for the handshake's end.
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.Use(next => async connection =>
                    {
                        if (connection.Features.Get<TlsNegotiation>() is { } tls)
                        {
                            await tls.Completed;
                        }

                        await next(connection);
                    });
                });
            }
        });

        var app = builder.Build();
        app.Run(context => pipeline.HandleAsync(context, runtime));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
        return (new ListenerHost(app), addresses);
    }

    /// <summary>Stops accepting and waits (bounded) for in-flight HTTP requests; WebSockets are closed by the caller first.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
