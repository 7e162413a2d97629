using WsGate.Configuration.Throttling;

namespace WsGate.Admin.Console.Tiers;

/// <summary>
/// The rate limit inputs shared by the tier form and the API form's throttling section, named after
/// <see cref="RateLimitConfig"/>'s properties so the validator's <c>rate.windowMs</c> lands on its input.
/// </summary>
public sealed class RateForm
{
    public static readonly IReadOnlyList<string> FieldNames =
    [
        nameof(MessagesPerWindow), nameof(BytesPerWindow), nameof(WindowMs), nameof(Burst), nameof(Count), nameof(Action),
    ];

    public long MessagesPerWindow { get; set; }

    public long BytesPerWindow { get; set; }

    public int WindowMs { get; set; } = RateLimitConfig.DefaultWindowMs;

    public long Burst { get; set; }

    public ThrottleDirection Count { get; set; }

    public ThrottleAction Action { get; set; }

    /// <summary>Input names under <paramref name="prefix"/> (<c>Rate.WindowMs</c>), for <see cref="FormErrors"/>.</summary>
    public static IEnumerable<string> FieldsUnder(string prefix) => FormErrors.Under(prefix, FieldNames).Prepend(prefix);

    public static RateForm From(RateLimitConfig? rate) => rate is null ? new RateForm() : new RateForm
    {
        MessagesPerWindow = rate.MessagesPerWindow,
        BytesPerWindow = rate.BytesPerWindow,
        WindowMs = rate.WindowMs,
        Burst = rate.Burst,
        Count = rate.Count,
        Action = rate.Action,
    };

    /// <summary>The limit the inputs describe; settings the form does not show (the error frame) are kept from <paramref name="existing"/>.</summary>
    public RateLimitConfig ToConfig(RateLimitConfig? existing) => (existing ?? new RateLimitConfig()) with
    {
        MessagesPerWindow = MessagesPerWindow,
        BytesPerWindow = BytesPerWindow,
        WindowMs = WindowMs,
        Burst = Burst,
        Count = Count,
        Action = Action,
    };
}
