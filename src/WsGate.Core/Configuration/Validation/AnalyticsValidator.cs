using WsGate.Configuration.Analytics;
using WsGate.Configuration.Secrets;

namespace WsGate.Configuration.Validation;

public static class AnalyticsValidator
{
    public static void Validate(AnalyticsConfig analytics, ErrorSink errors)
    {
        if (analytics.RetentionDays is < 1 or > 3650)
        {
            errors.Add("retentionDays", "must be from 1 to 3650 (ten years)");
        }

        if (analytics.Otlp is not { } otlp)
        {
            return;
        }

        var at = errors.At("otlp");
        if (!HttpNames.IsHttpUrl(otlp.Endpoint, out var uri))
        {
            at.Add("endpoint", $"must be an http or https URL such as http://127.0.0.1:4318, not '{SecretValues.MaskUrlValue(otlp.Endpoint)}'");
        }
        else if (uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            at.Add("endpoint", "must not carry a query, fragment or user info; send credentials with headers");
        }

        if (otlp.ExportIntervalMs is < 1000 or > 3_600_000)
        {
            at.Add("exportIntervalMs", "must be from 1000 to 3600000");
        }

        foreach (var (name, value) in otlp.Headers)
        {
            if (!HttpNames.IsHeaderName(name))
            {
                at.Add($"headers.{name}", "is not a valid HTTP header name");
            }
            else if (value.Any(c => c is '\r' or '\n' or '\0'))
            {
                at.Add($"headers.{name}", "must not contain line breaks or NUL");
            }
        }
    }
}
