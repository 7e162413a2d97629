using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsGate.Testing;

/// <summary>
/// A local HTTP server on 127.0.0.1 that records every request it receives (webhooks, OTLP exports) and answers 200; it
/// can fail the first calls to test retries.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    public Uri Url(string path) => new(BaseUri, path);

    /// <summary>The next <paramref name="count"/> calls are answered with 500.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failuresLeft, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        WebhookReceiver? self = null;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            self!.Requests.Enqueue(new Received(
                context.Request.Method,
                context.Request.Path.Value ?? "/",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body.ToArray()));
            context.Response.StatusCode = Interlocked.Decrement(ref self._failuresLeft) >= 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
        });
        await Task.Run(() => app.StartAsync());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new WebhookReceiver(app, new Uri(address));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record Received(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Content)
    {
        /// <summary>The body as UTF-8 text.</summary>
        public string Body => System.Text.Encoding.UTF8.GetString(Content);
    }
}
