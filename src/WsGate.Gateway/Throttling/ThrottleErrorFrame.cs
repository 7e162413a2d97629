using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WsGate.Throttling;

/// <summary>The error frame a client gets when its message was dropped: the rule's template, or WsGate's default.</summary>
public static class ThrottleErrorFrame
{
    public static byte[] Create(ThrottleRule rule, TimeSpan retryAfter)
    {
        var retryMs = (long)Math.Ceiling(Math.Max(0, retryAfter.TotalMilliseconds));
        if (rule.Config.ErrorMessage is { } template)
        {
            return Encoding.UTF8.GetBytes(template
                .Replace("{retryAfterMs}", retryMs.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{scope}", JsonEncodedText.Encode(rule.Scope).ToString(), StringComparison.Ordinal));
        }

        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            type = "error",
            error = "rate_limited",
            message = "message dropped: " + rule.Describe(),
            retryAfterMs = retryMs,
        });
    }
}
