using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using WsGate.Admission;
using WsGate.Analytics;

namespace WsGate.Http;

/// <summary>Refuses a handshake before any upgrade with an RFC 7807 problem body saying why.</summary>
public static class HandshakeProblem
{
    public static Task WriteAsync(HttpContext context, int status, string title, string detail, TimeSpan? retryAfter = null) =>
        WriteAsync(context, new HandshakeRejection(status, title, detail, retryAfter));

    public static async Task WriteAsync(HttpContext context, HandshakeRejection rejection)
    {
        HandshakeTrace.Of(context)?.Refused(rejection);
        var response = context.Response;
        response.StatusCode = rejection.Status;
        response.ContentType = "application/problem+json";
        if (rejection.RetryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        if (rejection.Headers is not null)
        {
            foreach (var (name, value) in rejection.Headers)
            {
                response.Headers[name] = value;
            }
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new { type = "about:blank", title = rejection.Title, status = rejection.Status, detail = rejection.Detail });
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
