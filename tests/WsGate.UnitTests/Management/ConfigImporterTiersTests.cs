using WsGate.Configuration;
using WsGate.Configuration.Throttling;
using WsGate.Management;

namespace WsGate.UnitTests.Management;

public sealed class ConfigImporterTiersTests
{
    private static readonly GatewayConfig Current = GatewayConfig.Empty with
    {
        Tiers = [new TierConfig { Name = "Gold", Rate = new RateLimitConfig { MessagesPerWindow = 9 } }, new TierConfig { Name = "Custom" }],
    };

    [Fact]
    public void Merge_DocumentWithoutTiers_KeepsServerTiers()
    {
        // Binding fills an absent tiers section with the four defaults; they must not overwrite edited tiers.
        var (merged, _) = ConfigImporter.Merge(Current, GatewayConfig.Empty, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(Current.Tiers, merged.Tiers);
    }

    [Fact]
    public void Merge_DocumentTiers_MergedByName()
    {
        var imported = GatewayConfig.Empty with { Tiers = [new TierConfig { Name = "gold", Rate = new RateLimitConfig { MessagesPerWindow = 1 } }, new TierConfig { Name = "New" }] };

        var (merged, _) = ConfigImporter.Merge(Current, imported, ImportMode.Merge, PortConflictPolicy.Reject, dryRun: false, importTiers: true);

        Assert.Equal(["gold", "Custom", "New"], merged.Tiers.Select(t => t.Name));
        Assert.Equal(1, merged.FindTier("Gold")!.Rate.MessagesPerWindow);
    }

    [Fact]
    public void Merge_ReplaceModeWithTiers_DocumentTiersOnly()
    {
        var imported = GatewayConfig.Empty with { Tiers = [new TierConfig { Name = "Only" }] };

        var (merged, _) = ConfigImporter.Merge(Current, imported, ImportMode.Replace, PortConflictPolicy.Reject, dryRun: false, importTiers: true);

        Assert.Equal(["Only"], merged.Tiers.Select(t => t.Name));
    }

    [Fact]
    public void Merge_ReplaceModeWithoutTiers_KeepsServerTiers()
    {
        var (merged, _) = ConfigImporter.Merge(Current, GatewayConfig.Empty, ImportMode.Replace, PortConflictPolicy.Reject, dryRun: false);

        Assert.Equal(Current.Tiers, merged.Tiers);
    }
}
