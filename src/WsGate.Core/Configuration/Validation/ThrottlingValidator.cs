using System.Text.Json;
using System.Text.RegularExpressions;
using WsGate.Configuration.Throttling;

namespace WsGate.Configuration.Validation;

/// <summary>Checks tiers, rate limits and outbound queue bounds: every refusal names the field and what would be accepted.</summary>
public static partial class ThrottlingValidator
{
    /// <summary>Tier names as subscriptions spell them: 1-64 of letters, digits, '_', '-' and '.'.</summary>
    public const string TierNameRule = "must be 1-64 characters of letters, digits, '_', '-' or '.'";

    private const int MaxWindowMs = 86_400_000;

    public static bool IsValidTierName(string? name) => name is not null && TierNamePattern().IsMatch(name);

    /// <summary>Each tier on its own, and names unique ignoring case.</summary>
    public static void ValidateTiers(IReadOnlyList<TierConfig> tiers, ErrorSink errors, string? focusTier = null)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tiers.Count; i++)
        {
            var tier = tiers[i];
            var at = string.Equals(tier.Name, focusTier, StringComparison.OrdinalIgnoreCase) ? errors : errors.At($"[{i}]");
            ValidateTier(tier, at);
            if (!names.Add(tier.Name))
            {
                at.Add("name", $"another tier is named '{tier.Name}' (names are case-insensitive)");
            }
        }
    }

    public static void ValidateTier(TierConfig tier, ErrorSink errors)
    {
        if (!IsValidTierName(tier.Name))
        {
            errors.Add("name", TierNameRule);
        }

        if (tier.Description is { Length: > 1024 })
        {
            errors.Add("description", "must be at most 1024 characters");
        }

        if (tier.Rate is null)
        {
            errors.Add("rate", "is required (an empty object is unlimited)");
        }
        else
        {
            ValidateRate(tier.Rate, errors.At("rate"));
        }

        if (tier.MaxConnectionsPerApplication < 0)
        {
            errors.Add("maxConnectionsPerApplication", "must be 0 (unlimited) or positive");
        }

        if (tier.MaxConnectionsPerUser < 0)
        {
            errors.Add("maxConnectionsPerUser", "must be 0 (unlimited) or positive");
        }
        else if (tier.MaxConnectionsPerUser > 0 && tier.MaxConnectionsPerApplication > 0 && tier.MaxConnectionsPerUser > tier.MaxConnectionsPerApplication)
        {
            errors.Add("maxConnectionsPerUser", $"cannot be met: it exceeds maxConnectionsPerApplication ({tier.MaxConnectionsPerApplication}), which caps every user of the application too");
        }
    }

    public static void ValidateThrottling(ThrottlingConfig? throttling, ErrorSink errors)
    {
        if (throttling is null)
        {
            errors.Add("", "must be an object (an empty one sets no limits)");
            return;
        }

        if (throttling.Rate is not null)
        {
            ValidateRate(throttling.Rate, errors.At("rate"));
        }

        if (throttling.PerClientIp is not null)
        {
            ValidateRate(throttling.PerClientIp, errors.At("perClientIp"));
        }

        if (throttling.MaxConnectionsPerClientIp < 0)
        {
            errors.Add("maxConnectionsPerClientIp", "must be 0 (unlimited) or positive");
        }

        if (throttling.OutboundQueue is not null)
        {
            ValidateQueue(throttling.OutboundQueue, errors.At("outboundQueue"));
        }
    }

    public static void ValidateRate(RateLimitConfig rate, ErrorSink errors)
    {
        if (rate.WindowMs <= 0 || rate.WindowMs > MaxWindowMs)
        {
            errors.Add("windowMs", $"must be from 1 to {MaxWindowMs} milliseconds (one day); a window of {rate.WindowMs} would never refill");
        }

        if (rate.MessagesPerWindow < 0)
        {
            errors.Add("messagesPerWindow", "must be 0 (unlimited) or positive");
        }

        if (rate.BytesPerWindow < 0)
        {
            errors.Add("bytesPerWindow", "must be 0 (unlimited) or positive");
        }
        else if (rate.BytesPerWindow is > 0 and < RateLimitConfig.MinBytesPerWindow)
        {
            errors.Add("bytesPerWindow", $"cannot be met: frames are read and charged in pieces of up to {RateLimitConfig.MinBytesPerWindow} bytes, so it must be 0 (unlimited) or at least {RateLimitConfig.MinBytesPerWindow}");
        }

        if (rate.Burst < 0)
        {
            errors.Add("burst", "must be 0 (the whole window's allowance) or positive");
        }
        else if (rate.Burst > 0 && rate.MessagesPerWindow == 0)
        {
            errors.Add("burst", "needs messagesPerWindow: a burst caps messages, and there is no message limit");
        }
        else if (rate.Burst > rate.MessagesPerWindow)
        {
            errors.Add("burst", $"cannot be met: a burst of {rate.Burst} would let more than messagesPerWindow ({rate.MessagesPerWindow}) through in one window");
        }

        if (!Enum.IsDefined(rate.Count))
        {
            errors.Add("count", "must be inbound, outbound or both");
        }

        if (!Enum.IsDefined(rate.Action))
        {
            errors.Add("action", "must be drop, close or backpressure");
        }

        if (rate.ErrorMessage is not null && !IsJsonObject(rate.ErrorMessage.Replace("{retryAfterMs}", "0", StringComparison.Ordinal).Replace("{scope}", "scope", StringComparison.Ordinal)))
        {
            errors.Add("errorMessage", "must be a JSON object, for example {\"type\":\"error\",\"error\":\"rate_limited\",\"retryAfterMs\":{retryAfterMs}}");
        }
    }

    public static void ValidateQueue(OutboundQueueConfig queue, ErrorSink errors)
    {
        if (queue.MaxMessages is < 1 or > 1_000_000)
        {
            errors.Add("maxMessages", "must be from 1 to 1000000");
        }

        if (queue.MaxBytes < 0)
        {
            errors.Add("maxBytes", "must be 0 (bounded by maxMessages only) or positive");
        }

        if (!Enum.IsDefined(queue.Overflow))
        {
            errors.Add("overflow", "must be dropOldest, dropNewest, close1008 or close1013");
        }
    }

    private static bool IsJsonObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex TierNamePattern();
}
