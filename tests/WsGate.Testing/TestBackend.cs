using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsGate.Testing;

/// <summary>
/// A real Kestrel WebSocket backend on 127.0.0.1 for gateway tests, with paths that behave in the ways a gateway must
/// cope with: echo, name announcement, subprotocol choice, close codes, a dropped connection, invalid frames, refusal.
/// </summary>
public sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(WebApplication app, string name, Uri baseUri)
    {
        _app = app;
        Name = name;
        BaseUri = baseUri;
    }

    public string Name { get; }

    /// <summary><c>ws://127.0.0.1:port</c> or <c>wss://localhost:port</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>Handshake requests seen, newest last: path and query, and headers.</summary>
    public ConcurrentQueue<SeenHandshake> Handshakes { get; } = new();

    /// <summary>Close codes the backend received from its peer (WsGate).</summary>
    public ConcurrentQueue<(WebSocketCloseStatus? Status, string? Reason)> ClosesReceived { get; } = new();

    public int OpenConnections => _open;

    private int _open;

    public Uri Url(string path) => new(BaseUri, path);

    /// <summary>Starts the backend on <paramref name="port"/>, or on a port the OS picks when it is 0.</summary>
    public static async Task<TestBackend> StartAsync(string name = "backend", TestCertificates? tls = null, bool requireClientCertificate = false, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l =>
        {
            if (tls is not null)
            {
                l.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = tls.ServerCertificate,
                    ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
                    ClientCertificateValidation = (_, _, _) => true,
                });
            }
        }));
        var app = builder.Build();
        TestBackend? self = null;
        app.UseWebSockets();
        app.Run(context => self!.HandleAsync(context));
        await Task.Run(() => app.StartAsync());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address).Port;
        self = new TestBackend(app, name, new Uri(tls is null ? $"ws://127.0.0.1:{bound}" : $"wss://localhost:{bound}"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        Handshakes.Enqueue(new SeenHandshake(
            path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (path.StartsWith("/reject", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (path.StartsWith("/garbage", StringComparison.Ordinal))
        {
            await SendGarbageAsync(context);
            return;
        }

        var requested = context.WebSockets.WebSocketRequestedProtocols;
        var chosen = requested.FirstOrDefault(p => p is "chat.v2" or "json");
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = chosen,
            DangerousEnableCompression = true,
        });
        Interlocked.Increment(ref _open);
        try
        {
            await RunAsync(socket, path, context);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _open);
        }
    }

    private async Task RunAsync(WebSocket socket, string path, HttpContext context)
    {
        if (path.StartsWith("/name", StringComparison.Ordinal))
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(Name), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        else if (path.StartsWith("/headers", StringComparison.Ordinal))
        {
            var seen = new { path = context.Request.Path.Value, query = context.Request.QueryString.Value, headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()), subProtocol = socket.SubProtocol };
            await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(seen), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        else if (path.StartsWith("/close-with", StringComparison.Ordinal))
        {
            var code = int.Parse(context.Request.Query["code"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, context.Request.Query["reason"], CancellationToken.None);
        }

        var buffer = new byte[64 * 1024];
        var messages = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                ClosesReceived.Enqueue((socket.CloseStatus, socket.CloseStatusDescription));
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatus is null ? null : socket.CloseStatusDescription, CancellationToken.None);
                }

                return;
            }

            if (result.EndOfMessage && ++messages == 2 && path.StartsWith("/drop-on-second", StringComparison.Ordinal))
            {
                // Cut the TCP connection without a close frame or an echo: the backend is lost.
                context.Abort();
                return;
            }

            // A sink takes every message and answers none: a backend that has gone quiet.
            if (!path.StartsWith("/sink", StringComparison.Ordinal))
            {
                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, CancellationToken.None);
            }
        }
    }

    /// <summary>Completes the upgrade by hand, then sends a frame with RSV1 set (invalid without an extension, RFC 6455 section 5.2).</summary>
    private static async Task SendGarbageAsync(HttpContext context)
    {
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        // RFC 6455 section 4.2.2 fixes SHA-1 for Sec-WebSocket-Accept; it is not used for security here.
#pragma warning disable CA5350
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
#pragma warning restore CA5350
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers.SecWebSocketAccept = accept;
        var stream = await context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
        await stream.WriteAsync(new byte[] { 0xC1, 0x03, (byte)'b', (byte)'a', (byte)'d' });
        await stream.FlushAsync();
        var buffer = new byte[1024];
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            while (await stream.ReadAsync(buffer, timeout.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
        }
    }

    public sealed record SeenHandshake(string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
}
