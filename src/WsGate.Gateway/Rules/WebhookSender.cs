using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using WsGate.Diagnostics;

namespace WsGate.Rules;

/// <summary>
/// Calls rule webhooks: each attempt bounded by the action's timeout; a network error, timeout, 408, 429 or 5xx is
/// retried after 0.5 s, 1 s, 2 s … (on the injected clock); any other answer is final.
/// </summary>
public sealed class WebhookSender(TimeProvider time, ILogger<WebhookSender> logger) : IDisposable
{
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(500);

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>True when an attempt got a 2xx or 3xx answer.</summary>
    public async Task<bool> SendAsync(
        string ruleId,
        Uri url,
        string method,
        IReadOnlyList<(string Name, string Value)> headers,
        string body,
        string? contentType,
        int timeoutMs,
        int retries,
        CancellationToken cancellationToken)
    {
        var reason = "";
        for (var attempt = 1; attempt <= retries + 1; attempt++)
        {
            bool retryable;
            try
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), url);
                if (!Microsoft.AspNetCore.Http.HttpMethods.IsGet(method) && !Microsoft.AspNetCore.Http.HttpMethods.IsHead(method))
                {
                    request.Content = new StringContent(body, Encoding.UTF8);
                    request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType ?? "text/plain; charset=utf-8");
                }

                foreach (var (name, value) in headers)
                {
                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        request.Content?.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(timeoutMs);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 400)
                {
                    return true;
                }

                reason = $"HTTP {status}";
                retryable = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                reason = $"timeout after {timeoutMs} ms";
                retryable = true;
            }
            catch (HttpRequestException ex)
            {
                reason = ex.Message;
                retryable = true;
            }

            if (!retryable || attempt > retries)
            {
                RuleLog.WebhookFailed(logger, ruleId, url.ToString(), attempt, reason);
                return false;
            }

            var delay = FirstRetryDelay * Math.Pow(2, attempt - 1);
            RuleLog.WebhookRetry(logger, ruleId, url.ToString(), attempt, reason, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken);
        }

        return false;
    }

    public void Dispose() => _http.Dispose();
}
