using WsGate.Configuration.Apis;
using WsGate.Configuration.Captures;

namespace WsGate.Configuration.Validation;

/// <summary>Checks a capture request whole: its target exists and is seen message by message, its bounds, sampling and redactions.</summary>
public static class CaptureRequestValidator
{
    public static void Validate(CaptureRequest request, GatewayConfig config, ErrorSink errors)
    {
        ValidateTarget(request.Target, config, errors.At("target"));
        if (request.MaxMessages is < 1 or > CaptureLimits.MaxMessages)
        {
            errors.Add("maxMessages", $"is required: 1 to {CaptureLimits.MaxMessages}");
        }

        if (request.MaxBytes is < 1 or > CaptureLimits.MaxBytes)
        {
            errors.Add("maxBytes", $"is required: 1 to {CaptureLimits.MaxBytes}");
        }

        if (request.DurationMs is < 1 or > CaptureLimits.MaxDurationMs)
        {
            errors.Add("durationMs", $"is required: 1 to {CaptureLimits.MaxDurationMs} (one hour)");
        }

        if (!(request.SampleRate > 0 && request.SampleRate <= 1))
        {
            errors.Add("sampleRate", "must be above 0 and at most 1");
        }

        var redact = errors.At("redact");
        if (request.Redact.JsonPaths.Count > CaptureLimits.MaxRedactions)
        {
            redact.Add("jsonPaths", $"at most {CaptureLimits.MaxRedactions} paths");
        }

        for (var i = 0; i < request.Redact.JsonPaths.Count; i++)
        {
            if (!JsonPropertyPath.TryParse(request.Redact.JsonPaths[i], out _))
            {
                redact.Add($"jsonPaths[{i}]", JsonPropertyPath.Rule);
            }
        }

        if (request.Redact.Headers.Count > CaptureLimits.MaxRedactions)
        {
            redact.Add("headers", $"at most {CaptureLimits.MaxRedactions} headers");
        }

        for (var i = 0; i < request.Redact.Headers.Count; i++)
        {
            if (!HttpNames.IsHeaderName(request.Redact.Headers[i]))
            {
                redact.Add($"headers[{i}]", "must be a header name (an RFC 9110 token)");
            }
        }
    }

    private static void ValidateTarget(CaptureTarget target, GatewayConfig config, ErrorSink errors)
    {
        if (string.IsNullOrEmpty(target.Api))
        {
            errors.Add("api", "is required");
            return;
        }

        var api = config.FindApi(target.Api);
        if (api is null)
        {
            errors.Add("api", $"no API '{target.Api}'");
            return;
        }

        if (api.RelayMode != RelayMode.Frames)
        {
            errors.Add("api", $"API '{api.Id}' is relayed in {api.RelayMode.ToString().ToLowerInvariant()} mode, which carries raw bytes; captures need frames mode");
        }

        if (target.Route is { } route)
        {
            if (api.Routing is null)
            {
                errors.Add("route", $"API '{api.Id}' has no content-based routing");
            }
            else if (route == "$default" ? api.Routing.Default is null : !api.Routing.Routes.ContainsKey(route))
            {
                errors.Add("route", $"API '{api.Id}' has no route '{route}' (routes: {string.Join(", ", api.Routing.Default is null ? api.Routing.Routes.Keys : api.Routing.Routes.Keys.Append("$default"))})");
            }
        }

        if (target.ConnectionId is { Length: 0 or > 128 })
        {
            errors.Add("connectionId", "must be 1-128 characters when given");
        }
    }
}
