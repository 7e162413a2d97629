using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WsGate.Configuration.Rules;
using WsGate.Diagnostics;
using WsGate.Http;
using WsGate.Listeners;

namespace WsGate.Rules;

/// <summary>
/// RoboTask's "WebSocket Server On HTTP Request": a plain HTTP request to a path a rule claims on a listener goes to
/// that rule instead of the HTTP fallback. The request is queued like any rule event; the answer is the rule's respond
/// action, 204 when it has none, 503 when the queue is full and 504 when the rule does not finish in time.
/// </summary>
public sealed class HttpRuleHandler(RuleQueue queue, TimeProvider time, ILogger<HttpRuleHandler> logger)
{
    public const int MaxBodyBytes = 64 * 1024;
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Handles the request when a rule claims its path and method; false lets the HTTP fallback answer it.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, ListenerRuntime listener, string path)
    {
        var request = context.Request;
        if (queue.Index.HttpRuleFor(listener.Id, path, request.Method) is not { } ruleId)
        {
            return false;
        }

        if (request.ContentLength is > MaxBodyBytes)
        {
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Body too large", $"an HTTP trigger takes at most {MaxBodyBytes} bytes");
            return true;
        }

        var body = await ReadBodyAsync(request);
        if (body is null)
        {
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Body too large", $"an HTTP trigger takes at most {MaxBodyBytes} bytes");
            return true;
        }

        var http = new HttpTriggerRequest(
            ruleId,
            request.Method,
            path,
            request.QueryString.Value ?? "",
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        var accepted = queue.Offer(new RuleEvent
        {
            Trigger = TriggerType.HttpRequest,
            Source = RuleSource.Http,
            SourceId = path,
            ListenerId = listener.Id,
            Http = http,
            Payload = Encoding.UTF8.GetBytes(body),
            At = time.GetUtcNow(),
        });
        if (!accepted)
        {
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Busy", "the rule queue is full; try again later", TimeSpan.FromSeconds(1));
            return true;
        }

        HttpAnswer answer;
        try
        {
            answer = await http.Answer.WaitAsync(AnswerTimeout, time, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            RuleLog.HttpTimeout(logger, path, listener.Id, ruleId);
            await HandshakeProblem.WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Rule timeout", $"rule '{ruleId}' did not answer in {AnswerTimeout.TotalSeconds} s");
            return true;
        }

        var response = context.Response;
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Body);
        if (bytes.Length > 0 || answer.ContentType is not null)
        {
            response.ContentType = answer.ContentType ?? "text/plain; charset=utf-8";
        }

        response.ContentLength = bytes.Length;
        if (!HttpMethods.IsHead(request.Method) && bytes.Length > 0)
        {
            await response.Body.WriteAsync(bytes, context.RequestAborted);
        }

        return true;
    }

    private static async Task<string?> ReadBodyAsync(HttpRequest request)
    {
        var buffer = new byte[MaxBodyBytes + 1];
        var filled = 0;
        while (filled < buffer.Length)
        {
            var read = await request.Body.ReadAsync(buffer.AsMemory(filled), request.HttpContext.RequestAborted);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled > MaxBodyBytes ? null : Encoding.UTF8.GetString(buffer, 0, filled);
    }
}
