using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Identity;
using WsGate.Diagnostics;

namespace WsGate.Identity;

/// <summary>
/// The <c>forward</c> mode, as nginx's <c>auth_request</c> and Kong's forward auth: the handshake's cookies and the
/// configured headers go to the web application's endpoint with GET; a 2xx answer admits with the user and groups its
/// headers name, 401 and 403 refuse with that status (a redirect to a login page counts as 401, any other 4xx as 403).
/// The endpoint's failure never admits: a 5xx answer refuses with 502, no answer within the timeout or no connection
/// with 503. Answers (admissions and refusals, never failures) are reused for the same cookies and headers for
/// <see cref="ForwardAuthConfig.CacheSeconds"/>.
/// </summary>
public sealed class ForwardAuthenticator : IDisposable
{
    private const int MaxUserLength = 256;
    private const int MaxGroups = 256;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger<ForwardAuthenticator> _logger;

    // One cache per configuration instance: a changed configuration starts with an empty cache.
    private readonly ConditionalWeakTable<ForwardAuthConfig, ForwardAuthCache> _caches = [];

    public ForwardAuthenticator(TimeProvider time, ILogger<ForwardAuthenticator> logger)
    {
        _time = time;
        _logger = logger;

        // Redirects are the application's "log in first" and must reach the mapping below; cookies are the client's,
        // never a jar shared between clients. The timeout is per request (the configuration's), so the client's own is off.
#pragma warning disable CA2000 // The client owns the handler (disposeHandler: true); the client is disposed with this class.
        _http = new HttpClient(
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            },
            disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
#pragma warning restore CA2000
    }

    /// <summary>The cookies or one of the forwarded headers are on the handshake.</summary>
    public static bool HasCredentials(HttpRequest request, ForwardAuthConfig forward) =>
        request.Headers.Cookie.Count > 0 || forward.Headers.Any(h => request.Headers.ContainsKey(h));

    public async Task<AuthResult> AuthenticateAsync(HttpContext context, ForwardAuthConfig forward, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var sent = new List<(string Name, string Value)>();
        if (request.Headers.Cookie.Count > 0)
        {
            sent.Add(("Cookie", string.Join("; ", request.Headers.Cookie.ToArray())));
        }

        foreach (var name in forward.Headers)
        {
            if (request.Headers.TryGetValue(name, out var values))
            {
                sent.Add((name, values.ToString()));
            }
        }

        var cache = _caches.GetValue(forward, _ => new ForwardAuthCache(_time));
        var key = CacheKey(sent);
        if (forward.CacheSeconds > 0 && cache.TryGet(key, out var cached))
        {
            return cached;
        }

        using var message = new HttpRequestMessage(HttpMethod.Get, forward.Url);
        foreach (var (name, value) in sent)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        // What the handshake was, as Traefik's and Kong's forward auth tell the endpoint.
        message.Headers.TryAddWithoutValidation("X-Forwarded-Method", request.Method);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", request.IsHttps ? "https" : "http");
        message.Headers.TryAddWithoutValidation("X-Forwarded-Host", request.Host.Value);
        message.Headers.TryAddWithoutValidation("X-Forwarded-Uri", request.PathBase + request.Path);
        if (context.Connection.RemoteIpAddress is { } remote)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-For", remote.ToString());
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(forward.TimeoutMs), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        int status;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable(forward, $"no answer within {forward.TimeoutMs} ms");
        }
        catch (HttpRequestException e)
        {
            return Unavailable(forward, e.Message);
        }

        using (response)
        {
            status = (int)response.StatusCode;
            AuthResult result;
            if (status is >= 200 and < 300)
            {
                result = AuthResult.Success(Principal(response, forward));
            }
            else if (status is 401 or (>= 300 and < 400))
            {
                result = AuthFailure.Unauthorized("forward_unauthorized", $"the application's endpoint refused the session ({status})");
            }
            else if (status is >= 400 and < 500)
            {
                result = AuthFailure.Forbidden("forward_forbidden", $"the application's endpoint refused the session ({status})");
            }
            else
            {
                IdentityLog.ForwardEndpointError(_logger, forward.Url, status, StatusCodes.Status502BadGateway);
                return new AuthFailure(StatusCodes.Status502BadGateway, "forward_error", $"the application's endpoint failed ({status})");
            }

            if (forward.CacheSeconds > 0)
            {
                cache.Add(key, result, TimeSpan.FromSeconds(forward.CacheSeconds), forward.CacheSize);
            }

            return result;
        }
    }

    public void Dispose() => _http.Dispose();

    private AuthFailure Unavailable(ForwardAuthConfig forward, string reason)
    {
        IdentityLog.ForwardEndpointFailed(_logger, forward.Url, reason, StatusCodes.Status503ServiceUnavailable);
        return new AuthFailure(StatusCodes.Status503ServiceUnavailable, "forward_unavailable", "the application's session endpoint cannot be reached", TimeSpan.FromSeconds(5));
    }

    private static ConnectionPrincipal Principal(HttpResponseMessage response, ForwardAuthConfig forward)
    {
        var user = Header(response, forward.UserHeader);
        if (user is { Length: > MaxUserLength })
        {
            user = user[..MaxUserLength];
        }

        var groups = (Header(response, forward.GroupsHeader) ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxGroups)
            .ToArray();
        return new ConnectionPrincipal(AuthMode.Forward, user is { Length: > 0 } ? user : null, groups, External: true);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values).Trim() : null;

    /// <summary>A hash of what was sent, so the cache never holds a session cookie itself.</summary>
    private static string CacheKey(List<(string Name, string Value)> sent)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in sent)
        {
            text.Append(name.ToLowerInvariant()).Append('\0').Append(value).Append('\0');
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
