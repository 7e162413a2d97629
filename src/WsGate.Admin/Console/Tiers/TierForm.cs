using WsGate.Configuration.Throttling;

namespace WsGate.Admin.Console.Tiers;

/// <summary>The tier form, named after <see cref="TierConfig"/>'s properties so the validator's errors land on their inputs.</summary>
public sealed class TierForm
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public RateForm Rate { get; set; } = new();

    public int MaxConnectionsPerApplication { get; set; }

    public int MaxConnectionsPerUser { get; set; }

    public static IReadOnlyCollection<string> FieldNames { get; } =
    [
        nameof(Name), nameof(Description), nameof(MaxConnectionsPerApplication), nameof(MaxConnectionsPerUser), .. RateForm.FieldsUnder(nameof(Rate)),
    ];

    public static TierForm From(TierConfig tier) => new()
    {
        Name = tier.Name,
        Description = tier.Description,
        Rate = RateForm.From(tier.Rate),
        MaxConnectionsPerApplication = tier.MaxConnectionsPerApplication,
        MaxConnectionsPerUser = tier.MaxConnectionsPerUser,
    };

    public TierConfig ToConfig(TierConfig? existing) => new()
    {
        Name = existing?.Name ?? Name?.Trim() ?? "",
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Rate = Rate.ToConfig(existing?.Rate),
        MaxConnectionsPerApplication = MaxConnectionsPerApplication,
        MaxConnectionsPerUser = MaxConnectionsPerUser,
    };
}
