using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WsGate.Configuration;
using WsGate.Configuration.Validation;
using WsGate.Connections;
using WsGate.Diagnostics;

namespace WsGate.Listeners;

/// <summary>
/// One listener's Kestrel server: its own bindings, backlog, TLS and connection middleware, so that one listener can be
/// started, rebound or stopped without touching the others. IP access is connection middleware, ahead of TLS and HTTP,
/// as Kestrel's own connection limits are.
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
        X509Certificate2? certificate,
        ConnectionPipeline pipeline,
        bool inlineIo,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var config = runtime.Config;
        var logger = loggerFactory.CreateLogger("WsGate.Listeners.Listener");
        var handoff = new TransportHandoffMiddleware(config.Id, time, logger);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "WsGate.Listener." + config.Id });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseSockets(o =>
        {
            o.Backlog = config.Backlog;
            o.UnsafePreferInlineScheduling = inlineIo;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var text in config.Bindings)
            {
                var binding = BindAddress.Parse(text);
                kestrel.Listen(binding.Address, binding.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.Use(next => connection =>
                    {
                        var remote = (connection.RemoteEndPoint as IPEndPoint)?.Address;
                        if (!runtime.Access.IsAllowed(remote))
                        {
                            runtime.Counters.CountDeniedByAccess();
                            ListenerLog.AccessDenied(logger, config.Id, remote?.ToString() ?? "?");
                            connection.Abort();
                            return Task.CompletedTask;
                        }

                        return next(connection);
                    });
                    if (config.Protocol == ListenerProtocol.Wss && certificate is not null)
                    {
                        listen.UseHttps(new HttpsConnectionAdapterOptions
                        {
                            ServerCertificate = certificate,
                            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        });
                    }

                    // Innermost, so an accepted WebSocket takes over the (decrypted) transport when its HTTP request ends.
                    listen.Use(next => connection => handoff.OnConnectionAsync(connection, next));
                });
            }
        });

        var app = builder.Build();
        app.UseWebSockets();
        app.Run(context => TransportHandoffMiddleware.RunRequestAsync(context, c => pipeline.HandleAsync(c, runtime)));
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
