using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using WsGate.Configuration;
using WsGate.Configuration.Apis;
using WsGate.Routing;
using WsGate.Tls;

namespace WsGate.Forwarding;

/// <summary>
/// Opens the backend leg of a relay with <see cref="ClientWebSocket"/> over a handler built per TLS configuration (CA
/// bundle, client certificate, SNI override), and turns every failure into a reason an operator can act on.
/// </summary>
public sealed class BackendConnector(ApiManager apis) : IDisposable
{
    private static readonly HashSet<string> NotForwardable = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Upgrade", "Content-Length", "Transfer-Encoding", "Keep-Alive", "TE", "Trailer", "Proxy-Connection",
        "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Sec-WebSocket-Extensions", "Sec-WebSocket-Protocol", "Sec-WebSocket-Accept",
    };

    private readonly ConcurrentDictionary<(BackendTlsConfig Tls, CertificateConfig? Client, int TimeoutMs), HttpMessageInvoker> _invokers = new();

    public static bool CanForward(string header) => !NotForwardable.Contains(header);

    public async Task<ClientWebSocket> ConnectAsync(BackendRequest request, Uri endpoint, CancellationToken cancellationToken)
    {
        var target = request.TargetFor(endpoint);
        var socket = new ClientWebSocket();
        var options = socket.Options;
        options.CollectHttpResponseDetails = true;
        options.KeepAliveInterval = request.KeepAliveInterval;
        options.KeepAliveTimeout = request.KeepAliveTimeout;
        foreach (var protocol in request.SubProtocols)
        {
            options.AddSubProtocol(protocol);
        }

        foreach (var (name, value) in request.Headers)
        {
            options.SetRequestHeader(name, value);
        }

        if (request.Compression)
        {
            options.DangerousDeflateOptions = new WebSocketDeflateOptions();
        }

        if (request.Api.BackendTls.SniOverride is { } sni && target.Scheme == "wss")
        {
            // SocketsHttpHandler takes the TLS server name (SNI and the name validated) from the Host header, else the
            // URL, and overwrites SslOptions.TargetHost with it; so the override has to travel as the Host header.
            var host = Uri.CheckHostName(sni) == UriHostNameType.IPv6 ? $"[{sni}]" : sni;
            options.SetRequestHeader("Host", target.IsDefaultPort ? host : $"{host}:{target.Port}");
        }

        var timeoutMs = request.Api.ConnectTimeoutMs;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(timeoutMs);
        try
        {
            await socket.ConnectAsync(target, InvokerFor(request.Api), timeout.Token);
            return socket;
        }
        catch (Exception ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new BackendConnectException(target, Describe(ex, timeoutMs, status), status is 0 or HttpStatusCode.SwitchingProtocols ? null : (int)status, ex);
        }
    }

    public void Dispose()
    {
        foreach (var invoker in _invokers.Values)
        {
            invoker.Dispose();
        }
    }

    private HttpMessageInvoker InvokerFor(ApiConfig api)
    {
        var tls = api.BackendTls;
        var client = tls.ClientCertificate is null ? null : apis.Config.FindCertificate(tls.ClientCertificate);
        return _invokers.GetOrAdd((tls, client, api.ConnectTimeoutMs), key => new HttpMessageInvoker(CreateHandler(key.Tls, key.Client, key.TimeoutMs)));
    }

    private static SocketsHttpHandler CreateHandler(BackendTlsConfig tls, CertificateConfig? clientCertificate, int timeoutMs)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromMilliseconds(timeoutMs),
            PooledConnectionLifetime = TimeSpan.Zero,
        };
        // tls.SniOverride is applied as the Host header in ConnectAsync: SocketsHttpHandler ignores SslOptions.TargetHost.
        BackendTls.Apply(handler.SslOptions, tls, clientCertificate);
        return handler;
    }

    private static string Describe(Exception ex, int timeoutMs, HttpStatusCode status)
    {
        if (status is not 0 and not HttpStatusCode.SwitchingProtocols)
        {
            return $"the backend answered the upgrade with HTTP {(int)status}";
        }

        if (ex is OperationCanceledException)
        {
            return $"connect timeout after {timeoutMs} ms";
        }

        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException socket:
                    return socket.SocketErrorCode switch
                    {
                        SocketError.ConnectionRefused => "connection refused",
                        SocketError.HostNotFound or SocketError.NoData => "host not found (DNS)",
                        SocketError.TimedOut => $"connect timeout after {timeoutMs} ms",
                        _ => socket.Message,
                    };
                case AuthenticationException auth:
                    return "TLS handshake failed: " + (auth.InnerException?.Message ?? auth.Message);
                case TimeoutException:
                    return $"connect timeout after {timeoutMs} ms";
            }
        }

        return ex.Message;
    }
}
