using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WsGate.FunctionalTests.Identity;

/// <summary>
/// A web application's session check on 127.0.0.1, for the forward mode: it answers by the <c>session</c> cookie (or
/// an <c>X-Session-Token</c> header). <c>good…</c> is 200 naming user <c>webuser</c> in groups <c>staff</c> and
/// <c>web</c>; <c>forbidden</c> is 403, <c>redirect</c> a 302 to a login page, <c>broken</c> 500, <c>slow</c> never
/// answers; anything else (or nothing) is 401. Every request is recorded.
/// </summary>
public sealed class SessionEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SessionEndpoint(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    /// <summary>How many requests carried this session value.</summary>
    public int CallsWith(string session) => Requests.Count(r => r.TryGetValue("Cookie", out var cookie) && cookie.Contains("session=" + session, StringComparison.Ordinal));

    public static async Task<SessionEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        SessionEndpoint? self = null;
        app.Run(async context =>
        {
            self!.Requests.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            var session = context.Request.Cookies["session"] ?? context.Request.Headers["X-Session-Token"].ToString();
            switch (session)
            {
                case var good when good.StartsWith("good", StringComparison.Ordinal):
                    context.Response.Headers["X-Auth-Request-User"] = "webuser";
                    context.Response.Headers["X-Auth-Request-Groups"] = "staff, web";
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    break;
                case "forbidden":
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    break;
                case "redirect":
                    context.Response.Headers.Location = "/login";
                    context.Response.StatusCode = StatusCodes.Status302Found;
                    break;
                case "broken":
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                    break;
                case "slow":
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
                default:
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    break;
            }
        });
        await Task.Run(() => app.StartAsync());
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new SessionEndpoint(app, new Uri(new Uri(address), "/session/check"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
